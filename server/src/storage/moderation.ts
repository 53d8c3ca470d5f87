import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** Writes of moderation to comments and their reports: no rule here, services/moderation*.ts decide. */

const applyEdit = prepared((db, p: { id: number }) =>
  db
    .updateTable('comments')
    .set({
      body: sql<string>`edit_body`,
      edited_at: sql<number>`edit_at`,
      edit_body: null,
      edit_at: null,
      edit_held_for: null,
      held_at: null,
    })
    .where('id', '=', p.id)
    .where('edit_body', 'is not', null),
);

/** Replaces the published body by the edit waiting for review; returns whether there was one. */
export async function applyPendingEdit(db: Db, id: number): Promise<boolean> {
  return (await applyEdit.run(db, { id })) > 0;
}

const dropEdit = prepared((db, p: { id: number }) =>
  db
    .updateTable('comments')
    .set({ edit_body: null, edit_at: null, edit_held_for: null, held_at: null })
    .where('id', '=', p.id)
    .where('edit_body', 'is not', null)
    .where('status', '=', 'published'),
);

/** Discards the edit waiting for review of a published comment; returns whether there was one. */
export async function discardPendingEdit(db: Db, id: number): Promise<boolean> {
  return (await dropEdit.run(db, { id })) > 0;
}

const holdEdit = prepared(
  (db, p: { id: number; body: string; at: number; heldFor: string; heldAt: number }) =>
    db
      .updateTable('comments')
      .set({ edit_body: p.body, edit_at: p.at, edit_held_for: p.heldFor, held_at: p.heldAt })
      .where('id', '=', p.id),
);

/**
 * Keeps an edit for review: readers go on seeing the published body. `heldAt` is when the
 * comment joined the review queue (kept when an edit replaces one already waiting).
 */
export async function storePendingEdit(
  db: Db,
  edit: { id: number; body: string; at: number; heldFor: string; heldAt: number },
) {
  await holdEdit.run(db, edit);
}

const hide = prepared((db, p: { id: number; heldFor: string; now: number }) =>
  db
    .updateTable('comments')
    .set({ status: 'pending', held_for: p.heldFor, held_at: p.now })
    .where('id', '=', p.id)
    .where('status', '=', 'published'),
);

/** Takes a published comment back into review; returns whether it was published. */
export async function hideComment(db: Db, id: number, heldFor: string, now: number) {
  return (await hide.run(db, { id, heldFor, now })) > 0;
}

const pin = prepared((db, p: { id: number; pinned: number }) =>
  db.updateTable('comments').set({ pinned: p.pinned }).where('id', '=', p.id),
);

export async function setPinned(db: Db, id: number, pinned: boolean) {
  await pin.run(db, { id, pinned: pinned ? 1 : 0 });
}

const dismiss = prepared((db, p: { id: number }) =>
  db
    .updateTable('reports')
    .set({ state: 'dismissed' })
    .where('comment_id', '=', p.id)
    .where('state', '=', 'open'),
);

/** Dismisses the open reports of a comment; returns how many there were. */
export function dismissReports(db: Db, commentId: number): Promise<number> {
  return dismiss.run(db, { id: commentId });
}

const openCount = prepared((db, p: { id: number }) =>
  db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', p.id)
    .where('state', '=', 'open'),
);

/** How many different readers have an open report of the comment. */
export async function openReportCount(db: Db, commentId: number): Promise<number> {
  return Number((await openCount.first(db, { id: commentId }))?.n ?? 0);
}

const publishedBy = prepared((db, p: { tokenId: number }) =>
  db
    .selectFrom('comments')
    .select('id')
    .where('token_id', '=', p.tokenId)
    .where('status', '=', 'published')
    .limit(1),
);

const publishedBySubject = prepared((db, p: { subject: string }) =>
  db
    .selectFrom('comments')
    .innerJoin('tokens', 'tokens.id', 'comments.token_id')
    .select('comments.id')
    .where('tokens.sso_subject', '=', p.subject)
    .where('comments.status', '=', 'published')
    .limit(1),
);

/** Whether a reader (a token, or a signed-in identity across its tokens) has a published comment. */
export async function hasPublishedComment(
  db: Db,
  reader: { tokenId: number; ssoSubject: string | null },
): Promise<boolean> {
  if ((await publishedBy.first(db, { tokenId: reader.tokenId })) !== undefined) return true;
  return (
    reader.ssoSubject !== null &&
    (await publishedBySubject.first(db, { subject: reader.ssoSubject })) !== undefined
  );
}

const reserve = prepared((db, p: { key: string; name: string; subject: string; now: number }) =>
  db
    .insertInto('reserved_names')
    .values({ name_key: p.key, name: p.name, sso_subject: p.subject, created_at: p.now })
    .onConflict((conflict) => conflict.column('name_key').doNothing()),
);

const reservedBy = prepared((db, p: { key: string }) =>
  db.selectFrom('reserved_names').select('sso_subject as ssoSubject').where('name_key', '=', p.key),
);

/** Reserves a signed-in reader's name (by its nameKey); the first to sign in with it keeps it. */
export async function reserveName(
  db: Db,
  entry: { key: string; name: string; subject: string; now: number },
) {
  await reserve.run(db, entry);
}

/** The signed-in identity that reserved a name key, if any. */
export async function nameReservedBy(db: Db, key: string): Promise<string | null> {
  return (await reservedBy.first(db, { key }))?.ssoSubject ?? null;
}
