// Reader reports (PROTOCOL.md, "Reader reports") for the fake endpoint: a temporary addition so
// that the widget's Report action has a server to talk to in this branch. The real server, which
// replaces the fake, implements the same route; drop this file and its two lines in
// fake-endpoint.mjs then.
import { ApiError } from './fake-store.mjs';

const REASONS = ['spam', 'abuse', 'off_topic', 'other'];
const NOTE_MAX = 500;
/** @type {WeakMap<object, Map<string, Set<string>>>} store → comment id → tokens that reported it */
const reported = new WeakMap();

/**
 * `POST /comments/{id}/reports` → 201 `{ reported: true }` (200 for a repeat by the same token,
 * counted once); 400 for a bad reason or note, 403 for one's own comment, 404 for an unknown or
 * deleted one.
 * @param {import('./fake-store.mjs').FakeStore} store
 * @param {string} id
 * @param {unknown} input
 * @param {string} token
 */
export function report(store, id, input, token) {
  const body =
    input && typeof input === 'object' ? /** @type {Record<string, unknown>} */ (input) : {};
  if (!REASONS.includes(/** @type {string} */ (body.reason))) {
    throw new ApiError('invalid_request', 'Give a reason.', { reason: `One of ${REASONS}.` });
  }
  const note = body.note;
  if (note !== undefined && (typeof note !== 'string' || [...note].length > NOTE_MAX)) {
    throw new ApiError('invalid_request', 'The note is too long.', {
      note: `At most ${NOTE_MAX} characters.`,
    });
  }
  const c = store.comments.get(id);
  if (!c || c.status === 'deleted' || !store.visibleOnPage(c.page, token).visible.has(id)) {
    throw new ApiError('not_found', 'No such comment.');
  }
  if (c.owner === token) throw new ApiError('forbidden', 'You cannot report your own comment.');
  const byComment = reported.get(store) ?? new Map();
  reported.set(store, byComment);
  const tokens = byComment.get(id) ?? new Set();
  byComment.set(id, tokens);
  const first = !tokens.has(token);
  tokens.add(token);
  return { status: first ? 201 : 200, body: { reported: true } };
}
