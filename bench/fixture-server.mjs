// A protocol-faithful Confab endpoint for the browser benchmark, plus the
// files the benchmark pages need, on one origin (127.0.0.1, a free port).
//
// Why not the reference server: the benchmark measures the browser, so the
// server must cost next to nothing and be the same on every run. Threads are
// generated deterministically and each `GET /threads` answer is serialised
// once and then served from memory. Everything else a widget may call on
// load (session, counts, the event stream, votes, posts) answers as
// PROTOCOL.md says, with real status codes and error bodies, so a widget that
// misbehaves fails here as it would against a real server.
//
// Routes:
//   /api/…              the protocol (threads are `bench-<size>` pages)
//   /dist/…             the built widget (dist/confab.js and its chunks)
//   /bench/pages/…      the benchmark shell page and its harness
//   /bench/build/…      the minimal-Lit baseline bundle (built by run-browser.mjs)
//   /bench/static/<n>   the static-HTML baseline markup for an n-comment thread
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { generateThread } from './fixtures/generate.mjs';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const SORTS = new Set(['oldest', 'newest', 'top']);
const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;

class HttpError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/**
 * @param {{ root: string, dist?: string, buildDir: string, sizes: number[] }} options
 *   root: the repository root; dist: the built widget (default root/dist);
 *   buildDir: where the Lit baseline bundle is.
 */
