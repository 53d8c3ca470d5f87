/**
 * Reads the server's database from outside the server (a connection of its own: a second,
 * read-only one on the SQLite file, which WAL lets see every committed write, or another
 * PostgreSQL session), so a test can prove that a rejected request stored and changed nothing.
 */
import { createHash } from 'node:crypto';
import { isPostgres, openSyncDb, type SyncDb } from './sync-db.js';

export interface TableState {
  rows: number;
  /** SHA-256 over every row in key order: any changed byte changes it. */
  checksum: string;
}

export type DbSnapshot = Record<string, TableState>;

export class DbInspector {
  private readonly db: SyncDb;
  private readonly postgres: boolean;

  /** `location`: the SQLite file or the PostgreSQL URL the server uses. */
  constructor(location: string) {
    this.postgres = isPostgres(location);
    this.db = openSyncDb(location, { readonly: true });
  }

  tables(): string[] {
    const sql = this.postgres
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
    return this.db.all<{ name: string }>(sql).map((row) => row.name);
  }

  columns(table: string): string[] {
    const sql = this.postgres
      ? 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position'
      : 'SELECT name FROM pragma_table_info(?)';
    return this.db.all<{ name: string }>(sql, table).map((row) => row.name);
  }

  /**
   * Every table's rows and checksum; with `only`, the tables it names read only the columns it
   * lists (columns a later migration added are left out).
   */
  snapshot(only?: Readonly<Record<string, readonly string[]>>): DbSnapshot {
    const state: DbSnapshot = {};
    for (const table of this.tables()) {
      const hash = createHash('sha256');
      // Ordering by every column is stable whatever the table's key.
      const columns = (only?.[table] ?? this.columns(table)).map(quoteIdent);
      const rows = this.db.all(
        `SELECT ${columns.join(', ')} FROM ${quoteIdent(table)} ORDER BY ${columns.join(', ')}`,
      );
      for (const row of rows) {
        hash.update(JSON.stringify(row, (_key, value: unknown) => encodeCell(value)));
        hash.update('\n');
      }
      state[table] = { rows: rows.length, checksum: hash.digest('hex') };
    }
    return state;
  }

  /**
   * 'ok' or the list of problems: SQLite's `PRAGMA integrity_check`; on PostgreSQL, indexes
   * left invalid and constraints left unvalidated.
   */
  integrity(): string {
    if (this.postgres) {
      const problems = this.db.all<{ problem: string }>(
        `SELECT 'index ' || c.relname AS problem FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid
         UNION ALL
         SELECT 'constraint ' || conname FROM pg_constraint
          WHERE connamespace = current_schema()::regnamespace AND NOT convalidated`,
      );
      return problems.length === 0 ? 'ok' : problems.map((row) => row.problem).join('; ');
    }
    return this.db
      .all<{ integrity_check: string }>('PRAGMA integrity_check')
      .map((row) => row.integrity_check)
      .join('; ');
  }

  /**
   * Rows whose foreign keys point nowhere: SQLite's `PRAGMA foreign_key_check`; PostgreSQL
   * enforces every foreign key at each write, so there it lists the keys not enforced.
   */
  foreignKeyProblems(): Array<Record<string, unknown>> {
    return this.postgres
      ? this.db.all(
          "SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND NOT convalidated",
        )
      : this.db.all('PRAGMA foreign_key_check');
  }

  all<Row>(sql: string, ...params: unknown[]): Row[] {
    return this.db.all<Row>(sql, ...params);
  }

  close(): void {
    this.db.close();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function encodeCell(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Buffer.isBuffer(value)) return `blob:${value.toString('base64')}`;
  return value;
}
