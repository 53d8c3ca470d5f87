import { sql } from 'kysely';
import type { CommentStatus } from '../../../src/protocol/index.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** A comment as the server works with it; the order of the keys is the admin command's JSON. */
export const COMMENT_COLUMNS = [
  'comments.id as id',
  'comments.page_id as pageId',
  'comments.parent_id as parentId',
  'comments.token_id as tokenId',
  'comments.author_name as authorName',
  'comments.author_url as authorUrl',
  'comments.body as body',
  'comments.status as status',
  'comments.created_at as createdAt',
  'comments.edited_at as editedAt',
  'comments.up as up',
  'comments.down as down',
  'comments.pinned as pinned',
  'comments.author_verified as authorVerified',
  'comments.author_avatar as authorAvatar',
  'comments.held_for as heldFor',
  'comments.edit_body as editBody',
  'comments.edit_at as editAt',
  'comments.edit_held_for as editHeldFor',
] as const;

const ofPage = prepared((db, p: { pageId: number }) =>
  db
    .selectFrom('comments')
    .select(COMMENT_COLUMNS)
    .where('comments.page_id', '=', p.pageId)
    .orderBy('comments.created_at')
    .orderBy('comments.id'),
);

const byId = prepared((db, p: { id: number }) =>
  db
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .select([...COMMENT_COLUMNS, 'pages.key as pageKey'])
    .where('comments.id', '=', p.id),
);

const pending = prepared((db, p: { limit: number }) =>
  db
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .select([...COMMENT_COLUMNS, 'pages.key as pageKey'])
    .where('comments.status', '=', 'pending')
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(p.limit),
);

/** Every comment of a page, whatever its status, oldest first. */
export function commentsOfPage(db: Db, pageId: number) {
  return ofPage.all(db, { pageId });
}

export type CommentRecord = Awaited<ReturnType<typeof commentsOfPage>>[number];

export function commentById(db: Db, id: number) {
  return byId.first(db, { id });
}

export type CommentWithPage = NonNullable<Awaited<ReturnType<typeof commentById>>>;

/** Comments held for moderation, oldest first. */
export function pendingComments(db: Db, limit: number) {
  return pending.all(db, { limit });
}

export interface NewCommentRow {
  pageId: number;
  parentId: number | null;
  tokenId: number;
  authorName: string;
  authorUrl: string | null;
  body: string;
  status: CommentStatus;
  createdAt: number;
  editedAt: number | null;
  up: number;
  down: number;
  authorVerified: boolean;
  authorAvatar: string | null;
  /** Comma-separated hold reasons, or null: published at once. */
  heldFor: string | null;
}

type InsertParams = Omit<NewCommentRow, 'authorVerified'> & {
  verified: number;
  heldAt: number | null;
};

const insert = prepared((db, p: InsertParams) =>
  db
    .insertInto('comments')
    .values({
      page_id: p.pageId,
      parent_id: p.parentId,
      token_id: p.tokenId,
      author_name: p.authorName,
      // Comments hold no email: an address is kept only when its owner asks for notifications
      // (mail_addresses, services/subscriptions.ts).
      author_url: p.authorUrl,
      body: p.body,
      status: p.status,
      created_at: p.createdAt,
      edited_at: p.editedAt,
      up: p.up,
      down: p.down,
      author_verified: p.verified,
      author_avatar: p.authorAvatar,
      held_for: p.heldFor,
      held_at: p.heldAt,
    })
    .returning('id'),
);

/** Inserts a comment; returns its id. */
export async function insertComment(db: Db, row: NewCommentRow): Promise<number> {
  const inserted = await insert.first(db, {
    ...row,
    verified: row.authorVerified ? 1 : 0,
    heldAt: row.heldFor === null ? null : row.createdAt,
  });
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted.id;
}

const updateBody = prepared((db, p: { id: number; body: string; editedAt: number }) =>
  db.updateTable('comments').set({ body: p.body, edited_at: p.editedAt }).where('id', '=', p.id),
);

export async function setBody(db: Db, id: number, body: string, editedAt: number) {
  await updateBody.run(db, { id, body, editedAt });
}

// Deleting keeps the row (replies hang on it) but nothing the author wrote.
const erase = prepared((db, p: { id: number }) =>
  db
    .updateTable('comments')
    .set({
      status: 'deleted',
      body: '',
      author_name: '',
      author_email: null,
      author_url: null,
      author_avatar: null,
      pinned: 0,
      held_at: null,
      edit_body: null,
      edit_at: null,
      edit_held_for: null,
    })
    .where('id', '=', p.id),
);

export async function eraseComment(db: Db, id: number) {
  await erase.run(db, { id });
}

const publish = prepared((db, p: { id: number }) =>
  db
    .updateTable('comments')
    .set({ status: 'published', held_at: null })
    .where('id', '=', p.id)
    .where('status', '=', 'pending'),
);

/** Publishes a pending comment; returns whether it was pending. */
export async function publishComment(db: Db, id: number): Promise<boolean> {
  return (await publish.run(db, { id })) > 0;
}

// Counters move by deltas inside the vote's transaction, never to a value computed outside
// it, so no concurrent vote can be lost.
const counters = prepared((db, p: { id: number; up: number; down: number }) =>
  db
    .updateTable('comments')
    .set({ up: sql<number>`up + ${p.up}`, down: sql<number>`down + ${p.down}` })
    .where('id', '=', p.id),
);

export async function moveCounters(db: Db, id: number, up: number, down: number) {
  await counters.run(db, { id, up, down });
}
