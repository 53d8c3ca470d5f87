// `npm start` as a newcomer runs it: one command serves the demo site and the
// seeded comment server, and Ctrl+C (here SIGTERM and SIGINT) stops both.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/demo-server.mjs';
import { FIRST_ARTICLE_KEY, SECOND_ARTICLE_KEY, freePort } from './support/demo-env.js';

interface RunningDemo {
  child: ChildProcess;
  siteUrl: string;
  apiUrl: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

async function startDemo(dbFile: string): Promise<RunningDemo> {
  const demoPort = await freePort();
  const apiPort = await freePort();
  const child = spawn(process.execPath, ['scripts/start-demo.mjs'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CONFAB_DEMO_PORT: String(demoPort),
      CONFAB_API_PORT: String(apiPort),
      CONFAB_DEMO_DB: dbFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const siteUrl = `http://localhost:${demoPort}`;
  const deadline = Date.now() + 120_000;
  while (!output.includes(`Confab demo: ${siteUrl}/`)) {
    if (child.exitCode !== null) assert.fail(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`npm start printed no URL in time:\n${output}`);
    }
    await new Promise((settle) => setTimeout(settle, 100));
  }
  return { child, siteUrl, apiUrl: `http://localhost:${apiPort}`, exit, output: () => output };
}

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
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
    let seededCount: number | undefined;
    try {
      const article = await fetch(`${first.siteUrl}/articles/first.html`);
      assert.equal(article.status, 200);
      const html = await article.text();
      assert.match(html, new RegExp(`endpoint="${first.apiUrl}"`), 'the page talks to this API');
      const widget = await fetch(`${first.siteUrl}/confab.js`);
      assert.equal(widget.status, 200);
      assert.match(widget.headers.get('content-type') ?? '', /^text\/javascript/);

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
    assert.equal(await isListening(first.siteUrl), false, 'the static server is down');
    assert.equal(await isListening(first.apiUrl), false, 'the comment server is down');

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
