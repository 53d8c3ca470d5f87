import type { Localizer } from '../i18n/localizer.js';
import type { ThreadNode } from '../model/thread.js';
import { isShown } from '../model/tree.js';
import { element, placeAfter, setText } from './dom.js';
import { yieldToBrowser } from './tasks.js';

/*
 * The frame of <confab-comments> around its comments: heading and sort switch, the loading
 * placeholder or the error state, the new-comment form, the list, "load more", the live region.
 *
 * Built with DOM calls and updated in place like the comments (comment-view.ts), so the script-tag
 * entry needs no template engine: Lit's templates load with the composer chunk, which uses them.
 * Nothing here parses HTML; every value goes in as text or as an attribute.
 */

export interface ShellState {
  busy: boolean;
  /**
   * Right to left for a right-to-left language the page's own `dir` cannot be relied on to
   * declare (`lang="ar"` on the element alone); otherwise the direction is inherited from the
   * host, so `dir="rtl"` on the page or the element works through CSS alone.
   */
  rtl: boolean;
  heading: string;
  /** The sort switch, once the thread is there. */
  sort: {
    label: string;
    selected: string;
    options: ReadonlyArray<{ value: string; label: string }>;
  } | null;
  /** The loading placeholder's text, while loading. */
  placeholder: string | null;
  /** The error state: message and retry label (no retry for a configuration error). */
  error: { message: string; retry: string | null } | null;
  /** The thread, once loaded. */
  thread: ThreadState | null;
  announcement: string;
}

export interface ThreadState {
  /** The "thread closed" notice of a locked thread; else the new-comment form stands there. */
  notice: string | null;
  form: Element | null;
  /** The "no comments yet" text, when there are none; else the list is shown. */
  empty: string | null;
  loadMore: { label: string; disabled: boolean } | null;
  moreError: string | null;
}

export interface ShellActions {
  onClick(event: MouseEvent): void;
  onSortChange(value: string): void;
  onRetry(): void;
  onLoadMore(): void;
}

export class ThreadShell {
  readonly root: HTMLElement;
  /** The list of top-level comments; the element fills it with the comments' views. */
  list: HTMLOListElement;

  readonly #toolbar: HTMLElement;
  /** The heading ("12 comments"), where focus goes when nothing nearer is left. */
  readonly heading: HTMLElement;
  readonly #liveRegion: HTMLElement;
  readonly #sortLabel: HTMLLabelElement;
  readonly #sortText: Text;
  readonly #sortSelect: HTMLSelectElement;
  readonly #placeholderNode: HTMLElement;
  readonly #errorState: HTMLElement;
  readonly #errorMessage: HTMLElement;
  readonly #retryButton: HTMLButtonElement;
  readonly #noticeNode: HTMLElement;
  readonly #emptyNode: HTMLElement;
  readonly #loadMoreButton: HTMLButtonElement;
  readonly #moreErrorNode: HTMLElement;
  // What stands in each place now (null: nothing).
  #shownMain: Node | null = null;
  #shownFirst: Node | null = null;
  #shownList: Node | null = null;
  #shownLoadMore: Node | null = null;
  #shownMoreError: Node | null = null;
  #shownRetry: Node | null = null;
  #shownSort: Node | null = null;

