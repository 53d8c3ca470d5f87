import type { Db } from './schema.js';

export type { Db, EventKind, Tables } from './schema.js';
export type { CommentRecord, CommentWithPage, NewCommentRow } from './comments.js';
export type { EventRow, NewEvent } from './events.js';
export type { PageRow } from './pages.js';
export type { TokenIdentity, TokenRecord } from './tokens.js';
export type { ViewerMarks } from './votes.js';

/**
 * A database, as the services use it: transactions in which the query modules beside this
 * file (comments.ts, votes.ts, events.ts …) read and write, and nothing else. No business
 * rule lives below this line: storage answers with rows and facts, the services decide.
 *
 * One class per database implements it (sqlite.ts; a PostgreSQL one needs the same methods
 * and Kysely's PostgreSQL dialect, and runs the same query modules).
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

  /** An online backup, consistent while the server writes. */
  backup(destination: string): Promise<void>;
  integrityCheck(): Promise<string>;
  /** Commits the writes already accepted, then closes. */
  close(): Promise<void>;
}
