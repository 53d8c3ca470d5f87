import type { MentionMatch } from '../model/mentions.js';
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
  MARKUP_IN_VALUE,
} from './allow-list.js';
import { escapeHtml, markdownToHtml } from './markdown.js';

/*
 * The string back end of the Markdown renderer, for the server's thread HTML (no DOM there):
 * the same converter as the widget (markdown.ts), then the same allow-list (allow-list.ts) applied
 * by a filter over the converter's markup, then the @mentions linked as the widget links them.
 * The widget's own back end (rich.ts) runs DOMPurify instead; test/unit/body-html.test.ts checks
 * that both give the same DOM.
 *
 * The filter needs no general HTML parser: the converter escapes every character of the source,
 * so its output is only its own tags, `name="escaped value"` attributes and escaped text. The
 * filter still trusts none of it: anything else is escaped as text, unknown tags and attributes
 * are dropped, and every element opened is closed.
 */

export interface BodyHtmlOptions {
  allowImages: boolean;
  findMentions: (text: string) => MentionMatch[];
}

const VOID = new Set(['br', 'hr', 'img']);
const TOKEN = /<(\/?)([a-z][a-z0-9]*)((?: [a-z-]+="[^"<>]*")*)>|[^<]+|</g;
const ATTRIBUTE = / ([a-z-]+)="([^"<>]*)"/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
/** Where mentions are not looked for, as in the widget: inside links and code. */
const NO_MENTIONS = new Set(['a', 'code', 'pre']);

function decode(text: string): string {
  return text.replace(ENTITY, (_, name: string) => DECODED[name]!);
}

function attributesOf(tag: string, source: string, allowImages: boolean): string | null {
  const allowed = allowImages ? [...BODY_ATTRIBUTES, ...IMAGE_ATTRIBUTES] : BODY_ATTRIBUTES;
  const values = new Map<string, string>();
  for (const [, name, value] of source.matchAll(ATTRIBUTE)) {
    const decoded = decode(value!);
    if (allowed.includes(name!) && !values.has(name!) && !MARKUP_IN_VALUE.test(decoded)) {
      values.set(name!, decoded);
    }
  }
  // The same rules as rich.ts's DOMPurify hook.
  const href = values.get('href');
  const src = values.get('src');
  const start = values.get('start');
  const kept: Array<[string, string]> = [];
  if (tag === 'a') {
    if (href !== undefined && allowedUrl(href, LINK_PROTOCOLS)) {
      kept.push(['href', href], ['rel', LINK_REL], ['target', '_blank']);
    }
  } else if (tag === 'img') {
    if (src === undefined || !allowedUrl(src, IMAGE_PROTOCOLS)) return null;
    kept.push(['src', src]);
    if (values.has('alt')) kept.push(['alt', values.get('alt')!]);
    kept.push(['loading', 'lazy'], ['referrerpolicy', 'no-referrer']);
  } else if (tag === 'ol' && start !== undefined && LIST_START.test(start)) {
    kept.push(['start', start]);
  }
  return kept.map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
}

function linkedText(text: string, findMentions: BodyHtmlOptions['findMentions']): string {
  const mentions = text.includes('@') ? findMentions(text) : [];
  let out = '';
  let position = 0;
  for (const mention of mentions) {
    if (mention.start < position) continue;
    const label = text.slice(mention.start, mention.end);
    const at = label.startsWith('@') ? '@' : '';
    out +=
      escapeHtml(text.slice(position, mention.start)) +
      `<a class="mention" href="#comment-${escapeHtml(mention.targetId)}">${at}` +
      `<bdi>${escapeHtml(label.slice(at.length))}</bdi></a>`;
    position = mention.end;
  }
  return out + escapeHtml(text.slice(position));
}

/** A comment body as safe HTML: the widget's Markdown rules, allow-list and mention links. */
export function bodyToHtml(body: string, options: BodyHtmlOptions): string {
  const allowed = new Set(options.allowImages ? [...BODY_TAGS, IMAGE_TAG] : BODY_TAGS);
  const open: string[] = [];
  let out = '';
  for (const [token, slash, tag, attributes] of markdownToHtml(body, {
    allowImages: options.allowImages,
  }).matchAll(TOKEN)) {
    if (tag === undefined) {
      const text = decode(token);
      out += open.some((name) => NO_MENTIONS.has(name))
        ? escapeHtml(text)
        : linkedText(text, options.findMentions);
      continue;
    }
    if (!allowed.has(tag)) continue;
    if (slash) {
      // Closes the innermost element of that name and whatever is still open inside it.
      const at = open.lastIndexOf(tag);
      if (at === -1) continue;
      while (open.length > at) out += `</${open.pop()!}>`;
      continue;
    }
    const kept = attributesOf(tag, attributes ?? '', options.allowImages);
    if (kept === null) continue;
    out += `<${tag}${kept}>`;
    if (!VOID.has(tag)) open.push(tag);
  }
  while (open.length) out += `</${open.pop()!}>`;
  return out;
}
