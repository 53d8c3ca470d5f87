import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Thread, ThreadNode } from '../model/thread.js';
import type { UiState } from './ui-state.js';

export interface DeepLinkParts {
  /** The loaded thread, if any. */
  thread(): Thread | null;
  ui: UiState;
  /** Expands a collapsed comment's replies (a slice at a time). */
  expand(node: ThreadNode): void;
  /** The comment's `<article>`, once it is in the DOM. */
  article(id: string): HTMLElement | null;
  /** Loads further pages until the comment is in the thread (or none are left). */
  find(id: string): Promise<void>;
}

/** The comment id of a `#comment-<id>` fragment, or null. */
export function fragmentId(hash: string): string | null {
  const match = /^#comment-(.+)$/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/**
 * Links to one comment: the page's `#comment-<id>` (at load and whenever it changes) and the
 * thread's own mention links. Following one (./follow-link.ts) is loaded the first time a link
 * is; what stays here is noticing a link, and focusing or scrolling to a comment once rendered.
 */
export class DeepLinks implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #parts: DeepLinkParts;
  /** The comment waiting to be scrolled to or focused, once it is rendered. */
  #pending: {
    id: string;
    focus: boolean;
    scroll: ((article: HTMLElement) => void) | null;
  } | null = null;
  /** A link is being followed: pages loaded on the way take no focus, only the comment does. */
  #following = false;

  constructor(host: ReactiveControllerHost, parts: DeepLinkParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('hashchange', this.#onHashChange);
  }

  hostDisconnected(): void {
    removeEventListener('hashchange', this.#onHashChange);
    this.#pending = null;
  }

  /** The page's fragment, if it names a comment (of `thread`, or on a page not loaded yet). */
  followFragment(thread: Thread, focus: boolean): Promise<void> {
    const id = fragmentId(location.hash);
    return id === null ? Promise.resolve() : this.follow(thread, id, focus);
  }

  /** A click in the thread: a mention link is followed in place and recorded in the history. */
  onClick(event: MouseEvent): void {
    const link = (event.target as Element | null)?.closest?.('a[data-target]');
    const thread = this.#parts.thread();
    const modified = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey;
    if (!link || !thread || modified) return;
    const id = link.getAttribute('data-target') ?? '';
    if (!thread.get(id)) return;
    event.preventDefault();
    void this.follow(thread, id, true, true);
  }

  /**
   * Pages on to, expands, marks, and (once rendered) scrolls to and focuses one comment; with
   * `record`, the link goes into the page's history first.
   */
  async follow(thread: Thread, id: string, focus: boolean, record = false): Promise<void> {
    this.#following = true;
    try {
      const { followLink } = await import('./follow-link.js');
      await followLink(
        {
          ...this.#parts,
          show: (shown, takeFocus, scroll) => {
            this.#pending = { id: shown, focus: takeFocus, scroll };
            this.#host.requestUpdate();
          },
        },
        thread,
        id,
        focus,
        record,
      );
    } catch (error) {
      // The chunk could not load (offline, moved file): the thread stays as it is.
      console.warn('confab:', error);
    } finally {
      this.#following = false;
    }
  }

  /** Focuses a comment (say, the first of a new page) as soon as it is rendered. */
  focusWhenShown(id: string): void {
    if (!this.#following) this.#pending = { id, focus: true, scroll: null };
  }

  hostUpdated(): void {
    const pending = this.#pending;
    const article = pending && this.#parts.article(pending.id);
    if (!pending || !article) return;
    this.#pending = null;
    pending.scroll?.(article);
    if (pending.focus) article.focus({ preventScroll: !!pending.scroll });
  }

  #onHashChange = (): void => {
    const thread = this.#parts.thread();
    if (thread) void this.followFragment(thread, true);
  };
}
