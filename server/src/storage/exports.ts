import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * The export's reads (server/src/export/ turns them into the export format): pages in key
 * order and their comments in id order, a page of rows at a time, so that an export of any
 * size is written in bounded memory. A reply's id is always above its parent's (the parent
 * existed when the reply was written), so id order puts parents first.
 */

const PAGE_COLUMNS = ['id', 'key', 'locked'] as const;

// Pages with no comment are exported only when locked: that is all such a row records.
const pagesAfter = prepared((db, p: { after: string; limit: number }) =>
  db
    .selectFrom('pages')
    .select(PAGE_COLUMNS)
    .where('key', '>', p.after)
    .where((eb) =>
      eb.or([
        eb('locked', '=', 1),
        eb.exists(
          eb
            .selectFrom('comments')
            .select('comments.id')
            .whereRef('comments.page_id', '=', 'pages.id'),
        ),
      ]),
    )
    .orderBy('key')
    .limit(p.limit),
);

const oneByKey = prepared((db, p: { key: string }) =>
  db.selectFrom('pages').select(PAGE_COLUMNS).where('key', '=', p.key),
);

export interface ExportPage {
  id: number;
  key: string;
  locked: boolean;
}

const page = (row: { id: number; key: string; locked: number }): ExportPage => ({
  id: Number(row.id),
  key: row.key,
  locked: row.locked === 1,
});

/** The next pages to export, in key order after `after`. */
export async function pagesToExport(db: Db, after: string, limit: number): Promise<ExportPage[]> {
  return (await pagesAfter.all(db, { after, limit })).map(page);
}

/** One page by its stored key, or undefined. */
export async function pageToExport(db: Db, key: string): Promise<ExportPage | undefined> {
  const row = await oneByKey.first(db, { key });
  return row && page(row);
}

const commentsAfter = prepared((db, p: { pageId: number; after: number; limit: number }) =>
  db
    .selectFrom('comments as c')
    .innerJoin('tokens as t', 't.id', 'c.token_id')
    .leftJoin('imported_comments as m', 'm.comment_id', 'c.id')
    .leftJoin('watched_comments as w', 'w.comment_id', 'c.id')
    .leftJoin('subscriptions as s', 's.id', 'w.subscription_id')
    .leftJoin('mail_addresses as a', 'a.id', 's.address_id')
    .select([
      'c.id as id',
      'c.parent_id as parentId',
      'c.author_name as authorName',
      'c.author_url as authorUrl',
      // The address its author asked reply mail at, or the one an import kept for the records.
      (eb) => eb.fn.coalesce('a.email', 'm.author_email').as('authorEmail'),
      'a.confirmed_at as notifyConfirmedAt',
      'c.body as body',
      'c.status as status',
      'c.created_at as createdAt',
      'c.edited_at as editedAt',
      'c.up as up',
      'c.down as down',
      'm.source_key as sourceKey',
      't.hash as tokenHash',
    ])
    .where('c.page_id', '=', p.pageId)
    .where('c.id', '>', p.after)
    .orderBy('c.id')
    .limit(p.limit),
);

/** The next comments of a page, whatever their status, in id order after `after`. */
export function commentsToExport(db: Db, pageId: number, after: number, limit: number) {
  return commentsAfter.all(db, { pageId, after, limit });
}

export type ExportCommentRow = Awaited<ReturnType<typeof commentsToExport>>[number];
