// A protocol-faithful fake Confab server for browser tests, as a web-test-runner plugin.
//
// Served under `/fake-api/<scope>/…` by the test runner's own HTTP server, so tests talk to it
// same-origin with real fetch/EventSource. Each scope (one per test, see fake.ts) has its own
// in-memory store (fake-store.mjs). Control routes under `/fake-api/<scope>/__control/…` seed
// threads, inject faults, read the request log and drive the event streams.

import { ApiError, ERROR_STATUS, FakeStore, errorBody, normalisePageKey } from './fake-store.mjs';
import { report } from './fake-reports.mjs';

const PREFIX = '/fake-api/';
const SCOPE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_REQUEST_BYTES = 256 * 1024;
const SORTS = ['oldest', 'newest', 'top'];

/**
 * @typedef {object} Fault
 * @property {string} [method]
 * @property {string} [path]  '/threads' matches '/threads' and anything below it ('/comments' → '/comments/x/vote')
 * @property {number} [times]  how many matching requests it applies to (default 1)
 * @property {number} [status]
 * @property {{ code?: string, message?: string, fields?: Record<string, string> }} [error]
 * @property {number} [delayMs]  wait before answering; alone, the request is then handled normally
 * @property {string} [body]  raw answer body (malformed or wrong-shaped JSON), status defaults to 200
 * @property {string} [contentType]  of the injected answer (default JSON)
 * @property {number} [retryAfter]  seconds, sent as Retry-After (status defaults to 503)
 * @property {boolean} [dropConnection]  break the answer off after its headers (a network error)
 * @property {number} [hugeBytes]  answer 200 with a JSON body of this many bytes
 * @property {boolean} [chunked]  with hugeBytes: stream it without Content-Length
 * @property {boolean} [afterProcessing]  handle the request for real first (it takes effect), then fault the answer
 */

/**
 * @typedef {object} Scope
 * @property {FakeStore} store
 * @property {Fault[]} faults
 * @property {object[]} log
 * @property {Set<{ page: string, res: import('node:http').ServerResponse }>} streams
 */

/** @returns {import('@web/dev-server-core').Plugin} */
export function fakeEndpointPlugin() {
  /** @type {Map<string, Scope>} */
  const scopes = new Map();

  /** @param {string} id */
  function scopeFor(id) {
    let scope = scopes.get(id);
    if (!scope) {
      scope = { store: new FakeStore(), faults: [], log: [], streams: new Set() };
      attachStreams(scope);
      scopes.set(id, scope);
    }
    return scope;
  }

  return {
    name: 'confab-fake-endpoint',
    serverStart({ server }) {
      if (!server) return;
      // Koa's middleware chain is fixed before plugins start and its later stages would rewrite our
      // answers (status 200, etags), so the fake answers first, on the raw request.
      const others = server.listeners('request');
      server.removeAllListeners('request');
      server.on('request', (req, res) => {
        if (req.url?.startsWith(PREFIX)) {
          handle(scopeFor, req, res).catch((error) => {
            console.error('[fake-endpoint]', error);
            if (!res.headersSent)
              send(res, 500, errorBody(new ApiError('internal', String(error))));
            else res.destroy();
          });
          return;
        }
        for (const listener of others) listener.call(server, req, res);
      });
    },
    serverStop() {
      for (const scope of scopes.values()) for (const stream of scope.streams) stream.res.destroy();
    },
  };
}

