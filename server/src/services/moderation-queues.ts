import type { ReportReason } from '../../../src/protocol/index.js';
import type { CommentWithPage } from '../storage/comments.js';
import { auditEntries } from '../storage/moderation-audit.js';
import {
  modRowsByIds,
  openReportCounts,
  pageSummaries,
  queuePage,
  reportsOfComment,
  type QueueCursor,
  type QueueQuery,
  type ReportRow,
} from '../storage/moderation-queues.js';
import { commentById } from '../storage/comments.js';
import type { Db, Storage } from '../storage/types.js';
import type { ModView } from '../mod-view.js';
import { refuse, type Result } from './results.js';

/** Comments with their open reports counted per reason, in the same snapshot. */
export async function withReports<T extends CommentWithPage>(
  db: Db,
  rows: readonly T[],
): Promise<Array<T & ModView>> {
  const counts = await openReportCounts(
    db,
    rows.map((row) => row.id),
  );
  const byComment = new Map<number, Partial<Record<ReportReason, number>>>();
  for (const { commentId, reason, n } of counts) {
    let reasons = byComment.get(commentId);
    if (!reasons) byComment.set(commentId, (reasons = {}));
    reasons[reason] = Number(n);
  }
  return rows.map((row) => ({ ...row, openReports: byComment.get(row.id) ?? {} }));
}

/** What moderators read: the review queues, one comment, its reports, pages, the audit log. */
export class ModerationQueries {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** One page of a queue, and the sort key of its last comment when more may follow. */
  queue(query: QueueQuery): Promise<{ comments: ModView[]; last: QueueCursor | null }> {
    return this.#storage.read(async (db) => {
      // One more than asked: whether there is a next page, without a count.
      const rows = await queuePage(db, { ...query, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = rows.length > query.limit ? page.at(-1) : undefined;
      return {
        comments: await withReports(db, page),
        last: last ? [Number(last.sortA), Number(last.sortB)] : null,
      };
    });
  }

  /** The comments with these ids that exist, as moderators see them. */
  comments(ids: readonly number[]): Promise<ModView[]> {
    return this.#storage.read(async (db) => withReports(db, await modRowsByIds(db, ids)));
  }

  /** One comment as moderators see it. */
  comment(id: number): Promise<Result<{ comment: ModView }, 'not_found'>> {
    return this.#storage.read(async (db) => {
      const row = await commentById(db, id);
      if (!row) return refuse('not_found');
      const [comment] = await withReports(db, [row]);
      return { ok: true, comment: comment! };
    });
  }

  /** Every report of a comment, newest first. */
  reports(id: number): Promise<Result<{ reports: ReportRow[] }, 'not_found'>> {
    return this.#storage.read(async (db) => {
      if (!(await commentById(db, id))) return refuse('not_found');
      return { ok: true, reports: (await reportsOfComment(db, id)) as ReportRow[] };
    });
  }

  pages(filter: { pageKey: string | null; after: QueueCursor | null }, limit: number) {
    return this.#storage.read((db) => pageSummaries(db, filter, limit));
  }

  audit(
    filter: { pageKey: string | null; commentId: number | null; beforeId: number | null },
    limit: number,
  ) {
    return this.#storage.read((db) => auditEntries(db, filter, limit));
  }
}
