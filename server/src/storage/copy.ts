import { sql, type Kysely } from 'kysely';
import type { Db } from './schema.js';
import type { Storage, TableInfo } from './types.js';

/** Rows read from the source per query, and the most parameters one INSERT may carry. */
const PAGE_ROWS = 1000;
const MAX_PARAMETERS = 30_000;

/** A copy that cannot be made; nothing was written. */
export class CopyError extends Error {
  override name = 'CopyError';
}

export interface CopyReport {
  /** Rows copied per table, in the order the tables were filled. */
  tables: Array<{ name: string; rows: number }>;
}

/**
 * Tables ordered so that each comes after those its foreign keys point to (a table pointing
 * to itself, as replies to comments, is filled in id order).
 */
export function inForeignKeyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') {
      throw new CopyError(
        `foreign keys go round in a circle: ${[...path, table.name].join(' -> ')}`,
      );
    }
    state.set(table.name, 'visiting');
    for (const name of table.references) {
      const target = byName.get(name);
      if (target && name !== table.name) visit(target, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, []);
  return ordered;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** One page of rows after `after` (a primary key), in primary-key order. */
async function pageOf(
  db: Db,
  table: TableInfo,
  after: unknown[] | null,
): Promise<Array<Record<string, unknown>>> {
  const keys = sql.join(table.primaryKey.map((column) => sql.ref(column)));
  const where =
    after === null
      ? sql``
      : sql`where (${keys}) > (${sql.join(after.map((value) => sql`${value}`))})`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(table.columns.map((column) => sql.ref(column)))} from ${sql.table(table.name)}
    ${where} order by ${keys} limit ${PAGE_ROWS}`.execute(db);
  return rows;
}

/**
 * Copies every table of `from` into `to`, which must hold no row in any of them: ids kept,
 * each identity column set to go on where the source would, rows counted in both before
 * the target commits. One snapshot of the source, one transaction in the target: the copy
 * is whole or not there. Tables are found in the migrated schema, not listed here, so a
 * table a later migration adds is copied too.
 */
export async function copyDatabase(from: Storage, to: Storage): Promise<CopyReport> {
  return from.read(async (source) => {
    const tables = inForeignKeyOrder(await from.tables(source));
    const counts = new Map<string, number>();
    const next = new Map<string, number>();
    for (const table of tables) {
      counts.set(table.name, await countRows(source, table.name));
      next.set(table.name, await from.nextId(source, table));
    }
    await to.transaction(async (target) => {
      const targetTables = new Map((await to.tables(target)).map((table) => [table.name, table]));
      for (const table of tables) {
        const there = targetTables.get(table.name);
        if (!there) {
          throw new CopyError(
            `the target has no table ${table.name}: are both at one schema version?`,
          );
        }
        const missing = table.columns.filter((column) => !there.columns.includes(column));
        if (missing.length > 0) {
          throw new CopyError(`the target's ${table.name} has no column ${missing.join(', ')}`);
        }
      }
      for (const name of targetTables.keys()) {
        const rows = await countRows(target, name);
        if (rows > 0) {
          throw new CopyError(
            `the target is not empty: ${name} holds ${rows} rows; nothing was copied`,
          );
        }
      }
      for (const table of tables) {
        const perInsert = Math.max(
          1,
          Math.min(PAGE_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)),
        );
        let after: unknown[] | null = null;
        for (;;) {
          const rows = await pageOf(source, table, after);
          if (rows.length === 0) break;
          for (let start = 0; start < rows.length; start += perInsert) {
            await (target as unknown as AnyDb)
              .insertInto(table.name)
              .values(rows.slice(start, start + perInsert))
              .execute();
          }
          const last = rows.at(-1)!;
          after = table.primaryKey.map((column) => last[column]);
          if (rows.length < PAGE_ROWS) break;
        }
        if (table.identity) await to.setNextId(target, table, next.get(table.name)!);
      }
      for (const table of tables) {
        const copied = await countRows(target, table.name);
        if (copied !== counts.get(table.name)) {
          throw new CopyError(
            `${table.name}: ${counts.get(table.name)} rows in the source, ${copied} in the target; nothing was copied`,
          );
        }
      }
    });
    return { tables: tables.map((table) => ({ name: table.name, rows: counts.get(table.name)! })) };
  });
}
