import type { Db } from './schema.js';

export type { Db, EventKind, Tables } from './schema.js';
export type { CommentRecord, CommentWithPage, NewCommentRow } from './comments.js';
export type { EventRow, NewEvent } from './events.js';
export type { PageRow } from './pages.js';
export type { TokenIdentity, TokenRecord } from './tokens.js';
export type { ViewerMarks } from './votes.js';

/** A notification from another process (PostgreSQL's LISTEN). */
export type ExternalChange = { kind: 'event'; id: number } | { kind: 'reset' } | { kind: 'resync' };

/**
 * Transaction ids (32-bit) of a read's snapshot: those running when it was taken, and those
 * this database's sessions held just after.
 */
export interface CommitHorizon {
  running: ReadonlySet<number>;
  writers: readonly number[];
}

/** A table as a whole-database copy needs it. */
export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables its foreign keys point to (itself included). */
  references: string[];
  /** The column the database numbers itself, or null. */
  identity: string | null;
}

/**
 * A database, as the services use it: transactions in which the query modules beside this
 * file (comments.ts, votes.ts, events.ts …) read and write, and nothing else. No business
 * rule lives below this line: storage answers with rows and facts, the services decide.
 *
 * One class per database implements it: sqlite.ts and postgres.ts, over the same query modules.
 */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';

  /**
   * Runs `work` in one write transaction and resolves with its result after the COMMIT (and
   * after the after-commit hooks have run). When `work` throws, everything it wrote is undone
   * and the promise rejects. Inside, use only `tx`: waiting on another transaction from in
   * here can deadlock.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;

  /** Runs `work` on one consistent, read-only snapshot. */
  read<T>(work: (db: Db) => Promise<T>): Promise<T>;

  /**
   * Runs `hook` after every commit of this process, before the transactions' promises
   * settle (the event feed reads the new events there).
   */
  afterCommit(hook: () => Promise<void>): void;

  /**
   * A value that changes when another process has committed to the database (the admin
   * command line), or null when the store cannot tell and changes arrive otherwise.
   */
  externalChangeMarker(): number | null;

  /**
   * Runs `work` (one statement) on its own, outside any transaction, committed by itself: for
   * counters that must never wait on or conflict with a business transaction (the shared
   * rate limits). SQLite runs it as a transaction.
   */
  single<T>(work: (db: Db) => Promise<T>): Promise<T>;

  /** True when other processes' changes arrive through listen() (PostgreSQL's NOTIFY). */
  readonly notifies: boolean;

  /**
   * Calls `listener` when another process committed: an event id, a change no event
   * describes (`reset`), or `resync` when notifications may have been lost. Only stores
   * that notify call it; the others are watched through externalChangeMarker().
   */
  listen(listener: (change: ExternalChange) => void, onError: (error: unknown) => void): void;

  /**
   * For the event feed, inside a read(): what it needs to know whether an event id missing
   * from this snapshot may still commit (see outbox-order.ts). Null where ids commit in the
   * order they are handed out (SQLite: one writer at a time).
   */
  commitHorizon(db: Db): Promise<CommitHorizon | null>;

  /** The tables of the migrated schema but schema_migrations (a whole-database copy). */
  tables(db: Db): Promise<TableInfo[]>;
  /** The id the database would hand out next for the table's identity column (0: none). */
  nextId(db: Db, table: TableInfo): Promise<number>;
  /** Makes the table's identity column hand out `next` and later ids only. */
  setNextId(db: Db, table: TableInfo, next: number): Promise<void>;

  /** An online backup, consistent while the server writes. */
  backup(destination: string): Promise<void>;
  integrityCheck(): Promise<string>;
  /** Commits the writes already accepted, then closes. */
  close(): Promise<void>;
}
