import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

const TICK_MS = 60_000;

/** The time relative times ("3 minutes ago") count from: moves on every minute the page is seen. */
export class Clock implements ReactiveController {
  now = Date.now();
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      this.now = Date.now();
      this.#host.requestUpdate();
    }, TICK_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }
}
