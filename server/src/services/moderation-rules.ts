import { HOLD_REASONS, nameKey, type HoldReason } from '../../../src/protocol/index.js';
import { hasPublishedComment } from '../storage/moderation.js';
import type { Db } from '../storage/types.js';

/** The rules that hold comments for review; each is off unless configured. */
export interface HoldRules {
  /** --moderation hold: every new comment waits for approval. */
  holdAll: boolean;
  /** The first comment of a reader not yet approved once. */
  firstComment: boolean;
  /** Hold a comment with more links than this; null: no limit. */
  maxLinks: number | null;
  /** Hold a comment containing one of these words or phrases. */
  words: readonly string[];
  /** Hide a published comment once this many different readers have reported it; null: never. */
  hideAfterReports: number | null;
}

export const NO_HOLD_RULES: HoldRules = {
  holdAll: false,
  firstComment: false,
  maxLinks: null,
  words: [],
  hideAfterReports: null,
};

// Absolute URLs, mail links and www. hosts: what the widget's renderer makes links of, and what
// spammers write. A Markdown link [text](url) holds one URL, so it counts once.
const LINK = /\b(?:https?:\/\/|mailto:|www\.)\S/giu;

/** How many links a body holds. */
export function countLinks(body: string): number {
  return body.match(LINK)?.length ?? 0;
}

/** Letters, marks, digits and the underscore continue a word; anything else ends it. */
const WORD_EDGE = '[\\p{L}\\p{M}\\p{N}_]';

/**
 * A matcher for a word list: whole words or phrases, compared by `nameKey` on both sides (case
 * folded, NFKC, invisible characters ignored, look-alike letters as the letters they imitate), so
 * `SPAM`, `ｓｐａｍ`, `sp\u200bam` and a Cyrillic `ѕpam` all match `spam`, while `spammer` and
 * `antispam` do not. Null for an empty list.
 */
export function wordMatcher(words: readonly string[]): ((body: string) => boolean) | null {
  const keys = [...new Set(words.map((word) => nameKey(word)).filter((key) => key !== ''))];
  if (keys.length === 0) return null;
  // Longest first, so a phrase is tried before a word it starts with.
  keys.sort((a, b) => b.length - a.length);
  const alternatives = keys.map((key) => key.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
  const pattern = new RegExp(`(?<!${WORD_EDGE})(?:${alternatives.join('|')})(?!${WORD_EDGE})`, 'u');
  return (body) => pattern.test(nameKey(body));
}

/** Hold reasons as stored (comma-separated), or null for none. */
export function joinReasons(reasons: readonly HoldReason[]): string | null {
  return reasons.length === 0 ? null : [...new Set(reasons)].join(',');
}

/** Stored hold reasons; anything unknown (a later version's reason) is kept out. */
export function parseReasons(text: string | null): HoldReason[] {
  if (!text) return [];
  return text
    .split(',')
    .filter((reason): reason is HoldReason => (HOLD_REASONS as readonly string[]).includes(reason));
}

/** Decides which comments and edits wait for review, and when reports hide a comment. */
export class HoldPolicy {
  readonly rules: HoldRules;
  readonly #words: ((body: string) => boolean) | null;

  constructor(rules: HoldRules) {
    this.rules = rules;
    this.#words = wordMatcher(rules.words);
  }

  /** Why a new comment must wait for review ([] when it is published at once). */
  async forNewComment(
    tx: Db,
    post: { tokenId: number; ssoSubject: string | null; body: string; honeypot: boolean },
  ): Promise<HoldReason[]> {
    const reasons: HoldReason[] = [];
    if (this.rules.holdAll) reasons.push('moderation');
    if (post.honeypot) reasons.push('honeypot');
    reasons.push(...this.forContent(post.body));
    if (this.rules.firstComment && !(await hasPublishedComment(tx, post))) {
      reasons.push('first_comment');
    }
    return reasons;
  }

  /** Why an edit of a published comment must wait for review ([] when it is published at once). */
  forEdit(comment: { heldFor: string | null }, body: string): HoldReason[] {
    const reasons: HoldReason[] = [];
    if (this.rules.holdAll) reasons.push('moderation');
    if (comment.heldFor) reasons.push('held_before');
    reasons.push(...this.forContent(body));
    return reasons;
  }

  /** The rules on the text itself: links and words. */
  forContent(body: string): HoldReason[] {
    const reasons: HoldReason[] = [];
    if (this.rules.maxLinks !== null && countLinks(body) > this.rules.maxLinks) {
      reasons.push('links');
    }
    if (this.#words?.(body)) reasons.push('words');
    return reasons;
  }

  /** Whether this many open reports (by different readers) hide a published comment. */
  hidesAt(openReports: number): boolean {
    const limit = this.rules.hideAfterReports;
    return limit !== null && openReports >= limit;
  }
}
