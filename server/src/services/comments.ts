import { nameKey, type CommentStatus, type VoteValue } from '../../../src/protocol/index.js';
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
import { discardPendingEdit, nameReservedBy, storePendingEdit } from '../storage/moderation.js';
import { insertPage, pageByKey } from '../storage/pages.js';
import type { Db, Storage } from '../storage/types.js';
import { currentVote } from '../storage/votes.js';
import { joinReasons, type HoldPolicy } from './moderation-rules.js';
import { refuse, type Clock, type Refusal, type Result } from './results.js';
import { subscribeToReplies, type NotifyRequest } from './subscriptions.js';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CommentRules {
  /** What holds new comments and edits for review (--moderation hold among them). */
  hold: HoldPolicy;
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
  /** Signed-in readers' avatars (from the host site's token); null otherwise. */
  authorAvatar?: string | null;
  /** The signed-in identity the token is bound to; absent or null for an anonymous reader. */
  ssoSubject?: string | null;
  body: string;
  /** The honeypot field was filled: held for review, never refused (a person may have hit it). */
  honeypot?: boolean;
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
  | 'name_reserved'
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
      const ssoSubject = input.ssoSubject ?? null;
      // A signed-in reader's name is theirs: nobody else may pass for them.
      if (ssoSubject === null && (await nameReservedBy(tx, nameKey(input.authorName)))) {
        return refuse('name_reserved');
      }
      const pageId = page?.id ?? (await insertPage(tx, input.pageKey, false, now));
      const reasons = await this.#rules.hold.forNewComment(tx, {
        tokenId: input.tokenId,
        ssoSubject,
        body: input.body,
        honeypot: input.honeypot ?? false,
      });
      const heldFor = joinReasons(reasons);
      const status: CommentStatus = heldFor === null ? 'published' : 'pending';
      const record = {
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
        authorVerified: ssoSubject !== null,
        authorAvatar: input.authorAvatar ?? null,
        heldFor,
      };
      const id = await insertComment(tx, record);
      const comment: CommentWithPage = {
        ...record,
        id,
        pinned: 0,
        authorVerified: record.authorVerified ? 1 : 0,
        editBody: null,
        editAt: null,
        editHeldFor: null,
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

  /**
   * The author edits the body within the edit window; the same body again changes nothing. An
   * edit of a published comment that must be reviewed (see HoldPolicy.forEdit), or that replaces
   * an edit already waiting, waits for review: readers keep the published text meanwhile, and
   * the answer is the comment as its author now sees it (the new text, pending).
   */
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
      if ((comment.editBody ?? comment.body) === input.body) {
        return { ok: true, changed: false, comment: asAuthorSees(comment), myVote };
      }
      const reasons =
        comment.status === 'published' ? this.#rules.hold.forEdit(comment, input.body) : [];
      if (comment.editBody !== null && input.body === comment.body) {
        // Back to the published text: nothing is left to review.
        await discardPendingEdit(tx, comment.id);
        await this.#recordEdit(tx, comment, now, false);
        const unchanged = { ...comment, editBody: null, editAt: null, editHeldFor: null };
        return { ok: true, changed: true, comment: unchanged, myVote };
      }
      if (comment.editBody !== null || reasons.length > 0) {
        const heldFor = joinReasons(reasons) ?? comment.editHeldFor ?? 'held_before';
        await storePendingEdit(tx, {
          id: comment.id,
          body: input.body,
          at: now,
          heldFor,
          heldAt: now,
        });
        await this.#recordEdit(tx, comment, now, false);
        const held = { ...comment, editBody: input.body, editAt: now, editHeldFor: heldFor };
        return { ok: true, changed: true, comment: asAuthorSees(held), myVote };
      }
      await setBody(tx, comment.id, input.body, now);
      await this.#recordEdit(tx, comment, now, comment.status === 'published');
      return {
        ok: true,
        changed: true,
        comment: { ...comment, body: input.body, editedAt: now },
        myVote,
      };
    });
  }

  #recordEdit(tx: Db, comment: CommentWithPage, now: number, visible: boolean) {
    return recordEvent(tx, {
      pageKey: comment.pageKey,
      kind: 'comment.edited',
      commentId: comment.id,
      visible,
      now,
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

/**
 * A comment as its author sees it: with an edit waiting for review, the edited text, pending
 * (everyone else still sees the published text).
 */
export function asAuthorSees<T extends CommentWithPage>(comment: T): T {
  if (comment.editBody === null || comment.status !== 'published') return comment;
  return {
    ...comment,
    body: comment.editBody,
    editedAt: comment.editAt,
    status: 'pending',
  };
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
    comment: {
      ...comment,
      status: 'deleted',
      body: '',
      authorName: '',
      authorUrl: null,
      authorAvatar: null,
      pinned: 0,
      editBody: null,
      editAt: null,
      editHeldFor: null,
    },
  };
}
