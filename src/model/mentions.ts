/**
 * The protocol's @mention rule, as pure functions over a Thread.
 *
 * After '@' the longest author name of the thread that follows it (and ends at a non-letter,
 * non-digit or the end of the text) is the mention. It links to the parent comment when the
 * parent's author has that name, else to that author's latest comment created before the
 * mentioning one; a name with no such comment is no mention, and shorter names are tried.
 */
import { isMentionableName, MENTION_WORD_CHAR } from '../protocol/index.js';
import type { Thread, ThreadNode } from './thread.js';

export interface MentionMatch {
  /** [start, end) covers '@' + name. */
  start: number;
  end: number;
  name: string;
  targetId: string;
}

function isWordCharAt(text: string, index: number): boolean {
  const code = text.codePointAt(index);
  return code !== undefined && MENTION_WORD_CHAR.test(String.fromCodePoint(code));
}

function isWordCharBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  // Step back over a surrogate pair so astral letters count as letters.
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return isWordCharAt(text, start);
}

/** Returns a finder for the mentions in one comment's text. */
export function mentionFinder(thread: Thread, node: ThreadNode): (text: string) => MentionMatch[] {
  // Longest names first (the index keeps that order); nothing is precomputed per comment, since
  // a finder is made for every rendered comment and most texts hold no '@'.
  const byAuthor = thread.commentsByAuthor();
  const before = Date.parse(node.comment.createdAt);
  const parent = node.parent?.comment;
  const targets = new Map<string, string | null>();

  const targetOf = (name: string): string | null => {
    let target = targets.get(name);
    if (target !== undefined) return target;
    target = null;
    if (parent && parent.status !== 'deleted' && parent.author.name === name) target = parent.id;
    else {
      // Oldest first: the last entry created before the mentioning comment is the latest one.
      for (const entry of byAuthor.get(name) ?? []) {
        if (!(entry.time < before)) break;
        if (entry.node !== node && entry.node.comment.status !== 'deleted') {
          target = entry.node.comment.id;
        }
      }
    }
    targets.set(name, target);
    return target;
  };

  return (text) => {
    const matches: MentionMatch[] = [];
    let at = text.indexOf('@');
    while (at !== -1) {
      let next = at + 1;
      // '@' inside a word is an e-mail address or a handle elsewhere, not a mention.
      if (!isWordCharBefore(text, at)) {
        for (const name of byAuthor.keys()) {
          const end = at + 1 + name.length;
          if (!text.startsWith(name, at + 1) || isWordCharAt(text, end)) continue;
          if (!isMentionableName(name)) continue;
          const targetId = targetOf(name);
          if (targetId === null) continue;
          matches.push({ start: at, end, name, targetId });
          next = end;
          break;
        }
      }
      at = text.indexOf('@', next);
    }
    return matches;
  };
}
