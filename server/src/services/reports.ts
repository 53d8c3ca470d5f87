import type { ReportReason } from '../../../src/protocol/index.js';
import { commentById } from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import { hideComment, openReportCount } from '../storage/moderation.js';
import { insertReport } from '../storage/reports.js';
import type { Storage } from '../storage/types.js';
import { joinReasons, parseReasons, type HoldPolicy } from './moderation-rules.js';
import { refuse, type Clock, type Result } from './results.js';

export type ReportResult = Result<{ created: boolean }, 'not_found' | 'own_comment'>;

/**
 * Reader reports: one per reader and comment, kept for the moderators. Enough of them (the
 * `hideAfterReports` rule) hide a published comment until a moderator reviews it.
 */
export class ReportService {
  readonly #storage: Storage;
  readonly #now: Clock;
  readonly #hold: HoldPolicy | null;

  constructor(storage: Storage, now: Clock, hold: HoldPolicy | null = null) {
    this.#storage = storage;
    this.#now = now;
    this.#hold = hold;
  }

  /**
   * Reports a comment the reader can see and did not write. A second report of the same
   * comment by the same token is accepted and changes nothing (`created: false`).
   */
  report(input: {
    id: number;
    tokenId: number;
    reason: ReportReason;
    note: string | null;
  }): Promise<ReportResult> {
    return this.#storage.transaction(async (tx): Promise<ReportResult> => {
      const comment = await commentById(tx, input.id);
      // Deleted comments and someone else's pending ones are nothing a reader can report.
      if (
        !comment ||
        comment.status === 'deleted' ||
        (comment.status === 'pending' && comment.tokenId !== input.tokenId)
      ) {
        return refuse('not_found');
      }
      if (comment.tokenId === input.tokenId) return refuse('own_comment');
      const now = this.#now();
      const created = await insertReport(tx, {
        commentId: comment.id,
        tokenId: input.tokenId,
        reason: input.reason,
        note: input.note,
        now,
      });
      if (created) {
        await recordEvent(tx, {
          pageKey: comment.pageKey,
          kind: 'comment.reported',
          commentId: comment.id,
          // Reports are for moderators: never sent to readers.
          visible: false,
          now,
        });
        if (
          comment.status === 'published' &&
          this.#hold?.hidesAt(await openReportCount(tx, comment.id))
        ) {
          const heldFor = joinReasons([...parseReasons(comment.heldFor), 'reports'])!;
          await hideComment(tx, comment.id, heldFor, now);
          await recordEvent(tx, {
            pageKey: comment.pageKey,
            kind: 'comment.hidden',
            commentId: comment.id,
            // Readers saw it: their streams learn that it is gone.
            visible: true,
            now,
          });
        }
      }
      return { ok: true, created };
    });
  }
}
