/**
 * @-mention suggestions for the composer, part of the composer's chunk (the
 * write path). Pure functions; the composer owns the listbox state and the
 * ARIA wiring.
 */
import { isMentionableName, MENTION_WORD_CHAR } from '../../protocol/index.js';

/** The `@name` fragment the caret is in: [start, end) covers '@' and the typed letters. */
export interface MentionQuery {
  start: number;
  end: number;
  text: string;
}

/** Names are at most this long (LIMITS.nameMaxChars); nothing longer can be a query. */
const MAX_QUERY_CHARS = 64;
const MAX_SUGGESTIONS = 8;

/**
 * The query before the caret, or null. The `@` must start a word (so that an
 * email address does not open suggestions) and be followed by a letter or
 * digit; names may contain spaces, so the query runs up to the caret on the
 * same line.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const from = Math.max(0, caret - MAX_QUERY_CHARS - 1);
  const at = text.lastIndexOf('@', caret - 1);
  if (at < from) return null;
  const query = text.slice(at + 1, caret);
  if (!MENTION_WORD_CHAR.test(query.charAt(0)) || /[\n@]/.test(query)) return null;
  if (at > 0 && MENTION_WORD_CHAR.test(text.charAt(at - 1))) return null;
  return { start: at, end: caret, text: query };
}

/**
 * Participants whose name starts with the query, then those with a later word
 * starting with it; case-insensitive, in the given order, without duplicates.
 */
export function suggestNames(participants: readonly string[], query: string): string[] {
  const wanted = query.toLocaleLowerCase();
  const leading: string[] = [];
  const inner: string[] = [];
  for (const name of new Set(participants)) {
    if (!isMentionableName(name)) continue;
    const folded = name.toLocaleLowerCase();
    if (folded.startsWith(wanted)) leading.push(name);
    else if (folded.split(/\s+/).some((word) => word.startsWith(wanted))) inner.push(name);
  }
  return [...leading, ...inner].slice(0, MAX_SUGGESTIONS);
}

/** The text with the query replaced by `@Full Name `, and where the caret goes. */
export function insertMention(
  text: string,
  query: MentionQuery,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return {
    text: text.slice(0, query.start) + inserted + text.slice(query.end),
    caret: query.start + inserted.length,
  };
}
