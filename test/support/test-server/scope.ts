/**
 * One test scope: a real reference server (`buildApp` from server/src/app.ts) on its own temporary
 * SQLite database and an ephemeral port, and the thin proxy in front of it that the browser talks
 * to. The proxy forwards every request for real, keeps a log of what it received, and injects the
 * faults a test asks for: delays, made-up answers, answers lost after the server acted, and raw
 * events in (or the end of) open event streams.
 */
import { rm } from 'node:fs/promises';
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { normalisePageKey } from '../../../src/protocol/index.js';
import { runAdmin } from '../../../server/src/admin.js';
import { SmtpSink } from '../../../server/test/support/smtp-sink.js';
import { buildApp } from '../../../server/src/app.js';
import { parseServeArgs } from '../../../server/src/config.js';
import { EXTERNAL_CHANGE_CHECK_MS } from '../../../server/src/feed.js';
import { ScopeDatabase } from './database.js';
import { replacesAnswer, sendFault, takeFault } from './faults.js';
import { rewriteAnswer, rewriteEvent, type Rewrites } from './rewrites.js';
import type { FaultSpec, LoggedRequest, SentMail, ServerSetup } from './types.js';

/** Headers that belong to one connection, not to the message: never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'content-length',
]);

interface Stream {
  page: string;
  res: ServerResponse;
  upstream: IncomingMessage;
}

function passedOn(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function parseLoose(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The settings of a scope's server as `confab-server` flags (parsed by the server's own parser). */
export function serverFlags(setup: ServerSetup, db: string, origin: string): string[] {
  const flags = ['--db', db, '--host', '127.0.0.1', '--port', '0', '--origin', origin];
  // A test database needs no fsync per commit; errors still show in the test runner's output.
  flags.push('--sync', 'normal', '--log-level', 'error');
  if (!setup.rateLimits) flags.push('--no-rate-limit');
  if (setup.editWindowMs !== undefined) flags.push('--edit-window', `${setup.editWindowMs}ms`);
  if (setup.moderate) flags.push('--moderation', 'hold');
  return [...flags, ...(setup.flags ?? [])];
}

export class Scope {
  readonly id: string;
  readonly database: ScopeDatabase;
  readonly faults: FaultSpec[] = [];
  readonly log: LoggedRequest[] = [];
  readonly rewrites: Rewrites = new Map();
  readonly streams = new Set<Stream>();
  readonly #app: FastifyInstance;
  readonly #file: string;
  readonly #port: number;
  readonly #agent = new Agent({ keepAlive: true });
  /** With `mail`: the SMTP server the reference server sends to. */
  readonly #sink: SmtpSink | null;
  /** Requests wait until then, so the server has noticed the last seed (see `seeded()`). */
  #quietUntil = 0;
  #forwarded = false;
  #closed = false;

  private constructor(
    id: string,
    app: FastifyInstance,
    file: string,
    database: ScopeDatabase,
    sink: SmtpSink | null,
  ) {
    this.id = id;
    this.#sink = sink;
    this.#app = app;
    this.#file = file;
    this.database = database;
    this.#port = (app.server.address() as AddressInfo).port;
  }

  static async open(id: string, dir: string, origin: string, setup: ServerSetup): Promise<Scope> {
    const file = join(dir, `${id}.sqlite`);
    const sink = setup.mail ? await SmtpSink.start() : null;
    // Links in mails point at the scope's endpoint, as a site's would at its server.
    const mailFlags = sink
      ? ['--smtp', sink.url, '--mail-from', 'Comments <comments@example.com>']
      : [];
    if (sink) mailFlags.push('--public-url', `${origin}/api/${id}`);
    const command = parseServeArgs(
      [...serverFlags(setup, file, origin), ...mailFlags],
      setup.ssoSecret ? { CONFAB_SSO_SECRET: setup.ssoSecret } : {},
    );
    if (command.kind !== 'serve') throw new Error(`not a serve command: ${command.kind}`);
    const app = await buildApp(command.config, { heartbeatMs: 5_000 });
    try {
      await app.listen({ port: command.config.port, host: command.config.host });
      return new Scope(id, app, file, new ScopeDatabase(file), sink);
    } catch (error) {
      await app.close();
      await sink?.down();
      throw error;
    }
  }

  /**
   * Called after writing to the database behind the server's back. The server notices such writes
   * through SQLite's data_version, looked at no more often than every EXTERNAL_CHANGE_CHECK_MS; a
   * request that reaches it later than that after the write sees the write.
   */
  seeded(): void {
    if (this.#forwarded) this.#quietUntil = performance.now() + EXTERNAL_CHANGE_CHECK_MS + 5;
  }

  async #settled(): Promise<void> {
    const wait = this.#quietUntil - performance.now();
    if (wait > 0) await sleep(wait);
  }

