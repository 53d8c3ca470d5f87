// `npm start` as a newcomer runs it: one command serves the demo site and the
// seeded comment server, and Ctrl+C (here SIGTERM and SIGINT) stops both.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/demo-server.mjs';
import { FIRST_ARTICLE_KEY, SECOND_ARTICLE_KEY } from './support/demo-env.js';

interface RunningDemo {
  child: ChildProcess;
  siteUrl: string;
  apiUrl: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/**
 * Runs `npm start`'s script with both ports 0: the system gives each server a
 * free port as it binds, and the test reads the addresses the demo prints (a
 * port probed free beforehand could be taken again before the demo binds it).
 */
async function startDemo(dbFile: string): Promise<RunningDemo> {
  const child = spawn(process.execPath, ['scripts/start-demo.mjs'], {
    cwd: REPO_ROOT,
    env: { ...process.env, CONFAB_DEMO_PORT: '0', CONFAB_API_PORT: '0', CONFAB_DEMO_DB: dbFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const printed = new Promise<void>((done, fail) => {
    const seen = () => {
      if (/Confab demo: \S+\//.test(output)) done();
    };
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      seen();
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', () => fail(new Error(`npm start exited early:\n${output}`)));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    await printed;
  } finally {
    clearTimeout(timer);
  }
  const siteUrl = /Confab demo: (http:\/\/\S+)\//.exec(output)![1]!;
  const apiUrl = /Comment server: (http:\/\/\S+)/.exec(output)?.[1];
  assert.ok(apiUrl, `the comment server's address is printed:\n${output}`);
  return { child, siteUrl, apiUrl, exit, output: () => output };
}

/** The processes `pid` started that are still running (Linux: /proc; elsewhere: pgrep). */
async function childrenOf(pid: number): Promise<number[]> {
  const list = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(
    () =>
      new Promise<string>((done) =>
        execFile('pgrep', ['-P', String(pid)], (_error, stdout) => done(stdout)),
      ),
  );
  return list.split(/\s+/).filter(Boolean).map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('npm start', () => {
  let workDir: string;
  let dbFile: string;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'confab-start-'));
    dbFile = join(workDir, 'demo.sqlite');
  });

  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  test('serves the demo with a seeded thread, keeps visitors’ comments across restarts, stops cleanly', async () => {
    const first = await startDemo(dbFile);
    // The comment server runs as a child of the demo's process; stopping must end it too.
    const apiProcesses = await childrenOf(first.child.pid!);
    assert.equal(apiProcesses.length, 1, `one child process (the comment server): ${apiProcesses}`);
    let seededCount: number | undefined;
    try {
      const article = await fetch(`${first.siteUrl}/articles/first.html`);
      assert.equal(article.status, 200);
      const html = await article.text();
      assert.match(html, new RegExp(`endpoint="${first.apiUrl}"`), 'the page talks to this API');
      const widget = await fetch(`${first.siteUrl}/confab.js`);
      assert.equal(widget.status, 200);
      assert.match(widget.headers.get('content-type') ?? '', /^text\/javascript/);
      // The moderation console, at the address printed, built and served by the comment server.
      const consoleUrl = /Moderation console: (http:\/\/\S+)/.exec(first.output())?.[1];
      assert.equal(consoleUrl, `${first.apiUrl}/admin/`);
      const consolePage = await fetch(consoleUrl);
      assert.equal(consolePage.status, 200);
      assert.match(await consolePage.text(), /<confab-console>/);
      assert.match(consolePage.headers.get('content-security-policy') ?? '', /script-src 'self'/);

      const counts = await fetch(
        `${first.apiUrl}/counts?page=${encodeURIComponent(FIRST_ARTICLE_KEY)}&page=${encodeURIComponent(SECOND_ARTICLE_KEY)}`,
        { headers: { Origin: first.siteUrl } },
      );
      assert.equal(counts.status, 200);
      assert.equal(counts.headers.get('access-control-allow-origin'), first.siteUrl);
      const { counts: byPage } = (await counts.json()) as { counts: Record<string, number> };
      seededCount = byPage[FIRST_ARTICLE_KEY]!;
      assert.ok(seededCount >= 40, `seeded thread, got ${seededCount}`);
      assert.equal(byPage[SECOND_ARTICLE_KEY], 0);

      // A visitor comments on the second article.
      const session = await fetch(`${first.apiUrl}/session`, {
        method: 'POST',
        headers: { Origin: first.siteUrl, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const { token } = (await session.json()) as { token: string };
      const posted = await fetch(`${first.apiUrl}/comments`, {
        method: 'POST',
        headers: {
          Origin: first.siteUrl,
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          page: SECOND_ARTICLE_KEY,
          parentId: null,
          body: 'First!',
          author: { name: 'Visitor' },
        }),
      });
      assert.equal(posted.status, 201);
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.deepEqual(await first.exit, { code: 0, signal: null }, first.output());
    // The static server ended with the process; the comment server must not outlive it.
    assert.equal(isRunning(apiProcesses[0]!), false, 'the comment server is down');

    // Second start on the same database: the seed is not loaded twice, the visitor's comment is kept.
    const second = await startDemo(dbFile);
    try {
      const counts = await fetch(
        `${second.apiUrl}/counts?page=${encodeURIComponent(FIRST_ARTICLE_KEY)}&page=${encodeURIComponent(SECOND_ARTICLE_KEY)}`,
      );
      const { counts: byPage } = (await counts.json()) as { counts: Record<string, number> };
      assert.equal(byPage[SECOND_ARTICLE_KEY], 1);
      assert.equal(byPage[FIRST_ARTICLE_KEY], seededCount, 'the seed was not loaded a second time');
    } finally {
      second.child.kill('SIGINT');
    }
    assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());
  });
});
