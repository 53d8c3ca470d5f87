// The pieces `npm start` is made of, shared with the end-to-end tests so that
// the tests exercise exactly what a newcomer runs: a static server for the
// demo site and the built widget, the widget build check, and the reference
// comment server as a child process.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEMO_DIR = join(REPO_ROOT, 'demo');
export const DIST_DIR = join(REPO_ROOT, 'dist');
/** The moderation console's build (admin/vite.config.ts), served by the server at /admin/. */
export const CONSOLE_DIST_DIR = join(REPO_ROOT, 'server', 'admin-dist');
export const SEED_FILE = join(DEMO_DIR, 'seed.json');
const SERVER_BIN = join(REPO_ROOT, 'server', 'bin', 'confab-server.js');

/**
 * The comment server's address as written in the demo's HTML. When the API
 * runs elsewhere (another port, a test's free port) the static server
 * rewrites it in every HTML page it sends.
 */
export const DEFAULT_API_URL = 'http://localhost:8787';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Maps a request path onto a file inside one of `roots`, or null. Decoding
 * happens before the containment check, so `%2e%2e/` cannot climb out.
 */
async function findFile(roots, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const root of roots) {
    let candidate = resolve(root, '.' + decoded);
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    let info = await stat(candidate).catch(() => null);
    if (info?.isDirectory()) {
      candidate = join(candidate, 'index.html');
      info = await stat(candidate).catch(() => null);
    }
    if (info?.isFile()) return { file: candidate, size: info.size };
  }
  return null;
}

/**
 * A small static file server for the demo site (`demo/`) and the widget
 * build (`dist/`, so the pages can load `/confab.js`). GET and HEAD only.
 * `apiUrl` may be a function, for a comment server that starts (on a port
 * only then known) after the site listens.
 *
 * @param {{ apiUrl?: string | (() => string), roots?: string[] }} [options]
 */
export function createStaticServer({
  apiUrl = DEFAULT_API_URL,
  roots = [DEMO_DIR, DIST_DIR],
} = {}) {
  const resolvedRoots = roots.map((root) => resolve(root));
  const currentApiUrl = typeof apiUrl === 'function' ? apiUrl : () => apiUrl;

  return createServer(async (request, response) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // The demo is for trying things out: always revalidate, so a rebuilt widget shows at once.
    response.setHeader('Cache-Control', 'no-cache');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Method not allowed\n');
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://demo.invalid');
    const found = await findFile(resolvedRoots, pathname);
    if (!found) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
    const extension = extname(found.file).toLowerCase();
    const type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    const api = currentApiUrl().replace(/\/$/, '');
    if (extension === '.html' && api !== DEFAULT_API_URL) {
      const html = (await readFile(found.file, 'utf8')).replaceAll(DEFAULT_API_URL, api);
      const body = Buffer.from(html, 'utf8');
      response.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': found.size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  });
}

/**
 * Starts `server` listening; resolves with the port it got (pass 0 for a free one).
 *
 * @param {import('node:http').Server} server
 */
export function listen(server, port, host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting connections and drops the open ones (keep-alive included). */
export function closeServer(server) {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

async function newestModification(directory) {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    const time = entry.isDirectory() ? await newestModification(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/**
 * True when `dist/confab.js` or the moderation console's page is missing, or older than some file
 * under `src/` or `admin/` (the console imports the widget's renderers from `src/`).
 */
export async function widgetBuildIsStale() {
  const widget = await stat(join(DIST_DIR, 'confab.js')).catch(() => null);
  const moderation = await stat(join(CONSOLE_DIST_DIR, 'index.html')).catch(() => null);
  if (!widget || !moderation) return true;
  const newestSource = Math.max(
    await newestModification(join(REPO_ROOT, 'src')),
    await newestModification(join(REPO_ROOT, 'admin')),
  );
  return newestSource > Math.min(widget.mtimeMs, moderation.mtimeMs);
}

function runToEnd(command, args, { quiet = false } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (code === 0) done(output);
      else
        fail(
          new Error(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${output ? `:\n${output}` : ''}`,
          ),
        );
    });
  });
}

/** Runs `npm run build` if the widget bundle is missing or out of date. */
export async function ensureWidgetBuilt({ log = console.log } = {}) {
  if (!(await widgetBuildIsStale())) return false;
  log('Building the widget (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await runToEnd(npm, ['run', '-s', 'build']);
  return true;
}

/**
 * Loads a seed file with the reference server's `seed` command, which does
 * nothing to a database that already has comments (so visitors' posts survive
 * a restart). Resolves with what the command printed.
 */
export function seedDatabase(dbFile, seedFile = SEED_FILE) {
  return runToEnd(process.execPath, [SERVER_BIN, 'seed', '--db', dbFile, seedFile], {
    quiet: true,
  });
}

/**
 * Makes a moderator with the server's `admin add-moderator <name>` command; resolves with the
 * password it printed (its last line is `password: <password>`).
 */
export async function addModerator(dbFile, name) {
  const output = await runToEnd(
    process.execPath,
    [SERVER_BIN, 'admin', 'add-moderator', name, '--db', dbFile],
    { quiet: true },
  );
  const password = /^password: (\S+)$/m.exec(output.trim().split('\n').at(-1) ?? '')?.[1];
  if (!password) throw new Error(`admin add-moderator printed no password:\n${output}`);
  return password;
}

/**
 * Starts the reference server as a child process and resolves once it has
 * printed the URL it listens on (with port 0, the one the system gave it).
 *
 * @param {{ dbFile: string, port: number, origin: string, host?: string, rateLimit?: boolean, flags?: string[], readyTimeoutMs?: number }} options
 */
export function startApiServer({
  dbFile,
  port,
  origin,
  host = '127.0.0.1',
  rateLimit = true,
  flags = [],
  // Only a server that hangs meets it (one that exits fails at once, below): generous, since a
  // start on a machine at load 40 took over 30 s.
  readyTimeoutMs = 120_000,
}) {
  const args = [
    SERVER_BIN,
    '--port',
    String(port),
    '--host',
    host,
    '--db',
    dbFile,
    '--origin',
    origin,
  ];
  if (!rateLimit) args.push('--no-rate-limit');
  args.push(...flags);
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`The comment server did not start within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onOutput = (chunk) => {
      output += chunk;
      const url = /https?:\/\/[^\s"']+/.exec(output)?.[0];
      if (url && child.stdout) {
        clearTimeout(timer);
        child.stdout.off('data', onOutput);
        // Keep draining both pipes so the child never blocks on a full buffer.
        child.stdout.on('data', () => {});
        ready({ url: url.replace(/\/$/, ''), process: child, exited, stop, output: () => output });
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(
        new Error(
          `The comment server exited (${signal ?? `code ${code}`}) before it was ready:\n${output}`,
        ),
      );
    });
  });
}
