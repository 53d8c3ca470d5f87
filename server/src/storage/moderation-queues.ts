import { sql, type Expression, type SqlBool } from 'kysely';
import type { ModQueue, ReportReason } from '../../../src/protocol/index.js';
import { COMMENT_COLUMNS } from './comments.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/** What moderators read: the review queues, reports, pages. Rows only; services shape them. */

const MOD_COLUMNS = [
  ...COMMENT_COLUMNS,
  'pages.key as pageKey',
  'comments.held_at as heldAt',
] as const;

/** Where a page of a queue ends: the sort key of its last comment. */
export type QueueCursor = [number, number];

export interface QueueQuery {
  status: ModQueue;
  pageKey: string | null;
  /** Part of the body (or of the edit waiting for review), any case. */
  text: string | null;
  /** Part of the author's name, any case. */
  author: string | null;
  after: QueueCursor | null;
  limit: number;
}

/** `%text%` for LIKE, with LIKE's own characters escaped (ESCAPE '\'). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** lower() on both sides: the database folds case the same way for the column and the pattern. */
function contains(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${containing(text)}) escape '\\'`;
}

/** Each queue's order: by this column, then by id, the same way. */
const ORDER: Readonly<Record<ModQueue, [string, 'asc' | 'desc']>> = {
  pending: ['comments.held_at', 'asc'],
  reported: ['open.n', 'desc'],
  published: ['comments.created_at', 'desc'],
  deleted: ['comments.created_at', 'desc'],
};

/**
 * One page of a review queue, in the queue's order (see docs/protocol.md, "Queues"). Each row
 * carries its sort key as `sortA`/`sortB`, for the next cursor. Built per call: the filters
 * change the query's shape.
 */
export function queuePage(db: Db, query: QueueQuery) {
  const [column, direction] = ORDER[query.status];
  const sortA = sql.ref<number>(column);
  let select = db
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('reports')
          .select(['reports.comment_id', (e) => e.fn.countAll<number>().as('n')])
          .where('reports.state', '=', 'open')
          .groupBy('reports.comment_id')
          .as('open'),
      (join) => join.onRef('open.comment_id', '=', 'comments.id'),
    )
    .select(MOD_COLUMNS)
    .select([sql<number>`${sortA}`.as('sortA'), 'comments.id as sortB'])
    .orderBy(sortA, direction)
    .orderBy('comments.id', direction)
    .limit(query.limit);
  switch (query.status) {
    case 'pending':
      select = select
        .where('comments.held_at', 'is not', null)
        .where('comments.status', '<>', 'deleted');
      break;
    case 'reported':
      select = select.where('open.n', '>', 0).where('comments.status', '<>', 'deleted');
      break;
    case 'published':
    case 'deleted':
      select = select.where('comments.status', '=', query.status);
      break;
  }
  const after = query.after;
  if (after) {
    const beyond = direction === 'asc' ? '>' : '<';
    select = select.where((eb) =>
      eb.or([
        eb(sortA, beyond, after[0]),
        eb.and([eb(sortA, '=', after[0]), eb('comments.id', beyond, after[1])]),
      ]),
    );
  }
  if (query.pageKey !== null) select = select.where('pages.key', '=', query.pageKey);
  const text = query.text;
  if (text !== null) {
    select = select.where((eb) =>
      eb.or([
        contains('comments.body', text),
        eb.and([eb('comments.edit_body', 'is not', null), contains('comments.edit_body', text)]),
      ]),
    );
  }
  if (query.author !== null) select = select.where(contains('comments.author_name', query.author));
  return select.execute();
}

export type QueueRow = Awaited<ReturnType<typeof queuePage>>[number];

/** The same rows for given comments (the console's live feed, answers to actions). */
export function modRowsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .select(MOD_COLUMNS)
    .where('comments.id', 'in', [...ids])
    .execute();
}

export type ModRow = Awaited<ReturnType<typeof modRowsByIds>>[number];

/** Open reports per comment and reason, for the given comments. */
export function openReportCounts(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('reports')
    .select(['comment_id as commentId', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'open')
    .where('comment_id', 'in', [...ids])
    .groupBy(['comment_id', 'reason'])
    .execute();
}

const reportsOf = prepared((db, p: { id: number }) =>
  db
    .selectFrom('reports')
    .select(['id', 'reason', 'note', 'state', 'created_at as createdAt'])
    .where('comment_id', '=', p.id)
    .orderBy('id', 'desc'),
);

/** Every report of a comment, newest first. Who reported is not read. */
export function reportsOfComment(db: Db, commentId: number) {
  return reportsOf.all(db, { id: commentId });
}

export type ReportRow = Awaited<ReturnType<typeof reportsOfComment>>[number] & {
  reason: ReportReason;
};

/**
 * Pages with the newest comment first (pages without one last), with their lock and how many
 * comments are published and pending; `after` is the sort key of the previous page's last row.
 */
export function pageSummaries(
  db: Db,
  filter: { pageKey: string | null; after: QueueCursor | null },
  limit: number,
) {
  const count = (status: 'published' | 'pending') =>
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('comments.page_id', '=', sql.ref<number>('pages.id'))
      .where('comments.status', '=', status);
  const summaries = db.selectFrom('pages').select([
    'pages.id as id',
    'pages.key as pageKey',
    'pages.locked as locked',
    count('published').as('published'),
    count('pending').as('pending'),
    (eb) =>
      eb
        .selectFrom('comments')
        .select((e) => e.fn.max('comments.created_at').as('t'))
        .whereRef('comments.page_id', '=', 'pages.id')
        .as('lastCommentAt'),
  ]);
  // Pages without a comment sort after every page with one.
  const lastOrNone = sql<number>`coalesce(${sql.ref('s.lastCommentAt')}, -1)`;
  let query = db
    .selectFrom(summaries.as('s'))
    .selectAll('s')
    .select(lastOrNone.as('sortA'))
    .orderBy(lastOrNone, 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit);
  if (filter.pageKey !== null) query = query.where('s.pageKey', '=', filter.pageKey);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb(lastOrNone, '<', after[0]),
        eb.and([eb(lastOrNone, '=', after[0]), eb('s.id', '<', after[1])]),
      ]),
    );
  }
  return query.execute();
}
