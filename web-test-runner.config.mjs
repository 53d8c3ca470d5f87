import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { fakeEndpointPlugin } from './test/support/fake-endpoint.mjs';
import { inlineCssPlugin } from './scripts/inline-css.mjs';

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: true,
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
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
    // In-memory Confab server under /fake-api/<scope>/ for browser tests.
    fakeEndpointPlugin(),
    // `import text from './x.css?inline'`, as in the Vite build.
    inlineCssPlugin(),
  ],
};
