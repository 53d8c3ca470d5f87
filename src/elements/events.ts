import type { Comment, VoteValue } from '../protocol/index.js';

/*
 * The element's public events (PROTOCOL.md): each bubbles and is composed, so the
 * host page can listen on the element or any ancestor.
 */

const init = { bubbles: true, composed: true } as const;

/** The thread's first page is loaded and in the DOM. */
export class ConfabLoadedEvent extends CustomEvent<{ total: number }> {
  constructor(total: number) {
    super('confab-loaded', { ...init, detail: { total } });
  }
}

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

/** Something failed; `code` is a protocol error code or network/timeout/bad_response/config, `message` the words shown. */
export class ConfabErrorEvent extends CustomEvent<{ code: string; message: string }> {
  constructor(code: string, message: string) {
    super('confab-error', { ...init, detail: { code, message } });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-loaded': ConfabLoadedEvent;
    'confab-posted': ConfabPostedEvent;
    'confab-voted': ConfabVotedEvent;
    'confab-error': ConfabErrorEvent;
  }
}
