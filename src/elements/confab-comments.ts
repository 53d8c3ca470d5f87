import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { ConfabClient } from '../api/client.js';
import { ConfabError } from '../api/errors.js';
import { ReaderSession } from '../api/reader-session.js';
import { Localizer, type MessageKey } from '../i18n/localizer.js';
import type { DraftStore } from '../model/drafts.js';
import { mentionFinder } from '../model/mentions.js';
import { resolvePageKey } from '../model/page-key.js';
import { Thread, type ThreadNode } from '../model/thread.js';
import type { Comment, SortOrder, ThreadResponse, VoteValue } from '../protocol/index.js';
import { element } from '../render/dom.js';
import { isPlainText, mentionLink, renderPlain } from '../render/plain.js';
import type * as Rich from '../render/rich.js';
import { shared, tokens } from '../styles/tokens.js';
import { commentsStyles } from './confab-comments.styles.js';
import { CommentView, syncChildren, type LiveState } from './comment-view.js';
import { ThreadShell, type ThreadState } from './thread-shell.js';
import type { ConfabComposer, ComposerSubmission } from './confab-composer.js';
import {
  ConfabErrorEvent,
  ConfabLoadedEvent,
  ConfabPostedEvent,
  ConfabVotedEvent,
} from './events.js';

const SORTS: readonly SortOrder[] = ['oldest', 'newest', 'top'];
/** Comments rendered in the first update (more than a screenful); the rest follow in slices. */
const FIRST_SCREEN_COMMENTS = 10;
/** The most comments one step adds (fewer when comments have been measured to be slow). */
const SLICE_COMMENTS = 20;
/**
 * Steps run back to back within one task for about this long before yielding. The browser paints
 * between slices, so a thread renders at about one slice per frame: 12 ms left the main thread
 * idle much of each frame (1,000 comments all rendered in 1,677 ms; 16 ms: 1,321 ms), while
 * longer slices and the layout of their frames reached 100 ms tasks at 5,000 comments (24 ms:
 * 105 ms, 40 ms: 113 ms; bench medians, quiet machine).
 */
const SLICE_MS = 16;
const CLOCK_TICK_MS = 60_000;
/** Parts of the composer that the element re-exports, so `::part()` reaches into it. */
const COMPOSER_PARTS =
  'textarea,submit,cancel,preview-toggle,preview,field-error,name,email,url,count,suggestions,error';

type RichRenderer = typeof Rich;
type ComposerDraft = ComposerSubmission;

/**
 * Loads the form's chunk (the composer and DraftStore) and defines <confab-composer> unless it
 * already is (the npm entry, src/define.ts, registers it up front). Resolves to the DraftStore
 * class, or null when the chunk cannot be loaded: the thread still reads without the form.
 */
function loadComposer(): Promise<typeof DraftStore | null> {
  return import('./composer-chunk.js').then(
    (chunk) => {
      if (!customElements.get('confab-composer')) {
        customElements.define('confab-composer', chunk.ConfabComposer);
      }
      return chunk.DraftStore;
    },
    (error: unknown) => {
      console.warn('confab: the comment form could not be loaded', error);
      return null;
    },
  );
}

/**
 * Yields to the browser between render slices so input and paint are never held up for long.
 * With an ordinary-priority task (scheduler.postTask, else setTimeout), not scheduler.yield():
 * its continuations outrank every other task, so the rich renderer's chunk (a module-loading
 * task) waited until the whole thread was rendered and then re-rendered it in one long task
 * (bench: a 3.6 s task for 1,000 comments). Not a throwaway MessageChannel either: a port
 * nothing references may be collected with its message, and rendering would stop.
 */
function yieldToBrowser(): Promise<void> {
  const scheduler = (
    globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<void> } }
  ).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorCode(error: unknown): string {
  if (error instanceof ConfabError) return error.code;
  if (error instanceof DOMException && error.name === 'AbortError') return 'aborted';
  return 'network';
}

/**
 * Replies deeper than this are listed flat inside their ancestor at this depth. Every level is a
 * nested template (and recursion), so a hostile chain of thousands of replies would otherwise
 * exhaust the call stack and leave the whole thread blank.
 */
const MAX_NESTING = 32;

/** The nodes below `node` in document order, without recursion (chains can be very deep). */
function descendants(node: ThreadNode): ThreadNode[] {
  const found: ThreadNode[] = [];
  const stack = [...node.children].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    found.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return found;
}

function isShown(node: ThreadNode): boolean {
  return (
    node.comment.status !== 'deleted' ||
    descendants(node).some((d) => d.comment.status !== 'deleted')
  );
}

/** Comments shown in these subtrees (a subtree that is not shown holds only deleted ones). */
function countShown(nodes: readonly ThreadNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.comment.status !== 'deleted') count++;
    for (const d of descendants(node)) if (d.comment.status !== 'deleted') count++;
  }
  return count;
}

function subtreeSize(node: ThreadNode): number {
  return 1 + descendants(node).length;
}

