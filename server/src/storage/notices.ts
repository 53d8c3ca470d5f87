import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db, NoticeReason } from './schema.js';

/**
 * Notices: what the next digest mail of a recipient will tell (a reply to a subscriber's
 * comment, a comment waiting for a moderator, a reported one). Recipients are text keys:
 * `s:<subscription id>` or `m:<moderator address>`.
 */

const insertQuery = prepared(
  (db, p: { recipient: string; commentId: number; reason: NoticeReason; now: number }) =>
    db
      .insertInto('notices')
      .values({
        recipient: p.recipient,
        comment_id: p.commentId,
        reason: p.reason,
        created_at: p.now,
      })
      .onConflict((conflict) => conflict.columns(['recipient', 'comment_id', 'reason']).doNothing())
      .returning('comment_id'),
);

/** Records a notice; false when the recipient already has this one (mailed or not). */
export async function insertNotice(
  db: Db,
  notice: { recipient: string; commentId: number; reason: NoticeReason; now: number },
): Promise<boolean> {
  return (await insertQuery.first(db, notice)) !== undefined;
}

const lastMailedQuery = prepared((db, p: { recipient: string }) =>
  db
    .selectFrom('notices')
    .select(sql<number | null>`max(mailed_at)`.as('at'))
    .where('recipient', '=', p.recipient),
);

/** When the recipient's latest digest went out, or null. */
export async function lastMailedAt(db: Db, recipient: string): Promise<number | null> {
  const at = (await lastMailedQuery.first(db, { recipient }))?.at;
  return at === null || at === undefined ? null : Number(at);
}

const unsentQuery = prepared((db, p: { recipient: string; limit: number }) =>
  db
    .selectFrom('notices')
    .select(['comment_id as commentId', 'reason', 'created_at as createdAt'])
    .where('recipient', '=', p.recipient)
    .where('mailed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('comment_id')
    .limit(p.limit),
);

/** Notices not mailed yet, oldest first. */
export function unsentNotices(db: Db, recipient: string, limit: number) {
  return unsentQuery.all(db, { recipient, limit });
}

const markQuery = prepared(
  (db, p: { recipient: string; commentId: number; reason: NoticeReason; now: number }) =>
    db
      .updateTable('notices')
      .set({ mailed_at: p.now })
      .where('recipient', '=', p.recipient)
      .where('comment_id', '=', p.commentId)
      .where('reason', '=', p.reason),
);

export async function markNoticeMailed(
  db: Db,
  notice: { recipient: string; commentId: number; reason: NoticeReason; now: number },
) {
  await markQuery.run(db, notice);
}

const deleteOneQuery = prepared(
  (db, p: { recipient: string; commentId: number; reason: NoticeReason }) =>
    db
      .deleteFrom('notices')
      .where('recipient', '=', p.recipient)
      .where('comment_id', '=', p.commentId)
      .where('reason', '=', p.reason),
);

/** Drops one notice (its comment is no longer there to tell of). */
export async function deleteNotice(
  db: Db,
  notice: { recipient: string; commentId: number; reason: NoticeReason },
) {
  await deleteOneQuery.run(db, notice);
}

const deleteAllQuery = prepared((db, p: { recipient: string }) =>
  db.deleteFrom('notices').where('recipient', '=', p.recipient),
);

export async function deleteNoticesOf(db: Db, recipient: string) {
  await deleteAllQuery.run(db, { recipient });
}

const pruneQuery = prepared((db, p: { before: number }) =>
  db.deleteFrom('notices').where('mailed_at', '<', p.before),
);

/** Forgets notices mailed before a time; returns how many. */
export function pruneMailedNotices(db: Db, before: number): Promise<number> {
  return pruneQuery.run(db, { before });
}
