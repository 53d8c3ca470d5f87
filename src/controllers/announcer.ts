import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

/** What the element's polite live region says: posted, updated, deleted, new comments. */
export class Announcer implements ReactiveController {
  text = '';
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  announce(text: string): void {
    // Emptied first and set a moment later, so that the same sentence twice is read twice.
    this.text = '';
    this.#host.requestUpdate();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.text = text;
      this.#host.requestUpdate();
    }, 50);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }
}
