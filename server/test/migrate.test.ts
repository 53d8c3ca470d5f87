/**
 * `confab-server migrate --from ./confab.sqlite --to postgres://…`: everything is copied
 * (pages, comments, votes, tokens as hashes, reports, idempotency keys, events, moderators,
 * the import's source ids), the counts
 * are checked, the copy is served as the original was, and a target that is not empty is
 * refused untouched. (Run in the PostgreSQL pass: test/run.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { runAdmin } from '../src/admin.js';
import { runMigrate } from '../src/migrate.js';
import { call, capture, pageQuery } from './support.js';
import { DbInspector } from './support/db-snapshot.js';
import { fixture, importFile } from './support/imports.js';
import { freshDatabase, type TestDatabase } from './support/store.js';

const TABLES = [
  'pages',
  'tokens',
  'comments',
  'votes',
  'reports',
  'idempotency_keys',
  'events',
  // Later migrations' tables: the moderators (003) and the import's source ids (005).
  'moderators',
  'imported_comments',
];
const PAGE = 'https://blog.example/moving';
const COMMENTO = fixture('commento.json');

async function serve(db: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({ ...DEFAULT_CONFIG, db, logLevel: 'silent', rateLimits: null });
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

function counts(location: string): Record<string, number> {
  const inspector = new DbInspector(location);
  try {
    return Object.fromEntries(
      TABLES.map((table) => [
        table,
        Number(inspector.all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n),
      ]),
    );
  } finally {
    inspector.close();
  }
}

describe('confab-server migrate', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let ada: string;
  let bo: string;
  let thread: unknown;
  let password: string;

  before(async () => {
    source = await freshDatabase('sqlite');
    target = await freshDatabase('postgres');
    const { app, base } = await serve(source.location);
    try {
      ada = (await call(base, 'POST', '/session')).json.token;
      bo = (await call(base, 'POST', '/session')).json.token;
      const post = (token: string, body: string, parentId: string | null = null, key?: string) =>
        call(base, 'POST', '/comments', {
          token,
          headers: key ? { 'idempotency-key': key } : {},
          body: { page: PAGE, parentId, body, author: { name: 'Ada' } },
        });
      const first = (await post(ada, 'First', null, 'draft-1')).json.comment;
      const reply = (await post(bo, 'A reply', first.id)).json.comment;
      await post(ada, 'Another page, same token');
      await call(base, 'PUT', `/comments/${first.id}/vote`, { token: bo, body: { value: 1 } });
      await call(base, 'PUT', `/comments/${reply.id}/vote`, { token: ada, body: { value: -1 } });
      await call(base, 'POST', `/comments/${reply.id}/reports`, {
        token: ada,
        body: { reason: 'spam' },
      });
      await call(base, 'DELETE', `/comments/${reply.id}`, { token: bo });
      thread = (await call(base, 'GET', `/threads?${pageQuery(PAGE)}`, { token: ada })).json;
    } finally {
      await app.close();
    }
    const added = capture();
    assert.equal(await runAdmin(['--db', source.location, 'add-moderator', 'Grace'], added.out), 0);
    password = /password: (\S+)\s*$/.exec(added.stdout())![1]!;
    const imported = await importFile(['--db', source.location, '--from', 'commento', COMMENTO]);
    assert.equal(imported.code, 0, imported.stderr);
  });

  after(async () => {
    await source?.remove();
    await target?.remove();
  });

  test('copies every table, checks the counts, and the copy serves the same threads', async () => {
    const expected = counts(source.location);
    for (const table of TABLES) assert.ok(expected[table]! > 0, `the source has ${table}`);
    const output = capture();
    const code = await runMigrate(['--from', source.location, '--to', target.location], output.out);
    assert.equal(code, 0, output.stderr());
    assert.match(output.stdout(), /the counts match/);
    assert.ok(!output.stdout().includes(':@') && !/password/i.test(output.stdout()));
    assert.deepEqual(counts(target.location), expected);

    const { app, base } = await serve(target.location);
    try {
      const copied = await call(base, 'GET', `/threads?${pageQuery(PAGE)}`, { token: ada });
      assert.deepEqual(copied.json, thread, 'the same thread, `mine` included');
      // The tokens are the same (their hashes were copied); the numbering goes on.
      const retried = await call(base, 'POST', '/comments', {
        token: ada,
        headers: { 'idempotency-key': 'draft-1' },
        body: { page: PAGE, parentId: null, body: 'First', author: { name: 'Ada' } },
      });
      assert.equal(retried.status, 201);
      assert.equal(
        retried.json.comment.id,
        (thread as { comments: Array<{ id: string }> }).comments[0]!.id,
      );
      const posted = await call(base, 'POST', '/comments', {
        token: bo,
        body: { page: PAGE, parentId: null, body: 'After the move', author: { name: 'Bo' } },
      });
      assert.equal(posted.status, 201);
      assert.equal(Number(posted.json.comment.id), Number(expected.comments) + 1);
      // The moderator signs in with the same password; the import remembers what it wrote.
      const session = await call(base, 'POST', '/admin/session', {
        body: { name: 'Grace', password },
      });
      assert.equal(session.status, 201, session.text);
      const again = await importFile(['--db', target.location, '--from', 'commento', COMMENTO]);
      assert.equal(again.last, 'imported 0 comments on 0 pages, skipped 5');
    } finally {
      await app.close();
    }
  });

  test('a target that holds anything is refused and left as it was', async () => {
    const inspector = new DbInspector(target.location);
    const before = inspector.snapshot();
    const output = capture();
    const code = await runMigrate(['--from', source.location, '--to', target.location], output.out);
    assert.equal(code, 1);
    assert.match(output.stderr(), /not empty/);
    assert.deepEqual(inspector.snapshot(), before);
    inspector.close();
  });

  test('mistakes get a usage message and exit code 2, and a missing source file is not created', async () => {
    for (const args of [[], ['--from', source.location], ['--to', target.location], ['--bogus']]) {
      const output = capture();
      assert.equal(await runMigrate(args, output.out), 2, args.join(' '));
      assert.match(output.stderr(), /Usage: confab-server migrate/);
    }
    const output = capture();
    const missing = `${source.dir}/nowhere.sqlite`;
    assert.equal(await runMigrate(['--from', missing, '--to', target.location], output.out), 2);
    assert.match(output.stderr(), /no such file/);
  });
});
