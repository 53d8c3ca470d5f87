import type { ErrorCode } from '../../../src/protocol/index.js';
import { ApiError } from '../errors.js';
import type { Reason } from '../services/index.js';
import type { RefusalDetail } from '../services/results.js';

interface Wording {
  code: ErrorCode;
  message: string | ((detail: RefusalDetail) => string);
  /** Headers the answer needs (Retry-After). */
  headers?: (detail: RefusalDetail) => Record<string, string>;
  /** The request field at fault, and what to say about it. */
  field?: [string, string];
}

/**
 * Every reason a service gives, as the protocol's error and its English message: the one
 * place where the server words a refusal.
 */
const WORDING: Readonly<Record<Reason, Wording>> = {
  not_found: { code: 'not_found', message: 'No such comment' },
  not_author: { code: 'forbidden', message: 'Only the author of a comment can change it' },
  comment_deleted: {
    code: 'forbidden',
    message: 'This comment has been deleted: it cannot be edited or voted on',
  },
  edit_window_passed: { code: 'forbidden', message: 'The edit window of this comment has passed' },
  own_comment: { code: 'forbidden', message: 'Readers cannot report their own comments' },
  thread_locked: { code: 'locked', message: 'This thread is closed for new comments' },
  parent_missing: {
    code: 'invalid_request',
    message: 'Invalid parentId: does not exist',
    field: ['parentId', 'does not exist'],
  },
  parent_on_other_page: {
    code: 'invalid_request',
    message: 'Invalid parentId: is on another page',
    field: ['parentId', 'is on another page'],
  },
  parent_deleted: {
    code: 'invalid_request',
    message: 'Invalid parentId: has been deleted',
    field: ['parentId', 'has been deleted'],
  },
  idempotency_key_reused: {
    code: 'conflict',
    message: 'This Idempotency-Key was already used for a different comment',
    field: ['Idempotency-Key', 'was used for a different request'],
  },
  name_reserved: {
    code: 'invalid_request',
    message: 'Invalid author.name: is the name of a signed-in reader',
    field: ['author.name', 'is the name of a signed-in reader'],
  },
  banned: {
    code: 'forbidden',
    message: ({ until }) =>
      `You are banned from commenting here ${
        until ? `until ${new Date(until).toISOString()}` : 'until a moderator lifts the ban'
      }`,
  },
  login_failed: { code: 'unauthorized', message: 'Wrong name or password' },
  login_throttled: {
    code: 'rate_limited',
    message: ({ scope, retryAfterMs }) =>
      `Too many failed logins ${scope === 'name' ? 'for this name' : 'from this address'}; ` +
      `try again in ${retryAfterSeconds(retryAfterMs)} s`,
    headers: ({ retryAfterMs }) => ({ 'retry-after': String(retryAfterSeconds(retryAfterMs)) }),
  },
  cannot_approve_deleted: { code: 'conflict', message: 'A deleted comment cannot be approved' },
  no_pending_edit: { code: 'conflict', message: 'This comment has no edit waiting for review' },
  pin_top_level_only: { code: 'conflict', message: 'Only top-level comments can be pinned' },
  pin_published_only: { code: 'conflict', message: 'Only published comments can be pinned' },
  ban_not_found: { code: 'not_found', message: 'No such ban' },
  moderator_exists: { code: 'conflict', message: 'A moderator with this name exists' },
  moderator_not_found: { code: 'not_found', message: 'No such moderator' },
};

function retryAfterSeconds(ms: number | undefined): number {
  return Math.max(1, Math.ceil((ms ?? 1000) / 1000));
}

/** The error to answer for a service's refusal. */
export function refusal(reason: Reason, detail: RefusalDetail = {}): ApiError {
  const { code, message, field, headers } = WORDING[reason];
  return new ApiError(
    code,
    typeof message === 'string' ? message : message(detail),
    field ? { [field[0]]: field[1] } : undefined,
    headers?.(detail),
  );
}

/** The wording of a refusal, for answers that carry several (bulk actions). */
export function refusalBody(reason: Reason, detail: RefusalDetail = {}) {
  const error = refusal(reason, detail);
  return { code: error.code, message: error.message };
}
