import type { Comment, SortOrder, VoteValue } from '../../src/protocol/index.js';
import type { CommentRecord, ViewerMarks } from './storage/types.js';

/**
 * What one reader sees of a thread: which comments are visible, in which
 * order, and the JSON of each. Pure functions over the stored rows; the
 * thread cache (threads.ts) keeps the anonymous view of busy pages.
 */

/** A top-level comment with everything shown under it, parents before replies. */
export interface Group {
  root: CommentRecord;
  items: CommentRecord[];
}

export interface ThreadView {
  /** Oldest first. */
  groups: Group[];
  /** Shown comments that are not tombstones. */
  total: number;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The protocol's Comment, as an object. The extensions `author.verified` and `pinned` are
 * present only when true, and `myVote` and `mine` come last (commentHead relies on it).
 */
export function toComment(record: CommentRecord, myVote: VoteValue, mine: boolean): Comment {
  const deleted = record.status === 'deleted';
  const author: Comment['author'] = {
    name: deleted ? '' : record.authorName,
    url: deleted ? null : record.authorUrl,
    avatar: deleted ? null : record.authorAvatar,
  };
  if (record.authorVerified && !deleted) author.verified = true;
  const comment: Omit<Comment, 'myVote' | 'mine'> = {
    id: String(record.id),
    parentId: record.parentId === null ? null : String(record.parentId),
    author,
    body: deleted ? '' : record.body,
    createdAt: isoTime(record.createdAt),
    editedAt: record.editedAt === null ? null : isoTime(record.editedAt),
    status: record.status,
    votes: { up: record.up, down: record.down },
  };
  if (record.pinned && !deleted) comment.pinned = true;
  return { ...comment, myVote, mine };
}

/**
 * A comment as a reader other than its author sees it while it is hidden for review (reported
 * by enough readers) and replies hang on it: a tombstone.
 */
export function maskedForReview<T extends CommentRecord>(record: T): T {
  return {
    ...record,
    status: 'deleted',
    body: '',
    authorName: '',
    authorUrl: null,
    authorAvatar: null,
    pinned: 0,
  };
}

/** Hidden for review after readers reported it: published once, so replies may hang on it. */
function hiddenByReports(row: CommentRecord): boolean {
  return row.status === 'pending' && (row.heldFor?.split(',').includes('reports') ?? false);
}

/** Its author's view of a comment with an edit waiting for review: the edit, pending. */
function authorsView(row: CommentRecord): CommentRecord {
  return row.editBody === null || row.status !== 'published'
    ? row
    : { ...row, body: row.editBody, editedAt: row.editAt, status: 'pending' };
}

/**
 * The JSON of a comment up to its reader-specific fields, left open: the
 * same head serves every reader, who only appends `myVote` and `mine`.
 */
export function commentHead(record: CommentRecord): string {
  const full = JSON.stringify(toComment(record, 0, false));
  return full.slice(0, full.length - ',"myVote":0,"mine":false}'.length);
}

export function commentTail(myVote: VoteValue, mine: boolean): string {
  return `,"myVote":${myVote},"mine":${mine}}`;
}

/**
 * Who sees what: published comments, everyone; pending ones, their author;
 * a deleted comment, as a tombstone, while something under it is shown. A
 * comment is shown only under a shown parent, so the flat list always has
 * parents first.
 */
export function buildView(
  rows: readonly CommentRecord[],
  viewerTokenId: number | null,
): ThreadView {
  const children = new Map<number, CommentRecord[]>();
  const roots: CommentRecord[] = [];
  const known = new Set<number>();
  for (const row of rows) known.add(row.id);
  // Rows arrive oldest first, so every child list is oldest first too.
  for (const row of rows) {
    if (row.parentId === null || !known.has(row.parentId)) {
      if (row.parentId === null) roots.push(row);
      continue;
    }
    let list = children.get(row.parentId);
    if (!list) children.set(row.parentId, (list = []));
    list.push(row);
  }
  const visibleSelf = (row: CommentRecord) =>
    row.status === 'published' || (row.status === 'pending' && row.tokenId === viewerTokenId);

  const groups: Group[] = [];
  let total = 0;
  for (const root of roots) {
    const items = collectSubtree(root, children, visibleSelf);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.tokenId === viewerTokenId) items[i] = authorsView(item);
      else if (item.status === 'pending') items[i] = maskedForReview(item);
    }
    if (items.length > 0) {
      groups.push({ root, items });
      // A tombstone holds its replies' place but is no comment anyone can read:
      // not counted, as the widget counts (it drops a comment from its total on delete).
      for (const item of items) if (item.status !== 'deleted') total += 1;
    }
  }
  return { groups, total };
}

/**
 * Depth-first, parents first, without recursion: a hostile chain of
 * thousands of nested replies must not overflow the stack.
 */
