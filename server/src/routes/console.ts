import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../errors.js';

/** Where `npm run build` writes the moderation console (admin/vite.config.ts). */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../admin-dist/', import.meta.url));

/**
 * The console's own policy: its scripts and styles come from the server (no inline script, no
 * CDN), it talks to this server only, and no other site may frame it. Comment bodies are rendered
 * without images, so `img-src` only needs the page's blank icon (`data:`).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

// Vite names built assets `<name>-<hash>.<ext>`; a hashed name never changes content.
const HASHED = /-[\w-]{8,}\.[a-z0-9]+(?:\.map)?$/i;
const ASSET_NAME = /^[\w-]+(?:\.[\w-]+)*\.[a-z0-9]+$/i;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Confab moderation: not built</title></head>
<body><h1>The moderation console is not built</h1>
<p>Run <code>npm run build</code> in the Confab checkout, then reload this page.</p></body></html>
`;

function consoleHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('cross-origin-resource-policy', 'same-origin')
    .header('referrer-policy', 'no-referrer');
}

/**
 * Serves the built moderation console: `GET /admin/` is its page (revalidated on every visit, so
 * a new build shows at once), `/admin/assets/*` its hashed files (cached for a year, immutable).
 * Without a build, `/admin/` says how to make one (503). The console is a client of the
 * moderation API under the same `/admin/` prefix and nothing more.
 */
export function consoleRoutes(app: FastifyInstance, distDir: string = CONSOLE_DIST_DIR): void {
  // `admin/` relative to `/admin`: right behind a proxy that mounts the server under a prefix too.
  app.get('/admin', async (_request, reply) => reply.redirect('admin/', 301));

  app.get('/admin/', async (_request, reply) => {
    consoleHeaders(reply).header('cache-control', 'no-cache');
    const html = await readFile(join(distDir, 'index.html')).catch(() => null);
    if (!html) {
      return reply
        .code(503)
        .header('retry-after', '60')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    }
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get<{ Params: { file: string } }>('/admin/assets/:file', async (request, reply) => {
    const { file } = request.params;
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    // A plain file name only (no `..`, no slash, no NUL): nothing outside assets/ is reachable.
    if (!type || !ASSET_NAME.test(file)) throw new ApiError('not_found', 'No such file');
    const path = join(distDir, 'assets', file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new ApiError('not_found', 'No such file');
    consoleHeaders(reply).header(
      'cache-control',
      HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return reply.type(type).send(await readFile(path));
  });
}
