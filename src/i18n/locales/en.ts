import type { enComposer } from './en-composer.js';

/**
 * The English catalogue: bundled with the widget and, with the composer's
 * texts in ./en-composer.ts (which travel in the composer's lazy chunk), the
 * source of every message key. A value is either a string with `{name}` placeholders or a set
 * of plural forms chosen with `Intl.PluralRules` by the `count` parameter.
 */
export const en = {
  'thread.heading': { one: '{count} comment', other: '{count} comments' },
  'thread.label': 'Comments',
  'thread.loading': 'Loading comments…',
  'thread.empty': 'No comments yet. Start the conversation.',
  'thread.locked': 'This thread is closed for new comments.',
  'thread.loadFailed': 'The comments could not be loaded.',
  'thread.retry': 'Try again',
  'thread.loadMore': 'Show more comments',
  'thread.loadingMore': 'Loading more comments…',
  'thread.newComments': { one: '{count} new comment', other: '{count} new comments' },
  'sort.label': 'Sort by',
  'sort.oldest': 'Oldest first',
  'sort.newest': 'Newest first',
  'sort.top': 'Top rated',
  'comment.anonymous': 'Anonymous',
  'comment.deleted': 'This comment was deleted.',
  'comment.pending': 'Awaiting moderation',
  'comment.edited': 'edited',
  'comment.verified': 'Verified account',
  'comment.inReplyTo': 'in reply to {name}',
  'comment.reply': 'Reply',
  'comment.edit': 'Edit',
  'comment.delete': 'Delete',
  'comment.voteUp': 'Vote up',
  'comment.voteDown': 'Vote down',
  'comment.score': 'Score',
  'comment.hideReplies': { one: 'Hide {count} reply', other: 'Hide {count} replies' },
  'comment.showReplies': { one: 'Show {count} reply', other: 'Show {count} replies' },
  'comment.actions': 'Actions for the comment by {name}',
  'comment.report': 'Report',
  'time.now': 'just now',
  'error.invalid_request': 'The server did not accept the request.',
  'error.unauthorized': 'Your session has expired. Please try again.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.not_found': 'That could not be found. It may have been deleted.',
  'error.conflict': 'That clashes with a change made meanwhile. Please reload.',
  'error.payload_too_large': 'That is too long.',
  'error.unsupported_media_type': 'The server could not read the request.',
  'error.locked': 'This thread is closed for new comments.',
  'error.rate_limited': 'Too many requests. Please wait a moment and try again.',
  'error.internal': 'The comment server had a problem. Please try again later.',
  'error.unavailable': 'The comment server is unavailable right now. Please try again later.',
  'error.network': 'The comment server could not be reached. Check your connection.',
  'error.timeout': 'The comment server took too long to answer.',
  'error.bad_response': 'The comment server sent an answer that could not be read.',
  'error.aborted': 'The request was cancelled.',
  'error.config': 'The comments are not set up: the endpoint attribute is missing.',
} satisfies Record<string, Message>;

/** A message: text with `{name}` placeholders, or plural forms keyed by `Intl.PluralRules` category. */
export type Message =
  | string
  | { other: string; zero?: string; one?: string; two?: string; few?: string; many?: string };

export type MessageKey = keyof typeof en | keyof typeof enComposer;
export type Catalogue = Record<MessageKey, Message>;
/** What another language says while reading (`<lang>.ts`); its write path's texts are apart. */
export type ReadCatalogue = Record<keyof typeof en, Message>;
