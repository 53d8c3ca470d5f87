import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { migrate, POSTGRES } from './migrations/index.js';
import type { Db, Tables } from './schema.js';
import type { CommitHorizon, ExternalChange, Storage, TableInfo } from './types.js';

export interface PostgresOptions {
  /** Connections in the pool (default 10); the LISTEN connection comes on top. */
  pool?: number;
}

/** The channel the events table's trigger notifies (migration 007). */
export const CHANNEL = 'confab_events';
const MIGRATION_LOCK = 0x636f6e66; // "conf": one migrating process at a time

/**
 * Every write transaction is SERIALIZABLE (services read, decide, then write: a vote reads the
 * token's vote and moves the counters by the difference). It takes a transaction id at once,
 * so the event feed can tell which writers were running when an event id went missing (see
 * the outbox order in outbox-order.ts), and marks itself as Confab's own, so the triggers of
 * migration 007 do not take its writes for a change made behind the server's back.
 */
const BEGIN_WRITE = CompiledQuery.raw(
  "begin isolation level serializable; select pg_current_xact_id(), set_config('confab.writer', 'confab', true)",
);
const BEGIN_READ = CompiledQuery.raw('begin isolation level repeatable read read only');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** serialization_failure and deadlock_detected: the transaction is worth running again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 40;

const INT8 = 20;
/** Ids and times are bigint columns; the row types (and JSON) want numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) {
      return (text: string) => {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} is out of range`);
        return value;
      };
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: string } | null)?.code ?? '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.href.replace(/:@/, '@');
  } catch {
    return 'the PostgreSQL URL';
  }
}

/**
 * The PostgreSQL store: a `pg` pool driven by Kysely's PostgreSQL dialect, running the same
 * query modules as SQLite. What is PostgreSQL's own lives here: SERIALIZABLE write
 * transactions retried on serialization failures and deadlocks, int8 as numbers, LISTEN for
 * the events and resets other processes notify, the snapshot the feed needs to keep event
 * ids in commit order, and the catalogue queries of a whole-database copy.
 */
export class PostgresStorage implements Storage {
  readonly dialect = 'postgres';
  readonly #url: string;
  readonly #db: Kysely<Tables>;
  readonly #afterCommit: Array<() => Promise<void>> = [];
  #listener: pg.Client | null = null;
  #listening = false;
  #closed = false;

  private constructor(url: string, db: Kysely<Tables>) {
    this.#url = url;
    this.#db = db;
  }

