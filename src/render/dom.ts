/*
 * Small DOM builders for the parts of the widget that are built without Lit templates (comment
 * views, bodies, avatars). Values only ever become attributes and text nodes: nothing is parsed.
 */

const SVG = 'http://www.w3.org/2000/svg';

function fill<T extends Element>(
  node: T,
  attributes: Record<string, string>,
  children: Array<Node | string>,
): T {
  for (const name in attributes) node.setAttribute(name, attributes[name]!);
  node.append(...children);
  return node;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attributes, children);
}

export function svgElement(
  tag: string,
  attributes: Record<string, string>,
  ...children: Array<Node | string>
): SVGElement {
  return fill(document.createElementNS(SVG, tag) as SVGElement, attributes, children);
}

/** Sets a node's text only when it changes (an unchanged write still costs style invalidation). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Keeps `node` (or nothing) right after `previous`, taking out `old` when it is another node.
 * Returns what the next piece goes after: `node`, or `previous` when there is none.
 */
export function placeAfter(previous: Node, old: Node | null, node: Node | null): Node {
  if (old && old !== node) old.parentNode?.removeChild(old);
  if (!node) return previous;
  if (previous.nextSibling !== node) previous.parentNode!.insertBefore(node, previous.nextSibling);
  return node;
}

/** Sets an attribute, or removes it for null, only when that changes anything. */
export function setAttribute(node: Element, name: string, value: string | null): void {
  if (node.getAttribute(name) === value) return;
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}
