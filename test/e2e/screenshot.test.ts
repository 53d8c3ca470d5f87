// Takes the README's picture: the demo article and its seeded discussion, as a
// newcomer sees them after `npm start`. Locally it overwrites
// docs/screenshot.png; in CI (CI set) it goes to test-results/ so the checkout
// stays clean.
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/demo-server.mjs';
import { startDemoEnv, type DemoEnv } from './support/demo-env.js';
import { ThreadPage, eventually } from './support/thread-page.js';

const target = process.env.CI
  ? join(REPO_ROOT, 'test-results', 'screenshot.png')
  : join(REPO_ROOT, 'docs', 'screenshot.png');

let env: DemoEnv;

before(async () => {
  env = await startDemoEnv();
});

after(async () => {
  await env?.close();
});

test('screenshot of the demo article with its discussion', { timeout: 180_000 }, async () => {
  const context = await env.browser.newContext({
    viewport: { width: 1200, height: 1600 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  try {
    const page = await context.newPage();
    const thread = await ThreadPage.open(page, `${env.siteUrl}/articles/first.html`);
    // Every comment rendered, and the Markdown renderer done (no plain-source fallbacks left).
    await eventually(async () => assert.ok((await thread.comments.count()) >= 40));
    await eventually(async () => assert.equal(await thread.widget.locator('.source').count(), 0));
    // Frame the end of the article and the start of the discussion.
    await page.evaluate(() => {
      const thread = document.getElementById('comments')!;
      window.scrollTo(0, thread.getBoundingClientRect().top + window.scrollY - 320);
    });
    await page.evaluate(() => document.fonts.ready);
    await mkdir(dirname(target), { recursive: true });
    await page.screenshot({ path: target });
    assert.ok((await stat(target)).size > 10_000, 'a real picture was written');
  } finally {
    await context.close();
  }
});
