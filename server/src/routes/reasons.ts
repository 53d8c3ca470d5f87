import type { ErrorCode } from '../../../src/protocol/index.js';
import { ApiError } from '../errors.js';
import type { Reason } from '../services/index.js';

interface Wording {
  code: ErrorCode;
  message: string;
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
};

/** The error to answer for a service's refusal. */
export function refusal(reason: Reason): ApiError {
  const { code, message, field } = WORDING[reason];
  return new ApiError(code, message, field ? { [field[0]]: field[1] } : undefined);
}
