/** The console's own events: small classes with typed details, bubbling and composed. */

export interface SignedIn {
  token: string;
  name: string;
}

/** <console-login> signed a moderator in. */
export class SignedInEvent extends Event {
  static readonly type = 'console-signed-in';
  constructor(readonly detail: SignedIn) {
    super(SignedInEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * A view has something to tell screen-reader users (results, arrivals, what an action did); an
 * error is also shown, as an alert.
 */
export class AnnounceEvent extends Event {
  static readonly type = 'console-announce';
  constructor(
    readonly message: string,
    readonly isError = false,
  ) {
    super(AnnounceEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'console-signed-in': SignedInEvent;
    'console-announce': AnnounceEvent;
  }
}