/**
 * A page's comment thread: reads, votes, replies, edits and deletes through the Confab
 * protocol, renders Markdown safely, updates live.
 *
 * @summary Embeddable comment thread for a page.
 *
 * @attr {string} endpoint - Base URL of the comment server, e.g. `https://comments.example.com/api`. Required.
 * @attr {string} page - Thread key. Default: `<link rel="canonical">` href, else `location.origin + location.pathname`.
 * @attr {'oldest'|'newest'|'top'} sort - Order of top-level comments (default `oldest`; unknown values fall back to it).
 * @attr {string} lang - Language of the texts (docs/i18n.md: `ar`, `de`, `en`, `es`, `fr`, `he`, `it`, `ja`, `nl`, `pl`, `pt-BR`, `uk`, `zh-CN`); default: the nearest `lang` of the page, else English. Arabic and Hebrew lay out right to left.
 * @attr {number} page-size - Top-level comments per request (default 50, at most 200).
 * @attr {'auto'|'light'|'dark'} theme - Colour scheme; `auto` follows `prefers-color-scheme`.
 * @attr {'lazy'|'eager'} loading - `lazy` (default) fetches nothing until the element is within a viewport of being seen.
 * @attr {boolean} allow-images - Render Markdown images in comments (off by default).
 *
 * @fires {ConfabLoadedEvent} confab-loaded - The thread's first page is in the DOM. `detail: { total }`.
 * @fires {ConfabPostedEvent} confab-posted - A new comment or reply was accepted and is shown. `detail: { comment }`.
 * @fires {ConfabVotedEvent} confab-voted - A vote was accepted. `detail: { id, value }`.
 * @fires {ConfabErrorEvent} confab-error - Something failed; also shown in the widget. `detail: { code, message }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart toolbar - The bar with the heading and the sort switch.
 * @csspart heading - The "N comments" heading.
 * @csspart sort - The sort `<select>`.
 * @csspart placeholder - The loading placeholder (reserves `--confab-placeholder-height`).
 * @csspart empty - The "no comments yet" notice.
 * @csspart notice - The "thread closed" notice of a locked thread.
 * @csspart error - An error message (load failure, refused vote or delete).
 * @csspart retry - The retry button of the error state.
 * @csspart form - The new-comment form (a `confab-composer`).
 * @csspart reply-form - An inline reply form.
 * @csspart edit-form - The form that edits one's own comment.
 * @csspart textarea - A composer's text area (forwarded).
 * @csspart submit - A composer's submit button (forwarded).
 * @csspart cancel - A composer's cancel button (forwarded).
 * @csspart preview-toggle - A composer's preview switch (forwarded).
 * @csspart preview - A composer's Markdown preview (forwarded).
 * @csspart field-error - A composer's message next to a field (forwarded).
 * @csspart name - A composer's name field (forwarded).
 * @csspart email - A composer's email field (forwarded).
 * @csspart url - A composer's website field (forwarded).
 * @csspart count - A composer's character count (forwarded).
 * @csspart suggestions - A composer's @-mention suggestion list (forwarded).
 * @csspart thread - The list of top-level comments.
 * @csspart replies - The list of replies inside a comment.
 * @csspart comment - Every comment (`data-comment-id`); replies are nested inside it.
 * @csspart highlighted - Added to the comment named by the URL fragment or a followed mention.
 * @csspart header - A comment's header (avatar, author, time).
 * @csspart avatar - The author's picture or generated placeholder.
 * @csspart author - The author's name (a link when they gave an http(s) website).
 * @csspart time - The `<time>` of the comment.
 * @csspart edited - The "edited" marker.
 * @csspart status - The "awaiting moderation" marker of a pending comment.
 * @csspart in-reply-to - "in reply to …" on replies deeper than `--confab-max-depth`.
 * @csspart body - The comment text.
 * @csspart mention - A resolved @mention link.
 * @csspart tombstone - The text standing in for a deleted comment that has replies.
 * @csspart actions - The row of buttons under a comment.
 * @csspart vote - Both vote buttons.
 * @csspart vote-up - The up-vote button.
 * @csspart vote-down - The down-vote button.
 * @csspart score - The score (up minus down).
 * @csspart reply-button - The Reply button.
 * @csspart edit-button - The Edit button of one's own comment.
 * @csspart delete-button - The Delete button of one's own comment.
 * @csspart confirm-delete - The button confirming a delete.
 * @csspart cancel-delete - The button keeping the comment.
 * @csspart toggle-replies - The button that collapses or expands a comment's replies.
 * @csspart load-more - The button that loads the next page of comments.
 *
 * @cssprop --confab-color-text - Text colour.
 * @cssprop --confab-color-text-muted - Secondary text (times, notices).
 * @cssprop --confab-color-background - Background of comments and fields.
 * @cssprop --confab-color-surface - Background of notices, placeholders and code.
 * @cssprop --confab-color-border - Borders.
 * @cssprop --confab-color-accent - Links, pressed votes, primary buttons.
 * @cssprop --confab-color-on-accent - Text on the accent colour.
 * @cssprop --confab-color-danger - Errors and destructive buttons.
 * @cssprop --confab-color-success - Success messages.
 * @cssprop --confab-color-highlight - Background of the highlighted comment.
 * @cssprop --confab-color-focus - Focus ring colour.
 * @cssprop --confab-font-family - Text font.
 * @cssprop --confab-font-family-mono - Code font.
 * @cssprop --confab-font-size - Base font size.
 * @cssprop --confab-font-size-small - Small text (times, actions).
 * @cssprop --confab-font-size-heading - The heading.
 * @cssprop --confab-line-height - Line height.
 * @cssprop --confab-radius - Corner radius.
 * @cssprop --confab-spacing - Base spacing unit.
 * @cssprop --confab-max-depth - Reply depth after which indentation stops growing (default 4).
 * @cssprop --confab-reply-indent - Indentation of each reply level.
 * @cssprop --confab-avatar-size - Avatar width and height.
 * @cssprop --confab-avatar-radius - Avatar corner radius.
 * @cssprop --confab-avatar-saturation - Saturation of generated avatar colours.
 * @cssprop --confab-avatar-lightness - Lightness of generated avatar colours.
 * @cssprop --confab-avatar-text-color - Initials on generated avatars.
 * @cssprop --confab-placeholder-height - Space reserved while loading.
 * @cssprop --confab-host-background - Background of the whole widget (`transparent` to show the page).
 * @cssprop --confab-comment-background - Background of a comment.
 * @cssprop --confab-comment-border-color - Border of a comment.
 * @cssprop --confab-comment-radius - Corner radius of a comment.
 * @cssprop --confab-comment-padding - Padding of a comment.
 * @cssprop --confab-comment-gap - Space between comments.
 * @cssprop --confab-link-color - Links in comments.
 * @cssprop --confab-mention-color - Mention links.
 * @cssprop --confab-button-background - Background of buttons.
 * @cssprop --confab-button-color - Text of buttons.
 * @cssprop --confab-button-border-color - Border of buttons.
 * @cssprop --confab-button-radius - Corner radius of buttons.
 * @cssprop --confab-primary-background - Background of submit buttons.
 * @cssprop --confab-primary-color - Text of submit buttons.
 * @cssprop --confab-vote-active-color - A pressed vote button.
 * @cssprop --confab-score-color - The score.
 * @cssprop --confab-code-background - Background of code.
 * @cssprop --confab-highlight-background - Background of the highlighted comment.
 * @cssprop --confab-focus-ring - Outline of the focused control.
 */
export class ConfabComments extends ReactiveElement {
  static override styles = [tokens, shared, commentsStyles];

