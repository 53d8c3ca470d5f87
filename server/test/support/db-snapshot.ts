/**
 * Reads the server's SQLite file from outside the server (a second, read-only
 * connection; WAL lets it see every committed write), so a test can prove
 * that a rejected request stored and changed nothing.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export interface TableState {
  rows: number;
  /** SHA-256 over every row in rowid order: any changed byte changes it. */
  checksum: string;
}

export type DbSnapshot = Record<string, TableState>;

export class DbInspector {
  private readonly db: Database.Database;

  constructor(dbPath: string) {
    this.db = new Database(dbPath, { readonly: true, fileMustExist: true });
  }

  tables(): string[] {
    return (
      this.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
  }

  columns(table: string): string[] {
    return (
      this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]
    ).map((c) => c.name);
  }

  /**
   * Every table's rows and checksum; with `only`, the tables it names read only the columns it
   * lists (columns a later migration added are left out).
   */
  snapshot(only?: Readonly<Record<string, readonly string[]>>): DbSnapshot {
    const state: DbSnapshot = {};
    for (const table of this.tables()) {
      const hash = createHash('sha256');
      let rows = 0;
      // Tables without rowid still have a primary key; ordering by every column is stable either way.
      const columns = (only?.[table] ?? this.columns(table)).map(quoteIdent);
      const statement = this.db.prepare(
        `SELECT ${columns.join(', ')} FROM ${quoteIdent(table)} ORDER BY ${columns.join(', ')}`,
      );
      for (const row of statement.iterate()) {
        rows += 1;
        hash.update(JSON.stringify(row, (_key, value: unknown) => encodeCell(value)));
        hash.update('\n');
      }
      state[table] = { rows, checksum: hash.digest('hex') };
    }
    return state;
  }

  /** `PRAGMA integrity_check`: 'ok' or the list of problems. */
  integrity(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; ');
  }

  all<Row>(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
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
