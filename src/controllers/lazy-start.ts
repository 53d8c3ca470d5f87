import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { fragmentId } from './deep-links.js';

/**
 * Starts the element's work when it is within about one viewport of being seen, or at once with
 * `loading="eager"` or when the page was opened at a `#comment-<id>` link (which must land even
 * below the fold); again after every reconnect.
 */
export class LazyStart implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement & { loading: string };
  readonly #start: () => void;
  #observer: IntersectionObserver | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement & { loading: string }, start: () => void) {
    this.#host = host;
    this.#start = start;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#host.loading === 'eager' || fragmentId(location.hash)) return this.#start();
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.hostDisconnected();
        this.#start();
      },
      { rootMargin: '100% 0px 100% 0px' },
    );
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
