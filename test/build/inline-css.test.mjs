// The build tooling for the widget's CSS (scripts/inline-css.mjs): the web-test-runner plugin that
// serves `*.css?inline` to the browser tests, and the minifier the as-built test run uses, which
// must give the same text as the Vite build. Run with `node --test test/build/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { inlineCssPlugin, lightningTargets, minifyCss } from '../../scripts/inline-css.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CSS =
  ':host {\n  display: block; /* a comment */\n  color: #ffffff;\n}\n\n[hidden] { display: none }\n';

const context = (url, body = CSS) => ({ url, path: url.split('?')[0], body });

test('serves a .css?inline import as a JavaScript module whose default export is the text', async () => {
  const plugin = inlineCssPlugin();
  const request = context('/src/styles/x.css?inline');
  assert.equal(plugin.resolveMimeType(request), 'js');
  const { body } = plugin.transform(request);
  const module = await import(`data:text/javascript,${encodeURIComponent(body)}`);
  assert.equal(module.default, CSS);
});

test('leaves every other request alone: plain .css, other queries, other files', () => {
  const plugin = inlineCssPlugin();
  for (const url of ['/src/x.css', '/src/x.css?raw', '/src/x.ts?inline', '/src/x.css.ts']) {
    assert.equal(plugin.resolveMimeType(context(url)), undefined, url);
    assert.equal(plugin.transform(context(url)), undefined, url);
  }
  // A body the server did not read as text (a stream) is not ours to change.
  assert.equal(plugin.transform(context('/x.css?inline', Buffer.from(CSS))), undefined);
});

test('minifies when asked, as the as-built test run does', async () => {
  const { body } = inlineCssPlugin({ minify: true }).transform(context('/x.css?inline'));
  const module = await import(`data:text/javascript,${encodeURIComponent(body)}`);
  assert.equal(module.default, ':host{color:#fff;display:block}[hidden]{display:none}');
});

test('converts the CSS target to Lightning CSS versions (major << 16 | minor << 8)', () => {
  assert.deepEqual(lightningTargets(['chrome94', 'safari16.4', 'ios16.4']), {
    chrome: 94 << 16,
    safari: (16 << 16) | (4 << 8),
    ios_saf: (16 << 16) | (4 << 8),
  });
  assert.throws(() => lightningTargets(['netscape4']), /unknown CSS target/);
});

test('minifies exactly as the Vite build (vite.config.ts) inlines the widget’s own CSS', async () => {
  const out = mkdtempSync(join(tmpdir(), 'confab-inline-css-'));
  try {
    const files = ['src/styles/tokens.css', 'src/elements/confab-composer.css'];
    const entry = join(out, 'entry.js');
    writeFileSync(
      entry,
      files
        .map((file, i) => `export { default as css${i} } from '${root}/${file}?inline';`)
        .join('\n'),
    );
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: {
        outDir: out,
        lib: { entry, formats: ['es'], fileName: () => 'built.js' },
        sourcemap: false,
      },
    });
    const built = await import(pathToFileURL(join(out, 'built.js')).href);
    files.forEach((file, i) => {
      assert.equal(built[`css${i}`], minifyCss(readFileSync(join(root, file), 'utf8')), file);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
