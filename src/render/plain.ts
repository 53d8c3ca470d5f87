import { html, type TemplateResult } from 'lit';
import type { MentionMatch } from '../model/mentions.js';

export type FindMentions = (text: string) => MentionMatch[];

// Anything that Markdown could give a meaning to sends the body to the rich
// renderer. Deliberately over-eager: a plain comment mistaken for rich costs a
// little time, a rich comment mistaken for plain would show raw syntax.
const MARKDOWN_CHARACTER = /[*_`[\]<>&#|~\\]/;
const MARKDOWN_LINE_START = /^(?: {4}|\t| {0,3}(?:[>+=-]|\d+[.)]))/m;
const AUTOLINK = /https?:\/\/|www\.|mailto:/i;
const EMAIL_LIKE = /[\p{L}\p{N}._%+-]@[\p{L}\p{N}-]+\./u;

/** True when the body can be shown as text, line breaks and paragraphs without losing any Markdown meaning. */
export function isPlainText(body: string): boolean {
  return (
    !MARKDOWN_CHARACTER.test(body) &&
    !MARKDOWN_LINE_START.test(body) &&
    !AUTOLINK.test(body) &&
    !EMAIL_LIKE.test(body)
  );
}

/** A link to the mentioned comment; clicks are handled by the element (scroll and mark). */
export function mentionLink(label: string, targetId: string): TemplateResult {
  // The name in an isolate: a right-to-left name must not reorder the text that follows it.
  const at = label.startsWith('@') ? '@' : '';
  return html`<a part="mention" class="mention" href="#comment-${targetId}" data-target=${targetId}
    >${at}<bdi>${label.slice(at.length)}</bdi></a
  >`;
}

/**
 * Renders a plain body with Lit text bindings only (they escape): paragraphs
 * at blank lines, `<br>` at single line breaks, resolved @mentions as links.
 */
export function renderPlain(body: string, findMentions: FindMentions): TemplateResult {
  const text = body.replace(/\r\n?/g, '\n').trim();
  const mentions = findMentions(text);
  const paragraphs: TemplateResult[] = [];
  const breaks = /\n[ \t]*\n\s*/g;
  let start = 0;
  for (let match = breaks.exec(text); ; match = breaks.exec(text)) {
    const end = match ? match.index : text.length;
    paragraphs.push(html`<p>${inline(text, start, end, mentions)}</p>`);
    if (!match) break;
    start = match.index + match[0].length;
  }
  return html`${paragraphs}`;
}

function inline(
  text: string,
  start: number,
  end: number,
  mentions: MentionMatch[],
): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  const pushText = (from: number, to: number) => {
    const lines = text.slice(from, to).split('\n');
    lines.forEach((line, index) => {
      if (index > 0) parts.push(html`<br />`);
      if (line) parts.push(line);
    });
  };
  let position = start;
  for (const mention of mentions) {
    if (mention.start < position || mention.end > end) continue;
    pushText(position, mention.start);
    parts.push(mentionLink(text.slice(mention.start, mention.end), mention.targetId));
    position = mention.end;
  }
  pushText(position, end);
  return parts;
}
