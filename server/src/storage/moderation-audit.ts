import { prepared } from './prepared.js';
import type { Db } from './schema.js';

export interface NewAuditEntry {
  moderatorId: number | null;
  moderator: string;
  action: string;
  commentId: number | null;
  pageKey: string | null;
  detail: Record<string, string | number | boolean | null>;
  now: number;
}

const insert = prepared(
  (
    db,
    p: {
      moderatorId: number | null;
      moderator: string;
      action: string;
      commentId: number | null;
      pageKey: string | null;
      detail: string;
      now: number;
    },
  ) =>
    db.insertInto('audit_log').values({
      moderator_id: p.moderatorId,
      moderator: p.moderator,
      action: p.action,
      comment_id: p.commentId,
      page_key: p.pageKey,
      detail: p.detail,
      created_at: p.now,
    }),
);

/** Records a moderator's action; call it in the action's own transaction. */
export async function recordAudit(db: Db, entry: NewAuditEntry) {
  await insert.run(db, { ...entry, detail: JSON.stringify(entry.detail) });
}

/** Audit entries, newest first, optionally of one page or comment, before an id (paging). */
export function auditEntries(
  db: Db,
  filter: { pageKey: string | null; commentId: number | null; beforeId: number | null },
  limit: number,
) {
  let query = db
    .selectFrom('audit_log')
    .select([
      'id',
      'moderator',
      'action',
      'comment_id as commentId',
      'page_key as pageKey',
      'detail',
      'created_at as createdAt',
    ])
    .orderBy('id', 'desc')
    .limit(limit);
  if (filter.pageKey !== null) query = query.where('page_key', '=', filter.pageKey);
  if (filter.commentId !== null) query = query.where('comment_id', '=', filter.commentId);
  if (filter.beforeId !== null) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

export type AuditRow = Awaited<ReturnType<typeof auditEntries>>[number];
