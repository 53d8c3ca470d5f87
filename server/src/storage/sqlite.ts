import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  sql,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type TransactionSettings,
} from 'kysely';
import { migrate, SQLITE } from './migrations/index.js';
import type { Db, Tables } from './schema.js';
import type { CommitHorizon, ExternalChange, Storage, TableInfo } from './types.js';

export type SyncMode = 'full' | 'normal';

export interface SqliteOptions {
  sync?: SyncMode;
}

/**
 * Write transactions begin IMMEDIATE: they take SQLite's write lock at BEGIN, so a writer
 * waits (busy_timeout) for another process's write to finish instead of failing when its
 * first write finds the snapshot it read from out of date. Read-only ones begin DEFERRED
 * and never block a writer.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'),
    );
  }
}

const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely's SQLite dialect with the driver above. Kysely prepares a statement for every query
 * it runs; better-sqlite3 statements are reusable and the queries are a fixed set (see
 * prepared.ts), so each SQL text is prepared once.
 */
function sqliteDialect(database: Database.Database): Dialect {
  const statements = new Map<string, Database.Statement>();
  const cached = {
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        // Bounded, should a query whose shape varies ever be run through here often.
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
        statements.set(text, (statement = database.prepare(text)));
      }
      return statement;
    },
    close: () => database.close(),
  };
  const base = new SqliteDialect({ database: cached });
  return {
    createAdapter: () => base.createAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database: cached }),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db) => base.createIntrospector(db),
  };
}

// Each write of a group commit runs in this savepoint; compiled once, they cost SQLite's time only.
const SAVEPOINT = CompiledQuery.raw('savepoint write');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint write');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint write');

interface QueuedWrite {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The SQLite store: one better-sqlite3 connection in WAL mode, driven by Kysely. What is
 * SQLite's own lives here (pragmas, group commit, `data_version`, online backup, integrity
 * check); the queries are in the modules beside this file and run on any Kysely dialect.
 */
