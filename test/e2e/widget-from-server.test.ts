// The README's snippet, exactly as written but for the port, on a page of another origin: the
// widget comes from the reference server's /widget/ (entry and chunks), the comments from its API.
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  REPO_ROOT,
  closeServer,
  ensureWidgetBuilt,
  listen,
  startApiServer,
  type ApiServer,
} from '../../scripts/demo-server.mjs';
import { launchChromium } from './support/demo-env.js';

/** The first HTML block of a section of the README. */
async function readmeSnippet(heading: string): Promise<string> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const block = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(block, `README.md has an html block under "${heading}"`);
  return block[1]!;
}

describe('the widget served by confab-server, on another origin', () => {
  let workDir: string;
  let api: ApiServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let snippet: string;
  let countSnippet: string;

  before(async () => {
    await ensureWidgetBuilt({ log: () => {} });
    snippet = await readmeSnippet('Add it to a page');
    assert.match(snippet, /http:\/\/localhost:8787\/widget\/confab\.js/);
    countSnippet = await readmeSnippet('Comment counts on listing pages');
    assert.match(countSnippet, /http:\/\/localhost:8787\/widget\/count\.js/);
    workDir = await mkdtemp(join(tmpdir(), 'confab-e2e-widget-'));
    let page = '';
    let listing = '';
    site = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(request.url === '/' ? listing : page);
    });
    siteUrl = `http://127.0.0.1:${await listen(site, 0)}`;
    api = await startApiServer({
      dbFile: join(workDir, 'confab.sqlite'),
      port: 0,
      origin: siteUrl,
      rateLimit: false,
    });
    const apiOrigin = api.url.replace('127.0.0.1', 'localhost');
    page =
      `<!doctype html><html lang="en"><title>Article</title><h1>An article</h1>` +
      snippet.replaceAll('http://localhost:8787', apiOrigin);
    listing =
      `<!doctype html><html lang="en"><head><title>Articles</title>` +
      countSnippet
        .replaceAll('http://localhost:8787', apiOrigin)
        .replaceAll('post-42', `${siteUrl}/articles/one`) +
      `</head></html>`;

    const session = await fetch(`${api.url}/session`, { method: 'POST' });
    const { token } = (await session.json()) as { token: string };
    const posted = await fetch(`${api.url}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        page: `${siteUrl}/articles/one`,
        parentId: null,
        body: 'Served **from one server**, `chunks` and all.',
        author: { name: 'Ada' },
      }),
    });
    assert.equal(posted.status, 201);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (site) await closeServer(site);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('loads confab.js and its chunks from /widget/ and shows the thread', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const failures: string[] = [];
      const widgetFiles: string[] = [];
      page.on('requestfailed', (request) => failures.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') failures.push(message.text());
      });
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (path.startsWith('/widget/')) widgetFiles.push(`${response.status()} ${path}`);
      });
      await page.goto(`${siteUrl}/articles/one`);
      const body = page.locator('confab-comments [part~="body"]');
      await body.filter({ hasText: 'Served from one server' }).waitFor({ timeout: 30_000 });
      assert.equal(await body.locator('strong').textContent(), 'from one server');
      assert.deepEqual(failures, []);
      assert.ok(widgetFiles.includes('200 /widget/confab.js'), widgetFiles.join(', '));
      assert.ok(
        widgetFiles.some((file) => /^200 \/widget\/chunks\/.+\.js$/.test(file)),
        `a chunk came from the server too: ${widgetFiles.join(', ')}`,
      );
    } finally {
      await context.close();
    }
  });

  test('the listing page’s <confab-count> comes from /widget/count.js and counts', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const widgetFiles: string[] = [];
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (path.startsWith('/widget/') || path === '/counts') {
          widgetFiles.push(`${response.status()} ${path}`);
        }
      });
      await page.goto(`${siteUrl}/`);
      await page.locator('confab-count [part~="count"]').filter({ hasText: '1 comment' }).waitFor();
      assert.deepEqual(widgetFiles, ['200 /widget/count.js', '200 /counts']);
    } finally {
      await context.close();
    }
  });
});