  /** Connects, and migrates the database (one process at a time) up to the newest version. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.pool ?? 10,
      application_name: 'confab-server',
      keepAlive: true,
      types,
    });
    // An idle connection that dies is dropped by the pool; the next checkout connects anew.
    pool.on('error', () => {});
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      await db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
        try {
          await migrate(connection as Kysely<unknown>, POSTGRES);
        } finally {
          await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
        }
      });
    } catch (error) {
      await db.destroy();
      throw new Error(`${describeUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresStorage(url, db);
  }

  /**
   * One SERIALIZABLE transaction, run again (from the start, with a short random pause that
   * grows) when PostgreSQL reports a serialization failure or a deadlock: `work` must only
   * touch the database through `tx`. Resolves after the COMMIT and the after-commit hooks.
   */
  async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new Error('The database is closed');
      try {
        const value = await this.#db.connection().execute(async (connection) => {
          await connection.executeQuery(BEGIN_WRITE);
          try {
            const result = await work(connection);
            await connection.executeQuery(COMMIT);
            return result;
          } catch (error) {
            // After a failed COMMIT the transaction is gone already; a ROLLBACK only warns.
            await connection.executeQuery(ROLLBACK).catch(() => {});
            throw error;
          }
        });
        for (const hook of this.#afterCommit) {
          // Committed whatever a hook does; its failure is its own to report.
          await hook().catch(() => {});
        }
        return value;
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * Math.min(100, 2 ** attempt));
      }
    }
  }

  /** A REPEATABLE READ, read-only transaction: one snapshot for every query in `work`. */
  read<T>(work: (db: Db) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The database is closed'));
    return this.#db.connection().execute(async (connection) => {
      await connection.executeQuery(BEGIN_READ);
      try {
        const result = await work(connection);
        await connection.executeQuery(COMMIT);
        return result;
      } catch (error) {
        await connection.executeQuery(ROLLBACK).catch(() => {});
        throw error;
      }
    });
  }

  /**
   * Outside any transaction, under READ COMMITTED: an `INSERT … ON CONFLICT DO UPDATE` is
   * atomic there and never fails for a concurrent one (the shared rate-limit counters).
   */
  async single<T>(work: (db: Db) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new Error('The database is closed');
      try {
        return await work(this.#db);
      } catch (error) {
        // Only should the server's default isolation level be raised above READ COMMITTED.
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * Math.min(100, 2 ** attempt));
      }
    }
  }

  afterCommit(hook: () => Promise<void>): void {
    this.#afterCommit.push(hook);
  }

  /** Other processes' changes arrive by LISTEN/NOTIFY (listen()), not by polling a marker. */
  externalChangeMarker(): number | null {
    return null;
  }

  get notifies(): boolean {
    return true;
  }

  /**
   * LISTENs on a connection of its own (outside the pool) and calls `listener` for each
   * notification: an event id (the events trigger), a reset (a change made without the
   * services), or a resync after the connection was lost and made again, since
   * notifications sent meanwhile are gone.
   */
  listen(listener: (change: ExternalChange) => void, onError: (error: unknown) => void): void {
    if (this.#listening) throw new Error('listen() may be called once');
    this.#listening = true;
    let delay = 100;
    let first = true;
    const connect = async (): Promise<void> => {
      if (this.#closed) return;
      const client = new pg.Client({
        connectionString: this.#url,
        application_name: 'confab-server listen',
        keepAlive: true,
        types,
      });
      let lost = false;
      const reconnect = (error: unknown) => {
        if (lost) return;
        lost = true;
        if (this.#listener === client) this.#listener = null;
        client.end().catch(() => {});
        if (this.#closed) return;
        onError(error);
        setTimeout(() => void connect(), delay).unref();
        delay = Math.min(delay * 2, 5000);
      };
      client.on('error', reconnect);
      client.on('end', () => reconnect(new Error('the LISTEN connection ended')));
      client.on('notification', (message) => {
        const payload = message.payload ?? '';
        if (payload === 'reset') listener({ kind: 'reset' });
        else {
          const id = Number.parseInt(payload, 10);
          listener(Number.isSafeInteger(id) ? { kind: 'event', id } : { kind: 'resync' });
        }
      });
      try {
        await client.connect();
        await client.query(`listen ${CHANNEL}`);
      } catch (error) {
        reconnect(error);
        return;
      }
      if (this.#closed) {
        await client.end().catch(() => {});
        return;
      }
      this.#listener = client;
      delay = 100;
      if (!first) listener({ kind: 'resync' });
      first = false;
    };
    void connect();
  }

  /**
   * Which transactions were running when this read's snapshot was taken (all of the
   * cluster's), and which of this database's sessions held a transaction id just after. Run
   * in a read(): the feed compares two of them to know whether an event id that was missing
   * may still commit.
   */
  async commitHorizon(db: Db): Promise<CommitHorizon> {
    const { rows } = await sql<{ running: string; writers: string }>`
      select array_to_string(array(
               select (x::text::bigint % 4294967296) from pg_snapshot_xip(pg_current_snapshot()) x
             ), ',') as running,
             array_to_string(array(
               select backend_xid::text::bigint from pg_stat_activity
                where datname = current_database() and backend_xid is not null
             ), ',') as writers`.execute(db);
    const numbers = (text: string | undefined) =>
      text ? text.split(',').map((value) => Number(value)) : [];
    return { running: new Set(numbers(rows[0]?.running)), writers: numbers(rows[0]?.writers) };
  }

  /**
   * A copy of the database in a new SQLite file (the admin command's backup): one snapshot,
   * so it is consistent while servers write. `pg_dump` is the other way.
   */
  async backup(destination: string): Promise<void> {
    const [{ SqliteStorage }, { copyDatabase }] = await Promise.all([
      import('./sqlite.js'),
      import('./copy.js'),
    ]);
    const target = await SqliteStorage.open(destination);
    try {
      await copyDatabase(this, target);
    } finally {
      await target.close();
    }
  }

  /** Invalid indexes and constraints not validated (what an interrupted DDL leaves). */
  async integrityCheck(): Promise<string> {
    const { rows } = await sql<{ problem: string }>`
      select 'index ' || c.relname || ' is not valid' as problem
        from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relnamespace = current_schema()::regnamespace and not i.indisvalid
      union all
      select 'constraint ' || conname || ' of ' || conrelid::regclass::text || ' is not validated'
        from pg_constraint
       where connamespace = current_schema()::regnamespace and not convalidated`.execute(this.#db);
    return rows.length === 0 ? 'ok' : rows.map((row) => row.problem).join('\n');
  }

  async tables(db: Db): Promise<TableInfo[]> {
    const { rows } = await sql<{
      name: string;
      columns: string[];
      identity: string | null;
      primary_key: string[] | null;
      refs: string[] | null;
    }>`
      select t.relname as name,
             array(select a.attname::text from pg_attribute a
                    where a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
                    order by a.attnum) as columns,
             (select a.attname::text from pg_attribute a
               where a.attrelid = t.oid and a.attidentity <> '' and not a.attisdropped
               limit 1) as identity,
             (select array_agg(a.attname::text order by k.n)
                from pg_index i, unnest(i.indkey) with ordinality k(attnum, n), pg_attribute a
               where i.indrelid = t.oid and i.indisprimary
                 and a.attrelid = t.oid and a.attnum = k.attnum) as primary_key,
             (select array_agg(distinct f.relname::text)
                from pg_constraint c join pg_class f on f.oid = c.confrelid
               where c.conrelid = t.oid and c.contype = 'f') as refs
        from pg_class t
       where t.relnamespace = current_schema()::regnamespace and t.relkind = 'r'
         and t.relname <> 'schema_migrations'
       order by t.relname`.execute(db);
    return rows.map((row) => ({
      name: row.name,
      columns: row.columns,
      primaryKey: row.primary_key ?? row.columns,
      references: row.refs ?? [],
      identity: row.identity,
    }));
  }

  async nextId(db: Db, table: TableInfo): Promise<number> {
    if (!table.identity) return 0;
    const { rows } = await sql<{ last: number | null; newest: number | null }>`
      select pg_sequence_last_value(pg_get_serial_sequence(${table.name}, ${table.identity})::regclass) as last,
             (select max(${sql.ref(table.identity)}) from ${sql.table(table.name)}) as newest`.execute(
      db,
    );
    return Math.max(rows[0]?.last ?? 0, rows[0]?.newest ?? 0) + 1;
  }

  async setNextId(db: Db, table: TableInfo, next: number): Promise<void> {
    if (!table.identity) return;
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${table.identity})::regclass, ${next}, false)`.execute(
      db,
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => {});
    // Ends the pool once the connections of transactions under way are back.
    await this.#db.destroy();
  }
}
