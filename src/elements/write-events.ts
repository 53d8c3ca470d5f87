import type { Comment, VoteValue } from '../protocol/index.js';

/*
 * The public events that only writing fires (./events.ts re-exports them): defined apart so that
 * they load with the write path's chunk rather than the script-tag entry.
 */

const init = { bubbles: true, composed: true } as const;

/** The server accepted a new comment or reply; it is shown and focused. */
export class ConfabPostedEvent extends CustomEvent<{ comment: Comment }> {
  constructor(comment: Comment) {
    super('confab-posted', { ...init, detail: { comment } });
  }
}

/** The server accepted a vote (`value` 0 when the reader withdrew it). */
export class ConfabVotedEvent extends CustomEvent<{ id: string; value: VoteValue }> {
  constructor(id: string, value: VoteValue) {
    super('confab-voted', { ...init, detail: { id, value } });
  }
}
