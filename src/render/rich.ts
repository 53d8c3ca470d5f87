import DOMPurify from 'dompurify';
import { markdownToHtml } from './markdown.js';
import { mentionLink, type FindMentions } from './plain.js';
import {
  allowedUrl,
  BODY_ATTRIBUTES,
  BODY_TAGS,
  IMAGE_ATTRIBUTES,
  IMAGE_PROTOCOLS,
  IMAGE_TAG,
  LINK_PROTOCOLS,
  LINK_REL,
  LIST_START,
} from './allow-list.js';

/*
 * The rich-rendering chunk, imported lazily (in parallel with the thread request).
 * `renderRich` is the ONE place where a comment body becomes HTML: Markdown → string
 * (all source text escaped) → DOMPurify with a strict allow-list → DocumentFragment.
 * Nothing else in the widget reaches innerHTML/unsafeHTML. The server renders the same
 * Markdown with the same allow-list (allow-list.ts) as a string: body-html.ts.
 */

export interface RichOptions {
  allowImages: boolean;
  findMentions: FindMentions;
}

// A private instance, so the hooks below never affect another DOMPurify user on the page.
const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href === null || !allowedUrl(href, LINK_PROTOCOLS)) {
      node.removeAttribute('href');
    } else {
      node.setAttribute('rel', LINK_REL);
      node.setAttribute('target', '_blank');
    }
  } else if (node.tagName === 'IMG') {
    const src = node.getAttribute('src');
    if (src === null || !allowedUrl(src, IMAGE_PROTOCOLS)) node.remove();
    else {
      node.setAttribute('loading', 'lazy');
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  } else if (node.tagName === 'OL') {
    const start = node.getAttribute('start');
    if (start !== null && !LIST_START.test(start)) node.removeAttribute('start');
  }
});

/** Links the @mentions of text nodes (never inside links or code), as plain bodies link them. */
function linkMentions(root: DocumentFragment, findMentions: FindMentions): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest('a, code, pre')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue?.includes('@')) textNodes.push(node as Text);
  }
  for (const node of textNodes) {
    const text = node.data;
    const mentions = findMentions(text);
    if (!mentions.length) continue;
    const replacement = document.createDocumentFragment();
    let position = 0;
    for (const mention of mentions) {
      if (mention.start < position) continue;
      replacement.append(
        text.slice(position, mention.start),
        mentionLink(text.slice(mention.start, mention.end), mention.targetId),
      );
      position = mention.end;
    }
    replacement.append(text.slice(position));
    node.replaceWith(replacement);
  }
}

/**
 * The sanitiser's settings, parsed once per `allowImages` value with `setConfig` rather than on
 * every call: `sanitize(dirty, config)` re-parses its config each time, which showed in profiles
 * of a long thread.
 */
function configure(allowImages: boolean): void {
  purify.setConfig({
    ALLOWED_TAGS: allowImages ? [...BODY_TAGS, IMAGE_TAG] : [...BODY_TAGS],
    ALLOWED_ATTR: allowImages ? [...BODY_ATTRIBUTES, ...IMAGE_ATTRIBUTES] : [...BODY_ATTRIBUTES],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
    // Attributes other than these are checked against ALLOWED_URI_REGEXP; `start` is a number.
    ADD_URI_SAFE_ATTR: ['start'],
    RETURN_DOM_FRAGMENT: true,
  });
  configuredFor = allowImages;
}
let configuredFor: boolean | undefined;

export function renderRich(body: string, options: RichOptions): DocumentFragment {
  const { allowImages } = options;
  if (configuredFor !== allowImages) configure(allowImages);
  // RETURN_DOM_FRAGMENT above: the set configuration returns a fragment.
  const fragment = purify.sanitize(
    markdownToHtml(body, { allowImages }),
  ) as unknown as DocumentFragment;
  // Most bodies mention nobody; walking their text nodes for an '@' cost more than the Markdown.
  // ('&' too: an entity such as &#64; becomes an '@' in the text.)
  if (/[@&]/.test(body)) linkMentions(fragment, options.findMentions);
  return fragment;
}
