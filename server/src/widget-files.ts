import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from './errors.js';

/**
 * Serves the built widget (`npm run build`'s `dist/`) under `/widget/`, so that a site owner
 * hosts this server and nothing else: `confab.js` and `count.js` (the entries a page names in
 * its script tags), `chunks/*.js` (what the entry loads on demand) and their source maps.
 */

/** The repository's dist/, beside server/: where `npm run build` writes the widget. */
export const DEFAULT_WIDGET_DIR = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

export const WIDGET_PREFIX = '/widget/';

/** Entries keep their name from build to build: a page may hold them a few minutes. */
const ENTRY_CACHE = 'public, max-age=300';
/** A chunk's name carries a hash of its content: a new build gives a new name. */
const CHUNK_CACHE = 'public, max-age=31536000, immutable';

// Nothing else is ever read: no dot segments, no other folders, no other extensions.
const SERVED = /^(?:(confab|count)\.js|chunks\/[A-Za-z0-9_-]+\.js)(\.map)?$/;

interface CachedFile {
  mtimeMs: number;
  size: number;
  bytes: Buffer;
  etag: string;
}

export function isWidgetPath(url: string): boolean {
  return url.startsWith(WIDGET_PREFIX);
}

export function widgetRoutes(app: FastifyInstance, directory = DEFAULT_WIDGET_DIR): void {
  // Per server, keyed by file: a rebuild while the server runs shows in the file's mtime or size.
  const cache = new Map<string, CachedFile>();

  async function load(name: string): Promise<CachedFile | null> {
    const path = join(directory, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const known = cache.get(name);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const bytes = await readFile(path);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    const file = { mtimeMs: info.mtimeMs, size: info.size, bytes, etag };
    cache.set(name, file);
    return file;
  }

  app.get<{ Params: { '*': string } }>(`${WIDGET_PREFIX}*`, async (request, reply) => {
    const name = request.params['*'];
    const served = SERVED.exec(name);
    if (!served) throw new ApiError('not_found', `No widget file ${name.slice(0, 100)}`);
    const file = await load(name);
    if (!file) {
      const entry = await load('confab.js');
      if (!entry) {
        throw new ApiError(
          'unavailable',
          `The widget is not built: run "npm run build" in the Confab repository ` +
            `(the server serves ${directory})`,
        );
      }
      throw new ApiError('not_found', `No widget file ${name}`);
    }
    widgetHeaders(reply, served[1] ? ENTRY_CACHE : CHUNK_CACHE, name.endsWith('.map'));
    reply.header('etag', file.etag);
    if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(file.etag)) {
      return reply.code(304).send();
    }
    return reply.send(file.bytes);
  });
}

/**
 * A page of any origin loads these as module scripts, which are fetched in CORS mode: they are
 * the same public bytes for everyone, so any origin may read them (the API's origin list guards
 * the API, not these files).
 */
function widgetHeaders(reply: FastifyReply, cacheControl: string, map: boolean): void {
  reply.header('access-control-allow-origin', '*');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  reply.header('cache-control', cacheControl);
  reply.type(map ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');
}
