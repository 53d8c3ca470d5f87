import type { CommentStatus, VoteValue } from '../../../src/protocol/index.js';
import {
  commentById,
  eraseComment,
  insertComment,
  setBody,
  type CommentWithPage,
} from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import {
  findIdempotencyKey,
  forgetIdempotencyKeysOf,
  storeIdempotencyKey,
} from '../storage/idempotency.js';
import { insertPage, pageByKey } from '../storage/pages.js';
import type { Db, Storage } from '../storage/types.js';
import { currentVote } from '../storage/votes.js';
import { refuse, type Clock, type Refusal, type Result } from './results.js';
import { subscribeToReplies, type NotifyRequest } from './subscriptions.js';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CommentRules {
  /** hold: new comments wait for approval (`pending`). */
  moderation: 'off' | 'hold';
  /** How long after posting its author may edit a comment. */
  editWindowMs: number;
  now: Clock;
}

export interface NewComment {
  pageKey: string;
  parentId: number | null;
  tokenId: number;
  authorName: string;
  authorUrl: string | null;
  body: string;
  /**
   * The reader asked to be mailed about replies: the only case in which their address is
   * kept (in mail_addresses, never on the comment).
   */
  notify: NotifyRequest | null;
  /** A retried submission carries the same key and fingerprint (a hash of what it posts). */
  idempotency: { key: string; fingerprint: Buffer } | null;
  /**
   * The answer to store with the idempotency key, built from the new comment: a retry gets
   * exactly this back, whatever happened to the comment since.
   */
  answer(comment: CommentWithPage): string;
}

export type PostResult = Result<
  | { replayed: false; comment: CommentWithPage; answer: string }
  | { replayed: true; answer: string },
  | 'thread_locked'
  | 'parent_missing'
  | 'parent_on_other_page'
  | 'parent_deleted'
  | 'idempotency_key_reused'
>;

/** An edit or a delete: the comment as it now stands, and the caller's vote on it. */
export type ChangeResult<
  R extends 'not_found' | 'not_author' | 'comment_deleted' | 'edit_window_passed',
> = Result<{ changed: boolean; comment: CommentWithPage; myVote: VoteValue }, R>;

/**
 * Posting, editing and deleting comments: who may, what a reply may hang on, what the
 * moderation setting holds back. Each change and its event are one transaction.
 */
export class CommentService {
  readonly #storage: Storage;
  readonly #rules: CommentRules;

  constructor(storage: Storage, rules: CommentRules) {
    this.#storage = storage;
    this.#rules = rules;
  }

