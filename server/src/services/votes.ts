import type { VoteValue, Votes } from '../../../src/protocol/index.js';
import { commentById, moveCounters } from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import type { Storage } from '../storage/types.js';
import { currentVote, setVote } from '../storage/votes.js';
import { refuse, type Clock, type Result } from './results.js';

export type VoteResult = Result<
  { changed: boolean; votes: Votes; myVote: VoteValue },
  'not_found' | 'comment_deleted'
>;

/** Votes: one per token and comment, kept equal to the counters shown. */
export class VoteService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  /** Sets the token's vote; 0 withdraws it, and the same value again changes nothing. */
  vote(input: { id: number; tokenId: number; value: VoteValue }): Promise<VoteResult> {
    return this.#storage.transaction(async (tx): Promise<VoteResult> => {
      const comment = await commentById(tx, input.id);
      // Someone else's pending comment does not exist for the caller.
      if (!comment || (comment.status === 'pending' && comment.tokenId !== input.tokenId)) {
        return refuse('not_found');
      }
      if (comment.status === 'deleted') return refuse('comment_deleted');
      const before = await currentVote(tx, comment.id, input.tokenId);
      if (before === input.value) {
        return {
          ok: true,
          changed: false,
          votes: { up: comment.up, down: comment.down },
          myVote: before,
        };
      }
      await setVote(tx, {
        commentId: comment.id,
        tokenId: input.tokenId,
        pageId: comment.pageId,
        value: input.value,
      });
      // Counters move by the difference, in this transaction: no concurrent vote is lost.
      const up = (input.value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
      const down = (input.value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
      await moveCounters(tx, comment.id, up, down);
      await recordEvent(tx, {
        pageKey: comment.pageKey,
        kind: 'vote',
        commentId: comment.id,
        visible: comment.status === 'published',
        now: this.#now(),
      });
      return {
        ok: true,
        changed: true,
        votes: { up: comment.up + up, down: comment.down + down },
        myVote: input.value,
      };
    });
  }
}
