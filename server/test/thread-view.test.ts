import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommentStatus } from '../../src/protocol/index.js';
import type { CommentRecord } from '../src/storage/types.js';
import {
  buildView,
  decodeCursor,
  encodeCursor,
  slicePage,
  sortGroups,
} from '../src/thread-view.js';

let nextId = 1;
function row(
  parentId: number | null,
  status: CommentStatus = 'published',
  tokenId = 1,
  up = 0,
): CommentRecord {
  const id = nextId++;
  return {
    id,
    pageId: 1,
    parentId,
    tokenId,
    authorName: `a${id}`,
    authorUrl: null,
    body: `b${id}`,
    status,
    createdAt: 1_000 + id,
    editedAt: null,
    up,
    down: 0,
    pinned: 0,
    authorVerified: 0,
    authorAvatar: null,
    heldFor: null,
    editBody: null,
    editAt: null,
    editHeldFor: null,
  };
}

test('a reply chain 20,000 deep is walked without overflowing the stack, parents first', () => {
  const rows: CommentRecord[] = [row(null)];
  for (let i = 1; i < 20_000; i++) rows.push(row(rows[i - 1]!.id));
  const view = buildView(rows, null);
  assert.equal(view.total, 20_000);
  assert.deepEqual(
    view.groups[0]!.items.map((item) => item.id),
    rows.map((item) => item.id),
  );
});

test('tombstones show only over something shown; a chain of deleted comments vanishes entirely', () => {
  const root = row(null, 'deleted');
  const middle = row(root.id, 'deleted');
  const leaf = row(middle.id, 'deleted');
  assert.deepEqual(buildView([root, middle, leaf], null).groups, []);
  const live = row(middle.id, 'published');
  const view = buildView([root, middle, leaf, live], null);
  assert.deepEqual(
    view.groups[0]!.items.map((item) => item.id),
    [root.id, middle.id, live.id],
  );
  assert.equal(view.total, 1, 'tombstones are not counted');
});

test('a pending comment and everything under it is shown only to its author', () => {
  const root = row(null, 'pending', 7);
  const reply = row(root.id, 'pending', 7);
  assert.equal(buildView([root, reply], null).total, 0);
  assert.equal(buildView([root, reply], 8).total, 0);
  assert.equal(buildView([root, reply], 7).total, 2);
});

test('cursors decode only in their own sort order and only when well formed', () => {
  const first = row(null, 'published', 1, 3);
  const cursor = encodeCursor('top', first);
  // [pinned, score, createdAt, id]; a cursor of before pins (no flag) names an unpinned comment.
  assert.deepEqual(decodeCursor(cursor, 'top'), [0, 3, first.createdAt, first.id]);
  const older = Buffer.from(JSON.stringify(['top', 3, first.createdAt, first.id])).toString(
    'base64url',
  );
  assert.deepEqual(decodeCursor(older, 'top'), [0, 3, first.createdAt, first.id]);
  assert.equal(decodeCursor(cursor, 'oldest'), null);
  for (const bad of [
    '',
    '!!!',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["top",1,2,"x"]').toString('base64url'),
    Buffer.from('["top",2,1,2,3]').toString('base64url'),
    'x'.repeat(201),
  ]) {
    assert.equal(decodeCursor(bad, 'top'), null, bad);
  }
});

test('paging by cursor visits every top-level comment once in every order', () => {
  const rows = Array.from({ length: 11 }, (_, i) => row(null, 'published', 1, i % 4));
  const view = buildView(rows, null);
  for (const sort of ['oldest', 'newest', 'top'] as const) {
    const sorted = sortGroups(view.groups, sort);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = slicePage(sorted, sort, 4, cursor ? decodeCursor(cursor, sort) : null);
      seen.push(...page.groups.map((group) => group.root.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      sorted.map((group) => group.root.id),
      sort,
    );
    assert.equal(new Set(seen).size, 11);
  }
});