  // A table, not decorators: the decorator helpers cost bytes in the script-tag entry.
  static override properties = {
    endpoint: {},
    page: {},
    sort: {},
    lang: {},
    pageSize: { attribute: 'page-size', type: Number },
    theme: { reflect: true },
    loading: {},
    allowImages: { attribute: 'allow-images', type: Boolean },
    ...Object.fromEntries(
      [
        'phase',
        'loadErrorCode',
        'total',
        'locked',
        'nextCursor',
        'loadingMore',
        'moreErrorCode',
        'renderedRoots',
        'renderBudget',
        'announcement',
        'epoch',
        'clock',
      ].map((name) => [name, { state: true }]),
    ),
  };

  /** Base URL of the comment server. */
  endpoint = '';
  /** Thread key; empty means canonical link or location. */
  page: string | null = null;
  /** Order of the top-level comments. */
  sort: SortOrder = 'oldest';
  /** Language of the texts. */
  override lang = '';
  /** Top-level comments per request. */
  pageSize = 50;
  /** Colour scheme. */
  theme: 'auto' | 'light' | 'dark' = 'auto';
  /** When to fetch. */
  loading: 'lazy' | 'eager' = 'lazy';
  /** Render Markdown images. */
  allowImages = false;

  private phase: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  private loadErrorCode = '';
  private total = 0;
  private locked = false;
  private nextCursor: string | null = null;
  private loadingMore = false;
  private moreErrorCode = '';
  private renderedRoots = 0;
  /**
   * How many comments of the loaded answer, in document order, may be in the DOM; it grows slice
   * by slice, so a top-level comment with hundreds of replies is rendered in slices too.
   */
  private renderBudget = Infinity;
  private announcement = '';
  /** Bumped when everything must re-render: language, rich chunk, depth setting. */
  private epoch = 0;
  private clock = Date.now();

  #localizer = new Localizer();
  #thread: Thread | null = null;
  /** Per comment: bumped when its rendering depends on UI state that changed (or a descendant's did). */
  #revisions = new Map<string, number>();
  #shell: ThreadShell | null = null;
  /** Each comment's view (comment-view.ts), by id. */
  #views = new Map<string, CommentView>();
  /** Bumped when language, clock or lock change: every view must update (see syncThread). */
  #renderContext = 0;
  #renderedContextKey = '';
  /** The open forms (new, reply:<id>, edit:<id>), kept so that drafts and focus survive updates. */
  #forms = new Map<string, Element>();
  /** Texts formatted in the current language, by key and parameters (see t). */
  #texts = new Map<string, string>();
  #textsEpoch = -1;
  #collapsed = new Set<string>();
  #notices = new Map<string, string>();
  #votesInFlight = new Set<string>();
  #replyTo: string | null = null;
  #editing: string | null = null;
  #confirmingDelete: string | null = null;
  #highlighted: string | null = null;
  #maxDepth = 4;

