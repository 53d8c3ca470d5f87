// Serving the moderation console (routes/console.ts): its page, its hashed assets, its policy,
// and a clear page when it was never built. The console itself is tested in Chromium
// (test/e2e/console.test.ts).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from '../src/errors.js';
import { CONSOLE_CSP, consoleRoutes } from '../src/routes/console.js';
import { call, tempDir, TestServer } from './support.js';

async function consoleServer(distDir: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify();
  installErrorHandling(app);
  consoleRoutes(app, distDir);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

describe('the moderation console at /admin/', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let built: { app: FastifyInstance; base: string };
  let missing: { app: FastifyInstance; base: string };

  before(async () => {
    dir = await tempDir();
    const dist = join(dir.path, 'admin-dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Confab moderation</title>');
    await writeFile(join(dist, 'assets', 'index-Bc_3EYlu.js'), 'console.log(1);');
    await writeFile(join(dist, 'assets', 'index-Bc_3EYlu.js.map'), '{}');
    await writeFile(join(dist, 'assets', 'plain.css'), 'body{}');
    await writeFile(join(dir.path, 'secret.txt'), 'not for you');
    built = await consoleServer(dist);
    missing = await consoleServer(join(dir.path, 'never-built'));
  });

  after(async () => {
    await built?.app.close();
    await missing?.app.close();
    await dir?.remove();
  });

  test('GET /admin/ is the page, revalidated each visit, under the console policy', async () => {
    const answer = await call(built.base, 'GET', '/admin/');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assert.match(answer.text, /Confab moderation/);
    assert.equal(answer.headers.get('cache-control'), 'no-cache');
    assert.equal(answer.headers.get('content-security-policy'), CONSOLE_CSP);
    assert.match(CONSOLE_CSP, /script-src 'self'(;|$)/);
    assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval/);
    assert.match(CONSOLE_CSP, /frame-ancestors 'none'/);
  });

  test('/admin redirects to /admin/, relatively (right behind a prefix too)', async () => {
    const response = await fetch(`${built.base}/admin`, { redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), 'admin/');
  });

  test('hashed assets are cached for a year, immutable; others revalidate', async () => {
    const script = await call(built.base, 'GET', '/admin/assets/index-Bc_3EYlu.js');
    assert.equal(script.status, 200);
    assert.equal(script.text, 'console.log(1);');
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(script.headers.get('content-security-policy'), CONSOLE_CSP);
    const map = await call(built.base, 'GET', '/admin/assets/index-Bc_3EYlu.js.map');
    assert.equal(map.status, 200);
    assert.match(map.headers.get('cache-control') ?? '', /immutable/);
    const plain = await call(built.base, 'GET', '/admin/assets/plain.css');
    assert.equal(plain.status, 200);
    assert.match(plain.headers.get('content-type') ?? '', /^text\/css/);
    assert.equal(plain.headers.get('cache-control'), 'no-cache');
    const head = await fetch(`${built.base}/admin/assets/index-Bc_3EYlu.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('nothing outside the assets folder is reachable, and unknown files are 404', async () => {
    for (const path of [
      '/admin/assets/..%2F..%2Fsecret.txt',
      '/admin/assets/..%2Findex.html',
      '/admin/assets/%2e%2e%2fsecret.txt',
      '/admin/assets/secret.txt',
      '/admin/assets/nope-Bc_3EYlu.js',
      '/admin/assets/index-Bc_3EYlu.js%00.css',
      '/admin/assets/.hidden.js',
    ]) {
      const answer = await call(built.base, 'GET', path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json?.error?.code, 'not_found', path);
      assert.doesNotMatch(answer.text, /not for you/);
    }
  });

  test('without a build, /admin/ says to run npm run build (503)', async () => {
    const answer = await call(missing.base, 'GET', '/admin/');
    assert.equal(answer.status, 503);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(answer.text, /npm run build/);
    assert.equal(answer.headers.get('content-security-policy'), CONSOLE_CSP);
    const asset = await call(missing.base, 'GET', '/admin/assets/index-Bc_3EYlu.js');
    assert.equal(asset.status, 404);
  });

  test('its page may call the API: the server’s own origin is allowed, other sites still not', async () => {
    const server = await TestServer.start({ origins: ['https://blog.example'] });
    try {
      const own = new URL(server.base).origin;
      const login = { body: { name: 'nobody', password: 'x' } };
      // Refused for the credentials, not for the origin.
      const fromConsole = await server.call('POST', '/admin/session', {
        ...login,
        headers: { origin: own },
      });
      assert.equal(fromConsole.status, 401);
      const asset = await server.call('GET', '/admin/', { headers: { origin: own } });
      assert.notEqual(asset.status, 403);
      for (const origin of ['https://evil.example', 'null', `${own}.evil.example`, 'http://[']) {
        const other = await server.call('POST', '/admin/session', {
          ...login,
          headers: { origin },
        });
        assert.equal(other.status, 403, origin);
      }
      const site = await server.call('GET', '/threads?page=x', {
        headers: { origin: 'https://blog.example' },
      });
      assert.equal(site.status, 200);
    } finally {
      await server.stop();
    }
  });

  test('the reference server serves it, beside the moderation API', async () => {
    const server = await TestServer.start();
    try {
      const page = await server.call('GET', '/admin/');
      // 200 once `npm run build` ran, 503 before: either way the console's page, not a 404.
      assert.ok([200, 503].includes(page.status), `GET /admin/ answered ${page.status}`);
      assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP);
      const api = await server.call('GET', '/threads?page=x');
      assert.match(api.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    } finally {
      await server.stop();
    }
  });
});
