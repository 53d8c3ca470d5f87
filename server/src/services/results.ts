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
  | 'idempotency_key_reused'
  /** An anonymous reader used a name a signed-in reader has (after nameKey). */
  | 'name_reserved'
  /** The reader's token, identity or address is banned (detail.until). */
  | 'banned'
  /** Wrong moderator name or password: the same reason for both. */
  | 'login_failed'
  /** Too many login attempts from the address or for the name (detail.retryAfterMs, scope). */
  | 'login_throttled'
  | 'cannot_approve_deleted'
  | 'no_pending_edit'
  | 'pin_top_level_only'
  | 'pin_published_only'
  | 'ban_not_found'
  /** Command line: a moderator with that name (or one that looks the same) exists. */
  | 'moderator_exists'
  | 'moderator_not_found';

/** What a refusal needs besides its reason to be worded. */
export interface RefusalDetail {
  /** banned: until when (ms since the epoch), null: until lifted. */
  until?: number | null;
  /** login_throttled: how long to wait. */
  retryAfterMs?: number;
  /** login_throttled: which limit was reached. */
  scope?: 'address' | 'name';
}

export type Refusal<R extends Reason> = { ok: false; reason: R; detail?: RefusalDetail };

/** A service's answer: what happened, or the reason it did not. */
export type Result<T, R extends Reason> = ({ ok: true } & T) | Refusal<R>;

export function refuse<R extends Reason>(reason: R, detail?: RefusalDetail): Refusal<R> {
  return detail ? { ok: false, reason, detail } : { ok: false, reason };
}

/** The service's notion of now; tests pass their own. */
export type Clock = () => number;
