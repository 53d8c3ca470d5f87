// The demo as the end-to-end tests run it: the real reference server (own
// temporary database, seeded, a port of its own, no rate limit), the built
// widget and the demo site served by the same static server as `npm start`,
// and Debian's Chromium driven by playwright-core.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  DEMO_DIR,
  DIST_DIR,
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

/**
 * A fixed address for a server that stops and starts again on another port:
 * a TCP relay on a port this process holds for as long as the tests run (a
 * port probed free and bound again later may be taken in between). While no
 * target is set, connections are reset, as a stopped server's are refused.
 */
interface Relay {
  port: number;
  /** The port to pass connections on to, or null while the server is down. */
  target: number | null;
  /** Resets the connections passed on so far (their server has gone). */
  dropAll(): void;
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const open = new Set<Socket>();
  const relay: Relay = {
    port: 0,
    target: null,
    dropAll() {
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    close() {
      relay.dropAll();
      return new Promise((done) => server.close(() => done()));
    },
  };
  const server: Server = createNetServer((client) => {
    if (relay.target === null) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(relay.target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((listening, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const address = server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  return relay;
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
  /** Starts the comment server again, at the same address, with the same database. */
  startApi(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoEnvOptions {
  /** Directories the site serves before the demo's own, for pages a test brings along. */
  siteRoots?: string[];
  /** More `confab-server` flags, made from the API's address (the URL the pages use for it). */
  apiFlags?: (apiUrl: string) => string[];
}

export async function startDemoEnv(options: DemoEnvOptions = {}): Promise<DemoEnv> {
  await ensureWidgetBuilt({ log: () => {} });
  const workDir = await mkdtemp(join(tmpdir(), 'confab-e2e-'));
  const dbFile = join(workDir, 'confab.sqlite');
  await seedDatabase(dbFile);

  // The pages keep the API's address across restarts: it is the relay's.
  const relay = await startRelay();
  const apiUrl = `http://localhost:${relay.port}`;
  const site = createStaticServer({
    apiUrl,
    roots: [...(options.siteRoots ?? []), DEMO_DIR, DIST_DIR],
  });
  const siteUrl = `http://localhost:${await listen(site, 0)}`;

  let api: ApiServer | null = null;
  const startApi = async () => {
    api = await startApiServer({
      dbFile,
      port: 0,
      origin: siteUrl,
      rateLimit: false,
      flags: options.apiFlags?.(apiUrl) ?? [],
    });
    relay.target = Number(new URL(api.url).port);
  };
  const stopApi = async () => {
    relay.target = null;
    await api?.stop();
    relay.dropAll();
    api = null;
  };

  let browser: Browser | null = null;
  try {
    await startApi();
    browser = await launchChromium();
  } catch (error) {
    await stopApi();
    await relay.close();
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
      await relay.close();
      await closeServer(site);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
