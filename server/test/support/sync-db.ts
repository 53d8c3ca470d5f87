/**
 * Synchronous SQL on a test database, whichever the store: better-sqlite3 for a SQLite file,
 * a worker thread with a `pg` client for a PostgreSQL URL (the test thread waits on a shared
 * flag until the worker answers). Tests read and poke the database this way in plain
 * expressions (`server.count('comments')`), the same on both stores. Parameters are `?` in
 * both; they become `$1, $2 …` for PostgreSQL.
 */
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface SyncDb {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, ...params: unknown[]): number;
  close(): void;
}

export function isPostgres(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** `?` to `$n`, outside quoted strings and identifiers. */
export function numberedParameters(sql: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  return out;
}

let worker: { port: MessagePort; signal: Int32Array } | null = null;

function ask(message: { url: string; sql?: string; params?: unknown[]; close?: boolean }) {
  if (!worker) {
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const thread = new Worker(new URL('./sync-pg-worker.mjs', import.meta.url), {
      workerData: { port: port2, flag },
      transferList: [port2],
    });
    thread.unref();
    worker = { port: port1, signal: new Int32Array(flag) };
  }
  Atomics.store(worker.signal, 0, 0);
  worker.port.postMessage(message);
  if (Atomics.wait(worker.signal, 0, 0, 60_000) === 'timed-out') {
    throw new Error(`no answer from PostgreSQL within 60 s: ${message.sql ?? 'close'}`);
  }
  const reply = receiveMessageOnPort(worker.port)?.message as
    { rows: Array<Record<string, unknown>>; count: number } | { error: string; code?: string };
  if (!reply) throw new Error('the PostgreSQL worker answered nothing');
  if ('error' in reply) {
    throw Object.assign(new Error(`${reply.error} (in: ${message.sql})`), { code: reply.code });
  }
  for (const row of reply.rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value);
    }
  }
  return reply;
}

class PostgresSyncDb implements SyncDb {
  constructor(readonly url: string) {}

  all<T>(sql: string, ...params: unknown[]): T[] {
    return ask({ url: this.url, sql: numberedParameters(sql), params }).rows as T[];
  }

  run(sql: string, ...params: unknown[]): number {
    return ask({ url: this.url, sql: numberedParameters(sql), params }).count;
  }

  close(): void {
    ask({ url: this.url, close: true });
  }
}

class SqliteSyncDb implements SyncDb {
  readonly #db: Database.Database;

  constructor(file: string, readonly: boolean) {
    this.#db = new Database(file, { readonly, fileMustExist: readonly });
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.#db.prepare(sql).all(...params) as T[];
  }

  run(sql: string, ...params: unknown[]): number {
    return this.#db.prepare(sql).run(...params).changes;
  }

  close(): void {
    this.#db.close();
  }
}

/** A connection to a test database: a file path or a postgres:// URL. */
export function openSyncDb(location: string, options: { readonly?: boolean } = {}): SyncDb {
  return isPostgres(location)
    ? new PostgresSyncDb(location)
    : new SqliteSyncDb(location, options.readonly ?? false);
}
