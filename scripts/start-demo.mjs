#!/usr/bin/env node
// `npm start`: the whole demo in one command. Builds the widget when needed,
// seeds a local SQLite database on first run, starts the reference comment
// server and a static server for the demo blog, and stops both on Ctrl+C.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  REPO_ROOT,
  closeServer,
  createStaticServer,
  ensureWidgetBuilt,
  listen,
  seedDatabase,
  startApiServer,
} from './demo-server.mjs';

/** A port from the environment; 0 lets the system pick a free one (the addresses printed are real). */
function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    console.error(
      `${name} must be a port number between 0 (any free port) and 65535, not "${raw}".`,
    );
    process.exit(2);
  }
  return port;
}

const demoPort = portFromEnv('CONFAB_DEMO_PORT', 5173);
const apiPort = portFromEnv('CONFAB_API_PORT', 8787);
// CONFAB_DEMO_DB lets the tests (or you) keep the demo's data elsewhere.
const dbFile = resolve(process.env.CONFAB_DEMO_DB || join(REPO_ROOT, '.demo', 'confab.sqlite'));

try {
  await ensureWidgetBuilt();
  await mkdir(dirname(dbFile), { recursive: true });
  const seeded = (await seedDatabase(dbFile)).trim();
  if (seeded) console.log(seeded);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// The site listens first: the comment server must know the site's origin, and
// the site's pages learn the comment server's address once it is up.
let apiUrl = '';
const site = createStaticServer({ apiUrl: () => apiUrl });
let siteUrl;
try {
  siteUrl = `http://localhost:${await listen(site, demoPort)}`;
} catch (error) {
  console.error(`Cannot serve the demo on port ${demoPort}: ${error.message}`);
  console.error('Set CONFAB_DEMO_PORT to use another port (0: any free one).');
  process.exit(1);
}

let api;
try {
  api = await startApiServer({ dbFile, port: apiPort, origin: siteUrl });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(
    `Is something else listening on port ${apiPort}? Set CONFAB_API_PORT to use another (0: any free one).`,
  );
  await closeServer(site);
  process.exit(1);
}
apiUrl = `http://localhost:${new URL(api.url).port}`;

console.log(`Comment server: ${apiUrl} (database ${dbFile})`);
console.log(
  `Moderation console: ${apiUrl}/admin/ (make a moderator first: ` +
    `npx confab-server admin add-moderator <name> --db ${dbFile})`,
);
console.log(`\n  Confab demo: ${siteUrl}/\n`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function shutDown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo…`);
  await Promise.all([closeServer(site), api.stop()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutDown('SIGINT'));
process.on('SIGTERM', () => void shutDown('SIGTERM'));
process.on('SIGHUP', () => void shutDown('SIGHUP'));

// `npm start` runs this script through `sh -c`. A SIGTERM sent to npm ends npm
// and that shell without passing it on, which would leave this process (and
// both ports) running as an orphan: notice the lost parent and stop too.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) void shutDown('The parent process ended');
}, 1_000).unref();

// If the comment server dies on its own, the demo is of no use: say so and stop.
// Ctrl+C in a terminal signals the child too, and its exit may be noticed
// before our own SIGINT handler runs, hence the short grace period.
void api.exited.then(async ({ code, signal }) => {
  await new Promise((settle) => setTimeout(settle, 300));
  if (stopping) return;
  console.error(`The comment server stopped (${signal ?? `exit code ${code}`}):\n${api.output()}`);
  stopping = true;
  await closeServer(site);
  process.exit(1);
});
