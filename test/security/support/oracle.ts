/**
 * The security oracle: canaries that notice script execution and changes to the host page, and a
 * structural audit of what the widget rendered. Kept apart from the tests so that its own self-test
 * (oracle.test.ts) can prove that each check really fails on a hostile DOM.
 */

/** Parts whose subtree holds text or URLs that came from the server or the reader. */
const CONTENT_PARTS = ['body', 'author', 'mention', 'preview'];
/** The widget's own decoration inside a content part (the generated avatar is an inline SVG). */
const OWN_PARTS = ['avatar'];

/** Elements that content must never produce, whatever the allow-list says. */
const FORBIDDEN_CONTENT_ELEMENTS = new Set([
  'script',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'svg',
  'math',
  'template',
  'noscript',
  'video',
  'audio',
  'source',
  'track',
  'portal',
  'slot',
]);

const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'poster',
  'background',
  'data',
  'cite',
  'codebase',
  'ping',
  'lowsrc',
  'dynsrc',
];
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const REQUIRED_REL = ['nofollow', 'ugc', 'noopener', 'noreferrer'];

/*
 * DOM access through the prototypes: an audited element may be clobbered (a <form> holding
 * <input name="attributes"> shadows form.attributes), and the oracle must not be fooled or crash.
 */
function getter<T>(proto: object, name: string): (node: Node) => T {
  const get = Object.getOwnPropertyDescriptor(proto, name)!.get!;
  return (node) => get.call(node) as T;
}
const attributesOf = getter<NamedNodeMap>(Element.prototype, 'attributes');
const localNameOf = getter<string>(Element.prototype, 'localName');
const parentOf = getter<Element | null>(Node.prototype, 'parentElement');
const shadowOf = getter<ShadowRoot | null>(Element.prototype, 'shadowRoot');
const attr = (element: Element, name: string): string | null =>
  Element.prototype.getAttribute.call(element, name);
const selectAll = (root: ParentNode, selector: string): Element[] => [
  ...(root instanceof Element
    ? Element.prototype.querySelectorAll.call(root, selector)
    : DocumentFragment.prototype.querySelectorAll.call(root, selector)),
];

export interface Violation {
  /** `data-comment-id` of the nearest comment, or null outside any comment (e.g. the composer). */
  commentId: string | null;
  rule: string;
  detail: string;
}

function hasPart(element: Element, names: readonly string[]): boolean {
  const parts = attr(element, 'part')?.split(/\s+/) ?? [];
  return names.some((name) => parts.includes(name));
}

/** Closest ancestor (or self) across nothing but the light tree of one shadow root. */
function closestWithPart(element: Element, names: readonly string[]): Element | null {
  for (let node: Element | null = element; node; node = parentOf(node)) {
    if (hasPart(node, names)) return node;
  }
  return null;
}

/** Controls, spaces and invisible format characters that browsers or naive filters may skip over. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/gu;

/**
 * What a browser would navigate to, or null when it would not: the same parsing the browser does
 * (control characters and whitespace stripped, tabs and newlines removed anywhere, entities already
 * decoded by the HTML parser), plus a crude check for schemes hidden from the URL parser.
 */
export function dangerousUrl(value: string): string | null {
  const squeezed = value.replace(INVISIBLE, '').toLowerCase();
  if (/^(javascript|vbscript|data|livescript|mocha):/.test(squeezed)) return squeezed.slice(0, 40);
  try {
    const protocol = new URL(value, document.baseURI).protocol;
    return SAFE_PROTOCOLS.has(protocol) ? null : protocol;
  } catch {
    // Not a URL at all: nothing to navigate to or load.
    return null;
  }
}

function commentIdOf(element: Element): string | null {
  for (let node: Element | null = element; node; node = parentOf(node)) {
    const id = attr(node, 'data-comment-id');
    if (id !== null) return id;
  }
  return null;
}

/** Every element below a root, descending into nested shadow roots (the composer has its own). */
function* allElements(root: ParentNode): Generator<Element> {
  for (const element of selectAll(root, '*')) {
    yield element;
    const shadow = shadowOf(element);
    if (shadow) yield* allElements(shadow);
  }
}

export interface AuditOptions {
  /** The site owner allowed images in bodies (`allow-images`). */
  allowImages: boolean;
}

/**
 * Audits the widget's shadow tree. Rules that hold for the whole tree (no handler attributes, no
 * dangerous URLs) are applied everywhere; rules about styles, ids and foreign elements apply to
 * content, i.e. to the subtrees of the body, author, mention and preview parts.
 */
