import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** Moderators' mail addresses (migration 004): rows only, services/moderators.ts decides. */

const addressesQuery = prepared((db, _p: object) =>
  db.selectFrom('moderators').select('email').where('email', 'is not', null).orderBy('name_key'),
);

/** The addresses of the moderators who gave one, each once. */
export async function moderatorAddresses(db: Db): Promise<string[]> {
  const rows = await addressesQuery.all(db, {});
  return [...new Set(rows.map((row) => row.email!))];
}

const setQuery = prepared((db, p: { id: number; email: string | null }) =>
  db.updateTable('moderators').set({ email: p.email }).where('id', '=', p.id),
);

export async function setModeratorEmail(db: Db, id: number, email: string | null) {
  await setQuery.run(db, { id, email });
}
