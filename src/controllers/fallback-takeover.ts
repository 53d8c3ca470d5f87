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
  #slot: HTMLSlotElement | null = null;
  #done = false;
  #failed = false;
  #heldHeight: string | null = null;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    if (this.#done || this.#slot) return;
    if (![...host.children].some((child) => !child.hasAttribute('slot'))) return;
    this.#slot = document.createElement('slot');
    host.addEventListener('confab-loaded', this.#takeOver);
    host.addEventListener('confab-error', this.#onError);
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
      if (child !== this.#slot && child instanceof HTMLElement && child.localName !== 'style') {
        child.style.display = shown ? '' : 'none';
      }
    }
  }

  #onError = (): void => {
    this.#failed = true;
    this.#showOwn(true);
  };

  #takeOver = (): void => {
    const host = this.#host;
    const slot = this.#slot;
    if (!slot) return;
    host.removeEventListener('confab-loaded', this.#takeOver);
    host.removeEventListener('confab-error', this.#onError);
    const before = host.getBoundingClientRect().height;
    slot.remove();
    this.#slot = null;
    this.#done = true;
    this.#showOwn(true);
    if (host.getBoundingClientRect().height < before) {
      // Shrinking would pull what follows up the page: hold the height until the reader acts
      // (shifts right after an input are theirs, not layout shifts).
      this.#heldHeight = host.style.minHeight;
      host.style.minHeight = `${before}px`;
      addEventListener('pointerdown', this.#release, true);
      addEventListener('keydown', this.#release, true);
    }
  };

  #release = (): void => {
    if (this.#heldHeight === null) return;
    this.#host.style.minHeight = this.#heldHeight;
    this.#heldHeight = null;
    removeEventListener('pointerdown', this.#release, true);
    removeEventListener('keydown', this.#release, true);
  };
}
