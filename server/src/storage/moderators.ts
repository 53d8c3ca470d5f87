import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** Moderator accounts, their sessions and login attempts: rows only, services/moderators.ts decides. */

const insert = prepared((db, p: { name: string; key: string; passwordHash: string; now: number }) =>
  db
    .insertInto('moderators')
    .values({ name: p.name, name_key: p.key, password_hash: p.passwordHash, created_at: p.now })
    .onConflict((conflict) => conflict.column('name_key').doNothing())
    .returning('id'),
);

/** Adds a moderator; returns its id, or null when a moderator with that name key exists. */
export async function insertModerator(
  db: Db,
  moderator: { name: string; key: string; passwordHash: string; now: number },
): Promise<number | null> {
  return (await insert.first(db, moderator))?.id ?? null;
}

const byKey = prepared((db, p: { key: string }) =>
  db
    .selectFrom('moderators')
    .select(['id', 'name', 'password_hash as passwordHash', 'created_at as createdAt'])
    .where('name_key', '=', p.key),
);

export function moderatorByKey(db: Db, key: string) {
  return byKey.first(db, { key });
}

export type ModeratorRow = NonNullable<Awaited<ReturnType<typeof moderatorByKey>>>;

const all = prepared((db, _p: object) =>
  db
    .selectFrom('moderators')
    .select(['id', 'name', 'created_at as createdAt', 'email'])
    .orderBy('name_key'),
);

export function listModerators(db: Db) {
  return all.all(db, {});
}

const setHash = prepared((db, p: { id: number; passwordHash: string }) =>
  db.updateTable('moderators').set({ password_hash: p.passwordHash }).where('id', '=', p.id),
);

export async function setPasswordHash(db: Db, id: number, passwordHash: string) {
  await setHash.run(db, { id, passwordHash });
}

const removeSessions = prepared((db, p: { id: number }) =>
  db.deleteFrom('moderator_sessions').where('moderator_id', '=', p.id),
);
const remove = prepared((db, p: { id: number }) =>
  db.deleteFrom('moderators').where('id', '=', p.id),
);

/** Removes a moderator and every session of theirs (their tokens stop working). */
export async function deleteModerator(db: Db, id: number) {
  await removeSessions.run(db, { id });
  await remove.run(db, { id });
}

const revokeAll = prepared((db, p: { id: number; now: number }) =>
  db
    .updateTable('moderator_sessions')
    .set({ revoked_at: p.now })
    .where('moderator_id', '=', p.id)
    .where('revoked_at', 'is', null),
);

export function revokeSessionsOf(db: Db, moderatorId: number, now: number): Promise<number> {
  return revokeAll.run(db, { id: moderatorId, now });
}

const insertSession = prepared(
  (db, p: { moderatorId: number; hash: Buffer; now: number; expiresAt: number }) =>
    db
      .insertInto('moderator_sessions')
      .values({
        moderator_id: p.moderatorId,
        hash: p.hash,
        created_at: p.now,
        expires_at: p.expiresAt,
      })
      .returning('id'),
);

export async function insertModeratorSession(
  db: Db,
  session: { moderatorId: number; hash: Buffer; now: number; expiresAt: number },
): Promise<number> {
  const row = await insertSession.first(db, session);
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

const SESSION_COLUMNS = [
  'moderator_sessions.id as id',
  'moderator_sessions.moderator_id as moderatorId',
  'moderator_sessions.hash as hash',
  'moderator_sessions.expires_at as expiresAt',
  'moderator_sessions.revoked_at as revokedAt',
  'moderators.name as name',
] as const;

const sessionByHash = prepared((db, p: { hash: Buffer }) =>
  db
    .selectFrom('moderator_sessions')
    .innerJoin('moderators', 'moderators.id', 'moderator_sessions.moderator_id')
    .select(SESSION_COLUMNS)
    .where('moderator_sessions.hash', '=', p.hash),
);

const sessionById = prepared((db, p: { id: number }) =>
  db
    .selectFrom('moderator_sessions')
    .innerJoin('moderators', 'moderators.id', 'moderator_sessions.moderator_id')
    .select(SESSION_COLUMNS)
    .where('moderator_sessions.id', '=', p.id),
);

export function moderatorSessionByHash(db: Db, hash: Buffer) {
  return sessionByHash.first(db, { hash });
}

export function moderatorSessionById(db: Db, id: number) {
  return sessionById.first(db, { id });
}

export type ModeratorSessionRow = NonNullable<Awaited<ReturnType<typeof moderatorSessionById>>>;

const revoke = prepared((db, p: { id: number; now: number }) =>
  db
    .updateTable('moderator_sessions')
    .set({ revoked_at: p.now })
    .where('id', '=', p.id)
    .where('revoked_at', 'is', null),
);

export async function revokeModeratorSession(db: Db, id: number, now: number) {
  await revoke.run(db, { id, now });
}

const pruneSessions = prepared((db, p: { before: number }) =>
  db.deleteFrom('moderator_sessions').where('expires_at', '<', p.before),
);

/** Forgets sessions that expired before a time; returns how many. */
export function pruneModeratorSessions(db: Db, before: number): Promise<number> {
  return pruneSessions.run(db, { before });
}

const attempts = prepared((db, p: { key: string; since: number }) =>
  db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('key', '=', p.key)
    .where('created_at', '>', p.since),
);

/** Login attempts under a key (an address or a name) since a time, and the oldest one's time. */
export async function loginAttempts(
  db: Db,
  key: string,
  since: number,
): Promise<{ count: number; oldest: number | null }> {
  const row = await attempts.first(db, { key, since });
  const oldest = row?.oldest;
  return {
    count: Number(row?.n ?? 0),
    oldest: oldest === null || oldest === undefined ? null : Number(oldest),
  };
}

const insertAttempt = prepared((db, p: { key: string; now: number }) =>
  db.insertInto('login_attempts').values({ key: p.key, created_at: p.now }).returning('id'),
);

export async function recordLoginAttempt(db: Db, key: string, now: number): Promise<number> {
  const row = await insertAttempt.first(db, { key, now });
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

const deleteAttempt = prepared((db, p: { id: number }) =>
  db.deleteFrom('login_attempts').where('id', '=', p.id),
);

export async function forgetLoginAttempt(db: Db, id: number) {
  await deleteAttempt.run(db, { id });
}

const pruneAttempts = prepared((db, p: { before: number }) =>
  db.deleteFrom('login_attempts').where('created_at', '<', p.before),
);

export function pruneLoginAttempts(db: Db, before: number): Promise<number> {
  return pruneAttempts.run(db, { before });
}

const activeIds = prepared((db, p: { now: number }) =>
  db
    .selectFrom('moderator_sessions')
    .select('id')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', p.now),
);

/** Ids of the sessions that are neither revoked nor expired. */
export async function activeModeratorSessionIds(db: Db, now: number): Promise<Set<number>> {
  return new Set((await activeIds.all(db, { now })).map((row) => row.id));
}