/** @param {Scope} scope */
function attachStreams(scope) {
  scope.store.listeners.push((event, data, page) => {
    for (const stream of scope.streams) {
      if (stream.page === page) writeEvent(stream.res, event, data);
    }
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} event
 * @param {unknown} data  strings are sent as they are (to test malformed events), the rest as JSON
 */
function writeEvent(res, event, data) {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const lines = text.split('\n').map((line) => `data: ${line}`);
  res.write(`event: ${event}\n${lines.join('\n')}\n\n`);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  if (res.destroyed || res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_REQUEST_BYTES };
}

/** @param {string} text */
function parseLoose(text) {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** @param {URLSearchParams} params */
function queryObject(params) {
  /** @type {Record<string, string | string[]>} */
  const query = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {(id: string) => Scope} scopeFor
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(scopeFor, req, res) {
  // The browser hangs up on purpose in abort/timeout/huge-body tests; that is not a server failure.
  res.on('error', () => res.destroy());
  const url = new URL(req.url ?? '/', 'http://fake');
  const [scopeId, ...rest] = url.pathname.slice(PREFIX.length).split('/');
  if (!SCOPE_PATTERN.test(scopeId)) {
    send(res, 404, errorBody(new ApiError('not_found', 'No such fake scope.')));
    return;
  }
  const scope = scopeFor(scopeId);
  const path = `/${rest.join('/')}`;
  const method = req.method ?? 'GET';
  const { text, tooLarge } = await readBody(req);

  if (path.startsWith('/__control/')) {
    try {
      send(
        res,
        200,
        control(scope, method, path.slice('/__control'.length), url, parseLoose(text)),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      send(res, error.status, errorBody(error));
    }
    return;
  }

  scope.log.push({
    method,
    path,
    query: queryObject(url.searchParams),
    headers: { ...req.headers },
    body: parseLoose(text),
  });

  const fault = takeFault(scope, method, path);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (res.destroyed) return;

  const request = { method, path, url, req, text, tooLarge };
  if (!fault || !isAnswerFault(fault)) {
    answer(scope, request, res);
    return;
  }
  if (fault.afterProcessing) respond(scope, request);
  if (fault.dropConnection) {
    // Broken off mid-body: a connection closed before any byte would be resent by Chromium itself
    // when the socket was a reused keep-alive one, so the fault would not reach the client reliably.
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': '1000',
    });
    res.write('{"comm', () => res.destroy());
    return;
  }
  if (fault.hugeBytes !== undefined) {
    sendHuge(res, fault.hugeBytes, fault.chunked ?? false);
    return;
  }
  const status =
    fault.status ??
    (fault.error?.code && fault.error.code in ERROR_STATUS
      ? ERROR_STATUS[/** @type {keyof typeof ERROR_STATUS} */ (fault.error.code)]
      : fault.retryAfter !== undefined
        ? 503
        : fault.body !== undefined
          ? 200
          : 500);
  const headers = {
    'Content-Type': fault.contentType ?? 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {}),
  };
  const body =
    fault.body ??
    JSON.stringify({
      error: {
        code: fault.error?.code ?? codeForStatus(status),
        message: fault.error?.message ?? `Injected fault (${status}).`,
        ...(fault.error?.fields ? { fields: fault.error.fields } : {}),
      },
    });
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** @param {Fault} fault */
function isAnswerFault(fault) {
  return (
    fault.status !== undefined ||
    fault.error !== undefined ||
    fault.body !== undefined ||
    fault.retryAfter !== undefined ||
    fault.dropConnection === true ||
    fault.hugeBytes !== undefined
  );
}

/** @param {number} status */
function codeForStatus(status) {
  const entry = Object.entries(ERROR_STATUS).find(([, s]) => s === status);
  if (entry) return entry[0];
  if (status === 502 || status === 504) return 'unavailable';
  return status >= 500 ? 'internal' : 'invalid_request';
}

/** @param {Scope} scope @param {string} method @param {string} path */
function takeFault(scope, method, path) {
  const index = scope.faults.findIndex(
    (f) =>
      (!f.method || f.method.toUpperCase() === method) &&
      (!f.path || path === f.path || path.startsWith(`${f.path.replace(/\/$/, '')}/`)),
  );
  if (index < 0) return undefined;
  const fault = scope.faults[index];
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) scope.faults.splice(index, 1);
  return fault;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} bytes
 * @param {boolean} chunked
 */
function sendHuge(res, bytes, chunked) {
  const head = '{"page":"huge","padding":"';
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(chunked ? {} : { 'Content-Length': String(head.length + padding + tail.length) }),
  });
  res.write(head);
  const block = 'x'.repeat(64 * 1024);
  let left = padding;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const piece = block.slice(0, Math.min(block.length, left));
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

/**
 * @typedef {{ method: string, path: string, url: URL, req: import('node:http').IncomingMessage,
 *   text: string, tooLarge: boolean }} FakeRequest
 */

/**
 * @param {Scope} scope
 * @param {FakeRequest} request
 * @param {import('node:http').ServerResponse} res
 */
function answer(scope, request, res) {
  if (request.method === 'GET' && request.path === '/events') {
    openStream(scope, request, res);
    return;
  }
  const result = respond(scope, request);
  send(res, result.status, result.body);
}

/**
 * Runs one protocol request against the store.
 * @param {Scope} scope
 * @param {FakeRequest} request
 * @returns {{ status: number, body: unknown }}
 */
function respond(scope, request) {
  try {
    return route(scope.store, request);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: errorBody(error) };
    throw error;
  }
}

/** @param {import('node:http').IncomingMessage} req */
function bearer(req) {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError('unauthorized', 'Authorization must be "Bearer <token>".');
  return match[1];
}

/** @param {FakeRequest} request @param {boolean} optional */
function jsonBody(request, optional = false) {
  if (request.tooLarge) throw new ApiError('payload_too_large', 'The request body is too large.');
  if (request.text === '' && optional) return undefined;
  const type = request.req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send application/json.');
  }
  try {
    return JSON.parse(request.text);
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid JSON.');
  }
}

/**
 * @param {FakeStore} store
 * @param {FakeRequest} request
 * @returns {{ status: number, body: unknown }}
 */
