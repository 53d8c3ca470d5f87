import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { runAdmin } from '../src/admin.js';
import { EXTERNAL_CHANGE_CHECK_MS } from '../src/feed.js';
import { capture, pageQuery, TestServer } from './support.js';

/** The admin command, run against the database a live server is using. */
async function admin(server: TestServer, ...args: string[]) {
  const output = capture();
  const code = await runAdmin(['--db', server.db, ...args], output.out);
  // The server learns of other processes' writes by itself (SQLite: data_version within
  // EXTERNAL_CHANGE_CHECK_MS; PostgreSQL: NOTIFY); reading the outbox now is deterministic.
  await server.app.confabFeed.catchUp();
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}

describe('admin command line', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ moderation: 'hold' })));
  after(() => server.stop());

  test('pending lists held comments; approve publishes one for everyone', async () => {
    const token = await server.session();
    const id = (await server.post(token, { page: 'post-admin', body: 'please approve' })).json
      .comment.id;
    const pending = await admin(server, 'pending');
    assert.equal(pending.code, 0);
    assert.match(
      pending.stdout,
      new RegExp(`^${id}\\tpending\\t.*post-admin.*please approve`, 'm'),
    );
    const json = await admin(server, '--json', 'pending');
    assert.equal(JSON.parse(json.stdout)[0].id, Number(id));

    assert.equal((await server.thread(pageQuery('post-admin'))).json.total, 0);
    const approved = await admin(server, 'approve', id);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /Approved/);
    const thread = await server.thread(pageQuery('post-admin'));
    assert.equal(thread.json.total, 1, 'the server notices a write from another connection');
    assert.equal(thread.json.comments[0].status, 'published');
    assert.match((await admin(server, 'pending')).stdout, /No comment is waiting/);
    assert.match((await admin(server, 'approve', id)).stdout, /nothing to approve/);
  });

  test('a change another process makes without the services (plain SQL) shows in the next read too', async () => {
    const token = await server.session();
    const id = (await server.post(token, { page: 'post-behind', body: 'as posted' })).json.comment
      .id;
    await admin(server, 'approve', id);
    assert.equal(
      (await server.thread(pageQuery('post-behind'))).json.comments[0].body,
      'as posted',
    );
    // No event describes this write: the server drops every cached thread when it notices it.
    server.sql.run("UPDATE comments SET body = 'rewritten' WHERE id = ?", Number(id));
    // SQLite: noticed within EXTERNAL_CHANGE_CHECK_MS; PostgreSQL: a trigger's NOTIFY.
    const deadline = Date.now() + 2000 + EXTERNAL_CHANGE_CHECK_MS;
    let body = '';
    while (Date.now() < deadline) {
      body = (await server.thread(pageQuery('post-behind'))).json.comments[0].body;
      if (body === 'rewritten') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(body, 'rewritten');
  });

  test('lock answers 423 to new comments; unlock opens the thread again', async () => {
    const page = 'http://localhost:5173/articles/locked.html';
    const locked = await admin(server, 'lock', `${page}?ref=x`);
    assert.equal(locked.code, 0, locked.stderr);
    assert.match(locked.stdout, new RegExp(`Locked ${page}`));
    const token = await server.session();
    const before = server.count('comments');
    const refused = await server.post(token, { page });
    assert.equal(refused.status, 423);
    assert.equal(refused.json.error.code, 'locked');
    assert.equal(server.count('comments'), before);
    assert.equal((await server.thread(pageQuery(page))).json.locked, true);
    assert.equal((await admin(server, 'unlock', page)).code, 0);
    assert.equal((await server.post(token, { page })).status, 201);
    assert.equal((await server.thread(pageQuery(page))).json.locked, false);
  });

  test('list shows every status; delete leaves nothing of the text', async () => {
    const token = await server.session();
    const id = (await server.post(token, { page: 'post-admin-delete', body: 'remove me' })).json
      .comment.id;
    const listed = await admin(server, 'list', 'post-admin-delete');
    assert.match(listed.stdout, /pending.*remove me/);
    const deleted = await admin(server, 'delete', id);
    assert.equal(deleted.code, 0);
    assert.match(deleted.stdout, /Deleted/);
    const row = server.query<{ status: string; body: string }>(
      'SELECT status, body FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.deepEqual({ ...row }, { status: 'deleted', body: '' });
    assert.match((await admin(server, 'delete', id)).stdout, /already deleted/);
  });

  test('backup writes a consistent copy while the server runs; check runs integrity_check', async () => {
    const copy = join(server.dir, 'backup.sqlite');
    const backup = await admin(server, 'backup', copy);
    assert.equal(backup.code, 0, backup.stderr);
    const output = capture();
    assert.equal(await runAdmin(['--db', copy, 'check'], output.out), 0);
    assert.equal(output.stdout().trim(), 'ok');
    const sqlite = new Database(copy, { readonly: true });
    const count = sqlite.prepare('SELECT count(*) AS n FROM comments').get() as { n: number };
    sqlite.close();
    assert.equal(count.n, server.count('comments'));
  });

  test('mistakes get a usage message and exit code 2', async () => {
    for (const args of [
      [],
      ['approve'],
      ['approve', 'x'],
      ['frobnicate'],
      ['lock', ''],
      ['approve', '1', '2'],
    ]) {
      const result = await admin(server, ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.ok(result.stderr.length > 0);
    }
    const missing = await admin(server, 'approve', '99999');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no comment 99999/);
  });
});

describe('admin output is safe for a terminal (issue 15, item 6)', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ moderation: 'hold' })));
  after(() => server.stop());

  test('control and bidi characters in stored names, bodies and keys are printed escaped', async () => {
    const token = await server.session();
    const id = (await server.post(token, { page: 'post-escapes', body: 'placeholder' })).json
      .comment.id;
    // Rows written before controls were refused, or by plain SQL: the output must not trust them.
    server.sql.run(
      'UPDATE comments SET body = ?, author_name = ? WHERE id = ?',
      '\u001b[2K\u001b[1A1\tpublished\tforged line\u0007\u009b2J',
      'Mallory\r\u202eevil',
      Number(id),
    );
    const CONTROL_OR_BIDI =
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    for (const args of [['pending'], ['list', 'post-escapes'], ['--json', 'pending']]) {
      const { code, stdout } = await admin(server, ...args);
      assert.equal(code, 0);
      assert.ok(!CONTROL_OR_BIDI.test(stdout), `${args.join(' ')}: ${JSON.stringify(stdout)}`);
      assert.equal(stdout.trimEnd().split('\n').length, args[0] === 'list' ? 2 : 1);
    }
    const { stdout } = await admin(server, 'pending');
    assert.match(stdout, /\\u\{1b\}\[2K/);
    assert.match(stdout, /Mallory\\u\{d\}\\u\{202e\}evil/);
    assert.equal(
      JSON.parse((await admin(server, '--json', 'pending')).stdout)[0].authorName,
      'Mallory\r\u202eevil',
    );
  });

  test('a page key argument with C0 or C1 controls is refused, and echoed escaped', async () => {
    for (const key of ['post\u001b[2J', 'post\u009b2J']) {
      const { code, stderr } = await admin(server, 'lock', key);
      assert.equal(code, 2);
      assert.match(stderr, /control characters/);
    }
    const unknown = await admin(server, '\u001b[31mbogus');
    assert.equal(unknown.code, 2);
    assert.ok(!unknown.stderr.includes('\u001b'), JSON.stringify(unknown.stderr));
  });
});
