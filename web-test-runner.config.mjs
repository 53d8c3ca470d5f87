import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { inlineCssPlugin } from './scripts/inline-css.mjs';

// The reference server is TypeScript run as it is (as `npm run test:server` runs it): tsx loads the
// plugin and the server code it imports, in a module namespace of their own.
const { testServerPlugin } = await tsImport(
  './test/support/test-server/plugin.ts',
  import.meta.url,
);

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: true,
  concurrency: 2,
  // A hang detector, not a speed check: tests that type, post and run axe took over 10 s on a
  // 2-core CI machine at load 16 (performance lives in `npm run bench`).
  testFramework: { config: { timeout: 30_000 } },
  browsers: [
    chromeLauncher({
      // Each test page in a window of its own: a background tab gets no animation frames and no
      // IntersectionObserver callbacks, so tests of the files running alongside would stall.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS],
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    // Real reference servers under /api/<scope>/ for the browser tests (test/support/server.ts).
    testServerPlugin(),
    // `import text from './x.css?inline'`, as in the Vite build.
    inlineCssPlugin(),
  ],
};
