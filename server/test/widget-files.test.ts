import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir, TestServer } from './support.js';

const SITE = 'http://localhost:5173';
const OTHER_SITE = 'https://blog.example';
const ENTRY = 'export const confab = 1;\n';
const CHUNK = 'export const rich = 2;\n';

describe('the built widget under /widget/', () => {
  let server: TestServer;
  let widget: { path: string; remove: () => Promise<void> };

  before(async () => {
    widget = await tempDir();
    await mkdir(join(widget.path, 'chunks'));
    await writeFile(join(widget.path, 'confab.js'), ENTRY);
    await writeFile(join(widget.path, 'count.js'), 'export const count = 3;\n');
    await writeFile(join(widget.path, 'chunks', 'rich-AbC_12-x.js'), CHUNK);
    await writeFile(join(widget.path, 'chunks', 'rich-AbC_12-x.js.map'), '{"version":3}');
    await writeFile(join(widget.path, 'secret.txt'), 'not for readers');
    server = await TestServer.start({ origins: [SITE], widgetDir: widget.path });
  });
  after(async () => {
    await server.stop();
    await widget.remove();
  });

  test('confab.js: its bytes, as JavaScript, a short lifetime and an ETag', async () => {
    const answer = await server.call('GET', '/widget/confab.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.text, ENTRY);
    assert.equal(answer.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(answer.headers.get('cache-control'), 'public, max-age=300');
    assert.match(answer.headers.get('etag') ?? '', /^"[\w-]{27}"$/);
    const count = await server.call('GET', '/widget/count.js');
    assert.equal(count.status, 200);
    assert.equal(count.headers.get('cache-control'), 'public, max-age=300');
  });

  test('an entry the browser holds already is answered 304 without a body', async () => {
    const first = await server.call('GET', '/widget/confab.js');
    const etag = first.headers.get('etag')!;
    const again = await server.call('GET', '/widget/confab.js', {
      headers: { 'if-none-match': `"other", ${etag}` },
    });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const stale = await server.call('GET', '/widget/confab.js', {
      headers: { 'if-none-match': '"other"' },
    });
    assert.equal(stale.status, 200);
  });

  test('a rebuilt entry gets a new ETag without a restart', async () => {
    const before = (await server.call('GET', '/widget/count.js')).headers.get('etag');
    await writeFile(join(widget.path, 'count.js'), 'export const count = 4; // rebuilt\n');
    const after = await server.call('GET', '/widget/count.js');
    assert.equal(after.text, 'export const count = 4; // rebuilt\n');
    assert.notEqual(after.headers.get('etag'), before);
  });

  test('hashed chunks and their maps are immutable for a year', async () => {
    const chunk = await server.call('GET', '/widget/chunks/rich-AbC_12-x.js');
    assert.equal(chunk.status, 200);
    assert.equal(chunk.text, CHUNK);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const map = await server.call('GET', '/widget/chunks/rich-AbC_12-x.js.map');
    assert.equal(map.status, 200);
    assert.equal(map.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test('any origin may load the files as module scripts, whatever the API allows', async () => {
    const answer = await server.call('GET', '/widget/confab.js', {
      headers: { origin: OTHER_SITE },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), '*');
    assert.equal(answer.headers.get('cross-origin-resource-policy'), 'cross-origin');
    // The API itself still refuses that origin.
    const api = await server.call('GET', '/threads?page=x', { headers: { origin: OTHER_SITE } });
    assert.equal(api.status, 403);
  });

  test('nothing but the widget’s files is served', async () => {
    for (const path of [
      '/widget/secret.txt',
      '/widget/missing.js',
      '/widget/chunks/missing-1234.js',
      '/widget/%2e%2e/package.json',
      '/widget/chunks/..%2fconfab.js',
      '/widget/',
    ]) {
      const answer = await server.call('GET', path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json.error.code, 'not_found', path);
    }
  });
});

describe('/widget/ before the widget is built', () => {
  test('answers 503 saying how to build it', async () => {
    const empty = await tempDir();
    const server = await TestServer.start({ widgetDir: join(empty.path, 'dist') });
    try {
      const answer = await server.call('GET', '/widget/confab.js');
      assert.equal(answer.status, 503);
      assert.equal(answer.json.error.code, 'unavailable');
      assert.match(answer.json.error.message, /npm run build/);
      const chunk = await server.call('GET', '/widget/chunks/rich-1234.js');
      assert.equal(chunk.status, 503);
    } finally {
      await server.stop();
      await rm(empty.path, { recursive: true, force: true });
    }
  });
});

describe('/widget/ by default', () => {
  test('serves the repository’s dist/, byte for byte (when it is built)', async () => {
    const server = await TestServer.start();
    try {
      const built = await readFile(new URL('../../dist/confab.js', import.meta.url)).catch(
        () => null,
      );
      const answer = await server.call('GET', '/widget/confab.js');
      if (built) assert.equal(answer.text, built.toString('utf8'));
      else assert.equal(answer.status, 503);
    } finally {
      await server.stop();
    }
  });
});
