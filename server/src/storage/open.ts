import { SqliteStorage, type SyncMode } from './sqlite.js';
import type { Storage } from './types.js';

export interface OpenOptions {
  /** SQLite: fsync at every commit (full) or not (normal). */
  sync?: SyncMode;
  /** PostgreSQL: connections in the pool. */
  pool?: number;
}

/** True for the `--db` values that name a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens the store a `--db` setting names: a `postgres://` URL, or else a SQLite file. */
export async function openStorage(location: string, options: OpenOptions = {}): Promise<Storage> {
  if (!isPostgresUrl(location)) return SqliteStorage.open(location, { sync: options.sync });
  // Loaded only when asked for: a SQLite server (the default, the demo) never loads pg.
  const { PostgresStorage } = await import('./postgres.js');
  return PostgresStorage.open(location, { pool: options.pool });
}