  post(input: NewComment): Promise<PostResult> {
    return this.#storage.transaction(async (tx): Promise<PostResult> => {
      const now = this.#rules.now();
      if (input.idempotency) {
        const { key, fingerprint } = input.idempotency;
        const earlier = await findIdempotencyKey(
          tx,
          input.tokenId,
          key,
          now - IDEMPOTENCY_WINDOW_MS,
        );
        if (earlier) {
          return earlier.fingerprint.equals(fingerprint)
            ? { ok: true, replayed: true, answer: earlier.response }
            : refuse('idempotency_key_reused');
        }
      }
      const page = await pageByKey(tx, input.pageKey);
      if (page?.locked) return refuse('thread_locked');
      if (input.parentId !== null) {
        const refusal = await this.#parentProblem(tx, input.parentId, page?.id, input.tokenId);
        if (refusal) return refusal;
      }
      const pageId = page?.id ?? (await insertPage(tx, input.pageKey, false, now));
      const status: CommentStatus = this.#rules.moderation === 'hold' ? 'pending' : 'published';
      const id = await insertComment(tx, {
        pageId,
        parentId: input.parentId,
        tokenId: input.tokenId,
        authorName: input.authorName,
        authorUrl: input.authorUrl,
        body: input.body,
        status,
        createdAt: now,
        editedAt: null,
        up: 0,
        down: 0,
      });
      const comment: CommentWithPage = {
        id,
        pageId,
        parentId: input.parentId,
        tokenId: input.tokenId,
        authorName: input.authorName,
        authorUrl: input.authorUrl,
        body: input.body,
        status,
        createdAt: now,
        editedAt: null,
        up: 0,
        down: 0,
        pageKey: input.pageKey,
      };
      if (input.notify) {
        await subscribeToReplies(tx, {
          ...input.notify,
          pageId,
          pageKey: input.pageKey,
          commentId: id,
          now,
        });
      }
      const answer = input.answer(comment);
      if (input.idempotency) {
        await storeIdempotencyKey(tx, {
          tokenId: input.tokenId,
          key: input.idempotency.key,
          fingerprint: input.idempotency.fingerprint,
          commentId: id,
          response: answer,
          now,
        });
      }
      await recordEvent(tx, {
        pageKey: input.pageKey,
        kind: 'comment.created',
        commentId: id,
        visible: status === 'published',
        now,
      });
      return { ok: true, replayed: false, comment, answer };
    });
  }

  /** A reply hangs on a comment of the same page that readers can still answer. */
  async #parentProblem(
    tx: Db,
    parentId: number,
    pageId: number | undefined,
    tokenId: number,
  ): Promise<Refusal<'parent_missing' | 'parent_on_other_page' | 'parent_deleted'> | null> {
    const parent = await commentById(tx, parentId);
    // Someone else's pending comment does not exist for this reader.
    if (!parent || (parent.status === 'pending' && parent.tokenId !== tokenId)) {
      return refuse('parent_missing');
    }
    if (parent.pageId !== pageId) return refuse('parent_on_other_page');
    if (parent.status === 'deleted') return refuse('parent_deleted');
    return null;
  }

  /** The author edits the body within the edit window; the same body again changes nothing. */
  edit(input: {
    id: number;
    tokenId: number;
    body: string;
  }): Promise<ChangeResult<'not_found' | 'not_author' | 'comment_deleted' | 'edit_window_passed'>> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#rules.now();
      const found = await ownComment(tx, input.id, input.tokenId);
      if (!found.ok) return found;
      const { comment } = found;
      if (comment.status === 'deleted') return refuse('comment_deleted');
      if (now - comment.createdAt > this.#rules.editWindowMs) return refuse('edit_window_passed');
      const myVote = await currentVote(tx, comment.id, input.tokenId);
      if (comment.body === input.body) return { ok: true, changed: false, comment, myVote };
      await setBody(tx, comment.id, input.body, now);
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: 'comment.edited',
        commentId: comment.id,
        visible: comment.status === 'published',
        now,
      });
      return {
        ok: true,
        changed: true,
        comment: { ...comment, body: input.body, editedAt: now },
        myVote,
      };
    });
  }

  /** The author deletes, at any time; deleting twice changes nothing the second time. */
  delete(input: {
    id: number;
    tokenId: number;
  }): Promise<ChangeResult<'not_found' | 'not_author'>> {
    return this.#storage.transaction(async (tx) => {
      const found = await ownComment(tx, input.id, input.tokenId);
      if (!found.ok) return found;
      const myVote = await currentVote(tx, input.id, input.tokenId);
      return { ok: true, myVote, ...(await deleteComment(tx, found.comment, this.#rules.now())) };
    });
  }
}

/** The comment, when it exists for the caller and is theirs. */
async function ownComment(
  tx: Db,
  id: number,
  tokenId: number,
): Promise<Result<{ comment: CommentWithPage }, 'not_found' | 'not_author'>> {
  const comment = await commentById(tx, id);
  // Someone else's pending comment does not exist for the caller.
  if (!comment || (comment.status === 'pending' && comment.tokenId !== tokenId)) {
    return refuse('not_found');
  }
  if (comment.tokenId !== tokenId) return refuse('not_author');
  return { ok: true, comment };
}

/**
 * Deletes a comment in the caller's transaction (its author's delete or a moderator's): the
 * row stays, for the replies hanging on it, but nothing its author wrote does.
 */
export async function deleteComment(
  tx: Db,
  comment: CommentWithPage,
  now: number,
): Promise<{ changed: boolean; comment: CommentWithPage }> {
  if (comment.status === 'deleted') return { changed: false, comment };
  await eraseComment(tx, comment.id);
  await forgetIdempotencyKeysOf(tx, comment.id);
  await recordEvent(tx, {
    pageKey: comment.pageKey,
    kind: 'comment.deleted',
    commentId: comment.id,
    visible: comment.status === 'published',
    now,
  });
  return {
    changed: true,
    comment: { ...comment, status: 'deleted', body: '', authorName: '', authorUrl: null },
  };
}