function collectSubtree(
  root: CommentRecord,
  children: ReadonlyMap<number, CommentRecord[]>,
  visibleSelf: (row: CommentRecord) => boolean,
): CommentRecord[] {
  const out: CommentRecord[] = [];
  interface Frame {
    row: CommentRecord;
    start: number;
    next: number;
    shownChild: boolean;
  }
  const stack: Frame[] = [{ row: root, start: 0, next: 0, shownChild: false }];
  out.push(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const kids = children.get(frame.row.id);
    if (kids && frame.next < kids.length) {
      const kid = kids[frame.next++]!;
      stack.push({ row: kid, start: out.length, next: 0, shownChild: false });
      out.push(kid);
      continue;
    }
    stack.pop();
    const row = frame.row;
    // A pending comment hidden from this reader hides its replies too, unless it was published
    // before (hidden by reports): then, like a deleted one, it holds its replies' place.
    const shown =
      visibleSelf(row) || ((row.status === 'deleted' || hiddenByReports(row)) && frame.shownChild);
    if (!shown) out.length = frame.start;
    else if (stack.length > 0) stack[stack.length - 1]!.shownChild = true;
  }
  return out;
}

/** [pinned (1 or 0), score (top only), createdAt, id]: pinned comments come first in every order. */
export type SortKey = [number, number, number, number];

function keyOf(sort: SortOrder, root: CommentRecord): SortKey {
  const pinned = root.pinned ? 1 : 0;
  return sort === 'top'
    ? [pinned, root.up - root.down, root.createdAt, root.id]
    : [pinned, 0, root.createdAt, root.id];
}

/** Negative when `a` comes first in the order of `sort`. */
function compareKeys(sort: SortOrder, a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return b[0] - a[0];
  if (sort === 'newest') return b[2] - a[2] || b[3] - a[3];
  if (sort === 'top') return b[1] - a[1] || a[2] - b[2] || a[3] - b[3];
  return a[2] - b[2] || a[3] - b[3];
}

export function sortGroups(groups: readonly Group[], sort: SortOrder): Group[] {
  const sorted = sort === 'newest' ? groups.slice().reverse() : groups.slice();
  if (sort === 'top') {
    return sorted.sort((a, b) => compareKeys(sort, keyOf(sort, a.root), keyOf(sort, b.root)));
  }
  // Already in order but for the pins, which move to the front in the same order.
  if (!sorted.some((group) => group.root.pinned)) return sorted;
  return [
    ...sorted.filter((group) => group.root.pinned),
    ...sorted.filter((group) => !group.root.pinned),
  ];
}

/**
 * A cursor names the last top-level comment of the previous page by its sort
 * key, not by position, so comments added meanwhile shift nothing: the next
 * page starts right after that key. Opaque to clients (base64url JSON).
 */
export function encodeCursor(sort: SortOrder, root: CommentRecord): string {
  return Buffer.from(JSON.stringify([sort, ...keyOf(sort, root)])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: SortOrder): SortKey | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value[0] !== sort) return null;
  // Cursors handed out before pins existed have no pin flag: they name an unpinned comment.
  const key = value.length === 4 ? [0, ...value.slice(1)] : value.slice(1);
  if (key.length !== 4 || (key[0] !== 0 && key[0] !== 1)) return null;
  return key.every((n) => Number.isSafeInteger(n)) ? (key as SortKey) : null;
}

/** Index of the first group after the cursor's key in the sorted list. */
export function startAfter(sorted: readonly Group[], sort: SortOrder, cursor: SortKey): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sort, keyOf(sort, sorted[middle]!.root), cursor) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface PageSlice {
  groups: Group[];
  nextCursor: string | null;
}

export function slicePage(
  sorted: readonly Group[],
  sort: SortOrder,
  limit: number,
  cursor: SortKey | null,
): PageSlice {
  const start = cursor ? startAfter(sorted, sort, cursor) : 0;
  const groups = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const last = groups.at(-1);
  return { groups, nextCursor: more && last ? encodeCursor(sort, last.root) : null };
}

/** The first pages of `limit` groups, through the one that holds the group at `index`. */
export function pagesThrough(
  sorted: readonly Group[],
  sort: SortOrder,
  limit: number,
  index: number,
): PageSlice {
  const end = Math.min(sorted.length, (Math.floor(index / limit) + 1) * limit);
  const groups = sorted.slice(0, end);
  const last = groups.at(-1);
  return { groups, nextCursor: end < sorted.length && last ? encodeCursor(sort, last.root) : null };
}

/** The marks of a reader, or none for an anonymous one. */
export function markOf(marks: ViewerMarks | null, id: number): [VoteValue, boolean] {
  if (!marks) return [0, false];
  return [marks.votes.get(id) ?? 0, marks.mine.has(id)];
}