  #client: ConfabClient | null = null;
  #session: ReaderSession | null = null;
  #clientEndpoint = '';
  #drafts: DraftStore | null = null;
  #pageKey = '';
  #loadedKey: string | null = null;
  #generation = 0;
  #abortController: AbortController | null = null;
  #unsubscribe: (() => void) | null = null;
  #observer: IntersectionObserver | null = null;
  #clockTimer: ReturnType<typeof setInterval> | undefined;
  /** The rich-rendering chunk, once it has loaded. */
  #rich: RichRenderer | null = null;
  /**
   * Comments rendered with the plain-source fallback while the rich renderer was loading; the
   * slices render them again once it is here.
   */
  #richFallbacks = new Set<string>();
  // eslint-disable-next-line no-unused-private-class-members -- read by the ??= that starts the load
  #richLoad: Promise<void> | null = null;
  #sliceScheduled = false;
  /** Rendering cost per comment, measured by the slices, in ms. */
  #msPerComment = 1;
  /** Document-order position of each comment of the loaded answer, and one past its last reply. */
  #positions = new WeakMap<ThreadNode, { at: number; end: number }>();
  #positioned = 0;
  #loadedEventPending = false;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#applyLanguage();
    window.addEventListener('hashchange', this.#onHashChange);
    this.#clockTimer = setInterval(() => {
      if (document.visibilityState === 'visible') this.clock = Date.now();
    }, CLOCK_TICK_MS);
    if (this.loading === 'eager') {
      this.#load();
    } else {
      // Fetch only when the reader is within about one viewport of the thread.
      this.#observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            this.#observer?.disconnect();
            this.#observer = null;
            this.#load();
          }
        },
        { rootMargin: '100% 0px 100% 0px' },
      );
      this.#observer.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    clearInterval(this.#clockTimer);
    clearTimeout(this.#announceTimer);
    this.#observer?.disconnect();
    this.#observer = null;
    this.#stopLoad();
    // A re-added element starts afresh (and lazily again).
    this.#loadedKey = null;
    this.#generation++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang') && changed.get('lang') !== undefined) this.#applyLanguage();
    if (changed.has('allowImages') && changed.get('allowImages') !== undefined) this.epoch++;
    if (this.#loadedKey !== null && this.#loadedKey !== this.#requestKey()) this.#load();
    // Not between the steps of a render slice: reading a style forces a style recalculation of
    // the comments the step before added (one took 21 ms), which the next frame does anyway.
    if (this.phase === 'ready' && !this.#sliceScheduled) {
      const depth = parseInt(getComputedStyle(this).getPropertyValue('--confab-max-depth'), 10);
      const maxDepth = Number.isFinite(depth) && depth >= 0 ? depth : 4;
      if (maxDepth !== this.#maxDepth) {
        this.#maxDepth = maxDepth;
        this.epoch++;
      }
    }
  }

  protected override updated(): void {
    const thread = this.#thread;
    if (!thread || this.phase !== 'ready') return;
    this.#syncThread();
    if (this.#moreToRender()) {
      this.#scheduleSlice();
    } else if (this.#loadedEventPending) {
      this.#loadedEventPending = false;
      this.dispatchEvent(new ConfabLoadedEvent(this.total));
      // After this update has finished, so that revealing schedules a fresh one.
      void this.updateComplete.then(() => this.#revealFragment(false));
    }
  }

  /** Retries loading the thread (as the error state's button does). */
  reload(): void {
    this.#load();
  }

  get #sortOrder(): SortOrder {
    return SORTS.includes(this.sort) ? this.sort : 'oldest';
  }

  get #limit(): number {
    const size = Math.floor(Number(this.pageSize));
    return Number.isFinite(size) && size > 0 ? Math.min(size, 200) : 50;
  }

  #requestKey(): string {
    return JSON.stringify([this.endpoint.trim(), this.page ?? '', this.#sortOrder, this.#limit]);
  }

  /**
   * A text in the current language, formatted once per key, parameters and language: a long
   * thread asks for the same labels ("Reply", "Actions for Ada", "Hide 2 replies") thousands of
   * times.
   */
  #t(key: MessageKey, params?: Record<string, string | number>): string {
    if (this.#textsEpoch !== this.epoch || this.#texts.size >= 10_000) {
      this.#texts.clear();
      this.#textsEpoch = this.epoch;
    }
    const textKey = params ? `${key}\n${Object.entries(params).join('\n')}` : key;
    let text = this.#texts.get(textKey);
    if (text === undefined) {
      text = this.#localizer.t(key, params);
      this.#texts.set(textKey, text);
    }
    return text;
  }

  #describe(code: string): string {
    const key = `error.${code}` as MessageKey;
    return this.#t(key) === key ? this.#t('error.network') : this.#t(key);
  }

  #applyLanguage(): void {
    const lang =
      this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    // Cheap to make and discard: its catalogue is loaded once per page, Intl only on first use.
    const localizer = new Localizer(lang);
    if (localizer.lang === this.#localizer.lang) return;
    this.#localizer = localizer;
    this.epoch++;
    void localizer.ready.then(() => {
      if (this.#localizer === localizer) this.epoch++;
    });
  }

  #stopLoad(): void {
    this.#abortController?.abort();
    this.#abortController = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  #fail(code: string): void {
    this.dispatchEvent(new ConfabErrorEvent(code, this.#describe(code)));
  }

  #load(): void {
    this.#stopLoad();
    const generation = ++this.#generation;
    this.#loadedKey = this.#requestKey();
    this.#thread = null;
    this.#revisions.clear();
    this.#views.clear();
    this.#richFallbacks.clear();
    this.#collapsed.clear();
    this.#notices.clear();
    this.#votesInFlight.clear();
    this.#replyTo = this.#editing = this.#confirmingDelete = this.#highlighted = null;
    this.nextCursor = null;
    this.moreErrorCode = '';
    this.renderedRoots = 0;
    this.#positioned = 0;
    const endpoint = this.endpoint.trim();
    if (!endpoint) {
      this.phase = 'error';
      this.loadErrorCode = 'config';
      this.#fail('config');
      return;
    }
    this.#pageKey = resolvePageKey(this.page, document);
    if (endpoint !== this.#clientEndpoint || !this.#client) {
      const client: ConfabClient = new ConfabClient({
        endpoint,
        getToken: (): string | null => session.token,
      });
      const session: ReaderSession = new ReaderSession(client, endpoint);
      this.#client = client;
      this.#session = session;
      this.#clientEndpoint = endpoint;
    }
    this.#drafts = null;
    this.phase = 'loading';
    this.loadErrorCode = '';
    // The rich renderer is fetched alongside the thread, never after it.
    this.#richLoad ??= import('../render/rich.js').then(
      async (module) => {
        // The sanitiser's first use sets it up (60 ms in the bench's fresh pages): done here, in
        // a task of its own, rather than in the task that renders the first rich comments.
        await yieldToBrowser();
        module.renderRich('*a*', { allowImages: false, findMentions: () => [] });
        this.#rich = module;
        // Only the comments shown with the plain-source fallback need rendering again; the
        // slices do that a step at a time (all at once was one long task when many waited).
        if (this.phase === 'ready') this.#scheduleSlice();
      },
      (error: unknown) => {
        this.#richLoad = null;
        console.warn('confab: the Markdown renderer could not be loaded', error);
      },
    );
    const controller = new AbortController();
    this.#abortController = controller;
    const client = this.#client!;
    // Intl's first use in a page loads ICU data (25-140 ms in the bench's fresh pages): done
    // in a task of its own while the request is in flight, not in the one that renders the
    // first comments.
    void yieldToBrowser().then(() => {
      const now = new Date().toISOString();
      this.#localizer.t('comment.showReplies', { count: 2 });
      this.#localizer.relative(now, Date.now() + 864e5);
      this.#localizer.exact(now);
    });
    // The form is rendered with the thread, so the thread waits for it: no shift later.
    Promise.all([
      client.getThread(
        { page: this.#pageKey, sort: this.#sortOrder, limit: this.#limit },
        controller.signal,
      ),
      loadComposer(),
    ]).then(
      ([response, Drafts]) => {
        if (generation !== this.#generation) return;
        this.#drafts = Drafts ? new Drafts(endpoint, this.#pageKey) : null;
        void this.#show(response, client, generation);
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        const code = errorCode(error);
        this.phase = 'error';
        this.loadErrorCode = code;
        this.#fail(code);
      },
    );
  }

  /**
   * The first answer, in three tasks: the client read, parsed and checked it in the task that
   * received it; the model is built in the next one and the first screen rendered in the one
   * after, so no task holds all of it (one did: 106-245 ms in traces of 100-5,000 comments).
   */
  async #show(response: ThreadResponse, client: ConfabClient, generation: number) {
    await yieldToBrowser();
    if (generation !== this.#generation) return;
    const thread = new Thread(response.comments);
    this.#position(thread);
    await yieldToBrowser();
    if (generation !== this.#generation) return;
    this.#thread = thread;
    this.total = response.total;
    this.locked = response.locked;
    this.nextCursor = response.nextCursor;
    this.renderBudget = FIRST_SCREEN_COMMENTS;
    this.renderedRoots = this.#rootsWithin(this.renderBudget);
    this.phase = 'ready';
    this.#loadedEventPending = true;
    this.#subscribe(client, generation);
  }

  /** Numbers the comments in document order (iteratively: reply chains can be very deep). */
  #position(thread: Thread): void {
    const nodes = [...thread.walk()];
    const sizes = new Map<ThreadNode, number>();
    for (let i = nodes.length - 1; i >= 0; i--) {
      let size = 1;
      for (const child of nodes[i]!.children) size += sizes.get(child) ?? 0;
      sizes.set(nodes[i]!, size);
    }
    this.#positions = new WeakMap();
    nodes.forEach((node, at) => this.#positions.set(node, { at, end: at + sizes.get(node)! }));
    this.#positioned = nodes.length;
  }

  /** Comments added after the load (posts, live events, later pages) are never held back. */
  #withinBudget(node: ThreadNode): boolean {
    const position = this.#positions.get(node);
    return !position || position.at < this.renderBudget;
  }

  /** Changes while the budget grows through this subtree, then stays put (the view is skipped). */
  #budgetKey(node: ThreadNode): number {
    // Past the nesting limit a comment renders no replies, so the budget cannot change it:
    // keying it anyway re-rendered every listed reply of a deep chain on every slice.
    if (node.depth >= MAX_NESTING) return 0;
    const position = this.#positions.get(node);
    return position ? Math.min(this.renderBudget, position.end) : 0;
  }

  /** How many leading roots of the loaded answer start within `budget` comments. */
  #rootsWithin(budget: number): number {
    const roots = this.#thread?.roots ?? [];
    let index = 0;
    while (index < roots.length && (this.#positions.get(roots[index]!)?.at ?? budget) < budget) {
      index++;
    }
    return index;
  }

  /** How many roots, from `from` on, hold at least `comments` comments (at least one root). */
  #rootsCovering(from: number, comments: number): number {
    const roots = this.#thread?.roots ?? [];
    let index = from;
    let count = 0;
    while (index < roots.length && count < comments) count += subtreeSize(roots[index++]!);
    return index;
  }

  #moreToRender(): boolean {
    const roots = this.#thread?.roots.length ?? 0;
    return (
      this.renderBudget < this.#positioned ||
      this.renderedRoots < roots ||
      (!!this.#rich && this.#richFallbacks.size > 0)
    );
  }

  /**
   * One task of rendering: steps of SLICE_COMMENTS for about SLICE_MS, then a yield to the
   * browser (paint, input, other tasks). Time-boxed rather than one step per task: with a
   * frame between every 20 comments, 5,000 took ten times longer to finish.
   */
  #scheduleSlice(): void {
    if (this.#sliceScheduled) return;
    this.#sliceScheduled = true;
    const generation = this.#generation;
    void yieldToBrowser().then(async () => {
      const started = performance.now();
      try {
        do {
          if (generation !== this.#generation || !this.#thread) break;
          // What fits in the rest of the slice at the cost per comment measured so far.
          const stepStart = performance.now();
          const step = Math.max(
            1,
            Math.min(
              SLICE_COMMENTS,
              Math.floor((started + SLICE_MS - stepStart) / this.#msPerComment),
            ),
          );
          if (this.#rich && this.#richFallbacks.size > 0) {
            for (const id of [...this.#richFallbacks].slice(0, step)) {
              this.#richFallbacks.delete(id);
              this.#touchId(id);
            }
          } else if (this.renderBudget < this.#positioned) {
            this.renderBudget += step;
            this.renderedRoots = Math.max(this.renderedRoots, this.#rootsWithin(this.renderBudget));
          } else {
            this.renderedRoots = this.#rootsCovering(this.renderedRoots, step);
          }
          await this.updateComplete;
          const cost = (performance.now() - stepStart) / step;
          this.#msPerComment = Math.max(0.05, (this.#msPerComment + cost) / 2);
        } while (performance.now() - started < SLICE_MS && this.#moreToRender());
      } finally {
        this.#sliceScheduled = false;
      }
      // Whatever thread is current now: a reload while this slice waited asked for slices in
      // vain (one was pending), so it is this slice's job to continue it.
      if (this.phase === 'ready' && this.#moreToRender()) this.#scheduleSlice();
    });
  }

  #subscribe(client: ConfabClient, generation: number): void {
    this.#unsubscribe = client.subscribe(this.#pageKey, {
      onComment: (comment) => {
        if (generation === this.#generation) void this.#receive(comment);
      },
      onVote: (data) => {
        if (generation !== this.#generation || !this.#thread) return;
        const node = this.#thread.setVotes(data.id, data.votes);
        if (node) this.#touch(node);
      },
    });
  }

  /** Marks a comment and its ancestors for re-render (their templates contain it). */
  #touch(node: ThreadNode | null | undefined): void {
    for (let current = node; current; current = current.parent) {
      const id = current.comment.id;
      this.#revisions.set(id, (this.#revisions.get(id) ?? 0) + 1);
    }
    this.requestUpdate();
  }

  #touchId(id: string | null): void {
    if (id) this.#touch(this.#thread?.get(id));
  }

  /** Adds or updates a comment; keeps the count right. Returns the node, or null when it has no place. */
  #integrate(comment: Comment, fromStream: boolean): ThreadNode | null {
    const thread = this.#thread;
    if (!thread) return null;
    const before = thread.get(comment.id);
    const wasShown = before ? before.comment.status !== 'deleted' : false;
    const rootsBefore = thread.roots.length;
    const node = thread.upsert(comment, { fromStream, sort: this.#sortOrder });
    if (!node) return null;
    const shownNow = node.comment.status !== 'deleted';
    if (shownNow && !wasShown) this.total++;
    if (!shownNow && wasShown) this.total = Math.max(0, this.total - 1);
    if (thread.roots.length > rootsBefore) this.renderedRoots++;
    this.#touch(node);
    return node;
  }

  async #receive(comment: Comment): Promise<void> {
    if (!this.#thread) return;
    const isNew = !this.#thread.get(comment.id);
    const restoreScroll = this.#captureScrollAnchor();
    const node = this.#integrate(comment, true);
    if (!node) return;
    await this.updateComplete;
    restoreScroll();
    if (isNew && comment.status !== 'deleted') {
      this.#announce(this.#t('thread.newComments', { count: 1 }));
    }
  }

  /**
   * Remembers where the first comment visible at the top of the viewport is, and returns a
   * function that scrolls by however much it moved, so arriving comments never push the
   * reader's place away.
   */
  #captureScrollAnchor(): () => void {
    const articles = this.renderRoot.querySelectorAll<HTMLElement>('article[data-comment-id]');
    for (const article of articles) {
      const top = article.getBoundingClientRect().top;
      if (top >= 0) {
        return () => {
          if (!article.isConnected) return;
          const moved = article.getBoundingClientRect().top - top;
          if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
        };
      }
    }
    return () => {};
  }

  #announce(text: string): void {
    // Cleared first so that the same sentence twice is announced twice.
    this.announcement = '';
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      this.announcement = text;
    }, 50);
  }

  async #focusComment(id: string): Promise<void> {
    await this.updateComplete;
    this.#articleOf(id)?.focus();
  }

  #articleOf(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(
      `article[data-comment-id="${CSS.escape(id)}"]`,
    );
  }

  #onHashChange = (): void => {
    this.#revealFragment(true);
  };

  #revealFragment(focus: boolean): void {
    const match = /^#comment-(.+)$/.exec(location.hash);
    if (!match) return;
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return;
    }
    if (this.#thread?.get(id)) void this.#reveal(id, focus);
  }

  /** Expands, renders, scrolls to and marks one comment. */
  async #reveal(id: string, focus: boolean): Promise<void> {
    const thread = this.#thread;
    const node = thread?.get(id);
    if (!thread || !node) return;
    let root = node;
    for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
      if (this.#collapsed.delete(ancestor.comment.id)) this.#touch(ancestor);
      root = ancestor;
    }
    const index = thread.roots.indexOf(root);
    if (index >= this.renderedRoots) this.renderedRoots = index + 1;
    const position = this.#positions.get(node);
    if (position && position.at >= this.renderBudget) this.renderBudget = position.at + 1;
    const previous = this.#highlighted;
    this.#highlighted = id;
    this.#touchId(previous);
    this.#touch(node);
    await this.updateComplete;
    const article = this.#articleOf(id);
    if (!article) return;
    article.scrollIntoView({ block: 'start' });
    if (focus) article.focus({ preventScroll: true });
  }

  #onThreadClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button[data-action]');
    if (button) {
      const id = button.closest('article')?.getAttribute('data-comment-id');
      const node = id ? this.#thread?.get(id) : null;
      if (node) this.#act(button.getAttribute('data-action')!, node);
      return;
    }
    const link = target?.closest?.('a[data-target]');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const id = link.getAttribute('data-target') ?? '';
    if (!this.#thread?.get(id)) return;
    event.preventDefault();
    const url = new URL(location.href);
    url.hash = `comment-${encodeURIComponent(id)}`;
    history.pushState(history.state, '', url);
    void this.#reveal(id, true);
  };

  #onSortChange(value: string): void {
    if (SORTS.includes(value as SortOrder)) this.sort = value as SortOrder;
  }

  async #loadMore(): Promise<void> {
    const client = this.#client;
    const thread = this.#thread;
    if (!client || !thread || !this.nextCursor || this.loadingMore) return;
    const generation = this.#generation;
    const firstNew = thread.roots.length;
    this.loadingMore = true;
    this.moreErrorCode = '';
    try {
      const response = await client.getThread(
        { page: this.#pageKey, sort: this.#sortOrder, limit: this.#limit, cursor: this.nextCursor },
        this.#abortController?.signal,
      );
      if (generation !== this.#generation) return;
      thread.appendPage(response.comments);
      this.total = response.total;
      this.locked = response.locked;
      this.nextCursor = response.nextCursor;
      this.loadingMore = false;
      this.renderedRoots = Math.max(
        this.renderedRoots,
        this.#rootsCovering(firstNew, SLICE_COMMENTS),
      );
      const first = thread.roots[firstNew];
      // The button may be gone; keep keyboard focus in the thread, on the first new comment.
      if (first) void this.#focusComment(first.comment.id);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.loadingMore = false;
      this.moreErrorCode = errorCode(error);
      this.#fail(this.moreErrorCode);
    }
  }

  async #vote(node: ThreadNode, requested: 1 | -1): Promise<void> {
    const client = this.#client;
    const session = this.#session;
    const thread = this.#thread;
    const id = node.comment.id;
    if (!client || !session || !thread || this.#votesInFlight.has(id)) return;
    const generation = this.#generation;
    const before = { votes: { ...node.comment.votes }, myVote: node.comment.myVote };
    const value: VoteValue = before.myVote === requested ? 0 : requested;
    const votes = { ...before.votes };
    if (before.myVote === 1) votes.up--;
    if (before.myVote === -1) votes.down--;
    if (value === 1) votes.up++;
    if (value === -1) votes.down++;
    this.#votesInFlight.add(id);
    this.#notices.delete(id);
    thread.setVotes(id, votes, value);
    this.#touch(node);
    try {
      await session.ensure(this.#abortController?.signal);
      const response = await client.vote(id, value, this.#abortController?.signal);
      if (generation !== this.#generation) return;
      this.#touch(thread.setVotes(id, response.votes, response.myVote));
      this.dispatchEvent(new ConfabVotedEvent(id, response.myVote));
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = errorCode(error);
      if (code === 'unauthorized') session.forget();
      this.#touch(thread.setVotes(id, before.votes, before.myVote));
      this.#notices.set(id, this.#t('comment.voteRefused', { reason: this.#describe(code) }));
      this.#fail(code);
    } finally {
      this.#votesInFlight.delete(id);
    }
  }

  /** The composers' `send`: posts through the client; errors go back to the composer, which shows them. */
  async #post(parentId: string | null, draft: ComposerDraft): Promise<Comment> {
    const client = this.#client;
    const session = this.#session;
    if (!client || !session) throw new Error('confab: the thread is not loaded');
    const generation = this.#generation;
    try {
      await session.ensure();
      const comment = await client.postComment(
        { page: this.#pageKey, parentId, body: draft.body, author: draft.author },
        draft.idempotencyKey,
      );
      if (generation !== this.#generation) return comment;
      if (parentId) {
        this.#replyTo = null;
        if (this.#collapsed.delete(parentId)) this.#touchId(parentId);
      }
      this.#integrate(comment, false);
      this.#announce(this.#t('thread.posted'));
      await this.#focusComment(comment.id);
      this.dispatchEvent(new ConfabPostedEvent(comment));
      return comment;
    } catch (error) {
      this.#onWriteError(error, generation);
      throw error;
    }
  }

  async #saveEdit(node: ThreadNode, draft: ComposerDraft): Promise<Comment> {
    const client = this.#client;
    if (!client) throw new Error('confab: not loaded');
    const generation = this.#generation;
    try {
      const comment = await client.editComment(node.comment.id, draft.body);
      if (generation !== this.#generation) return comment;
      this.#editing = null;
      this.#integrate(comment, false);
      this.#announce(this.#t('thread.updated'));
      await this.#focusComment(comment.id);
      return comment;
    } catch (error) {
      this.#onWriteError(error, generation);
      throw error;
    }
  }

  #onWriteError(error: unknown, generation: number): void {
    if (generation !== this.#generation) return;
    const code = errorCode(error);
    if (code === 'unauthorized') this.#session?.forget();
    if (code === 'locked') this.locked = true;
    this.#fail(code);
  }

  async #deleteComment(node: ThreadNode): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const id = node.comment.id;
    const generation = this.#generation;
    try {
      const comment = await client.deleteComment(id);
      if (generation !== this.#generation) return;
      this.#confirmingDelete = null;
      const parent = node.parent;
      this.#integrate(comment, false);
      this.#announce(this.#t('thread.deletedAnnounce'));
      await this.updateComplete;
      // Focus stays in the thread: on the tombstone, else on the parent, else on the heading.
      const target =
        this.#articleOf(id) ??
        (parent ? this.#articleOf(parent.comment.id) : null) ??
        this.renderRoot.querySelector<HTMLElement>('h2');
      target?.focus();
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = errorCode(error);
      if (code === 'unauthorized') this.#session?.forget();
      this.#notices.set(id, this.#t('comment.deleteRefused', { reason: this.#describe(code) }));
      this.#touch(node);
      this.#fail(code);
    }
  }

  #setReplyTo(id: string | null): void {
    const previous = this.#replyTo;
    this.#replyTo = id;
    this.#touchId(previous);
    this.#touchId(id);
  }

  #setEditing(id: string | null): void {
    const previous = this.#editing;
    this.#editing = id;
    this.#touchId(previous);
    this.#touchId(id);
  }

  #setConfirmingDelete(id: string | null): void {
    const previous = this.#confirmingDelete;
    this.#confirmingDelete = id;
    this.#touchId(previous);
    this.#touchId(id);
  }

  async #focusIn(id: string, selector: string): Promise<void> {
    await this.updateComplete;
    this.#articleOf(id)?.querySelector<HTMLElement>(selector)?.focus();
  }

  #toggleReplies(node: ThreadNode): void {
    const id = node.comment.id;
    if (!this.#collapsed.delete(id)) this.#collapsed.add(id);
    this.#touch(node);
  }

  /*
   * No Lit template: the frame (thread-shell.ts) and the comments (comment-view.ts) are views
   * built with DOM calls and updated in place, so the entry carries no template engine. This runs
   * in ReactiveElement's update, after the properties have settled.
   */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    if (!this.#shell) {
      this.#shell = new ThreadShell({
        onClick: this.#onThreadClick,
        onSortChange: (value) => this.#onSortChange(value),
        onRetry: () => this.reload(),
        onLoadMore: () => void this.#loadMore(),
      });
      this.renderRoot.append(this.#shell.root);
    }
    const phase = this.phase;
    const ready = phase === 'ready';
    const sort = this.#sortOrder;
    this.#shell.update({
      busy: phase === 'loading',
      // A dir on the element itself is the page's word; else the language's direction.
      rtl: this.#localizer.rtl && !this.dir,
      heading: ready ? this.#t('thread.heading', { count: this.total }) : this.#t('thread.label'),
      sort: ready
        ? {
            label: this.#t('sort.label'),
            selected: sort,
            options: SORTS.map((value) => ({ value, label: this.#t(`sort.${value}`) })),
          }
        : null,
      placeholder: phase === 'error' || ready ? null : this.#t('thread.loading'),
      error:
        phase === 'error'
          ? {
              message: `${this.#t('thread.loadFailed')} ${this.#describe(this.loadErrorCode)}`,
              retry: this.loadErrorCode === 'config' ? null : this.#t('thread.retry'),
            }
          : null,
      thread: ready ? this.#threadState() : null,
      announcement: this.announcement,
    });
  }

  #threadState(): ThreadState {
    const thread = this.#thread!;
    return {
      notice: this.locked ? this.#t('thread.locked') : null,
      form: this.locked ? null : this.#composer('new', null),
      // Empty when no top-level comment has anything to show (a deleted one may keep live replies).
      empty: thread.roots.some(isShown) ? null : this.#t('thread.empty'),
      loadMore: this.nextCursor
        ? {
            label: this.#t(this.loadingMore ? 'thread.loadingMore' : 'thread.loadMore'),
            disabled: this.loadingMore,
          }
        : null,
      moreError: this.moreErrorCode ? this.#describe(this.moreErrorCode) : null,
    };
  }

  /**
   * The form for a new comment, a reply or an edit: one composer element per form, kept while the
   * form is open so that its draft, focus and errors survive every re-render around it.
   */
  #composer(mode: 'new' | 'reply' | 'edit', node: ThreadNode | null): Element {
    const id = node ? node.comment.id : null;
    const formKey = id ? `${mode}:${id}` : 'new';
    let form = this.#forms.get(formKey) as ConfabComposer | undefined;
    if (!form) {
      form = document.createElement('confab-composer') as ConfabComposer;
      form.setAttribute('part', mode === 'new' ? 'form' : `${mode}-form`);
      form.setAttribute('exportparts', COMPOSER_PARTS);
      form.mode = mode;
      form.formKey = formKey;
      form.initialBody = mode === 'edit' && node ? node.comment.body : '';
      form.replyToName = mode === 'reply' && node ? node.comment.author.name : null;
      form.send = (draft: ComposerDraft) => {
        const current = id ? this.#thread?.get(id) : null;
        if (mode === 'edit') return current ? this.#saveEdit(current, draft) : Promise.reject();
        return this.#post(id, draft);
      };
      form.addEventListener('confab-composer-cancel', () => {
        if (!id) return;
        if (mode === 'edit') {
          this.#setEditing(null);
          void this.#focusIn(id, '[part~="edit-button"]');
        } else {
          this.#setReplyTo(null);
          void this.#focusIn(id, '[part~="reply-button"]');
        }
      });
      this.#forms.set(formKey, form);
    }
    form.localizer = this.#localizer;
    form.drafts = this.#drafts;
    form.participants = this.#thread?.authors() ?? [];
    form.disabled = this.locked && mode !== 'edit';
    form.allowImages = this.allowImages;
    return form;
  }

  /** The loaded top-level comments that are rendered so far and have something to show. */
  #shownRoots(): ThreadNode[] {
    return this.#thread!.roots.slice(0, this.renderedRoots).filter(isShown);
  }

  /** Puts the rendered comments into the thread's list (after Lit has rendered the list itself). */
  #syncThread(): void {
    const list = this.#shell?.list;
    if (!list || !this.#thread) return;
    // What every comment's rendering depends on besides its own subtree: one number for them all.
    const context = `${this.epoch} ${this.clock} ${this.locked}`;
    if (context !== this.#renderedContextKey) {
      this.#renderedContextKey = context;
      this.#renderContext++;
    }
    syncChildren(
      list,
      this.#shownRoots().map((node) => this.#viewOf(node).li),
    );
  }

  /*
   * A comment is a CommentView (comment-view.ts): DOM built once and updated in place, not a Lit
   * template (a template's parts were most of the heap and render time of a long thread; see
   * docs/performance.md). A view is updated only when its key changes: the subtree's version and
   * revision, language, clock, budget or lock; otherwise the whole subtree is skipped.
   */
  #viewOf(node: ThreadNode): CommentView {
    const comment = node.comment;
    const id = comment.id;
    const deleted = comment.status === 'deleted';
    const version = node.version;
    const revision = this.#revisions.get(id) ?? 0;
    const budget = this.#budgetKey(node);
    const context = this.#renderContext;
    let view = this.#views.get(id);
    if (view?.deleted === deleted && view.isCurrent(version, revision, budget, context))
      return view;
    if (!view || view.deleted !== deleted) {
      view = new CommentView(deleted);
      this.#views.set(id, view);
    }
    // At the nesting limit the whole subtree is listed here, each reply without nested replies.
    const children =
      node.depth >= MAX_NESTING
        ? []
        : (node.depth + 1 < MAX_NESTING ? node.children : descendants(node)).filter(isShown);
    const collapsed = this.#collapsed.has(id);
    const replying = this.#replyTo === id && !deleted;
    if (!replying) this.#forms.delete(`reply:${id}`);
    if (this.#editing !== id) this.#forms.delete(`edit:${id}`);
    view.update({
      id,
      depth: node.depth,
      highlighted: this.#highlighted === id,
      tombstone: deleted ? this.#t('comment.deleted') : null,
      live: deleted ? null : this.#liveState(node),
      notice: this.#notices.get(id) ?? null,
      replyForm: replying ? this.#composer('reply', node) : null,
      replies: children.length
        ? {
            toggleLabel: this.#t(collapsed ? 'comment.showReplies' : 'comment.hideReplies', {
              count: countShown(node.children),
            }),
            collapsed,
            flat: node.depth + 1 > this.#maxDepth,
          }
        : null,
    });
    if (view.replyList) {
      syncChildren(
        view.replyList,
        collapsed
          ? []
          : children
              .filter((child) => this.#withinBudget(child))
              .map((child) => this.#viewOf(child).li),
      );
    }
    view.markCurrent(version, revision, budget, context);
    return view;
  }

  #liveState(node: ThreadNode): LiveState {
    const comment = node.comment;
    const id = comment.id;
    const author = comment.author;
    const name = author.name || this.#t('comment.anonymous');
    const parent = node.parent;
    const localizer = this.#localizer;
    return {
      author,
      name,
      createdAt: comment.createdAt,
      exactTime: localizer.exact(comment.createdAt),
      relativeTime: localizer.relative(comment.createdAt, this.clock),
      edited: comment.editedAt
        ? { title: localizer.exact(comment.editedAt), text: this.#t('comment.edited') }
        : null,
      pending: comment.status === 'pending' ? this.#t('comment.pending') : null,
      inReplyTo:
        parent && node.depth > this.#maxDepth
          ? this.#withName(
              'comment.inReplyTo',
              mentionLink(
                parent.comment.author.name || this.#t('comment.anonymous'),
                parent.comment.id,
              ),
            )
          : null,
      body:
        this.#editing === id
          ? this.#composer('edit', node)
          : {
              source: comment.body,
              variant: (this.allowImages ? 2 : 0) + (this.#rich ? 1 : 0),
              render: () => this.#renderBody(node),
            },
      actionsLabel: this.#t('comment.actions', { name }),
      upLabel: this.#t('comment.voteUp'),
      downLabel: this.#t('comment.voteDown'),
      scoreLabel: this.#t('comment.score'),
      myVote: comment.myVote,
      score: comment.votes.up - comment.votes.down,
      reply: this.locked
        ? null
        : { label: this.#t('comment.reply'), expanded: this.#replyTo === id },
      own: comment.mine
        ? {
            editLabel: this.#t('comment.edit'),
            editing: this.#editing === id,
            deleteLabel: this.#t('comment.delete'),
            confirm:
              this.#confirmingDelete === id
                ? {
                    question: this.#t('comment.deleteConfirm'),
                    yes: this.#t('comment.deleteYes'),
                    no: this.#t('comment.deleteNo'),
                  }
                : null,
          }
        : null,
    };
  }

  /** A message with `{name}` replaced by a node; the name stays inside a `<bdi>`. */
  #withName(key: MessageKey, name: Node): Node[] {
    const [before = '', after = ''] = this.#t(key).split('{name}');
    return [
      document.createTextNode(before),
      element('bdi', {}, name),
      document.createTextNode(after),
    ];
  }

  /**
   * The body as a `<div part="body">`. Its view renders it once per source text and variant and
   * keeps it, so an update for a vote or a new reply leaves the very same element in place.
   */
  #renderBody(node: ThreadNode): HTMLElement {
    const comment = node.comment;
    const body = comment.body;
    const findMentions = /[@&]/.test(body) ? mentionFinder(this.#thread!, node) : () => [];
    let content: Node;
    if (isPlainText(body)) {
      content = renderPlain(body, findMentions);
    } else if (this.#rich) {
      content = this.#rich.renderRich(body, { allowImages: this.allowImages, findMentions });
    } else {
      // The rich renderer is still loading: the source as text for now, rendered again when it is here.
      this.#richFallbacks.add(comment.id);
      content = element('p', { class: 'source' }, body);
    }
    // A body in another script than the page's runs in its own direction.
    return element('div', { part: 'body', class: 'body', dir: 'auto' }, content);
  }

  /** The buttons of a comment, by their `data-action`. */
  #act(action: string, node: ThreadNode): void {
    const id = node.comment.id;
    if (action === 'up' || action === 'down') {
      void this.#vote(node, action === 'up' ? 1 : -1);
    } else if (action === 'toggle') {
      this.#toggleReplies(node);
    } else if (action === 'reply') {
      this.#setReplyTo(this.#replyTo === id ? null : id);
      if (this.#replyTo === id) void this.#focusIn(id, 'confab-composer');
    } else if (action === 'edit') {
      this.#setEditing(id);
      void this.#focusIn(id, 'confab-composer');
    } else if (action === 'delete') {
      this.#setConfirmingDelete(id);
      void this.#focusIn(id, '[part~="confirm-delete"]');
    } else if (action === 'cancel-delete') {
      this.#setConfirmingDelete(null);
      void this.#focusIn(id, '[part~="delete-button"]');
    } else if (action === 'confirm-delete') {
      void this.#deleteComment(node);
    }
  }
}