  /** A request for the endpoint; `rest` is its path and query below the scope's prefix. */
  async handle(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    // The browser hangs up on purpose in abort, timeout and huge-body tests: not a failure here.
    res.on('error', () => res.destroy());
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const url = new URL(rest, 'http://scope.invalid');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    this.log.push({
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: { ...req.headers } as Record<string, string>,
      body: parseLoose(body.toString('utf8')),
    });
    const fault = takeFault(this.faults, method, url.pathname);
    await this.#settled();
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (clientGone) return;
    if (this.#closed) {
      sendFault(res, { status: 503, error: { message: 'This test server has been closed.' } });
      return;
    }
    if (fault && replacesAnswer(fault) && !fault.afterProcessing) {
      sendFault(res, fault);
      return;
    }
    this.#forwarded = true;
    const headers = passedOn(req.headers);
    if (body.length > 0 || req.headers['content-length'] !== undefined) {
      headers['content-length'] = String(body.length);
    }
    const upstream = request({
      host: '127.0.0.1',
      port: this.#port,
      method,
      path: rest,
      headers,
      agent: this.#agent,
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.on('error', (error) => {
      if (res.headersSent || clientGone) res.destroy();
      else {
        const text = JSON.stringify({
          error: { code: 'unavailable', message: `test server proxy: ${error.message}` },
        });
        res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' }).end(text);
      }
    });
    upstream.on('response', (answer) => {
      const type = String(answer.headers['content-type'] ?? '');
      if (type.startsWith('text/event-stream')) {
        this.#relayStream(url, answer, res);
        return;
      }
      void readBody(answer).then(
        async (bytes) => {
          if (fault?.answerDelayMs) await sleep(fault.answerDelayMs);
          if (clientGone) return;
          if (fault && replacesAnswer(fault)) {
            sendFault(res, fault);
            return;
          }
          const text = type.includes('json')
            ? Buffer.from(rewriteAnswer(bytes.toString('utf8'), this.rewrites))
            : bytes;
          res.writeHead(answer.statusCode ?? 502, {
            ...passedOn(answer.headers),
            'content-length': String(text.length),
          });
          res.end(text);
        },
        () => res.destroy(),
      );
    });
    upstream.end(body);
  }

  /**
   * Passes an event stream on message by message (a message ends with a blank line), so events a
   * test pushes always fall between two of the server's, never inside one.
   */
  #relayStream(url: URL, answer: IncomingMessage, res: ServerResponse): void {
    res.writeHead(answer.statusCode ?? 200, passedOn(answer.headers));
    res.flushHeaders();
    const stream: Stream = {
      page: normalisePageKey(url.searchParams.get('page') ?? ''),
      res,
      upstream: answer,
    };
    this.streams.add(stream);
    let pending = '';
    answer.setEncoding('utf8');
    answer.on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
        res.write(`${rewriteEvent(pending.slice(0, end), this.rewrites)}\n\n`);
        pending = pending.slice(end + 2);
      }
    });
    const finish = () => {
      this.streams.delete(stream);
      if (!res.writableEnded) res.end();
    };
    answer.on('end', finish);
    answer.on('close', finish);
    res.on('close', () => {
      this.streams.delete(stream);
      answer.destroy();
    });
  }

  /**
   * A moderator, made as a site owner makes one: `confab-server admin add-moderator <name>`, whose
   * last line is `password: <password>`.
   */
  async addModerator(name: string): Promise<{ name: string; password: string }> {
    const lines: string[] = [];
    const keep = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
    const code = await runAdmin(['add-moderator', name, '--db', this.#file], {
      log: keep,
      error: keep,
    });
    const password = /^password: (\S+)$/.exec(lines.at(-1) ?? '')?.[1];
    if (code !== 0 || !password) {
      throw new Error(`admin add-moderator ${name} failed (${code}): ${lines.join('\n')}`);
    }
    this.seeded();
    return { name, password };
  }

  /** Writes an event into the open streams of a page; a string is sent as it is. */
  push(page: string, event: string, data: unknown): number {
    const key = normalisePageKey(page);
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    const message = `event: ${event}\n${text
      .split('\n')
      .map((line) => `data: ${line}`)
      .join('\n')}\n\n`;
    let sent = 0;
    for (const stream of this.streams) {
      if (stream.page !== key) continue;
      stream.res.write(message);
      sent += 1;
    }
    return sent;
  }

  /** Breaks every open event stream off, as a lost connection would. */
  dropStreams(): number {
    const dropped = this.streams.size;
    for (const stream of this.streams) {
      stream.res.destroy();
      stream.upstream.destroy();
    }
    this.streams.clear();
    return dropped;
  }

  /** What the SMTP sink received so far (none without `mail`). */
  mails(): SentMail[] {
    return (this.#sink?.mails ?? []).map(({ recipients, parsed }) => ({
      to: recipients,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
    }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.dropStreams();
    await this.#app.close();
    await this.#sink?.down();
    this.#agent.destroy();
    this.database.close();
    await Promise.all(
      ['', '-wal', '-shm'].map((suffix) => rm(`${this.#file}${suffix}`, { force: true })),
    );
  }
}
