/**
 * The outbox and its feed on a real database of the store under test: events reach
 * subscribers after their commit, in order and once; writes of another process (a second
 * connection, as the admin command line is) arrive through the change marker (SQLite) or
 * NOTIFY (PostgreSQL); a change no event describes resets; and what readers' streams get
 * from a batch of events (messagesFor).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventFeed, type FeedEvent } from '../src/feed.js';
import { messagesFor } from '../src/live.js';
import { createServices, type Services } from '../src/services/index.js';
import type { NewComment } from '../src/services/comments.js';
import { openStorage } from '../src/storage/open.js';
import { insertToken } from '../src/storage/tokens.js';
import type { Storage } from '../src/storage/types.js';
import { freshDatabase, type TestDatabase } from './support/store.js';
import { openSyncDb } from './support/sync-db.js';

let database: TestDatabase;
let storage: Storage;
let services: Services;
let feed: EventFeed;
let author: number;
let reader: number;
const batches: FeedEvent[][] = [];
let resets = 0;

before(async () => {
  database = await freshDatabase();
  storage = await openStorage(database.location);
  services = createServices(storage);
  [author, reader] = await storage.transaction(async (tx) => [
    await insertToken(tx, Buffer.alloc(32, 1), null, 0),
    await insertToken(tx, Buffer.alloc(32, 2), null, 0),
  ]);
  feed = new EventFeed(storage, { pollMs: 20 });
  await feed.start();
  feed.subscribe({
    events: (events) => batches.push([...events]),
    reset: () => (resets += 1),
  });
});

after(async () => {
  feed.stop();
  await storage.close();
  await database.remove();
});

function newComment(pageKey: string, fields: Partial<NewComment> = {}): NewComment {
  return {
    pageKey,
    parentId: null,
    tokenId: author,
    authorName: 'Ada',
    authorUrl: null,
    notify: null,
    body: 'Hello',
    idempotency: null,
    answer: () => '{}',
    ...fields,
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const seen = () => batches.flat();

describe('event feed', () => {
  test('a subscriber has the events of a write when the write resolves, in order, each once', async () => {
    const start = seen().length;
    const posted = await services.comments.post(newComment('feed-1'));
    assert.ok(posted.ok && !posted.replayed);
    // Delivered before the write's promise settled: no waiting here.
    const events = seen().slice(start);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.kind, 'comment.created');
    assert.equal(events[0]!.comment?.body, 'Hello');
    assert.equal(feed.cursor, events[0]!.id);

    // SQLite: writes started together share a commit and arrive in one batch, in id order.
    // PostgreSQL: each commits alone; each arrives once, in id order.
    const batchCount = batches.length;
    const before = seen().length;
    await Promise.all([
      services.votes.vote({ id: posted.comment.id, tokenId: reader, value: 1 }),
      services.comments.edit({ id: posted.comment.id, tokenId: author, body: 'Hello again' }),
      services.reports.report({
        id: posted.comment.id,
        tokenId: reader,
        reason: 'spam',
        note: null,
      }),
    ]);
    const batch = seen().slice(before);
    assert.deepEqual(batch.map((event) => event.kind).sort(), [
      'comment.edited',
      'comment.reported',
      'vote',
    ]);
    assert.ok(batch.every((event, i) => i === 0 || event.id > batch[i - 1]!.id));
    if (storage.dialect === 'sqlite') {
      assert.equal(batches.length, batchCount + 1);
      assert.deepEqual(
        batch.map((event) => event.kind),
        ['vote', 'comment.edited', 'comment.reported'],
      );
      // Each carries the comment as it stands after the whole batch.
      assert.ok(batch.every((event) => event.comment?.body === 'Hello again'));
      assert.ok(batch.every((event) => event.comment?.up === 1));
    }
    const ids = seen().map((event) => event.id);
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
  });

  test('a refused write delivers nothing', async () => {
    const start = seen().length;
    const refused = await services.comments.edit({ id: 999_999, tokenId: author, body: 'x' });
    assert.equal(refused.ok, false);
    await feed.catchUp();
    assert.equal(seen().length, start);
  });

  test('another process’s writes arrive (SQLite: the change marker; PostgreSQL: NOTIFY)', async () => {
    const other = await openStorage(database.location);
    try {
      const start = seen().length;
      const posted = await createServices(other).comments.post(newComment('feed-elsewhere'));
      assert.ok(posted.ok);
      await until(() => seen().length > start, 'the other process’s event');
      const [event] = seen().slice(start);
      assert.equal(event!.kind, 'comment.created');
      assert.equal(event!.pageKey, 'feed-elsewhere');
      assert.equal(event!.commentId, posted.ok && !posted.replayed ? posted.comment.id : -1);
    } finally {
      await other.close();
    }
  });

  test('a change by another process that wrote no event resets the subscribers', async () => {
    const before = resets;
    const sql = openSyncDb(database.location);
    sql.run("UPDATE comments SET body = 'changed behind the server' WHERE id = 1");
    sql.close();
    await until(() => resets > before, 'a reset');
  });

  test('old events are pruned by housekeeping; newer ones stay', async () => {
    let clock = Date.now() + 48 * 60 * 60_000;
    const later = createServices(storage, { now: () => clock, eventRetentionMs: 60_000 });
    const kept = await later.comments.post(newComment('feed-prune'));
    assert.ok(kept.ok);
    clock += 30_000;
    const purged = await later.housekeeping.purge();
    assert.ok(purged.events >= 1, JSON.stringify(purged));
    const left = await storage.read((db) => db.selectFrom('events').select(['page_key']).execute());
    assert.deepEqual(left, [{ page_key: 'feed-prune' }]);
  });
});

describe('what readers’ streams get from a batch (messagesFor)', () => {
  let id = 0;
  const comment = (fields: Partial<NonNullable<FeedEvent['comment']>> = {}) => ({
    id: 7,
    pageId: 1,
    parentId: null,
    tokenId: 1,
    authorName: 'Ada',
    authorUrl: null,
    body: 'Now',
    status: 'published' as const,
    createdAt: 0,
    editedAt: null,
    up: 2,
    down: 1,
    pinned: 0,
    authorVerified: 0,
    authorAvatar: null,
    heldFor: null,
    editBody: null,
    editAt: null,
    editHeldFor: null,
    pageKey: 'p',
    ...fields,
  });
  const event = (
    kind: FeedEvent['kind'],
    visible = true,
    state = comment(),
    commentId: number | null = state.id,
  ): FeedEvent => ({
    id: ++id,
    pageKey: 'p',
    kind,
    commentId,
    visible,
    createdAt: 0,
    comment: commentId === null ? null : state,
  });

  test('repeated changes of one comment send it once, as it stands, with the newest id', () => {
    const batch = [
      event('comment.edited'),
      event('comment.edited'),
      event('vote'),
      event('comment.edited'),
    ];
    const messages = messagesFor(batch);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.event, 'comment');
    assert.equal(messages[0]!.id, batch.at(-1)!.id);
    const data = JSON.parse(messages[0]!.data);
    assert.equal(data.body, 'Now');
    assert.deepEqual(data.votes, { up: 2, down: 1 });
    assert.equal(data.mine, false);
    assert.equal(data.myVote, 0);
  });

  test('votes alone send a vote message; several comments go in id order', () => {
    const other = comment({ id: 8, body: 'Other' });
    const batch = [event('vote'), event('comment.created', true, other), event('vote')];
    assert.deepEqual(
      messagesFor(batch).map((m) => [m.event, m.id, JSON.parse(m.data).id]),
      [
        ['comment', batch[1]!.id, '8'],
        ['vote', batch[2]!.id, '7'],
      ],
    );
    assert.deepEqual(JSON.parse(messagesFor([event('vote')])[0]!.data), {
      id: '7',
      votes: { up: 2, down: 1 },
    });
  });

  test('pending comments and reports are never sent; an approval, a delete and a lock are', () => {
    const pending = comment({ status: 'pending' });
    assert.deepEqual(messagesFor([event('comment.created', false, pending)]), []);
    assert.deepEqual(messagesFor([event('comment.edited', true, pending)]), []);
    assert.deepEqual(messagesFor([event('comment.reported', false)]), []);
    const locked = event('page.locked', true, comment(), null);
    assert.deepEqual(messagesFor([locked]), [
      { id: locked.id, event: 'page', data: '{"page":"p","locked":true}' },
    ]);
    // Deleting a comment nobody but its author saw tells readers nothing.
    const erased = comment({ status: 'deleted', body: '', authorName: '' });
    assert.deepEqual(messagesFor([event('comment.deleted', false, erased)]), []);

    const [approved] = messagesFor([event('comment.created', false), event('comment.approved')]);
    assert.equal(JSON.parse(approved!.data).status, 'published');
    const [deleted] = messagesFor([event('comment.deleted', true, erased)]);
    assert.deepEqual(
      [JSON.parse(deleted!.data).status, JSON.parse(deleted!.data).body],
      ['deleted', ''],
    );
  });
});
