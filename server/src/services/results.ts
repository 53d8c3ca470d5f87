/**
 * Why a service refused: a code, never a sentence and never an HTTP status. The routes turn
 * codes into the protocol's errors and English messages in one table (routes/reasons.ts);
 * the admin command line words them its own way.
 */
export type Reason =
  /** No such comment, or someone else's pending comment (which does not exist for the caller). */
  | 'not_found'
  /** The comment is someone else's. */
  | 'not_author'
  /** A deleted comment cannot be edited or voted on. */
  | 'comment_deleted'
  | 'edit_window_passed'
  /** Readers do not report their own comments. */
  | 'own_comment'
  /** The thread takes no new comments. */
  | 'thread_locked'
  | 'parent_missing'
  | 'parent_on_other_page'
  | 'parent_deleted'
  /** The Idempotency-Key was used by this token for a different comment. */
  | 'idempotency_key_reused';

export type Refusal<R extends Reason> = { ok: false; reason: R };

/** A service's answer: what happened, or the reason it did not. */
export type Result<T, R extends Reason> = ({ ok: true } & T) | Refusal<R>;

export function refuse<R extends Reason>(reason: R): Refusal<R> {
  return { ok: false, reason };
}

/** The service's notion of now; tests pass their own. */
export type Clock = () => number;
