// The browser suite run on code transformed as the build transforms it:
// `npx wtr --config scripts/wtr-build.config.mjs`.
//
// The browser tests import src/ directly, so on their own they never see what the script-tag build
// does to the code. This config applies the two transforms that could change behaviour:
// - terser's property mangler with the build's name list (vite.config.ts,
//   scripts/internal-names.mjs) and one name cache, on every module of src/ and test/;
// - DOMPurify with its unused default allow-lists emptied (scripts/purify-defaults.mjs), so the
//   security suite runs against the sanitiser exactly as shipped.
// Run it after changing either rule or the names in internal-names.mjs's EXTRA list.
import base from '../web-test-runner.config.mjs';
import { minify } from 'terser';
import { internalPropertyNames } from './internal-names.mjs';
import { PURIFY_FILE, emptyPurifyDefaults } from './purify-defaults.mjs';

const regex = new RegExp(`^(?:${internalPropertyNames().join('|')})$`);
const nameCache = {};
let purifyTransformed = false;

export default {
  ...base,
  plugins: [
    ...base.plugins,
    {
      name: 'confab-build-transforms',
      async transform(context) {
        if (typeof context.body !== 'string') return;
        if (PURIFY_FILE.test(context.path)) {
          purifyTransformed = true;
          return { body: emptyPurifyDefaults(context.body) };
        }
        if (!/^\/(src|test)\/.*\.ts$/.test(context.path)) return;
        const result = await minify(context.body, {
          module: true,
          ecma: 2022,
          compress: false,
          mangle: { properties: { regex }, keep_classnames: true, keep_fnames: true },
          nameCache,
          format: { beautify: true, comments: false },
        });
        return { body: result.code };
      },
    },
    {
      // A run that never served DOMPurify's file through the transform proves nothing about it.
      name: 'confab-build-transforms-check',
      serverStop() {
        if (!purifyTransformed) throw new Error('DOMPurify was not served through its transform');
      },
    },
  ],
};
