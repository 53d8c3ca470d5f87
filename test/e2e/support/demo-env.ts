// The demo as the end-to-end tests run it: the real reference server (own
// temporary database, seeded, free port, no rate limit), the built widget and
// the demo site served by the same static server as `npm start`, and Debian's
// Chromium driven by playwright-core.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  closeServer,
  createStaticServer,
  ensureWidgetBuilt,
  listen,
  seedDatabase,
  startApiServer,
  type ApiServer,
} from '../../../scripts/demo-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

/** The page keys of the demo's two articles (their `<link rel="canonical">`). */
export const FIRST_ARTICLE_KEY = 'https://quiet-pages.example/articles/deleting-our-framework';
export const SECOND_ARTICLE_KEY = 'https://quiet-pages.example/articles/changelogs-people-read';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

/** A port nobody listens on right now (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => found(port));
    });
  });
}

export interface DemoEnv {
  /** Origin of the demo site, e.g. http://localhost:40123 */
  siteUrl: string;
  /** Base URL of the comment API as the pages use it. */
  apiUrl: string;
  dbFile: string;
  browser: Browser;
  /** Stops the comment server (SIGTERM) and waits until it is gone. */
  stopApi(): Promise<void>;
  /** Starts the comment server again on the same port with the same database. */
  startApi(): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoEnv(): Promise<DemoEnv> {
  await ensureWidgetBuilt({ log: () => {} });
  const workDir = await mkdtemp(join(tmpdir(), 'confab-e2e-'));
  const dbFile = join(workDir, 'confab.sqlite');
  await seedDatabase(dbFile);

  const apiPort = await freePort();
  const apiUrl = `http://localhost:${apiPort}`;
  const site = createStaticServer({ apiUrl });
  const siteUrl = `http://localhost:${await listen(site, 0)}`;

  let api: ApiServer | null = null;
  const startApi = async () => {
    api = await startApiServer({ dbFile, port: apiPort, origin: siteUrl, rateLimit: false });
  };
  const stopApi = async () => {
    await api?.stop();
    api = null;
  };

  let browser: Browser | null = null;
  try {
    await startApi();
    browser = await launchChromium();
  } catch (error) {
    await stopApi();
    await closeServer(site);
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }

  return {
    siteUrl,
    apiUrl,
    dbFile,
    browser,
    startApi,
    stopApi,
    async close() {
      await browser?.close();
      await stopApi();
      await closeServer(site);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
