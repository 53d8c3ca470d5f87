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
 * Scrolls a comment to the top of the view, and again in the next frames until it stays put:
 * comments above it that were never near the view (`content-visibility: auto`) only get their
 * real height once they are laid out, which can push it out of the view again.
 */
function scrollTo(article: HTMLElement, frames = 12): void {
  article.scrollIntoView({ block: 'start' });
  let last = NaN;
  const settle = () => {
    if (!article.isConnected || frames-- <= 0) return;
    const top = article.getBoundingClientRect().top;
    if (top === last) return;
    if (Math.abs(top) >= 1) article.scrollIntoView({ block: 'start' });
    last = article.getBoundingClientRect().top;
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
}

/**
 * Following a link to one comment: the page's `#comment-<id>` (at load and whenever it changes)
 * and the thread's own mention links. The comment's collapsed ancestors are expanded and it is
 * marked at once; it is scrolled to (and focused, when the reader followed a link) as soon as
 * the render slices have put it in the DOM, so no task renders more than a slice for it.
 */
export class DeepLinks implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #parts: DeepLinkParts;
  /** The comment waiting to be scrolled to or focused, once it is rendered. */
  #pending: { id: string; focus: boolean; scroll: boolean } | null = null;
  /** Pages are being loaded to find a linked comment. */
  #finding = false;

  constructor(host: ReactiveControllerHost, parts: DeepLinkParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#pending = null;
  }

  /**
   * The page's fragment, if it names a comment of `thread` (loaded, or the fragment changed): a
   * comment on a page not loaded yet is paged to first.
   */
  async followFragment(thread: Thread, focus: boolean): Promise<void> {
    const id = fragmentId(location.hash);
    if (id === null) return;
    if (!thread.get(id)) {
      // The pages on the way take no focus: only the comment, if found, does.
      this.#finding = true;
      await this.#parts.find(id);
      this.#finding = false;
    }
    // Another load may have replaced the thread meanwhile; it follows the fragment itself.
    if (this.#parts.thread() === thread) this.follow(thread, id, focus);
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
    const url = new URL(location.href);
    url.hash = `comment-${encodeURIComponent(id)}`;
    history.pushState(history.state, '', url);
    this.follow(thread, id, true);
  }

  /** Expands, marks, and (once rendered) scrolls to and focuses one comment. */
  follow(thread: Thread, id: string, focus: boolean): void {
    const node = thread.get(id);
    if (!node) return;
    const parts = this.#parts;
    for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
      if (parts.ui.isCollapsed(ancestor.comment.id)) parts.expand(ancestor);
    }
    parts.ui.highlight(id);
    this.#pending = { id, focus, scroll: true };
    this.#host.requestUpdate();
  }

  /** Focuses a comment (say, the first of a new page) as soon as it is rendered. */
  focusWhenShown(id: string): void {
    if (!this.#finding) this.#pending = { id, focus: true, scroll: false };
  }

  hostUpdated(): void {
    const pending = this.#pending;
    const article = pending && this.#parts.article(pending.id);
    if (!pending || !article) return;
    this.#pending = null;
    if (pending.scroll) scrollTo(article);
    if (pending.focus) article.focus({ preventScroll: pending.scroll });
  }

  #onHashChange = (): void => {
    const thread = this.#parts.thread();
    if (thread) void this.followFragment(thread, true);
  };
}