export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite';
  readonly #raw: Database.Database;
  readonly #db: Kysely<Tables>;
  readonly #dataVersion: Database.Statement;
  readonly #afterCommit: Array<() => Promise<void>> = [];
  /** Writes waiting for the next group commit, in arrival order. */
  #queued: QueuedWrite[] = [];
  #committing: Promise<void> | null = null;
  #closed = false;

  private constructor(raw: Database.Database) {
    this.#raw = raw;
    this.#db = new Kysely<Tables>({ dialect: sqliteDialect(raw) });
    this.#dataVersion = raw.prepare('PRAGMA data_version').pluck();
  }

  /** Opens (creating if missing) and migrates a database file. */
  static async open(file: string, options: SqliteOptions = {}): Promise<SqliteStorage> {
    const raw = new Database(file, { fileMustExist: false });
    try {
      // WAL lets readers (and the admin command line) work beside the writer.
      raw.pragma('journal_mode = WAL');
      // FULL: the WAL is fsynced at every commit, so a 201 survives not only a killed
      // process but a power cut; NORMAL survives a killed process only.
      raw.pragma(`synchronous = ${options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      raw.pragma('busy_timeout = 5000');
      raw.pragma('foreign_keys = ON');
      const storage = new SqliteStorage(raw);
      await migrate(storage.#db as Kysely<unknown>, SQLITE);
      return storage;
    } catch (error) {
      raw.close();
      throw error;
    }
  }

  /**
   * Group commit. With `synchronous = FULL` every COMMIT waits for an fsync (milliseconds
   * on a virtual disk), which one write at a time caps at a few hundred writes a second.
   * Writes that arrive while the process is busy are queued and committed together: one
   * transaction and one fsync for all, each write in its own savepoint, so one that throws
   * is undone alone. A promise settles only after the COMMIT that holds its write, and after
   * the after-commit hooks (the event feed) have run: a 201 still means the row is on disk,
   * and this process's caches know of it.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The database is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.#queued.length === 1 && !this.#committing) this.#schedule();
    });
  }

  #schedule(): void {
    setImmediate(() => {
      this.#committing = this.#commitQueued().finally(() => {
        this.#committing = null;
        if (this.#queued.length > 0) this.#schedule();
      });
    });
  }

  async #commitQueued(): Promise<void> {
    const batch = this.#queued;
    this.#queued = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      const tx = await this.#db.startTransaction().execute();
      try {
        if (batch.length === 1) {
          // Alone in its transaction: a failure rolls all of it back, no savepoint needed.
          outcomes.push({ ok: true, value: await batch[0]!.work(tx) });
        } else {
          for (const job of batch) {
            await tx.executeQuery(SAVEPOINT);
            try {
              outcomes.push({ ok: true, value: await job.work(tx) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              await tx.executeQuery(ROLLBACK_TO_SAVEPOINT);
            }
            await tx.executeQuery(RELEASE_SAVEPOINT);
          }
        }
        await tx.commit().execute();
      } catch (error) {
        if (!tx.isCommitted && !tx.isRolledBack) await tx.rollback().execute();
        throw error;
      }
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    for (const hook of this.#afterCommit) {
      // The writes are committed whatever a hook does; its failure is its own to report.
      await hook().catch(() => {});
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  read<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.#db.transaction().setAccessMode('read only').execute(work);
  }

  /** One writer at a time: a write transaction of its own is as atomic as it gets. */
  single<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  afterCommit(hook: () => Promise<void>): void {
    this.#afterCommit.push(hook);
  }

  readonly notifies = false;

  /** Never called back: other processes' commits show in externalChangeMarker(). */
  listen(_listener: (change: ExternalChange) => void, _onError: (error: unknown) => void): void {}

  /** One writer at a time: event ids commit in the order they are handed out. */
  async commitHorizon(_db: Db): Promise<CommitHorizon | null> {
    return null;
  }

  async tables(db: Db): Promise<TableInfo[]> {
    const { rows: tables } = await sql<{ name: string }>`
      select name from sqlite_master
       where type = 'table' and name not like 'sqlite_%' and name <> 'schema_migrations'
       order by name`.execute(db);
    const found: TableInfo[] = [];
    for (const { name } of tables) {
      const { rows: columns } = await sql<{ name: string; type: string; pk: number }>`
        select name, type, pk from pragma_table_info(${name}) order by cid`.execute(db);
      const { rows: refs } = await sql<{ target: string }>`
        select distinct "table" as target from pragma_foreign_key_list(${name})`.execute(db);
      const primaryKey = columns
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
      // INTEGER PRIMARY KEY, alone, is the rowid: SQLite numbers it.
      const rowid =
        primaryKey.length === 1 &&
        columns.find((column) => column.name === primaryKey[0])?.type.toUpperCase() === 'INTEGER';
      found.push({
        name,
        columns: columns.map((column) => column.name),
        primaryKey: primaryKey.length > 0 ? primaryKey : columns.map((column) => column.name),
        references: refs.map((ref) => ref.target),
        identity: rowid ? primaryKey[0]! : null,
      });
    }
    return found;
  }

  async nextId(db: Db, table: TableInfo): Promise<number> {
    if (!table.identity) return 0;
    const { rows } = await sql<{ newest: number | null; seq: number | null }>`
      select (select max(${sql.ref(table.identity)}) from ${sql.table(table.name)}) as newest,
             (select seq from sqlite_sequence where name = ${table.name}) as seq`.execute(db);
    return Math.max(rows[0]?.newest ?? 0, rows[0]?.seq ?? 0) + 1;
  }

  /** AUTOINCREMENT tables remember their counter in sqlite_sequence; others use max(rowid). */
  async setNextId(db: Db, table: TableInfo, next: number): Promise<void> {
    if (!table.identity) return;
    // AUTOINCREMENT is a keyword: the column alias must not be it.
    const { rows } = await sql<{ counted: number }>`
      select instr(upper(sql), 'AUTOINCREMENT') > 0 as counted from sqlite_master
       where type = 'table' and name = ${table.name}`.execute(db);
    if (!rows[0]?.counted) return;
    await sql`delete from sqlite_sequence where name = ${table.name}`.execute(db);
    await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${next - 1})`.execute(
      db,
    );
  }

  /** SQLite's `data_version`: it changes when another connection (another process) commits. */
  externalChangeMarker(): number | null {
    return this.#dataVersion.get() as number;
  }

  async backup(destination: string): Promise<void> {
    await this.#raw.backup(destination);
  }

  async integrityCheck(): Promise<string> {
    const rows = this.#raw.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).join('\n');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Writes already accepted are committed, not dropped.
    while (this.#committing || this.#queued.length > 0) {
      if (this.#committing) await this.#committing;
      else await this.#commitQueued();
    }
    await this.#db.destroy();
  }
}
