import type { MentionMatch } from '../model/mentions.js';
import { shownAttributes, type BodyNode } from './allow-list.js';
import { markdownToTree } from './markdown.js';

/*
 * The server's back end of the Markdown renderer, for the thread's HTML fragment (no DOM there):
 * the converter's tree (markdown.ts: allow-listed elements, checked attribute values, text as
 * strings) written as HTML, every text and attribute value escaped, with the @mentions linked as
 * the widget links them. The widget's back end (rich.ts) builds the same tree as DOM nodes;
 * test/unit/body-html.test.ts checks that both give the same DOM.
 */

export interface BodyHtmlOptions {
  allowImages: boolean;
  findMentions: (text: string) => MentionMatch[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or an attribute value as HTML that can only mean that text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const VOID = new Set(['br', 'hr', 'img']);
/** Where mentions are not looked for, as in the widget: inside links and code. */
const NO_MENTIONS = new Set(['a', 'code', 'pre']);

function linkedText(text: string, findMentions: BodyHtmlOptions['findMentions'] | null): string {
  const mentions = findMentions && text.includes('@') ? findMentions(text) : [];
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

/** `findMentions` is null where mentions are not linked. */
function serialise(
  nodes: readonly BodyNode[],
  findMentions: BodyHtmlOptions['findMentions'] | null,
): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += linkedText(node, findMentions);
      continue;
    }
    out += `<${node.tag}`;
    for (const [name, value] of shownAttributes(node)) out += ` ${name}="${escapeHtml(value)}"`;
    out += '>';
    if (VOID.has(node.tag)) continue;
    out += serialise(node.children, NO_MENTIONS.has(node.tag) ? null : findMentions);
    out += `</${node.tag}>`;
  }
  return out;
}

/** A comment body as safe HTML: the widget's Markdown rules, allow-list and mention links. */
export function bodyToHtml(body: string, options: BodyHtmlOptions): string {
  return serialise(
    markdownToTree(body, { allowImages: options.allowImages }),
    options.findMentions,
  );
}
