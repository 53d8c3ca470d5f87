import type { ConfabPostedEvent, ConfabVotedEvent } from './write-events.js';

/*
 * The element's public events (PROTOCOL.md): each bubbles and is composed, so the
 * host page can listen on the element or any ancestor. Those that only writing fires are
 * defined in ./write-events.ts, which loads with the write path.
 */

export { ConfabPostedEvent, ConfabVotedEvent } from './write-events.js';

const init = { bubbles: true, composed: true } as const;

/** The thread's first page is loaded and in the DOM. */
export class ConfabLoadedEvent extends CustomEvent<{ total: number }> {
  constructor(total: number) {
    super('confab-loaded', { ...init, detail: { total } });
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
