import { SqliteStorage, type SyncMode } from './sqlite.js';
import type { Storage } from './types.js';

/** Opens the store a `--db` setting names: today a SQLite file (PostgreSQL URLs: a later issue). */
export function openStorage(location: string, options: { sync?: SyncMode } = {}): Promise<Storage> {
  return SqliteStorage.open(location, options);
}
