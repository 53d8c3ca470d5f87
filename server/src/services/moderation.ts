import { userInfo } from 'node:os';
import {
  commentById,
  pendingComments,
  publishComment,
  type CommentWithPage,
} from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import { recordAudit } from '../storage/moderation-audit.js';
import {
  applyPendingEdit,
  discardPendingEdit,
  dismissReports,
  setPinned,
} from '../storage/moderation.js';
import { pageByKey, setLocked } from '../storage/pages.js';
import type { Db, Storage } from '../storage/types.js';
import type { ModView } from '../mod-view.js';
import { deleteComment } from './comments.js';
import { withReports } from './moderation-queues.js';
import { refuse, type Clock, type Result } from './results.js';
import { loadThread, type ThreadRecord } from './threads.js';

/** A comment as it now stands in the transaction, with its open reports. */
async function view(tx: Db, id: number): Promise<ModView> {
  const comment = await commentById(tx, id);
  if (!comment) throw new Error(`comment ${id} vanished inside its transaction`);
  return (await withReports(tx, [comment]))[0]!;
}

/** Who did it, for the audit log: a moderator, or the admin command line. */
export interface Actor {
  /** The moderator's id; null for the command line. */
  id: number | null;
  name: string;
}

/** The admin command line, as the audit log names it: with the operating system's user. */
export function commandLineActor(): Actor {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the command line is still the command line.
  }
  return { id: null, name: `command line (${user})` };
}

export type ApproveResult = Result<
  {
    changed: boolean;
    /** What the approval did: published a held comment, applied a held edit, or neither. */
    applied: 'comment' | 'edit' | null;
    /** Open reports dismissed. */
    dismissed: number;
    comment: ModView;
  },
  'not_found' | 'cannot_approve_deleted'
>;

export type ModerationResult<R extends 'not_found' | 'no_pending_edit' = 'not_found'> = Result<
  { changed: boolean; comment: ModView },
  R
>;

export type PinResult = Result<
  { changed: boolean; comment: ModView },
  'not_found' | 'pin_top_level_only' | 'pin_published_only'
>;

/**
 * What a moderator does, from the console's API or the admin command line: approve held
 * comments and edits (dismissing reports), reject edits, delete any comment, pin, lock threads.
 * Each change writes its event, so open streams and caches of every server learn of it like of
 * a reader's change, and its audit entry, in the same transaction.
 */
export class ModerationService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  /**
   * Publishes a held comment or applies a held edit, and dismisses the comment's open reports.
   * A comment with nothing to approve and no open report is left as it is (`changed: false`).
   */
  approve(id: number, actor: Actor = commandLineActor()): Promise<ApproveResult> {
    return this.#storage.transaction(async (tx): Promise<ApproveResult> => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      if (comment.status === 'deleted') return refuse('cannot_approve_deleted');
      const now = this.#now();
      let applied: 'comment' | 'edit' | null = null;
      if (await publishComment(tx, id)) applied = 'comment';
      else if (await applyPendingEdit(tx, id)) applied = 'edit';
      const dismissed = await dismissReports(tx, id);
      if (applied === null && dismissed === 0) {
        return { ok: true, changed: false, applied, dismissed, comment: await view(tx, id) };
      }
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: applied ? 'comment.approved' : 'comment.reports_dismissed',
        commentId: id,
        // Readers see the comment appear, or its new text; dismissed reports change nothing.
        visible: applied !== null,
        now,
      });
      await this.#audit(tx, actor, applied === 'edit' ? 'approve_edit' : 'approve', comment, now, {
        dismissedReports: dismissed,
      });
      return {
        ok: true,
        changed: true,
        applied,
        dismissed,
        comment: await view(tx, id),
      };
    });
  }

  /** Discards the edit of a published comment that waits for review. */
  rejectEdit(
    id: number,
    actor: Actor = commandLineActor(),
  ): Promise<ModerationResult<'not_found' | 'no_pending_edit'>> {
    return this.#storage.transaction(async (tx) => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      if (!(await discardPendingEdit(tx, id))) return refuse('no_pending_edit');
      const now = this.#now();
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: 'comment.edit_rejected',
        commentId: id,
        // Readers kept seeing the published text all along.
        visible: false,
        now,
      });
      await this.#audit(tx, actor, 'reject_edit', comment, now, {});
      return { ok: true, changed: true, comment: await view(tx, id) };
    });
  }

  /** Deletes any comment, whoever wrote it (a tombstone while replies hang on it). */
  delete(id: number, actor: Actor = commandLineActor()): Promise<ModerationResult> {
    return this.#storage.transaction(async (tx): Promise<ModerationResult> => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      const now = this.#now();
      const { changed } = await deleteComment(tx, comment, now);
      if (changed) await this.#audit(tx, actor, 'delete', comment, now, {});
      return { ok: true, changed, comment: await view(tx, id) };
    });
  }

  /** Pins a published top-level comment to the top of its thread, or unpins it. */
  pin(id: number, pinned: boolean, actor: Actor = commandLineActor()): Promise<PinResult> {
    return this.#storage.transaction(async (tx): Promise<PinResult> => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      if (Boolean(comment.pinned) === pinned) {
        return { ok: true, changed: false, comment: await view(tx, id) };
      }
      if (pinned && comment.parentId !== null) return refuse('pin_top_level_only');
      if (pinned && comment.status !== 'published') return refuse('pin_published_only');
      const now = this.#now();
      await setPinned(tx, id, pinned);
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: pinned ? 'comment.pinned' : 'comment.unpinned',
        commentId: id,
        visible: comment.status === 'published',
        now,
      });
      await this.#audit(tx, actor, pinned ? 'pin' : 'unpin', comment, now, {});
      return { ok: true, changed: true, comment: await view(tx, id) };
    });
  }

  /** Closes a thread for new comments, or opens it again. */
  lock(
    pageKey: string,
    locked: boolean,
    actor: Actor = commandLineActor(),
  ): Promise<{ changed: boolean }> {
    return this.#storage.transaction(async (tx) => {
      // Locking a locked thread (or unlocking an open one) changes nothing and logs nothing.
      if (((await pageByKey(tx, pageKey))?.locked ?? false) === locked) return { changed: false };
      const now = this.#now();
      await setLocked(tx, pageKey, locked, now);
      await recordEvent(tx, {
        pageKey,
        kind: locked ? 'page.locked' : 'page.unlocked',
        commentId: null,
        visible: true,
        now,
      });
      await recordAudit(tx, {
        moderatorId: actor.id,
        moderator: actor.name,
        action: locked ? 'lock' : 'unlock',
        commentId: null,
        pageKey,
        detail: {},
        now,
      });
      return { changed: true };
    });
  }

  /** Comments waiting for approval, oldest first. */
  pending(limit: number): Promise<CommentWithPage[]> {
    return this.#storage.read((db) => pendingComments(db, limit));
  }

  /** Every comment of a thread, whatever its status. */
  thread(pageKey: string): Promise<ThreadRecord> {
    return this.#storage.read((db) => loadThread(db, pageKey));
  }

  #audit(
    tx: Db,
    actor: Actor,
    action: string,
    comment: CommentWithPage,
    now: number,
    detail: Record<string, string | number | boolean | null>,
  ) {
    return recordAudit(tx, {
      moderatorId: actor.id,
      moderator: actor.name,
      action,
      commentId: comment.id,
      pageKey: comment.pageKey,
      detail,
      now,
    });
  }
}
