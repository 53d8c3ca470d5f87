import { prepared } from './prepared.js';
import type { Db, EventKind } from './schema.js';

export interface NewEvent {
  pageKey: string;
  kind: EventKind;
  commentId: number | null;
  /** Readers could see the comment before or after the change. */
  visible: boolean;
  now: number;
}

const insert = prepared(
  (
    db,
    p: {
      pageKey: string;
      kind: EventKind;
      commentId: number | null;
      visible: number;
      now: number;
    },
  ) =>
    db.insertInto('events').values({
      page_key: p.pageKey,
      kind: p.kind,
      comment_id: p.commentId,
      visible: p.visible,
      created_at: p.now,
    }),
);

/** Records a change in the outbox; call it in the change's own transaction. */
export async function recordEvent(db: Db, event: NewEvent) {
  await insert.run(db, { ...event, visible: event.visible ? 1 : 0 });
}

// The comment as it stands now rides along, so a consumer needs no second read.
const EVENT_COLUMNS = [
  'events.id as id',
  'events.page_key as pageKey',
  'events.kind as kind',
  'events.comment_id as commentId',
  'events.visible as visible',
  'events.created_at as createdAt',
  'comments.id as rowId',
  'comments.page_id as pageId',
  'comments.parent_id as parentId',
  'comments.token_id as tokenId',
  'comments.author_name as authorName',
  'comments.author_url as authorUrl',
  'comments.body as body',
  'comments.status as status',
  'comments.created_at as commentCreatedAt',
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

const after = prepared((db, p: { after: number; limit: number }) =>
  db
    .selectFrom('events')
    .leftJoin('comments', 'comments.id', 'events.comment_id')
    .select(EVENT_COLUMNS)
    .where('events.id', '>', p.after)
    .orderBy('events.id')
    .limit(p.limit),
);

const ofPageBetween = prepared(
  (db, p: { pageKey: string; after: number; upTo: number; limit: number }) =>
    db
      .selectFrom('events')
      .leftJoin('comments', 'comments.id', 'events.comment_id')
      .select(EVENT_COLUMNS)
      .where('events.page_key', '=', p.pageKey)
      .where('events.id', '>', p.after)
      .where('events.id', '<=', p.upTo)
      .orderBy('events.id')
      .limit(p.limit),
);

const newest = prepared((db, _p: object) =>
  db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')),
);

const oldest = prepared((db, _p: object) =>
  db.selectFrom('events').select((eb) => eb.fn.min('id').as('id')),
);

const prune = prepared((db, p: { before: number }) =>
  db.deleteFrom('events').where('created_at', '<', p.before),
);

/** Events after an id, oldest first, each with its comment as it stands (null for page events). */
export function eventsAfter(db: Db, afterId: number, limit: number) {
  return after.all(db, { after: afterId, limit });
}

/** The same for one page, up to an id. */
export function eventsOfPageBetween(
  db: Db,
  pageKey: string,
  afterId: number,
  upTo: number,
  limit: number,
) {
  return ofPageBetween.all(db, { pageKey, after: afterId, upTo, limit });
}

export type EventRow = Awaited<ReturnType<typeof eventsAfter>>[number];

/** The newest event id, 0 when there is none. */
export async function newestEventId(db: Db): Promise<number> {
  return Number((await newest.first(db, {}))?.id ?? 0);
}

/** The oldest event id still kept, or null when none is. */
export async function oldestEventId(db: Db): Promise<number | null> {
  const id = (await oldest.first(db, {}))?.id;
  return id === undefined || id === null ? null : Number(id);
}

/** Drops events older than a time; returns how many. */
export function pruneEvents(db: Db, before: number): Promise<number> {
  return prune.run(db, { before });
}
