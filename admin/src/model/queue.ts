/**
 * A moderation queue as the console holds it: the comments loaded so far, in the server's order,
 * kept up to date by changes (the moderator's own and the live feed's). Pure functions over
 * arrays: no DOM, no HTTP.
 */
import { normalisePageKey } from '../../../src/protocol/index.js';
import type { ModComment, ModQueue } from '../../../src/protocol/index.js';

export interface QueueFilter {
  status: ModQueue;
  /** A page key ('' for every page). */
  page: string;
  /** Text the body must contain ('' for any). */
  q: string;
  /** Text the author's name must contain ('' for any). */
  author: string;
}

export function emptyFilter(status: ModQueue): QueueFilter {
  return { status, page: '', q: '', author: '' };
}

const contains = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());

/** Whether `comment`, as it now stands, is listed by the queue `filter` describes (as the server decides). */
export function belongsTo(comment: ModComment, filter: QueueFilter): boolean {
  const inStatus =
    filter.status === 'pending'
      ? comment.status === 'pending' || comment.pendingEdit !== undefined
      : filter.status === 'reported'
        ? comment.status !== 'deleted' && comment.reports.count > 0
        : comment.status === filter.status;
  if (!inStatus) return false;
  if (filter.page && comment.page !== normalisePageKey(filter.page)) return false;
  if (filter.q && !contains(comment.body, filter.q)) {
    if (!comment.pendingEdit || !contains(comment.pendingEdit.body, filter.q)) return false;
  }
  return !filter.author || contains(comment.author.name, filter.author);
}

/** When a comment started waiting: a held edit waits from its edit. */
function heldSince(comment: ModComment): string {
  return comment.pendingEdit?.editedAt ?? comment.createdAt;
}

/** The server's order of each queue, as a comparator (negative: `a` is listed first). */
export function compareIn(status: ModQueue): (a: ModComment, b: ModComment) => number {
  const newestFirst = (a: ModComment, b: ModComment) =>
    b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id);
  if (status === 'pending') {
    return (a, b) => heldSince(a).localeCompare(heldSince(b)) || Number(a.id) - Number(b.id);
  }
  if (status === 'reported') {
    return (a, b) => b.reports.count - a.reports.count || newestFirst(a, b);
  }
  return newestFirst;
}

/**
 * The list after `comment` changed: it leaves a queue it no longer belongs to, is updated in
 * place or, new, takes its place in the order. While more pages are to come (`complete` false),
 * a comment that would sort after the last one loaded is left for those pages.
 */
export function applyChange(
  items: readonly ModComment[],
  comment: ModComment,
  filter: QueueFilter,
  complete: boolean,
): ModComment[] {
  const rest = items.filter((item) => item.id !== comment.id);
  if (!belongsTo(comment, filter)) return rest.length === items.length ? [...items] : rest;
  const compare = compareIn(filter.status);
  const at = rest.findIndex((item) => compare(comment, item) < 0);
  const wasListed = rest.length !== items.length;
  if (at === -1) {
    return complete || wasListed ? [...rest, comment] : rest;
  }
  return [...rest.slice(0, at), comment, ...rest.slice(at)];
}

/** A further page appended, leaving out comments already listed (moved there by live changes). */
export function appendPage(
  items: readonly ModComment[],
  page: readonly ModComment[],
): ModComment[] {
  const seen = new Set(items.map((item) => item.id));
  return [...items, ...page.filter((item) => !seen.has(item.id))];
}

/** The id `delta` places from `currentId` (clamped to the list), or the first one. */
export function moveCurrent(
  items: readonly ModComment[],
  currentId: string | null,
  delta: number,
): string | null {
  if (items.length === 0) return null;
  const index = items.findIndex((item) => item.id === currentId);
  if (index === -1) return items[0]!.id;
  return items[Math.max(0, Math.min(items.length - 1, index + delta))]!.id;
}

/**
 * Which comment is current once `before` became `after`: the same one if still listed, else the
 * one that took its place (the next, or the new last), so acting on one comment after another
 * walks down the queue.
 */
export function keepCurrent(
  before: readonly ModComment[],
  after: readonly ModComment[],
  currentId: string | null,
): string | null {
  if (after.length === 0) return null;
  if (currentId !== null && after.some((item) => item.id === currentId)) return currentId;
  const index = before.findIndex((item) => item.id === currentId);
  if (index === -1) return after[0]!.id;
  for (const item of before.slice(index + 1)) {
    if (after.some((kept) => kept.id === item.id)) return item.id;
  }
  return after[after.length - 1]!.id;
}

/** The selection without ids no longer listed. */
export function pruneSelection(
  selected: ReadonlySet<string>,
  items: readonly ModComment[],
): Set<string> {
  const listed = new Set(items.map((item) => item.id));
  return new Set([...selected].filter((id) => listed.has(id)));
}
