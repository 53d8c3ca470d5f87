import type { ReactiveController, ReactiveElement } from '@lit/reactive-element';

/**
 * Light-DOM fallback content (the server's thread HTML, `GET /threads.html`, put inside
 * `<confab-comments>` by the site) stays on screen until the widget's own thread is fully
 * rendered, then gives way in one step: no loading placeholder replaces it in between, and the
 * element does not shrink at the swap (its height is held until the reader's first click or key),
 * so nothing on the page moves (no layout shift).
 *
 * Until then the shadow root shows a `<slot>` for the fallback and hides the rest, except after a
 * load error: the error and its retry button then show above the fallback.
 */
export class FallbackTakeover implements ReactiveController {
  readonly #host: ReactiveElement;
  /** undefined: not looked for yet; null: none, or taken over. */
  #slot: HTMLSlotElement | null | undefined;
  #failed = false;
  #held: string | null = null;

  constructor(host: ReactiveElement) {
    (this.#host = host).addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    if (this.#slot !== undefined) return;
    this.#slot = [...host.children].some((child) => !child.slot)
      ? document.createElement('slot')
      : null;
    if (!this.#slot) return;
    host.addEventListener('confab-loaded', this.#takeOver, { once: true });
    host.addEventListener('confab-error', () => this.#showOwn((this.#failed = true)));
  }

  hostUpdated(): void {
    const slot = this.#slot;
    if (!slot) return;
    const root = this.#host.renderRoot;
    if (slot.parentNode !== root) root.append(slot);
    this.#showOwn(this.#failed);
  }

  hostDisconnected(): void {
    this.#release();
  }

  #showOwn(shown: boolean): void {
    for (const child of this.#host.renderRoot.children) {
      if (child !== this.#slot) (child as HTMLElement).style.display = shown ? '' : 'none';
    }
  }

  #takeOver = (): void => {
    const host = this.#host;
    const before = host.getBoundingClientRect().height;
    this.#slot!.remove();
    this.#slot = null;
    this.#showOwn(true);
    if (host.getBoundingClientRect().height < before) {
      // Shrinking would pull what follows up the page: hold the height until the reader acts
      // (shifts right after an input are theirs, not layout shifts).
      this.#held = host.style.minHeight;
      host.style.minHeight = `${before}px`;
      addEventListener('pointerdown', this.#release, true);
      addEventListener('keydown', this.#release, true);
    }
  };

  #release = (): void => {
    if (this.#held === null) return;
    this.#host.style.minHeight = this.#held;
    this.#held = null;
    removeEventListener('pointerdown', this.#release, true);
    removeEventListener('keydown', this.#release, true);
  };
}
