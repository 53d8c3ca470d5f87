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

/** The protocol's Comment, as an object. */
export function toComment(record: CommentRecord, myVote: VoteValue, mine: boolean): Comment {
  const deleted = record.status === 'deleted';
  return {
    id: String(record.id),
    parentId: record.parentId === null ? null : String(record.parentId),
    author: {
      name: deleted ? '' : record.authorName,
      url: deleted ? null : record.authorUrl,
      avatar: null,
    },
    body: deleted ? '' : record.body,
    createdAt: isoTime(record.createdAt),
    editedAt: record.editedAt === null ? null : isoTime(record.editedAt),
    status: record.status,
    votes: { up: record.up, down: record.down },
    myVote,
    mine,
  };
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
    // A pending comment hidden from this reader hides its replies too.
    const shown = visibleSelf(row) || (row.status === 'deleted' && frame.shownChild);
    if (!shown) out.length = frame.start;
    else if (stack.length > 0) stack[stack.length - 1]!.shownChild = true;
  }
  return out;
}

type SortKey = [number, number, number];

function keyOf(sort: SortOrder, root: CommentRecord): SortKey {
  return sort === 'top'
    ? [root.up - root.down, root.createdAt, root.id]
    : [0, root.createdAt, root.id];
}

/** Negative when `a` comes first in the order of `sort`. */
function compareKeys(sort: SortOrder, a: SortKey, b: SortKey): number {
  if (sort === 'newest') return b[1] - a[1] || b[2] - a[2];
  if (sort === 'top') return b[0] - a[0] || a[1] - b[1] || a[2] - b[2];
  return a[1] - b[1] || a[2] - b[2];
}

export function sortGroups(groups: readonly Group[], sort: SortOrder): Group[] {
  if (sort === 'oldest') return groups.slice();
  if (sort === 'newest') return groups.slice().reverse();
  return groups.slice().sort((a, b) => compareKeys(sort, keyOf(sort, a.root), keyOf(sort, b.root)));
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
  if (!Array.isArray(value) || value.length !== 4 || value[0] !== sort) return null;
  const key = value.slice(1);
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
