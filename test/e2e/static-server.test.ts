// The demo's static server: what it serves, with which types, and what it
// refuses. Raw requests (node:http) so that paths reach it exactly as written,
// without the URL clean-up a browser or fetch() would do first.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Server } from 'node:http';
import {
  DEFAULT_API_URL,
  DEMO_DIR,
  closeServer,
  createStaticServer,
  listen,
} from '../../scripts/demo-server.mjs';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function rawRequest(port: number, path: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

describe('demo static server', () => {
  const apiUrl = 'http://localhost:19999';
  let distDir: string;
  let server: Server;
  let port: number;

  before(async () => {
    // A stand-in for dist/ so this test does not depend on a widget build.
    distDir = await mkdtemp(join(tmpdir(), 'confab-static-'));
    await writeFile(join(distDir, 'confab.js'), `export const endpoint = '${DEFAULT_API_URL}';\n`);
    server = createStaticServer({ apiUrl, roots: [DEMO_DIR, distDir] });
    port = await listen(server, 0);
  });

  after(async () => {
    await closeServer(server);
    await rm(distDir, { recursive: true, force: true });
  });

  test('serves the index page for / with an HTML content type', async () => {
    const response = await rawRequest(port, '/');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /<title>Quiet Pages/);
  });

  test('serves CSS, the seed JSON and the widget from the second root with their types', async () => {
    const css = await rawRequest(port, '/style.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const json = await rawRequest(port, '/seed.json');
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    const widget = await rawRequest(port, '/confab.js');
    assert.equal(widget.status, 200);
    assert.equal(widget.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(widget.headers['x-content-type-options'], 'nosniff');
  });

  test('points the pages at the configured comment server, and only the pages', async () => {
    const article = await rawRequest(port, '/articles/first.html');
    assert.match(article.body, new RegExp(`endpoint="${apiUrl}"`));
    assert.ok(!article.body.includes(DEFAULT_API_URL));
    assert.equal(Number(article.headers['content-length']), Buffer.byteLength(article.body));
    const widget = await rawRequest(port, '/confab.js');
    assert.ok(widget.body.includes(DEFAULT_API_URL), 'scripts are sent as they are');
  });

  for (const path of [
    '/../package.json',
    '/articles/../../package.json',
    '/%2e%2e/package.json',
    '/articles/%2E%2E/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2f%2e%2e%2fetc/passwd',
    '/articles/%00.html',
    '/%E0%A4%A',
  ]) {
    test(`refuses ${path}`, async () => {
      const response = await rawRequest(port, path);
      assert.equal(response.status, 404);
      assert.ok(!response.body.includes('"workspaces"'), 'nothing outside the roots leaks');
    });
  }

  test('answers 404 for a missing file and 405 for anything but GET and HEAD', async () => {
    assert.equal((await rawRequest(port, '/no-such-page.html')).status, 404);
    const post = await rawRequest(port, '/index.html', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('answers HEAD with the headers and no body', async () => {
    const head = await rawRequest(port, '/style.css', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);
  });
});