  constructor(actions: ShellActions) {
    this.heading = element('h2', { part: 'heading', id: 'heading', tabindex: '-1' });
    this.#toolbar = element('div', { part: 'toolbar', class: 'toolbar' }, this.heading);
    this.#liveRegion = element('div', {
      class: 'visually-hidden',
      role: 'status',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });
    this.root = element(
      'section',
      { part: 'base', class: 'base', 'aria-labelledby': 'heading' },
      this.#toolbar,
      this.#liveRegion,
    );
    this.root.addEventListener('click', (event) => actions.onClick(event));

    this.#sortText = document.createTextNode('');
    this.#sortSelect = element('select', { part: 'sort' });
    this.#sortSelect.addEventListener('change', () => actions.onSortChange(this.#sortSelect.value));
    this.#sortLabel = element(
      'label',
      { class: 'sort-label' },
      this.#sortText,
      ' ',
      this.#sortSelect,
    );

    this.#placeholderNode = element('p', { part: 'placeholder', class: 'placeholder' });
    this.#errorMessage = element('p', { part: 'error', class: 'error' });
    this.#retryButton = element('button', { part: 'retry', type: 'button' });
    this.#retryButton.addEventListener('click', () => actions.onRetry());
    this.#errorState = element('div', { class: 'error-state', role: 'alert' }, this.#errorMessage);

    this.#noticeNode = element('p', { part: 'notice', class: 'notice' });
    this.#emptyNode = element('p', { part: 'empty', class: 'empty' });
    this.list = element('ol', { part: 'thread', class: 'thread' });
    this.#loadMoreButton = element('button', {
      part: 'load-more',
      class: 'load-more',
      type: 'button',
    });
    this.#loadMoreButton.addEventListener('click', () => actions.onLoadMore());
    this.#moreErrorNode = element('p', { part: 'error', class: 'error', role: 'alert' });
  }

  update(state: ShellState): void {
    this.root.setAttribute('aria-busy', state.busy ? 'true' : 'false');
    // An empty dir is no direction of its own: the root inherits the host's.
    this.root.dir = state.rtl ? 'rtl' : '';
    setText(this.heading, state.heading);
    setText(this.#liveRegion, state.announcement);

    const sort = state.sort;
    if (sort) {
      setText(this.#sortText, sort.label);
      const select = this.#sortSelect;
      // The values are the protocol's sort orders; only the labels change (with the language).
      if (select.options.length !== sort.options.length) {
        select.replaceChildren(...sort.options.map(({ value }) => element('option', { value })));
      }
      sort.options.forEach((option, index) => setText(select.options[index]!, option.label));
      // Only when it changes: each write of a select's value, unchanged or not, has Chromium's
      // autofill scan every form control of the page in a task of its own (one per render slice;
      // about 50 ms at 5,000 comments, whose buttons are form controls).
      if (select.value !== sort.selected) select.value = sort.selected;
    }
    placeAfter(this.heading, this.#shownSort, sort ? this.#sortLabel : null);
    this.#shownSort = sort ? this.#sortLabel : null;

    // After the toolbar: the placeholder, the error state or the thread; the live region is last.
    let main: Node | null = null;
    if (state.placeholder !== null) {
      setText(this.#placeholderNode, state.placeholder);
      main = this.#placeholderNode;
    } else if (state.error) {
      setText(this.#errorMessage, state.error.message);
      const retry = state.error.retry;
      if (retry !== null) setText(this.#retryButton, retry);
      placeAfter(this.#errorMessage, this.#shownRetry, retry !== null ? this.#retryButton : null);
      this.#shownRetry = retry !== null ? this.#retryButton : null;
      main = this.#errorState;
    }
    let previous = placeAfter(this.#toolbar, this.#shownMain, main);
    this.#shownMain = main;

    const thread = state.thread;
    let first: Node | null = null;
    let list: Node | null = null;
    let loadMore: Node | null = null;
    let moreError: Node | null = null;
    if (thread) {
      if (thread.notice !== null) {
        setText(this.#noticeNode, thread.notice);
        first = this.#noticeNode;
      } else {
        first = thread.form;
      }
      if (thread.empty !== null) {
        setText(this.#emptyNode, thread.empty);
        list = this.#emptyNode;
      } else {
        list = this.list;
      }
      if (thread.loadMore) {
        setText(this.#loadMoreButton, thread.loadMore.label);
        this.#loadMoreButton.disabled = thread.loadMore.disabled;
        loadMore = this.#loadMoreButton;
      }
      if (thread.moreError !== null) {
        setText(this.#moreErrorNode, thread.moreError);
        moreError = this.#moreErrorNode;
      }
    }
    previous = placeAfter(previous, this.#shownFirst, first);
    this.#shownFirst = first;
    // Out of the page (loading again, an error, nothing to show), the list's comments go and a new
    // list takes its place: the old one is hidden where it stands, so that its layout goes in the
    // next frame and its nodes in a task after that. Taken out at once, it held one task for 90 ms
    // at 5,000 comments (docs/performance.md). The renderer puts back the views it still shows.
    if (list !== this.list && this.list.firstChild) {
      const old = this.list;
      old.style.display = 'none';
      void yieldToBrowser().then(() => old.remove());
      this.#shownList = null;
      this.list = element('ol', { part: 'thread', class: 'thread' });
    }
    previous = placeAfter(previous, this.#shownList, list);
    this.#shownList = list;
    previous = placeAfter(previous, this.#shownLoadMore, loadMore);
    this.#shownLoadMore = loadMore;
    placeAfter(previous, this.#shownMoreError, moreError);
    this.#shownMoreError = moreError;
  }
}

/** The state of a thread's load that the frame shows (the thread source has these). */
export interface FrameSource {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  errorCode: string;
  thread: { roots: readonly ThreadNode[] } | null;
  total: number;
  locked: boolean;
  nextCursor: string | null;
  loadingMore: boolean;
  moreErrorCode: string;
}

/** The frame's state, in words, for a thread's load. */
export function frameState(
  source: FrameSource,
  localizer: Localizer,
  extra: {
    sort: string;
    sorts: readonly string[];
    form: Element | null;
    announcement: string;
    rtl: boolean;
  },
): ShellState {
  const t = localizer.t.bind(localizer);
  const { phase, thread, locked, errorCode, moreErrorCode, loadingMore } = source;
  const ready = phase === 'ready' && thread !== null;
  return {
    busy: phase === 'loading',
    rtl: extra.rtl,
    heading: ready ? t('thread.heading', { count: source.total }) : t('thread.label'),
    sort: ready
      ? {
          label: t('sort.label'),
          selected: extra.sort,
          options: extra.sorts.map((value) => ({
            value,
            label: t(`sort.${value}` as 'sort.oldest'),
          })),
        }
      : null,
    placeholder: phase === 'error' || ready ? null : t('thread.loading'),
    error:
      phase === 'error'
        ? {
            message: `${t('thread.loadFailed')} ${localizer.error(errorCode)}`,
            retry: errorCode === 'config' ? null : t('thread.retry'),
          }
        : null,
    thread: ready
      ? {
          notice: locked ? t('thread.locked') : null,
          form: locked ? null : extra.form,
          // Empty when no top-level comment has anything to show (a deleted one may keep replies).
          empty: thread.roots.some(isShown) ? null : t('thread.empty'),
          loadMore: source.nextCursor
            ? {
                label: t(loadingMore ? 'thread.loadingMore' : 'thread.loadMore'),
                disabled: loadingMore,
              }
            : null,
          moreError: moreErrorCode ? localizer.error(moreErrorCode) : null,
        }
      : null,
    announcement: extra.announcement,
  };
}
