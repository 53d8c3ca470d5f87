// The browser suite run on code transformed as the build transforms it:
// `npx wtr --config scripts/wtr-build.config.mjs` (`npm run test:browser:build`, part of `npm test`).
//
// The browser tests import src/ directly and esbuild only strips their types, so on their own they
// never meet Terser. This config runs the build's own Terser options (scripts/terser-config.mjs,
// the module vite.config.ts uses) over every module of src/ and test/ and of the widget's runtime
// dependencies (Lit, as package.json lists them), so the whole suite, the security
// tests included, runs on renamed `#private` members and compressed code, and the .css files the
// widget imports with `?inline` arrive minified as the build minifies them.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import base from '../web-test-runner.config.mjs';
import { terserOptions } from './terser-config.mjs';
import { inlineCssPlugin } from './inline-css.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readPackage = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** The widget's runtime dependencies and theirs: what the script-tag bundle contains. */
function runtimePackages() {
  const direct = Object.keys(readPackage(root).dependencies ?? {});
  const found = new Set();
  const visit = (name) => {
    const dir = join(root, 'node_modules', name);
    if (found.has(name) || !existsSync(join(dir, 'package.json'))) return;
    found.add(name);
    for (const dependency of Object.keys(readPackage(dir).dependencies ?? {})) visit(dependency);
  };
  direct.forEach(visit);
  return { direct, all: [...found] };
}

const packages = runtimePackages();
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const dependencyPath = new RegExp(
  `^/node_modules/(${packages.all.map(escape).join('|')})/.*\\.m?js$`,
);
/** What went through the build's transforms: 'src', 'css' and the direct dependencies' names. */
const transformed = new Set();

// The minifying variant of the ?inline plugin in place of the ordinary one.
const minifiedCss = inlineCssPlugin({ minify: true });
const serveMinifiedCss = {
  ...minifiedCss,
  transform(context) {
    const result = minifiedCss.transform(context);
    if (result) transformed.add('css');
    return result;
  },
};

export default {
  ...base,
  plugins: [
    ...base.plugins.filter((plugin) => plugin.name !== minifiedCss.name),
    serveMinifiedCss,
    {
      name: 'confab-build-transforms',
      async transform(context) {
        if (typeof context.body !== 'string') return;
        const dependency = dependencyPath.exec(context.path)?.[1];
        if (!dependency && !/^\/(src|test)\/.*\.ts$/.test(context.path)) return;
        const result = await minify(context.body, terserOptions());
        transformed.add(dependency ?? context.path.split('/')[1]);
        return { body: result.code };
      },
    },
    {
      // A run that never served the widget's code, its CSS or a dependency as built proves nothing.
      name: 'confab-build-transforms-check',
      serverStop() {
        const missing = ['src', 'css', ...packages.direct].filter((name) => !transformed.has(name));
        if (missing.length) throw new Error(`not served as built: ${missing.join(', ')}`);
      },
    },
  ],
};
