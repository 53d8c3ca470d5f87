import {
  commentById,
  pendingComments,
  publishComment,
  type CommentWithPage,
} from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import { setLocked } from '../storage/pages.js';
import type { Storage } from '../storage/types.js';
import { deleteComment } from './comments.js';
import { refuse, type Clock, type Result } from './results.js';
import { loadThread, type ThreadRecord } from './threads.js';

export type ModerationResult = Result<{ changed: boolean; comment: CommentWithPage }, 'not_found'>;

/**
 * What a moderator does (today from the admin command line): approve held comments, delete
 * any comment, lock threads. Each change writes its event, so open streams and caches of a
 * running server learn of it like of a reader's change.
 */
export class ModerationService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  /** Publishes a pending comment; any other status is left as it is (`changed: false`). */
  approve(id: number): Promise<ModerationResult> {
    return this.#storage.transaction(async (tx): Promise<ModerationResult> => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      if (!(await publishComment(tx, id))) return { ok: true, changed: false, comment };
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: 'comment.approved',
        commentId: id,
        visible: true,
        now: this.#now(),
      });
      return { ok: true, changed: true, comment: { ...comment, status: 'published' } };
    });
  }

  /** Deletes any comment, whoever wrote it (a tombstone while replies hang on it). */
  delete(id: number): Promise<ModerationResult> {
    return this.#storage.transaction(async (tx): Promise<ModerationResult> => {
      const comment = await commentById(tx, id);
      if (!comment) return refuse('not_found');
      return { ok: true, ...(await deleteComment(tx, comment, this.#now())) };
    });
  }

  /** Closes a thread for new comments, or opens it again. */
  lock(pageKey: string, locked: boolean): Promise<void> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      await setLocked(tx, pageKey, locked, now);
      await recordEvent(tx, {
        pageKey,
        kind: locked ? 'page.locked' : 'page.unlocked',
        commentId: null,
        visible: true,
        now,
      });
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
}