export function auditShadowTree(root: ShadowRoot, options: AuditOptions): Violation[] {
  const violations: Violation[] = [];
  const report = (element: Element, rule: string, detail: string) =>
    violations.push({ commentId: commentIdOf(element), rule, detail: detail.slice(0, 160) });

  for (const element of allElements(root)) {
    const tag = localNameOf(element);
    for (const attribute of attributesOf(element)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) report(element, 'event-handler attribute', `<${tag} ${name}>`);
      if (URL_ATTRIBUTES.includes(name)) {
        const bad = dangerousUrl(attribute.value);
        if (bad) report(element, 'dangerous URL', `<${tag} ${name}="${attribute.value}"> → ${bad}`);
      }
      if (name === 'srcset') {
        for (const candidate of attribute.value.split(',')) {
          const url = candidate.trim().split(/\s+/)[0] ?? '';
          const bad = url && dangerousUrl(url);
          if (bad) report(element, 'dangerous URL', `<${tag} srcset> → ${bad}`);
        }
      }
    }
    if (tag === 'script') report(element, 'script element', '<script> in the shadow tree');

    const zone = closestWithPart(element, CONTENT_PARTS);
    if (!zone || closestWithPart(element, OWN_PARTS)) continue;
    if (element !== zone || hasPart(zone, ['mention'])) {
      if (FORBIDDEN_CONTENT_ELEMENTS.has(tag))
        report(element, 'foreign element in content', `<${tag}>`);
      if (tag === 'img' && !options.allowImages)
        report(element, 'image without allow-images', '<img>');
    }
    if (attr(element, 'style') !== null)
      report(element, 'style attribute in content', `<${tag} style>`);
    for (const name of ['id', 'name', 'form']) {
      if (element !== zone && attr(element, name) !== null)
        report(
          element,
          'clobbering attribute in content',
          `<${tag} ${name}="${attr(element, name)}">`,
        );
    }
    if (tag === 'a' && attr(element, 'href') !== null) {
      const href = attr(element, 'href') ?? '';
      const sameDocument = href.startsWith('#');
      const rel = (attr(element, 'rel') ?? '').toLowerCase().split(/\s+/);
      if (!sameDocument && !REQUIRED_REL.every((word) => rel.includes(word)))
        report(element, 'content link without rel', `<a href="${href}" rel="${rel.join(' ')}">`);
      if (!sameDocument && attr(element, 'target') && attr(element, 'target') !== '_blank')
        report(
          element,
          'content link with a named target',
          `<a target="${attr(element, 'target')}">`,
        );
    }
  }
  return violations;
}

/** Names a payload may call to prove it ran. */
const TRAPPED_GLOBALS = ['alert', 'confirm', 'prompt', 'print', '__confabPwned'] as const;

export interface Canary {
  /** Calls recorded since installation (name and first argument). */
  readonly calls: string[];
  /** Changes to the document outside the widget's shadow root. */
  outsideChanges(): string[];
  /** Removes the traps and stops watching; returns everything recorded. */
  uninstall(): { calls: string[]; outside: string[] };
}

/**
 * Replaces the functions that payloads call with recorders and watches the whole document (which
 * never sees inside shadow roots) for any change. Changes to the widget host's own attributes are
 * the widget's business (for example reflected properties) and are not counted.
 */
export function installCanary(host: () => Element | null): Canary {
  const calls: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  const target = window as unknown as Record<string, unknown>;
  for (const name of TRAPPED_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(window, name));
    target[name] = (...args: unknown[]) => {
      calls.push(`${name}(${String(args[0] ?? '').slice(0, 60)})`);
    };
  }
  const outside: string[] = [];
  const describe = (node: Node) =>
    node instanceof Element ? `<${node.localName}${node.id ? `#${node.id}` : ''}>` : node.nodeName;
  const note = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target === host()) continue;
      if (record.type === 'attributes')
        outside.push(`attribute ${record.attributeName} on ${describe(record.target)}`);
      else if (record.type === 'characterData')
        outside.push(`text changed in ${describe(record.target)}`);
      else {
        for (const node of record.addedNodes)
          outside.push(`added ${describe(node)} to ${describe(record.target)}`);
        for (const node of record.removedNodes)
          outside.push(`removed ${describe(node)} from ${describe(record.target)}`);
      }
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  return {
    calls,
    outsideChanges() {
      note(observer.takeRecords());
      return [...outside];
    },
    uninstall() {
      const result = { calls: [...calls], outside: this.outsideChanges() };
      observer.disconnect();
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(window, name, descriptor);
        else delete target[name];
      }
      return result;
    },
  };
}

/**
 * Resolves once the shadow tree has not changed for `quietMs` (rich rendering is lazy and large
 * threads render in slices), or rejects after `timeoutMs`.
 */
export function whenQuiet(root: ShadowRoot, quietMs = 300, timeoutMs = 20000): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer = setTimeout(done, quietMs);
    const limit = setTimeout(() => {
      observer.disconnect();
      clearTimeout(timer);
      reject(new Error(`shadow tree still changing after ${timeoutMs} ms`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    function done() {
      observer.disconnect();
      clearTimeout(limit);
      resolve();
    }
  });
}
