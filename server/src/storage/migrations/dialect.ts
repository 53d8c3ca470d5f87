import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What the migrations need to say differently per database: the rest of a migration is
 * Kysely's schema builder, which writes the same definition for both.
 */
export interface SchemaDialect {
  name: DialectName;
  /** Row ids and the columns that refer to them. */
  idType: 'integer' | 'bigint';
  /** Milliseconds since the epoch (past 2^31: a bigint in PostgreSQL). */
  timeType: 'integer' | 'bigint';
  /** Raw bytes: token hashes, fingerprints. */
  blobType: 'blob' | 'bytea';
  /**
   * An id column the database numbers itself. `neverReused`: an id is never handed out twice,
   * even after the newest row is deleted (event ids, which clients send back as Last-Event-ID).
   */
  idColumn(
    column: ColumnDefinitionBuilder,
    options?: { neverReused?: boolean },
  ): ColumnDefinitionBuilder;
  /** SQLite stores tables keyed only by their primary key more compactly; others ignore it. */
  keyedByPrimaryKey<T extends CreateTableBuilder<string, string>>(table: T): T;
  /**
   * PostgreSQL: a table whose rows are not worth a WAL write (counters that may start over
   * after a crash); emptied after a crash, not copied to replicas. SQLite ignores it.
   */
  unlogged<T extends CreateTableBuilder<string, string>>(table: T): T;
}

export const SQLITE: SchemaDialect = {
  name: 'sqlite',
  idType: 'integer',
  timeType: 'integer',
  blobType: 'blob',
  // INTEGER PRIMARY KEY, spelled exactly so, is SQLite's rowid.
  idColumn: (column, options) =>
    options?.neverReused ? column.primaryKey().autoIncrement() : column.primaryKey(),
  keyedByPrimaryKey: (table) => table.modifyEnd(sql`without rowid`) as typeof table,
  unlogged: (table) => table,
};

/** The PostgreSQL store: identity columns never reuse an id. */
export const POSTGRES: SchemaDialect = {
  name: 'postgres',
  idType: 'bigint',
  timeType: 'bigint',
  blobType: 'bytea',
  idColumn: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  keyedByPrimaryKey: (table) => table,
  unlogged: (table) => table.modifyFront(sql`unlogged`) as typeof table,
};
