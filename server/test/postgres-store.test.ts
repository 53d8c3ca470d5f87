/**
 * What the PostgreSQL store must do that SQLite does by itself: migrate a new database (and
 * leave a migrated one alone, one process at a time), refuse a newer schema, keep the event
 * feed from passing an event id whose transaction has not committed yet (ids are handed out
 * at INSERT, not at COMMIT), and give numbers, not strings, for bigint columns.
 * (Run on PostgreSQL only: test/run.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EventFeed, type FeedEvent } from '../src/feed.js';
import { OutboxOrder } from '../src/outbox-order.js';
import { createServices, type Services } from '../src/services/index.js';
import { MIGRATIONS } from '../src/storage/migrations/index.js';
import { PostgresStorage } from '../src/storage/postgres.js';
import { insertToken } from '../src/storage/tokens.js';
import { DbInspector } from './support/db-snapshot.js';
import { until } from './support/sse.js';
import { freshDatabase, type TestDatabase } from './support/store.js';
import { openSyncDb } from './support/sync-db.js';

describe('PostgreSQL store', () => {
  let database: TestDatabase;
  let storage: PostgresStorage;
  let services: Services;
  let feed: EventFeed;
  let author: number;
  const seen: FeedEvent[] = [];

  before(async () => {
    database = await freshDatabase('postgres');
    storage = await PostgresStorage.open(database.location, { pool: 4 });
    services = createServices(storage);
    author = await storage.transaction((tx) => insertToken(tx, Buffer.alloc(32, 1), null, 0));
    // Gaps settle by their writers ending, not by the timeout, in these tests.
    feed = new EventFeed(storage, { gapTimeoutMs: 60_000 });
    await feed.start();
    feed.subscribe({ events: (events) => seen.push(...events) });
  });

  after(async () => {
    feed?.stop();
    await storage?.close();
    await database?.remove();
  });

  const post = (body: string) =>
    services.comments.post({
      pageKey: 'pg-order',
      parentId: null,
      tokenId: author,
      authorName: 'Ada',
      authorUrl: null,
      notify: null,
      body,
      idempotency: null,
      answer: () => '{}',
    });

  test('a new database is migrated to the newest version; opening it again, from several processes at once, changes nothing', async () => {
    const inspector = new DbInspector(database.location);
    try {
      assert.deepEqual(
        inspector
          .all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
          .map((row) => Number(row.version)),
        MIGRATIONS.map(({ version }) => version),
      );
      const before = inspector.snapshot();
      const again = await Promise.all([1, 2, 3].map(() => PostgresStorage.open(database.location)));
      await Promise.all(again.map((other) => other.close()));
      assert.deepEqual(inspector.snapshot(), before);
      assert.equal(inspector.integrity(), 'ok');
    } finally {
      inspector.close();
    }
  });

  test('a database newer than this server knows is refused, untouched', async () => {
    const other = await freshDatabase('postgres');
    try {
      await (await PostgresStorage.open(other.location)).close();
      const sql = openSyncDb(other.location);
      sql.run("INSERT INTO schema_migrations VALUES (99, 'the future', 'later')");
      sql.close();
      await assert.rejects(
        PostgresStorage.open(other.location),
        /schema version 99, newer than this confab-server knows/,
      );
    } finally {
      await other.remove();
    }
  });

  test('ids and times come back as numbers', async () => {
    const posted = await post('numbers');
    assert.ok(posted.ok && !posted.replayed);
    assert.equal(typeof posted.comment.id, 'number');
    assert.equal(typeof posted.comment.createdAt, 'number');
  });

  test('the feed does not pass an event id whose transaction is still open, then delivers both in order', async () => {
    // A writer that took an event id and has not committed: as a server's transaction
    // does, it takes its transaction id first (storage/postgres.ts).
    const slow = new pg.Client({ connectionString: database.location });
    await slow.connect();
    try {
      await slow.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await slow.query('SELECT pg_current_xact_id()');
      const { rows } = await slow.query(
        `INSERT INTO events (page_key, kind, comment_id, visible, created_at)
         VALUES ('pg-order', 'page.locked', NULL, 0, 0) RETURNING id`,
      );
      const held = Number(rows[0].id);
      const start = seen.length;
      // The write commits, but its answer waits for the feed to deliver its event, which sits
      // above an id that may still commit: the feed waits for the open transaction.
      const later = post('committed after the held id');
      await until(
        async () =>
          (await storage.read((db) =>
            db.selectFrom('events').select('id').where('id', '>', held).executeTakeFirst(),
          )) !== undefined,
        'the later write’s commit',
      );
      assert.ok(
        seen.slice(start).every((event) => event.id < held),
        'nothing past the open transaction’s id',
      );
      assert.ok(feed.cursor < held);
      await slow.query('COMMIT');
      const written = await later;
      assert.ok(written.ok && !written.replayed);
      await until(() => seen.length >= start + 2, 'both events');
      const ids = seen.slice(start).map((event) => event.id);
      assert.equal(ids[0], held);
      assert.deepEqual(
        ids,
        [...ids].sort((x, y) => x - y),
      );
      assert.equal(new Set(ids).size, ids.length);
    } finally {
      await slow.end();
    }
  });

  test('an event id whose transaction rolled back is passed once that transaction has ended', async () => {
    const slow = new pg.Client({ connectionString: database.location });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      await slow.query(
        `INSERT INTO events (page_key, kind, comment_id, visible, created_at)
         VALUES ('pg-order', 'page.locked', NULL, 0, 0)`,
      );
      const start = seen.length;
      const pending = post('after a rollback');
      await until(
        async () =>
          (await storage.read((db) =>
            db
              .selectFrom('comments')
              .select('id')
              .where('body', '=', 'after a rollback')
              .executeTakeFirst(),
          )) !== undefined,
        'the later write’s commit',
      );
      await slow.query('ROLLBACK');
      let later: Awaited<typeof pending> | undefined;
      void pending.then((result) => (later = result));
      await until(() => later !== undefined, 'the later write’s answer');
      assert.ok(later!.ok && !later!.replayed);
      const { id } = later!.comment;
      assert.ok(seen.slice(start).some((event) => event.commentId === id));
    } finally {
      await slow.end();
    }
  });
});

describe('outbox order', () => {
  const horizon = (running: number[], writers: number[]) => ({
    running: new Set(running),
    writers,
  });

  test('without a horizon (SQLite) a missing id is passed at once', () => {
    const order = new OutboxOrder();
    assert.deepEqual(order.next(0, [1, 3], 1, null, 0), {
      deliver: 2,
      cursor: 3,
      waiting: false,
      abandoned: [],
    });
  });

  test('a gap holds the cursor until the writers running when it was seen have ended', () => {
    const order = new OutboxOrder(10_000);
    // Read 1 sees 1 and 3; writer 700 was running.
    assert.deepEqual(order.next(0, [1, 3], 1, horizon([700], [700]), 0), {
      deliver: 1,
      cursor: 1,
      waiting: true,
      abandoned: [],
    });
    // Read 2: 700 still running; still waiting.
    assert.equal(order.next(1, [3], 2, horizon([700], [700, 701]), 10).waiting, true);
    // Read 3: 700 ended without its row showing: the gap is settled.
    assert.deepEqual(order.next(1, [3], 3, horizon([701], [701]), 20), {
      deliver: 1,
      cursor: 3,
      waiting: false,
      abandoned: [],
    });
    assert.equal(order.openGaps, 0);
  });

  test('the same read cannot settle the gap it found', () => {
    const order = new OutboxOrder();
    assert.equal(order.next(0, [2], 1, horizon([], []), 0).waiting, true);
    assert.equal(order.next(0, [2], 2, horizon([], []), 0).cursor, 2);
  });

  test('a gap held longer than the timeout is given up on and reported', () => {
    const order = new OutboxOrder(1000);
    order.next(0, [2], 1, horizon([9], [9]), 0);
    assert.deepEqual(order.next(0, [2], 2, horizon([9], [9]), 1000), {
      deliver: 1,
      cursor: 2,
      waiting: false,
      abandoned: [[1, 1]],
    });
  });
});
