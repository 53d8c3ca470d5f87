import type { MentionMatch } from '../model/mentions.js';

// This module imports nothing at run time, and must not: the rich chunk borrows mentionLink from
// the entry, and a module so shared that imports another one shared more widely (dom.ts is also
// the composer's) is what makes rolldown split that other one into a chunk of its own, which the
// entry then has to fetch before it can run (docs/performance.md, "No chunk before the entry").

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

/**
 * A link to the mentioned comment (`@` + the name); clicks are handled by the element (scroll
 * and mark). The name sits in an isolate: a right-to-left name must not reorder what follows.
 */
export function mentionLink(label: string, targetId: string): HTMLAnchorElement {
  const at = label.startsWith('@') ? '@' : '';
  const link = document.createElement('a');
  link.part.add('mention');
  link.className = 'mention';
  link.href = `#comment-${targetId}`;
  link.dataset.target = targetId;
  const name = document.createElement('bdi');
  name.textContent = label.slice(at.length);
  link.append(at, name);
  return link;
}

/** Appends `text[start, end)` to `parent`: lines as text nodes with `<br>` between them, mentions as links. */
function appendInline(
  parent: Node,
  text: string,
  start: number,
  end: number,
  mentions: readonly MentionMatch[],
): void {
  const appendText = (from: number, to: number) => {
    text
      .slice(from, to)
      .split('\n')
      .forEach((line, index) => {
        if (index > 0) parent.appendChild(document.createElement('br'));
        if (line) parent.appendChild(document.createTextNode(line));
      });
  };
  let position = start;
  for (const mention of mentions) {
    if (mention.start < position || mention.end > end) continue;
    appendText(position, mention.start);
    parent.appendChild(mentionLink(text.slice(mention.start, mention.end), mention.targetId));
    position = mention.end;
  }
  appendText(position, end);
}

/**
 * Renders a plain body with DOM text nodes only (no HTML is parsed, so nothing in it can be
 * markup): paragraphs at blank lines, `<br>` at single line breaks, resolved @mentions as links.
 * Built directly rather than as Lit templates: a body never changes in place (a new version is
 * rendered anew), and a template per paragraph and line cost most of a comment's render time.
 */
export function renderPlain(body: string, findMentions: FindMentions): DocumentFragment {
  const text = body.replace(/\r\n?/g, '\n').trim();
  const mentions = findMentions(text);
  const fragment = document.createDocumentFragment();
  const breaks = /\n[ \t]*\n\s*/g;
  let start = 0;
  for (let match = breaks.exec(text); ; match = breaks.exec(text)) {
    const end = match ? match.index : text.length;
    const paragraph = document.createElement('p');
    appendInline(paragraph, text, start, end, mentions);
    fragment.appendChild(paragraph);
    if (!match) break;
    start = match.index + match[0].length;
  }
  return fragment;
}
