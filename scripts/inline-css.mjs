// The widget's CSS lives in .css files that its styles modules import with Vite's `?inline`
// suffix: the module's default export is the file's text, which the build minifies with Lightning
// CSS (Vite's own CSS minifier). This module holds the two things the build and the browser tests
// share about that:
// - the browsers the CSS is minified for (vite.config.ts passes them to Vite as `cssTarget`);
// - a web-test-runner plugin that serves `*.css?inline` as the same kind of module, so the tests
//   can import src/ unbundled. The as-built run (scripts/wtr-build.config.mjs) asks it to minify
//   as the build does; the ordinary run serves the text as written.
import { Features, transform } from 'lightningcss';

/**
 * The CSS target: the browsers of the JavaScript target, ES2022, as Vite maps it (and as its
 * `cssTarget` default would be). Lightning CSS only adds prefixes or lowers syntax these lack.
 */
export const CSS_TARGET = ['chrome94', 'edge94', 'firefox93', 'safari16.4', 'ios16.4', 'opera80'];

/** esbuild's browser names (Vite's `cssTarget`) as Lightning CSS names them. */
const BROWSERS = {
  chrome: 'chrome',
  edge: 'edge',
  firefox: 'firefox',
  safari: 'safari',
  ios: 'ios_saf',
  opera: 'opera',
};

/**
 * Lightning CSS options besides the targets (vite.config.ts passes them as `css.lightningcss`).
 * Lightning CSS's `light-dark()` fallback (two custom properties on every rule that sets
 * `color-scheme`) cannot see the host page's `color-scheme`, which the widget's palette follows;
 * src/styles/tokens.css has its own fallback for browsers without `light-dark()`.
 */
export const LIGHTNING_CSS = { exclude: Features.LightDark };

/** `CSS_TARGET` in Lightning CSS's form: a version per browser, major << 16 | minor << 8. */
export function lightningTargets(target = CSS_TARGET) {
  const targets = {};
  for (const entry of target) {
    const [, name, major, minor = '0'] = /^([a-z]+)(\d+)(?:\.(\d+))?$/.exec(entry) ?? [];
    if (!name || !BROWSERS[name]) throw new Error(`unknown CSS target ${entry}`);
    targets[BROWSERS[name]] = (Number(major) << 16) | (Number(minor) << 8);
  }
  return targets;
}

/** Minifies CSS text as the build minifies an inlined .css file. */
export function minifyCss(text, filename = 'inline.css') {
  const { code } = transform({
    ...LIGHTNING_CSS,
    filename,
    code: Buffer.from(text),
    minify: true,
    targets: lightningTargets(),
  });
  return new TextDecoder().decode(code);
}

const isInlineCss = (context) =>
  context.path.endsWith('.css') && new URL(context.url, 'http://x/').searchParams.has('inline');

/**
 * The web-test-runner (@web/dev-server) plugin: `import text from './x.css?inline'` gets the
 * file's text as the module's default export, as in the Vite build. `minify: true` minifies it
 * with `minifyCss`.
 * @param {{ minify?: boolean }} [options]
 */
export function inlineCssPlugin({ minify = false } = {}) {
  return {
    name: 'confab-inline-css',
    resolveMimeType(context) {
      if (isInlineCss(context)) return 'js';
    },
    transform(context) {
      if (!isInlineCss(context) || typeof context.body !== 'string') return;
      const text = minify ? minifyCss(context.body, context.path) : context.body;
      return { body: `export default ${JSON.stringify(text)};\n` };
    },
  };
}
