// The moderation console as a site owner meets it: the built console at /admin/ on the
// reference server (strict CSP, no inline script), the demo's seeded threads, readers' comments
// held for review under `--moderation hold`, a moderator made with `admin add-moderator`.
// Signs in through the form and takes the README's picture of the pending queue. Locally it
// overwrites docs/console-screenshot.png; in CI (CI set) it goes to test-results/.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  REPO_ROOT,
  addModerator,
  ensureWidgetBuilt,
  seedDatabase,
  startApiServer,
  type ApiServer,
} from '../../scripts/demo-server.mjs';
import { FIRST_ARTICLE_KEY, SECOND_ARTICLE_KEY, launchChromium } from './support/demo-env.js';
import { eventually } from './support/thread-page.js';

const target = process.env.CI
  ? join(REPO_ROOT, 'test-results', 'console-screenshot.png')
  : join(REPO_ROOT, 'docs', 'console-screenshot.png');

/** What readers write while the server holds every new comment for review. */
const HELD = [
  {
    page: FIRST_ARTICLE_KEY,
    name: 'Priya Raman',
    body: 'We did the same migration last spring. The part nobody warned us about was the **forms**: every one of them had grown its own validation library.',
  },
  {
    page: SECOND_ARTICLE_KEY,
    name: 'Tomás Ferreira',
    body: 'Do you publish the changelog as a feed too? I would subscribe to it before I would follow another account.',
  },
  {
    page: FIRST_ARTICLE_KEY,
    name: 'cheap-watches-4u',
    body: 'Great post!!! Visit [our shop](https://spam.example/watches) and [this one](https://spam.example/bags) for the best deals.',
  },
];

let workDir: string;
let api: ApiServer;
let browser: Browser;
let password: string;

async function call(path: string, init: { method: string; token?: string; body?: unknown }) {
  const response = await fetch(`${api.url}${path}`, {
    method: init.method,
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: JSON.stringify(init.body ?? {}),
  });
  assert.ok(
    response.ok,
    `${init.method} ${path}: ${response.status} ${await response.clone().text()}`,
  );
  return (await response.json()) as Record<string, unknown>;
}

before(async () => {
  await ensureWidgetBuilt({ log: () => {} });
  workDir = await mkdtemp(join(tmpdir(), 'confab-console-e2e-'));
  const dbFile = join(workDir, 'confab.sqlite');
  await seedDatabase(dbFile);
  password = await addModerator(dbFile, 'Morgan');
  api = await startApiServer({
    dbFile,
    port: 0,
    origin: 'http://localhost',
    rateLimit: false,
    flags: ['--moderation', 'hold'],
  });
  for (const comment of HELD) {
    const { token } = (await call('/session', { method: 'POST' })) as { token: string };
    await call('/comments', {
      method: 'POST',
      token,
      body: {
        page: comment.page,
        parentId: null,
        body: comment.body,
        author: { name: comment.name },
      },
    });
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await api?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test(
  'the console at /admin/: sign in, the pending queue, the README picture',
  { timeout: 180_000 },
  async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 960 },
      colorScheme: 'light',
      reducedMotion: 'reduce',
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${api.url}/admin/`);
      const app = page.locator('confab-console');
      await app.locator('input[name="name"]').fill('Morgan');
      await app.locator('input[name="password"]').fill(password);
      await app.locator('button[type="submit"]').click();
      const cards = app.locator('article.card');
      await eventually(async () => assert.equal(await cards.count(), HELD.length));
      await eventually(async () =>
        assert.equal(await app.locator('.live').getAttribute('data-state'), 'open'),
      );
      // Every thread's lock known: no action left waiting.
      await eventually(async () =>
        assert.equal(await app.locator('article.card button:disabled').count(), 0),
      );
      // The second comment current (focused, outlined), the whole console in view.
      await page.keyboard.press('j');
      await eventually(async () =>
        assert.equal(await cards.nth(1).getAttribute('aria-current'), 'true'),
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.fonts.ready);
      await mkdir(dirname(target), { recursive: true });
      await page.screenshot({ path: target });
      assert.ok((await stat(target)).size > 10_000, 'a real picture was written');
      // The built console runs under the server's CSP with nothing refused and nothing thrown.
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  },
);
