// The browser suite against property-mangled code: `npx wtr --config scripts/wtr-mangled.config.mjs`.
//
// The script-tag build renames internal properties (vite.config.ts, scripts/internal-names.mjs),
// but the browser tests import src/ directly, so on their own they never see that renaming. This
// config serves every module of src/ and test/ through terser's property mangler with the same
// name list and one name cache, so the whole suite runs as the bundle would behave. Run it after
// changing the name rule or adding names to its EXTRA list.
import base from '../web-test-runner.config.mjs';
import { minify } from 'terser';
import { internalPropertyNames } from './internal-names.mjs';

const regex = new RegExp(`^(?:${internalPropertyNames().join('|')})$`);
const nameCache = {};

export default {
  ...base,
  plugins: [
    ...base.plugins,
    {
      name: 'confab-mangle-properties',
      async transform(context) {
        if (!/^\/(src|test)\/.*\.ts$/.test(context.path) || typeof context.body !== 'string')
          return;
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
  ],
};
