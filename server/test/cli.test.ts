import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  call,
  killLeftoverClis,
  pageQuery,
  runCli,
  startCli,
  tempDir,
  type RunningCli,
} from './support.js';
import { DbInspector } from './support/db-snapshot.js';
import { freshDatabase } from './support/store.js';

let dir: { path: string; remove: () => Promise<void> };
before(async () => (dir = await tempDir()));
after(async () => {
  killLeftoverClis();
  await dir.remove();
});

async function session(base: string): Promise<string> {
  return (await call(base, 'POST', '/session')).json.token;
}

function postTo(
  base: string,
  token: string,
  page: string,
  body = 'hello',
  parentId: string | null = null,
) {
  return call(base, 'POST', '/comments', {
    token,
    body: { page, parentId, body, author: { name: 'Ada' } },
  });
}

async function stop(running: RunningCli): Promise<number | null> {
  running.child.kill('SIGTERM');
  return running.exited;
}

describe('command line', () => {
  test('--help lists every flag', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const flag of [
      '--port',
      '--host',
      '--db',
      '--origin',
      '--edit-window',
      '--moderation',
      '--no-rate-limit',
      '--limit-votes-token',
      '--limit-reports-token',
      '--limit-reports-ip',
      '--log-level',
    ]) {
      assert.ok(stdout.includes(flag), flag);
    }
    const admin = await runCli(['admin', '--help']);
    assert.equal(admin.code, 0);
    assert.match(admin.stdout, /approve <id>/);
  });

  test('a bad setting stops startup with a clear message naming it and no stack trace', async () => {
    const { code, stderr } = await runCli([
      '--port',
      'eighty',
      '--db',
      join(dir.path, 'never.sqlite'),
    ]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /--port: "eighty" is not a port/);
    assert.ok(!stderr.includes('    at '));
  });

  test('a database that cannot be opened is a clear startup error', async () => {
    const { code, stderr } = await runCli([
      '--port',
      '0',
      '--db',
      join(dir.path, 'missing-dir', 'x.sqlite'),
    ]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /cannot (open|start)/i);
  });

  test('serves the protocol, prints its URL, stops cleanly on SIGTERM and keeps data across restarts', async () => {
    const database = await freshDatabase();
    const db = database.location;
    const args = [
      '--port',
      '0',
      '--db',
      db,
      '--origin',
      'http://localhost:5173',
      '--log-level',
      'warn',
    ];
    const first = await startCli(args);
    assert.match(first.base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const token = await session(first.base);
    const posted = await postTo(first.base, token, 'post-restart', 'survives');
    assert.equal(posted.status, 201);
    assert.equal(await stop(first), 0);
    assert.match(first.output(), /stopped/);

    const second = await startCli(args);
    const thread = await call(second.base, 'GET', `/threads?${pageQuery('post-restart')}`, {
      token,
    });
    assert.equal(thread.json.total, 1);
    assert.equal(thread.json.comments[0].body, 'survives');
    assert.equal(thread.json.comments[0].mine, true, 'the token still owns its comment');
    assert.equal(await stop(second), 0);
    await database.remove();
  });
});

describe('durability', () => {
  test('SIGKILL in the middle of a burst of posts loses no acknowledged comment', async () => {
    const database = await freshDatabase();
    const db = database.location;
    const args = ['--port', '0', '--db', db, '--no-rate-limit', '--log-level', 'warn'];
    const running = await startCli(args);
    assert.match(running.output(), /rate limiting is off/i);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => session(running.base)));
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (token: string) => {
      for (let i = 0; !killed; i++) {
        try {
          const answer = await postTo(running.base, token, `post-kill-${i % 3}`, `burst ${i}`);
          if (answer.status === 201) acknowledged.push(answer.json.comment.id);
        } catch {
          return; // The connection died with the server.
        }
      }
    };
    const workers = tokens.map(worker);
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
    running.child.kill('SIGKILL');
    killed = true;
    await running.exited;
    await Promise.all(workers);

    const restarted = await startCli(args);
    const inspector = new DbInspector(db);
    assert.equal(inspector.integrity(), 'ok');
    const stored = new Set(
      inspector.all<{ id: number }>('SELECT id FROM comments').map((row) => String(row.id)),
    );
    inspector.close();
    const lost = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(
      lost,
      [],
      `${lost.length} of ${acknowledged.length} acknowledged comments lost`,
    );
    let visible = 0;
    for (let page = 0; page < 3; page++) {
      visible += (
        await call(
          restarted.base,
          'GET',
          `/threads?${pageQuery(`post-kill-${page}`, '&limit=200')}`,
        )
      ).json.total;
    }
    assert.ok(visible >= acknowledged.length);
    assert.equal(await stop(restarted), 0);
    await database.remove();
  });
});