function route(store, request) {
  const { method, path, url, req } = request;
  const token = bearer(req);
  const commentMatch = /^\/comments\/([^/]+)(\/vote)?$/.exec(path);

  if (path === '/session' && method === 'POST') {
    const input = jsonBody(request, true);
    const sso = input && typeof input === 'object' ? input.sso : undefined;
    return { status: 201, body: store.createSession(sso) };
  }
  if (path === '/threads' && method === 'GET') {
    store.checkToken(token);
    return { status: 200, body: store.thread(threadQuery(url.searchParams), token) };
  }
  if (path === '/counts' && method === 'GET') {
    store.checkToken(token);
    const pages = url.searchParams.getAll('page');
    if (pages.length === 0 || pages.length > 100) {
      throw new ApiError('invalid_request', 'Ask for 1 to 100 pages.', {
        page: 'Between 1 and 100 pages.',
      });
    }
    return { status: 200, body: { counts: store.counts(pages, token) } };
  }
  if (path === '/comments' && method === 'POST') {
    const owner = store.requireToken(token);
    const input = jsonBody(request);
    const key = req.headers['idempotency-key'];
    return store.idempotently(owner, typeof key === 'string' ? key : null, () => ({
      status: 201,
      body: { comment: store.post(input, owner) },
    }));
  }
  if (commentMatch && !commentMatch[2] && method === 'PATCH') {
    const owner = store.requireToken(token);
    const comment = store.edit(decodeURIComponent(commentMatch[1]), jsonBody(request), owner);
    return { status: 200, body: { comment } };
  }
  if (commentMatch && !commentMatch[2] && method === 'DELETE') {
    const owner = store.requireToken(token);
    return {
      status: 200,
      body: { comment: store.remove(decodeURIComponent(commentMatch[1]), owner) },
    };
  }
  if (commentMatch && commentMatch[2] && method === 'PUT') {
    const owner = store.requireToken(token);
    return {
      status: 200,
      body: store.vote(decodeURIComponent(commentMatch[1]), jsonBody(request), owner),
    };
  }
  const reportMatch = /^\/comments\/([^/]+)\/reports$/.exec(path);
  if (reportMatch && method === 'POST') {
    const id = decodeURIComponent(reportMatch[1]);
    return report(store, id, jsonBody(request), store.requireToken(token));
  }
  throw new ApiError('not_found', `No route ${method} ${path}.`);
}

/** @param {URLSearchParams} params */
function threadQuery(params) {
  /** @type {Record<string, string>} */
  const fields = {};
  const page = params.get('page') ?? '';
  if (page.trim() === '' || page.length > 512) fields.page = 'A page key of 1 to 512 characters.';
  const sort = params.get('sort') ?? 'oldest';
  if (!SORTS.includes(sort)) fields.sort = 'One of oldest, newest, top.';
  const limitText = params.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '50') || limit < 1) fields.limit = 'A whole number from 1.';
  if (Object.keys(fields).length > 0) {
    throw new ApiError('invalid_request', 'The query is not valid.', fields);
  }
  return {
    page,
    sort: /** @type {import('./fake-store.mjs').SortOrder} */ (sort),
    limit: Math.min(limit, 200),
    cursor: params.get('cursor'),
  };
}

/**
 * @param {Scope} scope
 * @param {FakeRequest} request
 * @param {import('node:http').ServerResponse} res
 */
function openStream(scope, request, res) {
  const page = request.url.searchParams.get('page');
  if (!page) {
    send(
      res,
      400,
      errorBody(new ApiError('invalid_request', 'page is required.', { page: 'Required.' })),
    );
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const stream = { page: normalisePageKey(page), res };
  scope.streams.add(stream);
  res.on('close', () => scope.streams.delete(stream));
}

/**
 * @param {Scope} scope
 * @param {string} method
 * @param {string} path
 * @param {URL} url
 * @param {any} input
 */
function control(scope, method, path, url, input) {
  switch (`${method} ${path}`) {
    case 'POST /setup': {
      for (const stream of scope.streams) stream.res.destroy();
      scope.store = new FakeStore({ editWindowMs: input?.editWindowMs, moderate: input?.moderate });
      attachStreams(scope);
      scope.faults = [];
      scope.log = [];
      /** @type {Record<string, unknown>} */
      const threads = {};
      for (const [page, spec] of Object.entries(input?.threads ?? {})) {
        const { comments, locked } = Array.isArray(spec) ? { comments: spec, locked: false } : spec;
        threads[page] = scope.store.seed(page, comments ?? [], { locked });
      }
      return { readerToken: scope.store.readerToken, threads };
    }
    case 'POST /seed':
      return {
        comments: scope.store.seed(input.page, input.comments ?? [], { locked: input.locked }),
        readerToken: scope.store.readerToken,
      };
    case 'POST /fault':
      scope.faults.push({ ...input });
      return { ok: true };
    case 'GET /requests':
      return { requests: scope.log };
    case 'POST /push': {
      const page = normalisePageKey(input.page);
      let sent = 0;
      for (const stream of scope.streams) {
        if (stream.page === page) {
          writeEvent(stream.res, input.event, input.data);
          sent += 1;
        }
      }
      return { sent };
    }
    case 'GET /streams':
      return { open: [...scope.streams].map((s) => s.page) };
    case 'POST /drop-streams': {
      const dropped = scope.streams.size;
      for (const stream of scope.streams) stream.res.destroy();
      scope.streams.clear();
      return { dropped };
    }
    case 'GET /comments':
      return { comments: scope.store.stored(url.searchParams.get('page') ?? '') };
    default:
      throw new ApiError('not_found', `No control route ${method} ${path}.`);
  }
}
