import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** Bans of readers and address ranges: rows only, services/moderation-bans.ts decides. */

export interface NewBan {
  kind: 'reader' | 'address';
  tokenId: number | null;
  ssoSubject: string | null;
  commentId: number | null;
  authorName: string | null;
  cidr: string | null;
  reason: string | null;
  createdBy: string;
  now: number;
  expiresAt: number | null;
}

const insert = prepared((db, p: NewBan) =>
  db
    .insertInto('bans')
    .values({
      kind: p.kind,
      token_id: p.tokenId,
      sso_subject: p.ssoSubject,
      comment_id: p.commentId,
      author_name: p.authorName,
      cidr: p.cidr,
      reason: p.reason,
      created_by: p.createdBy,
      created_at: p.now,
      expires_at: p.expiresAt,
    })
    .returning('id'),
);

export async function insertBan(db: Db, ban: NewBan): Promise<number> {
  const row = await insert.first(db, ban);
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

const COLUMNS = [
  'id',
  'kind',
  'token_id as tokenId',
  'sso_subject as ssoSubject',
  'comment_id as commentId',
  'author_name as authorName',
  'cidr',
  'reason',
  'created_by as createdBy',
  'created_at as createdAt',
  'expires_at as expiresAt',
  'lifted_at as liftedAt',
] as const;

const byId = prepared((db, p: { id: number }) =>
  db.selectFrom('bans').select(COLUMNS).where('id', '=', p.id),
);

export function banById(db: Db, id: number) {
  return byId.first(db, { id });
}

export type BanRow = NonNullable<Awaited<ReturnType<typeof banById>>>;

const lift = prepared((db, p: { id: number; now: number }) =>
  db
    .updateTable('bans')
    .set({ lifted_at: p.now })
    .where('id', '=', p.id)
    .where('lifted_at', 'is', null),
);

/** Lifts a ban; returns whether it was not lifted yet. */
export async function liftBan(db: Db, id: number, now: number): Promise<boolean> {
  return (await lift.run(db, { id, now })) > 0;
}

const inForce = prepared((db, p: { now: number }) =>
  db
    .selectFrom('bans')
    .select([
      'id',
      'kind',
      'token_id as tokenId',
      'sso_subject as ssoSubject',
      'cidr',
      'expires_at as expiresAt',
    ])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', p.now)])),
);

/** Every ban in force now: neither lifted nor expired. */
export function bansInForce(db: Db, now: number) {
  return inForce.all(db, { now });
}

/** Bans newest first; only those in force at `now` when `activeAt` is given. */
export function listBans(
  db: Db,
  filter: { activeAt: number | null; beforeId: number | null },
  limit: number,
) {
  let query = db.selectFrom('bans').select(COLUMNS).orderBy('id', 'desc').limit(limit);
  const now = filter.activeAt;
  if (now !== null) {
    query = query
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  }
  if (filter.beforeId !== null) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}
