import type { ReportReason } from '../../../src/protocol/index.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

const insert = prepared(
  (
    db,
    p: {
      commentId: number;
      tokenId: number;
      reason: ReportReason;
      note: string | null;
      now: number;
    },
  ) =>
    db
      .insertInto('reports')
      .values({
        comment_id: p.commentId,
        token_id: p.tokenId,
        reason: p.reason,
        note: p.note,
        created_at: p.now,
      })
      // The unique constraint counts a reader's report of a comment once, whatever the race.
      .onConflict((conflict) => conflict.columns(['comment_id', 'token_id']).doNothing())
      .returning('id'),
);

/** Stores a report; returns false when this token had already reported the comment. */
export async function insertReport(
  db: Db,
  report: {
    commentId: number;
    tokenId: number;
    reason: ReportReason;
    note: string | null;
    now: number;
  },
): Promise<boolean> {
  return (await insert.first(db, report)) !== undefined;
}
