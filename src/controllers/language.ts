import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { Localizer } from '../i18n/localizer.js';
import { yieldToBrowser } from '../render/tasks.js';

/**
 * The element's language: its `lang`, else the nearest `lang` of the page, else English. Holds
 * the Localizer for it and says when its texts changed (another language, or its catalogue
 * arrived), so that every comment is shown again.
 */
export class LanguageController implements ReactiveController {
  localizer = new Localizer();
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #changed: () => void;

  constructor(host: ReactiveControllerHost & HTMLElement, changed: () => void) {
    this.#host = host;
    this.#changed = changed;
    host.addController(this);
  }

  hostConnected(): void {
    this.update();
  }

  /** Picks the language again (after `lang` changed, or on connect). */
  update(): void {
    const host = this.#host;
    const lang =
      host.lang || host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    const current = this.localizer;
    // Cheap to make and discard: its catalogue is loaded once per page, Intl only on first use.
    const localizer = new Localizer(lang);
    if (localizer.lang === current.lang) return;
    this.localizer = localizer;
    this.#changed();
    void localizer.ready.then(() => {
      if (this.localizer === localizer) this.#changed();
    });
  }

  /**
   * Whether the thread lays itself out right to left: for a right-to-left language, unless the
   * element has a `dir` of its own (the page's word wins; `dir="rtl"` on the page or the element
   * reaches the thread through CSS without this).
   */
  get rtl(): boolean {
    return this.localizer.rtl && !this.#host.dir;
  }

  /**
   * Intl's first use in a page loads ICU data (25-140 ms in the bench's fresh pages): done while
   * the thread request is in flight, not in the task that renders the first comments, and one
   * formatter per task (numbers, relative times, dates), since each loads data of its own.
   */
  warmUp(): void {
    const now = new Date().toISOString();
    const warm = [
      () => this.localizer.t('comment.showReplies', { count: 2 }),
      () => this.localizer.relative(now, Date.now() + 864e5),
      () => this.localizer.exact(now),
    ];
    void warm.reduce((done, next) => done.then(yieldToBrowser).then(next), Promise.resolve(''));
  }
}
