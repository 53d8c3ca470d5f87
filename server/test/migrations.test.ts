/**
 * Migrations: a database of the first release (schema version 1, created from that release's
 * own SQL, kept in fixtures/schema-v1.sql) moves forward with its data untouched and is served
 * as before; a new database gets the same first-release tables; a newer database is refused.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { buildApp } from '../src/app.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { MIGRATIONS } from '../src/storage/migrations/index.js';
import { SqliteStorage } from '../src/storage/sqlite.js';
import { hashToken, newToken } from '../src/tokens.js';
import { call, tempDir } from './support.js';
import { DbInspector, type DbSnapshot } from './support/db-snapshot.js';

const V1_SQL = readFileSync(new URL('./fixtures/schema-v1.sql', import.meta.url), 'utf8');
const V1_TABLES = ['comments', 'idempotency_keys', 'pages', 'tokens', 'votes'];
/** Later migrations add tables of their own; the first release's are compared. */
const V1_LIST = V1_TABLES.map((table) => `'${table}'`).join(', ');
const PAGE = 'https://blog.example/first-release';
/** What later migrations added to the first release's tables: columns, then indexes. */
const ADDED: Record<string, [string[], string[]]> = {
  comments: [
    [
      'held_for',
      'held_at',
      'pinned',
      'author_verified',
      'author_avatar',
      'edit_body',
      'edit_at',
      'edit_held_for',
    ],
    ['comments_by_time', 'comments_held'],
  ],
  tokens: [['avatar'], ['tokens_by_sso_subject']],
};

let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => (dir = await tempDir()));
after(() => dir.remove());

/** A database exactly as the first release left it, with some of everything in it. */
function firstReleaseDatabase(file: string): { token: string } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  db.exec(V1_SQL);
  db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(
    1,
    'pages, tokens, comments, votes, idempotency keys',
    '2026-01-01T00:00:00.000Z',
  );
  const token = newToken();
  const now = Date.parse('2026-01-02T10:00:00Z');
  db.prepare('INSERT INTO pages (id, key, locked, created_at) VALUES (1, ?, 0, ?)').run(PAGE, now);
  db.prepare('INSERT INTO tokens (id, hash, created_at) VALUES (1, ?, ?)').run(
    hashToken(token),
    now,
  );
  db.prepare('INSERT INTO tokens (id, hash, created_at) VALUES (2, ?, ?)').run(
    hashToken(newToken()),
    now,
  );
  const comment = db.prepare(
    `INSERT INTO comments (id, page_id, parent_id, token_id, author_name, author_email, author_url,
       body, status, created_at, edited_at, up, down) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  comment.run(
    1,
    null,
    1,
    'Ada',
    'ada@example.com',
    'https://ada.example',
    'First!',
    'published',
    now,
    null,
    1,
    0,
  );
  comment.run(2, null, 2, '', null, null, '', 'deleted', now + 1000, null, 0, 0);
  comment.run(
    3,
    2,
    1,
    'Ada',
    null,
    null,
    'Under a tombstone',
    'published',
    now + 2000,
    now + 3000,
    0,
    1,
  );
  comment.run(4, null, 2, 'Bo', null, null, 'Held back', 'pending', now + 4000, null, 0, 0);
  db.prepare('INSERT INTO votes VALUES (1, 2, 1, 1)').run();
  db.prepare('INSERT INTO votes VALUES (3, 2, 1, -1)').run();
  db.prepare('INSERT INTO idempotency_keys VALUES (1, ?, ?, 1, ?, ?)').run(
    'draft-1',
    Buffer.alloc(32, 7),
    '{"comment":{}}',
    now,
  );
  db.close();
  return { token };
}

/** Columns, keys, indexes and rowid-ness of a table, as SQLite reports them. */
function shapeOf(db: Database.Database, table: string) {
  const columns = db
    .prepare(
      `SELECT name, upper(type) AS type, "notnull", dflt_value, pk FROM pragma_table_info(?)`,
    )
    .all(table);
  const foreignKeys = db
    .prepare(`SELECT "from", "table", "to" FROM pragma_foreign_key_list(?) ORDER BY "from"`)
    .all(table);
  const indexes = (
    db
      .prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`)
      .all(table) as Array<{ name: string; unique: number; origin: string; partial: number }>
  ).map((index) => ({
    // SQLite names the automatic ones after the constraint's position, not its name.
    name: index.origin === 'c' ? index.name : index.origin,
    unique: index.unique,
    partial: index.partial,
    columns: db
      .prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
      .all(index.name)
      .map((column) => (column as { name: string }).name),
  }));
  const { wr: withoutRowid } = db
    .prepare('SELECT wr FROM pragma_table_list WHERE name = ?')
    .get(table) as { wr: number };
  return { columns, foreignKeys, indexes, withoutRowid };
}

