import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../src/app.js';
import { DEFAULT_CONFIG, type ServerConfig } from '../src/config.js';
import { hashToken, newToken } from '../src/tokens.js';
import { freshDatabase } from './support/store.js';
import { openSyncDb, type SyncDb } from './support/sync-db.js';

export { TEST_STORE } from './support/store.js';

export const CLI = fileURLToPath(new URL('../bin/confab-server.js', import.meta.url));
export const PAGE = 'http://localhost:5173/articles/test.html';

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'confab-server-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding or a Content-Type. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers);
  const response = await fetch(base + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseOrNull(text) };
}

/** The answer's JSON, or null when it is not JSON (the test then looks at the text). */
function parseOrNull(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * A server on an ephemeral port with a fresh database of the store under test
 * (CONFAB_TEST_STORE): a SQLite file in a temp folder, or a new PostgreSQL database.
 */
export class TestServer {
  app!: FastifyInstance;
  base = '';
  /** A folder of the test's own. */
  dir = '';
  /** What --db takes: the SQLite file or the PostgreSQL URL. */
  db = '';
  #remove: () => Promise<void> = async () => {};
  #sql: SyncDb | null = null;

  static async start(
    overrides: Partial<ServerConfig> = {},
    options: BuildOptions = {},
  ): Promise<TestServer> {
    const server = new TestServer();
    const database = await freshDatabase();
    server.dir = database.dir;
    server.db = database.location;
    server.#remove = database.remove;
    await server.#listen(
      {
        ...DEFAULT_CONFIG,
        logLevel: (process.env.CONFAB_TEST_LOG as 'error' | undefined) ?? 'silent',
        rateLimits: null,
        ...overrides,
      },
      options,
    );
    return server;
  }

  /**
   * Another instance on the same database (PostgreSQL: several servers behind one load
   * balancer); stopping it leaves the database to the first.
   */
  static async alongside(
    first: TestServer,
    overrides: Partial<ServerConfig> = {},
    options: BuildOptions = {},
  ): Promise<TestServer> {
    const server = new TestServer();
    server.dir = first.dir;
    server.db = first.db;
    await server.#listen(
      {
        ...DEFAULT_CONFIG,
        logLevel: (process.env.CONFAB_TEST_LOG as 'error' | undefined) ?? 'silent',
        rateLimits: null,
        ...overrides,
      },
      options,
    );
    return server;
  }

  async #listen(config: ServerConfig, options: BuildOptions): Promise<void> {
    this.app = await buildApp({ ...config, db: this.db, port: 0 }, options);
    const address = await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.base = address;
  }

  /** Stops and starts again on the same database file. */
  async restart(overrides: Partial<ServerConfig> = {}, options: BuildOptions = {}): Promise<void> {
    await this.app.close();
    await this.#listen(
      { ...DEFAULT_CONFIG, logLevel: 'silent', rateLimits: null, ...overrides },
      options,
    );
  }

  call(method: string, path: string, options?: CallOptions): Promise<Answer> {
    return call(this.base, method, path, options);
  }

  async session(): Promise<string> {
    const answer = await this.call('POST', '/session');
    if (answer.status !== 201) throw new Error(`POST /session: ${answer.status} ${answer.text}`);
    return answer.json.token as string;
  }

  /** SQL on the server's database from outside it (a connection of the test's own). */
  get sql(): SyncDb {
    return (this.#sql ??= openSyncDb(this.db));
  }

  /**
   * Tokens created behind the server's back (straight into the database), so
   * tests of rate limits do not spend the session limit on setting up.
   */
  async tokensFor(count: number): Promise<string[]> {
    return Array.from({ length: count }, () => {
      const token = newToken();
      this.sql.run(
        'INSERT INTO tokens (hash, created_at) VALUES (?, ?)',
        hashToken(token),
        Date.now(),
      );
      return token;
    });
  }

  async post(
    token: string,
    fields: { page?: string; parentId?: string | null; body?: string; name?: string } = {},
  ): Promise<Answer> {
    return this.call('POST', '/comments', {
      token,
      body: {
        page: fields.page ?? PAGE,
        parentId: fields.parentId ?? null,
        body: fields.body ?? 'A comment',
        author: { name: fields.name ?? 'Ada' },
      },
    });
  }

  thread(query: string, token?: string): Promise<Answer> {
    return this.call('GET', `/threads?${query}`, { token });
  }

  /** Reads the database directly, for checks that nothing was stored. */
  query<T>(sql: string, ...params: unknown[]): T[] {
    return this.sql.all<T>(sql, ...params);
  }

  count(table: string): number {
    return Number(this.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n);
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.#sql?.close();
    this.#sql = null;
    await this.#remove();
  }
}

export function pageQuery(page = PAGE, extra = ''): string {
  return `page=${encodeURIComponent(page)}${extra}`;
}

export interface RunningCli {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every server process the tests started, so a failed test cannot leave one running. */
const runningClis = new Set<ChildProcess>();

export function killLeftoverClis(): void {
  for (const child of runningClis) if (child.exitCode === null) child.kill('SIGKILL');
  runningClis.clear();
}

/** Starts the real command line and waits for the URL it prints. */
export async function startCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningClis.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`confab-server exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, base, output: () => output, exited };
}

/** Output of an in-process admin or seed command. */
export function capture(): {
  out: Pick<Console, 'log' | 'error'>;
  stdout: () => string;
  stderr: () => string;
} {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    out: {
      log: (...parts: unknown[]) => stdout.push(parts.join(' ')),
      error: (...parts: unknown[]) => stderr.push(parts.join(' ')),
    },
    stdout: () => stdout.join('\n'),
    stderr: () => stderr.join('\n'),
  };
}

/** Runs the command line to completion. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
