import { shownAttributes, type BodyNode } from './allow-list.js';
import { markdownToTree } from './markdown.js';
import { mentionLink, type FindMentions } from './plain.js';

/*
 * The rich-rendering chunk, imported lazily (in parallel with the thread request).
 * `renderRich` is the widget's back end of the Markdown renderer: the converter's tree
 * (markdown.ts: allow-listed elements, checked attribute values, text as strings) built as DOM
 * nodes. No HTML is parsed, so no markup in a body can become an element. The server's back end
 * (body-html.ts) writes the same tree as a string.
 */

export interface RichOptions {
  allowImages: boolean;
  findMentions: FindMentions;
}

/** Where mentions are not looked for: inside links and code. */
const NO_MENTIONS = new Set(['a', 'code', 'pre']);

/** Text with its @mentions as links, as plain bodies link them. */
function appendText(parent: ParentNode, text: string, findMentions: FindMentions | null): void {
  const mentions = findMentions && text.includes('@') ? findMentions(text) : [];
  let position = 0;
  for (const mention of mentions) {
    if (mention.start < position) continue;
    if (mention.start > position) parent.append(text.slice(position, mention.start));
    parent.append(mentionLink(text.slice(mention.start, mention.end), mention.targetId));
    position = mention.end;
  }
  if (position < text.length) parent.append(text.slice(position));
}

/** `findMentions` is null where mentions are not linked. */
function build(
  parent: ParentNode,
  nodes: readonly BodyNode[],
  findMentions: FindMentions | null,
): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      appendText(parent, node, findMentions);
      continue;
    }
    const element = document.createElement(node.tag);
    for (const [name, value] of shownAttributes(node)) element.setAttribute(name, value);
    build(element, node.children, NO_MENTIONS.has(node.tag) ? null : findMentions);
    parent.append(element);
  }
}

export function renderRich(body: string, options: RichOptions): DocumentFragment {
  const fragment = document.createDocumentFragment();
  // Most bodies mention nobody; looking for mentions in every text costs more than the Markdown.
  const findMentions = body.includes('@') ? options.findMentions : null;
  build(fragment, markdownToTree(body, { allowImages: options.allowImages }), findMentions);
  return fragment;
}