describe('migrations', () => {
  test('a first-release database moves to the newest version with every row of its tables untouched but for the emails nobody asked to be mailed at', async () => {
    const file = join(dir.path, 'v1.sqlite');
    const { token } = firstReleaseDatabase(file);
    // Migration 4 erases the addresses comments held without a purpose (issue 15, item 10).
    const expectedFile = join(dir.path, 'v1-expected.sqlite');
    copyFileSync(file, expectedFile);
    const expected = new Database(expectedFile);
    expected.exec('UPDATE comments SET author_email = NULL');
    expected.close();
    const expectedInspector = new DbInspector(expectedFile);
    const inspector = new DbInspector(file);
    const v1Columns = Object.fromEntries(V1_TABLES.map((t) => [t, inspector.columns(t)]));
    const before: DbSnapshot = {
      ...inspector.snapshot(),
      comments: expectedInspector.snapshot().comments!,
    };
    expectedInspector.close();
    const sqlBefore = inspector.all<{ name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN (${V1_LIST}) ORDER BY name`,
    );
    inspector.close();

    const storage = await SqliteStorage.open(file);
    await storage.close();

    const after = new DbInspector(file);
    try {
      // Later migrations add columns; the first release's columns keep every value.
      const snapshot = after.snapshot(v1Columns);
      for (const table of V1_TABLES) {
        assert.deepEqual(snapshot[table], before[table], `${table} changed`);
      }
      assert.deepEqual(
        after.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'),
        MIGRATIONS.map(({ version }) => ({ version })),
      );
      assert.equal(snapshot.events?.rows, 0);
      assert.equal(snapshot.reports?.rows, 0);
      assert.deepEqual(
        after.all('SELECT id FROM comments WHERE author_email IS NOT NULL'),
        [],
        'no comment keeps an email',
      );
      const sqlAfter = new Map(
        after
          .all<{ name: string; sql: string }>(
            'SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL',
          )
          .map(({ name, sql }) => [name, sql]),
      );
      for (const { name, sql } of sqlBefore) {
        // ALTER TABLE … ADD COLUMN appends to a table's definition; indexes stay as they were.
        const now = sqlAfter.get(name) ?? '';
        if (sql.startsWith('CREATE TABLE')) {
          assert.ok(now.startsWith(sql.replace(/\)\s*$/, '')), `table ${name} as it was`);
        } else assert.equal(now, sql, `index ${name} as it was`);
      }
      assert.equal(after.integrity(), 'ok');
    } finally {
      after.close();
    }

    // Served as before: the old token still owns its comments and can vote and post.
    const app = await buildApp({
      ...DEFAULT_CONFIG,
      db: file,
      logLevel: 'silent',
      rateLimits: null,
    });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const thread = await call(base, 'GET', `/threads?page=${encodeURIComponent(PAGE)}`, {
        token,
      });
      assert.equal(thread.status, 200);
      assert.deepEqual(
        thread.json.comments.map((c: { id: string; status: string; mine: boolean }) => [
          c.id,
          c.status,
          c.mine,
        ]),
        [
          ['1', 'published', true],
          ['2', 'deleted', false],
          ['3', 'published', true],
        ],
      );
      assert.deepEqual(thread.json.comments[0].votes, { up: 1, down: 0 });
      const voted = await call(base, 'PUT', '/comments/3/vote', { token, body: { value: 1 } });
      assert.deepEqual(voted.json, { votes: { up: 1, down: 1 }, myVote: 1 });
      const posted = await call(base, 'POST', '/comments', {
        token,
        body: { page: PAGE, parentId: '1', body: 'After the upgrade', author: { name: 'Ada' } },
      });
      assert.equal(posted.status, 201);
      assert.equal(posted.json.comment.id, '5');
    } finally {
      await app.close();
    }
  });

  test('names of readers who signed in before the moderation release are reserved by it', async () => {
    const file = join(dir.path, 'signed-in.sqlite');
    firstReleaseDatabase(file);
    const db = new Database(file);
    const token = db.prepare(
      'INSERT INTO tokens (hash, name, url, sso_subject, created_at) VALUES (?, ?, NULL, ?, ?)',
    );
    token.run(hashToken(newToken()), 'Grace Hopper', 'user-1', 1);
    token.run(hashToken(newToken()), 'grace  HOPPER', 'user-2', 2);
    db.close();
    await (await SqliteStorage.open(file)).close();
    const after = new DbInspector(file);
    try {
      assert.deepEqual(after.all('SELECT name_key, name, sso_subject FROM reserved_names'), [
        { name_key: 'grace hopper', name: 'Grace Hopper', sso_subject: 'user-1' },
      ]);
    } finally {
      after.close();
    }
  });

  test('opening a migrated database again changes nothing', async () => {
    const file = join(dir.path, 'twice.sqlite');
    await (await SqliteStorage.open(file)).close();
    const first = new DbInspector(file);
    const before = first.snapshot();
    first.close();
    await (await SqliteStorage.open(file)).close();
    const second = new DbInspector(file);
    assert.deepEqual(second.snapshot(), before);
    second.close();
  });

  test('a new database gets exactly the first release’s tables, then the new ones', async () => {
    const fresh = join(dir.path, 'fresh.sqlite');
    await (await SqliteStorage.open(fresh)).close();
    const old = join(dir.path, 'old.sqlite');
    firstReleaseDatabase(old);
    const [a, b] = [new Database(fresh, { readonly: true }), new Database(old, { readonly: true })];
    try {
      for (const table of V1_TABLES) {
        const [now, then] = [shapeOf(a, table), shapeOf(b, table)];
        // Columns and indexes are only ever added: the first release's come first, unchanged.
        assert.deepEqual(now.columns.slice(0, then.columns.length), then.columns, table);
        assert.deepEqual(now.foreignKeys, then.foreignKeys, table);
        for (const index of then.indexes)
          assert.ok(
            now.indexes.some((i) => isDeepStrictEqual(i, index)),
            table,
          );
        assert.equal(now.withoutRowid, then.withoutRowid, table);
        const added = (shape: typeof now) => [
          shape.columns.slice(then.columns.length).map((c) => (c as { name: string }).name),
          shape.indexes
            .filter((i) => !then.indexes.some((o) => isDeepStrictEqual(i, o)))
            .map((i) => i.name),
        ];
        assert.deepEqual(added(now), ADDED[table] ?? [[], []], table);
      }
      // The CHECK constraints hold as they did.
      const writable = new Database(fresh);
      try {
        for (const bad of [
          "INSERT INTO pages (key, locked, created_at) VALUES ('x', 2, 0)",
          'INSERT INTO votes (comment_id, token_id, page_id, value) VALUES (1, 1, 1, 0)',
          "INSERT INTO comments (page_id, token_id, author_name, body, status, created_at, up) VALUES (1, 1, 'a', 'b', 'published', 0, -1)",
          "INSERT INTO comments (page_id, token_id, author_name, body, status, created_at) VALUES (1, 1, 'a', 'b', 'hidden', 0)",
          "INSERT INTO reports (comment_id, token_id, reason, created_at) VALUES (1, 1, 'boring', 0)",
        ]) {
          writable.exec("INSERT OR IGNORE INTO pages (id, key, created_at) VALUES (1, 'p', 0)");
          writable.exec("INSERT OR IGNORE INTO tokens (id, hash, created_at) VALUES (1, x'01', 0)");
          assert.throws(() => writable.exec(bad), /constraint failed/i, bad);
        }
      } finally {
        writable.close();
      }
    } finally {
      a.close();
      b.close();
    }
  });

  test('a migration numbered below one already applied (they land out of order) is applied', async () => {
    const file = join(dir.path, 'gap.sqlite');
    await (await SqliteStorage.open(file)).close();
    // As if the database had later migrations but not version 2 (as when 5 arrives after 7).
    const missing = MIGRATIONS.find(({ version }) => version === 2);
    const db = new Database(file);
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(missing!.version);
    db.exec('DROP TABLE events; DROP TABLE reports');
    db.close();
    await (await SqliteStorage.open(file)).close();
    const after = new Database(file, { readonly: true });
    try {
      assert.deepEqual(
        after.prepare('SELECT version FROM schema_migrations ORDER BY version').all(),
        MIGRATIONS.map(({ version }) => ({ version })),
      );
      assert.equal(
        (
          after
            .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('events', 'reports')")
            .get() as { n: number }
        ).n,
        2,
      );
    } finally {
      after.close();
    }
  });

  test('a database newer than this server knows is refused, untouched', async () => {
    const file = join(dir.path, 'future.sqlite');
    await (await SqliteStorage.open(file)).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(99, 'the future', 'later');
    db.close();
    await assert.rejects(
      SqliteStorage.open(file),
      /schema version 99, newer than this confab-server knows/,
    );
  });
});