export function createFixtureServer({ root, dist = join(root, 'dist'), buildDir, sizes }) {
  /** page key → { locked, comments (document order, oldest) } */
  const threads = new Map();
  for (const size of sizes) {
    const { page, comments } = generateThread(size);
    threads.set(page, { locked: false, comments });
  }
  /** `${page}|${sort}|${limit}|${offset}|${token}` → serialised answer */
  const answers = new Map();
  /** size → static-HTML baseline markup */
  const staticMarkup = new Map();
  /** token → true */
  const tokens = new Set();
  /** `${token}|${key}` → serialised first answer (Idempotency-Key) */
  const idempotent = new Map();
  const votesByToken = new Map();
  const streams = new Set();
  let nextId = 1;

  function invalidate(page) {
    for (const key of answers.keys()) if (key.startsWith(`${page}|`)) answers.delete(key);
  }

  function visible(comment) {
    return comment.status !== 'pending';
  }

  // Top-level comments with their replies, in the order `sort` asks for.
  function groups(thread, sort) {
    const byRoot = [];
    let current = null;
    for (const c of thread.comments) {
      if (c.parentId === null) {
        current = { root: c, members: [c] };
        byRoot.push(current);
      } else if (current) {
        current.members.push(c);
      }
    }
    if (sort === 'newest') byRoot.reverse();
    if (sort === 'top') {
      byRoot.sort(
        (a, b) =>
          b.root.votes.up - b.root.votes.down - (a.root.votes.up - a.root.votes.down) ||
          a.root.createdAt.localeCompare(b.root.createdAt),
      );
    }
    return byRoot;
  }

  function threadAnswer(query, token) {
    const page = query.get('page');
    if (!page || page.length > 512) {
      throw new HttpError(400, 'invalid_request', 'page is required (at most 512 characters)', {
        page: 'required',
      });
    }
    const sort = query.get('sort') ?? 'oldest';
    if (!SORTS.has(sort)) {
      throw new HttpError(400, 'invalid_request', 'sort must be oldest, newest or top', {
        sort: 'invalid',
      });
    }
    const limitText = query.get('limit');
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new HttpError(400, 'invalid_request', `limit must be 1 to ${MAX_LIMIT}`, {
        limit: 'invalid',
      });
    }
    const cursor = query.get('cursor');
    let offset = 0;
    if (cursor !== null) {
      const match = /^o(\d+)$/.exec(cursor);
      if (!match) throw new HttpError(400, 'invalid_request', 'bad cursor', { cursor: 'invalid' });
      offset = Number(match[1]);
    }
    // Answers differ per caller only in `mine`/`myVote`; readers without a
    // token (the benchmark's case) share one serialised answer.
    const key = `${page}|${sort}|${limit}|${offset}|${token ?? ''}`;
    let body = answers.get(key);
    if (!body) {
      const thread = threads.get(page);
      if (!thread) {
        body = JSON.stringify({ page, locked: false, total: 0, comments: [], nextCursor: null });
      } else {
        const all = groups(thread, sort);
        const slice = all.slice(offset, offset + limit);
        const comments = slice
          .flatMap((g) => g.members)
          .filter((c) => visible(c) || (token !== null && c.owner === token))
          .map((c) => forCaller(c, token));
        body = JSON.stringify({
          page,
          locked: thread.locked,
          total: thread.comments.filter(visible).length,
          comments,
          nextCursor: offset + limit < all.length ? `o${offset + limit}` : null,
        });
      }
      answers.set(key, body);
    }
    return body;
  }

  function bearer(req) {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    return match && tokens.has(match[1]) ? match[1] : null;
  }

  function requireToken(req) {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'a reader token is required');
    return token;
  }

  async function readJson(req) {
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, 'unsupported_media_type', 'send application/json');
    }
    const chunks = [];
    let length = 0;
    for await (const chunk of req) {
      length += chunk.length;
      if (length > 64 * 1024) throw new HttpError(413, 'payload_too_large', 'body too large');
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_request', 'body is not JSON');
    }
  }

  function findComment(id) {
    for (const [page, thread] of threads) {
      const comment = thread.comments.find((c) => c.id === id);
      if (comment) return { page, thread, comment };
    }
    throw new HttpError(404, 'not_found', 'no such comment');
  }

  function forCaller(comment, token) {
    const mine = token !== null && comment.owner === token;
    const myVote = token ? (votesByToken.get(`${token}|${comment.id}`) ?? 0) : 0;
    const visibleFields = { ...comment, mine, myVote };
    delete visibleFields.owner;
    return visibleFields;
  }

  function broadcast(page, event, data) {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) if (stream.page === page) stream.res.write(frame);
  }

  async function postComment(req) {
    const token = requireToken(req);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && idempotent.has(`${token}|${key}`)) {
      return idempotent.get(`${token}|${key}`);
    }
    const input = await readJson(req);
    const fields = {};
    const body = typeof input?.body === 'string' ? input.body.trim() : '';
    if (body.length < 1 || body.length > 10_000) fields.body = 'must be 1 to 10000 characters';
    const name = typeof input?.author?.name === 'string' ? input.author.name.trim() : '';
    if (name.length < 1 || name.length > 64) fields.name = 'must be 1 to 64 characters';
    const url = input?.author?.url;
    if (url !== undefined && url !== '' && !isHttpUrl(url)) fields.url = 'must be an http(s) URL';
    if (typeof input?.page !== 'string' || input.page.length === 0) fields.page = 'required';
    if (Object.keys(fields).length > 0) {
      throw new HttpError(400, 'invalid_request', 'the comment is not valid', fields);
    }
    const thread = threads.get(input.page) ?? { locked: false, comments: [] };
    threads.set(input.page, thread);
    if (thread.locked) throw new HttpError(423, 'locked', 'this thread is closed');
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = thread.comments.find((c) => c.id === parentId);
      if (!parent || parent.status === 'deleted') {
        throw new HttpError(400, 'invalid_request', 'no such parent', { parentId: 'invalid' });
      }
    }
    const comment = {
      id: `n${nextId++}`,
      parentId,
      author: { name, url: url ? url : null, avatar: null },
      body: input.body,
      createdAt: new Date().toISOString(),
      editedAt: null,
      status: 'published',
      votes: { up: 0, down: 0 },
      myVote: 0,
      mine: false,
      owner: token,
    };
    // Keep document order: a reply goes after its parent's last descendant.
    let at = thread.comments.length;
    if (parentId !== null) {
      const ids = new Set([parentId]);
      at = thread.comments.findIndex((c) => c.id === parentId) + 1;
      while (at < thread.comments.length && ids.has(thread.comments[at].parentId)) {
        ids.add(thread.comments[at].id);
        at++;
      }
    }
    thread.comments.splice(at, 0, comment);
    invalidate(input.page);
    broadcast(input.page, 'comment', forCaller(comment, null));
    const answer = { status: 201, body: JSON.stringify({ comment: forCaller(comment, token) }) };
    if (typeof key === 'string') idempotent.set(`${token}|${key}`, answer);
    return answer;
  }

  async function vote(req, id) {
    const token = requireToken(req);
    const input = await readJson(req);
    if (![1, 0, -1].includes(input?.value)) {
      throw new HttpError(400, 'invalid_request', 'value must be 1, 0 or -1', { value: 'invalid' });
    }
    const { page, comment } = findComment(id);
    const previous = votesByToken.get(`${token}|${id}`) ?? 0;
    if (previous === 1) comment.votes.up--;
    if (previous === -1) comment.votes.down--;
    if (input.value === 1) comment.votes.up++;
    if (input.value === -1) comment.votes.down++;
    votesByToken.set(`${token}|${id}`, input.value);
    invalidate(page);
    broadcast(page, 'vote', { id, votes: comment.votes });
    return { status: 200, body: JSON.stringify({ votes: comment.votes, myVote: input.value }) };
  }

  async function changeComment(req, id, method) {
    const token = requireToken(req);
    const { page, comment } = findComment(id);
    if (comment.owner !== token) throw new HttpError(403, 'forbidden', 'not your comment');
    if (method === 'PATCH') {
      const input = await readJson(req);
      const body = typeof input?.body === 'string' ? input.body.trim() : '';
      if (body.length < 1 || body.length > 10_000) {
        throw new HttpError(400, 'invalid_request', 'the comment is not valid', {
          body: 'must be 1 to 10000 characters',
        });
      }
      comment.body = input.body;
      comment.editedAt = new Date().toISOString();
    } else {
      comment.status = 'deleted';
      comment.body = '';
      comment.author = { name: '', url: null, avatar: null };
    }
    invalidate(page);
    broadcast(page, 'comment', forCaller(comment, null));
    return { status: 200, body: JSON.stringify({ comment: forCaller(comment, token) }) };
  }

  async function api(req, res, url) {
    const path = url.pathname.slice('/api'.length);
    const json = (status, body, headers = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(body);
    };
    if (req.method === 'GET' && path === '/threads') {
      // Not labelled JSON, unlike the protocol's answers: Playwright keeps DevTools' Network
      // domain on, and DevTools decodes every finished text answer into a copy of its own, a
      // main-thread task (60 ms CPU for the 2.7 MB of 5,000 comments) that no reader's browser
      // runs. The widget reads the body as bytes whatever its type.
      return json(200, threadAnswer(url.searchParams, bearer(req)), {
        'content-type': 'application/octet-stream',
      });
    }
    if (req.method === 'POST' && path === '/session') {
      const token = randomUUID();
      tokens.add(token);
      return json(201, JSON.stringify({ token, name: null }));
    }
    if (req.method === 'GET' && path === '/counts') {
      const pages = url.searchParams.getAll('page');
      if (pages.length > 100) {
        throw new HttpError(400, 'invalid_request', 'at most 100 pages', { page: 'too many' });
      }
      const counts = {};
      for (const page of pages) {
        counts[page] = (threads.get(page)?.comments ?? []).filter(visible).length;
      }
      return json(200, JSON.stringify({ counts }));
    }
    if (req.method === 'GET' && path === '/events') {
      const page = url.searchParams.get('page');
      if (!page)
        throw new HttpError(400, 'invalid_request', 'page is required', { page: 'required' });
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const stream = { page, res };
      streams.add(stream);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        streams.delete(stream);
      });
      return;
    }
    if (req.method === 'POST' && path === '/comments') {
      const { status, body } = await postComment(req);
      return json(status, body);
    }
    const one = /^\/comments\/([^/]+)(\/vote)?$/.exec(path);
    if (one) {
      const id = decodeURIComponent(one[1]);
      if (one[2] && req.method === 'PUT') {
        const { status, body } = await vote(req, id);
        return json(status, body);
      }
      if (!one[2] && (req.method === 'PATCH' || req.method === 'DELETE')) {
        const { status, body } = await changeComment(req, id, req.method);
        return json(status, body);
      }
    }
    throw new HttpError(404, 'not_found', `no route ${req.method} ${path}`);
  }

  async function file(res, base, relativePath) {
    const full = normalize(join(base, relativePath));
    if (!full.startsWith(base + sep)) throw new HttpError(404, 'not_found', 'outside the root');
    let bytes;
    try {
      bytes = await readFile(full);
    } catch {
      throw new HttpError(404, 'not_found', `no file ${relativePath}`);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(bytes);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname.startsWith('/api/')) return await api(req, res, url);
      if (url.pathname.startsWith('/dist/')) {
        return await file(res, dist, url.pathname.slice(6));
      }
      if (url.pathname.startsWith('/bench/pages/')) {
        return await file(res, join(root, 'bench', 'pages'), url.pathname.slice(13));
      }
      if (url.pathname.startsWith('/bench/build/')) {
        return await file(res, buildDir, url.pathname.slice(13));
      }
      const staticMatch = /^\/bench\/static\/(\d+)$/.exec(url.pathname);
      if (staticMatch && staticMarkup.has(Number(staticMatch[1]))) {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        return res.end(staticMarkup.get(Number(staticMatch[1])));
      }
      throw new HttpError(404, 'not_found', `nothing at ${url.pathname}`);
    } catch (error) {
      const known = error instanceof HttpError;
      if (!known) console.error(error);
      if (res.headersSent) return res.end();
      const body = {
        error: {
          code: known ? error.code : 'internal',
          message: known ? error.message : 'internal error',
          ...(known && error.fields ? { fields: error.fields } : {}),
        },
      };
      res.writeHead(known ? error.status : 500, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    }
  });

  return {
    threads,
    staticMarkup,
    /** Starts listening on a free loopback port; resolves to the origin. */
    listen() {
      return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
          const { port } = server.address();
          resolve(`http://127.0.0.1:${port}`);
        });
      });
    },
    close() {
      for (const stream of streams) stream.res.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function isHttpUrl(value) {
  if (typeof value !== 'string' || value.length > 512) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
