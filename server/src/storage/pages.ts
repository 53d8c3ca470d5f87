import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

const byKey = prepared((db, p: { key: string }) =>
  db.selectFrom('pages').select(['id', 'locked']).where('key', '=', p.key),
);

const insert = prepared((db, p: { key: string; locked: number; createdAt: number }) =>
  db
    .insertInto('pages')
    .values({ key: p.key, locked: p.locked, created_at: p.createdAt })
    .returning('id'),
);

const lock = prepared((db, p: { key: string; locked: number; createdAt: number }) =>
  db
    .insertInto('pages')
    .values({ key: p.key, locked: p.locked, created_at: p.createdAt })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ locked: p.locked })),
);

const empty = prepared((db, _p: object) =>
  db.selectNoFrom(
    sql<number>`CASE WHEN EXISTS (SELECT 1 FROM pages) OR EXISTS (SELECT 1 FROM comments) THEN 0 ELSE 1 END`.as(
      'empty',
    ),
  ),
);

export interface PageRow {
  id: number;
  locked: boolean;
}

export async function pageByKey(db: Db, key: string): Promise<PageRow | undefined> {
  const row = await byKey.first(db, { key });
  return row && { id: row.id, locked: row.locked === 1 };
}

export async function insertPage(
  db: Db,
  key: string,
  locked: boolean,
  createdAt: number,
): Promise<number> {
  const row = await insert.first(db, { key, locked: locked ? 1 : 0, createdAt });
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

/** Locks or unlocks a page, creating its row when it has none yet. */
export async function setLocked(db: Db, key: string, locked: boolean, now: number) {
  await lock.run(db, { key, locked: locked ? 1 : 0, createdAt: now });
}

/** True when the database holds no page and no comment. */
export async function isEmpty(db: Db): Promise<boolean> {
  return (await empty.first(db, {}))?.empty === 1;
}
