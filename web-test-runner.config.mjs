import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fakeEndpointPlugin } from './test/support/fake-endpoint.mjs';

// Real Chromium from Debian; the flags keep it off the closed network.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    // In-memory Confab server under /fake-api/<scope>/ for browser tests.
    fakeEndpointPlugin(),
  ],
};
