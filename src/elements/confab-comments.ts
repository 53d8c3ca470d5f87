import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { SortOrder } from '../protocol/index.js';
import { captureScrollAnchor } from '../render/scroll-anchor.js';
import { ThreadRenderer } from '../render/thread-renderer.js';
import { frameState, ThreadShell } from '../render/thread-shell.js';
import { shared, tokens } from '../styles/tokens.js';
import { Announcer } from '../controllers/announcer.js';
import { Clock } from '../controllers/clock.js';
import type { CommentActions, WriteHost } from '../controllers/comment-actions.js';
import { DeepLinks } from '../controllers/deep-links.js';
import { FallbackTakeover } from '../controllers/fallback-takeover.js';
import { LanguageController } from '../controllers/language.js';
import { LazyStart } from '../controllers/lazy-start.js';
import { RenderScheduler } from '../controllers/render-scheduler.js';
import { ThreadSource, type ThreadRequest } from '../controllers/thread-source.js';
import { UiState } from '../controllers/ui-state.js';
import { commentsStyles } from './confab-comments.styles.js';
import { ConfabErrorEvent, ConfabLoadedEvent } from './events.js';

const SORTS: readonly SortOrder[] = ['oldest', 'newest', 'top'];
/** Comments rendered in the first update (more than a screenful); the rest follow in slices. */
const FIRST_SCREEN_COMMENTS = 10;

/**
 * A page's comment thread: reads, votes, replies, edits, deletes and reports through the Confab
 * protocol, renders Markdown safely, updates live.
 *
 * @summary Embeddable comment thread for a page.
 *
 * @attr {string} endpoint - Base URL of the comment server, e.g. `https://comments.example.com/api`. Required.
 * @attr {string} page - Thread key. Default: `<link rel="canonical">` href, else `location.origin + location.pathname`.
 * @attr {'oldest'|'newest'|'top'} sort - Order of top-level comments (default `oldest`; unknown values fall back to it).
 * @attr {string} lang - Language of the texts (docs/i18n.md: `ar`, `de`, `en`, `es`, `fr`, `he`, `it`, `ja`, `nl`, `pl`, `pt-BR`, `uk`, `zh-CN`); default: the nearest `lang` of the page, else English. Arabic and Hebrew lay out right to left.
 * @attr {number} page-size - Top-level comments per request (default 50, at most 200).
 * @attr {'auto'|'light'|'dark'} theme - Colour scheme; `auto` takes the page's `color-scheme` (the reader's setting only where the page allows dark).
 * @attr {'lazy'|'eager'} loading - `lazy` (default) fetches nothing until the element is within a viewport of being seen.
 * @attr {boolean} allow-images - Render Markdown images in comments (off by default).
 * @attr {string} sso - The host site's signed user token (HS256 JWT, docs/sso.md): the reader posts as that user, verified.
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
 * @csspart error - An error message (load failure, refused vote or delete, refused report).
 * @csspart retry - The retry button of the error state.
 * @csspart form - The new-comment form (a `confab-composer`).
 * @csspart reply-form - An inline reply form.
 * @csspart edit-form - The form that edits one's own comment.
 * @csspart report-form - The form that reports a comment to the moderators (a `confab-report-form`).
 * @csspart report-reasons - The report form's group of reasons (forwarded).
 * @csspart report-reason - One reason of the report form, with its label (forwarded).
 * @csspart report-note - The report form's optional note (forwarded).
 * @csspart textarea - A composer's text area (forwarded).
 * @csspart submit - A composer's or the report form's submit button (forwarded).
 * @csspart cancel - A composer's or the report form's cancel button (forwarded).
 * @csspart preview-toggle - A composer's preview switch (forwarded).
 * @csspart preview - A composer's Markdown preview (forwarded).
 * @csspart field-error - A composer's message next to a field (forwarded).
 * @csspart name - A composer's name field (forwarded).
 * @csspart email - A composer's email field (forwarded).
 * @csspart notify - A composer's "notify me of replies by email" checkbox (forwarded).
 * @csspart notify-status - The line under the new-comment form, after a post that asked for reply
 *   mail, saying where replies go (forwarded).
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
 * @csspart verified - The mark after a signed-in author's name (`author.verified`), labelled "Verified account".
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
 * @csspart report-button - The Report button (on every comment but the reader's own).
 * @csspart report-status - The confirmation under a comment the reader has reported.
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
 * @cssprop --confab-dark-color-text - Text colour, in the dark scheme.
 * @cssprop --confab-dark-color-text-muted - Secondary text, in the dark scheme.
 * @cssprop --confab-dark-color-background - Background of comments and fields, in the dark scheme.
 * @cssprop --confab-dark-color-surface - Background of notices, placeholders and code, in the dark scheme.
 * @cssprop --confab-dark-color-border - Borders, in the dark scheme.
 * @cssprop --confab-dark-color-accent - Links, pressed votes, primary buttons, in the dark scheme.
 * @cssprop --confab-dark-color-on-accent - Text on the accent colour, in the dark scheme.
 * @cssprop --confab-dark-color-danger - Errors and destructive buttons, in the dark scheme.
 * @cssprop --confab-dark-color-success - Success messages, in the dark scheme.
 * @cssprop --confab-dark-color-highlight - Background of the highlighted comment, in the dark scheme.
 * @cssprop --confab-dark-color-focus - Focus ring colour, in the dark scheme.
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
    sso: {},
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
  /** The host site's signed user token (docs/sso.md); null or removed: anonymous. */
  sso: string | null = null;

  // The element coordinates; each of these does one job (docs/architecture.md).
  readonly #language = new LanguageController(this, () => {
    this.#renderer.invalidateAll();
    this.requestUpdate();
  });
  readonly #renderer = new ThreadRenderer();
  readonly #ui = new UiState((id) => {
    const node = this.#source.thread?.get(id);
    if (node) this.#source.thread!.touch(node);
    this.requestUpdate();
  });
  readonly #source: ThreadSource = new ThreadSource(this, {
    reset: () => {
      this.#ui.reset();
      this.#renderer.reset(null);
      this.#writer?.reset();
      this.#loaded = false;
    },
    ready: (thread) => {
      this.#renderer.reset(thread, FIRST_SCREEN_COMMENTS);
      void this.#deepLinks.followFragment(thread, false);
    },
    page: (roots) => {
      this.#renderer.budget.addPage(roots);
      // The button may be gone; keyboard focus stays in the thread, on the first new comment.
      if (roots[0]) this.#deepLinks.focusWhenShown(roots[0].comment.id);
    },
    live: (node, isNew) => {
      const restoreScroll = captureScrollAnchor(this.renderRoot);
      void this.updateComplete.then(() => {
        restoreScroll();
        if (isNew && node.comment.status !== 'deleted') {
          this.#announcer.announce(this.#t.t('thread.newComments', { count: 1 }));
        }
      });
    },
    error: (code) => this.#fail(code),
  });
  readonly #scheduler = new RenderScheduler(this, this.#renderer);
  readonly #clock = new Clock(this);
  readonly #announcer = new Announcer(this);
  readonly #deepLinks = new DeepLinks(this, {
    thread: () => this.#source.thread,
    ui: this.#ui,
    expand: (node) => {
      this.#renderer.budget.expand(node);
      this.#ui.expand(node.comment.id);
    },
    article: (id) => this.#renderer.article(id),
    find: (id) => this.#source.loadThrough(id),
  });
  #shell: ThreadShell | null = null;
  /** The write path, once its chunk has arrived. */
  #writer: CommentActions | null = null;
  #writerLoad: Promise<CommentActions | null> | null = null;
  #maxDepth = 4;
  /** Whether confab-loaded was fired for this load (after its last slice). */
  #loaded = false;

  constructor() {
    super();
    // The server's thread HTML inside the element shows until the thread is rendered.
    new FallbackTakeover(this);
    // Last, so that it may start loading at once (eager) with everything else in place.
    new LazyStart(this, () => this.#load());
  }

  /** Retries loading the thread (as the error state's button does). */
  reload(): void {
    this.#load();
  }

  get #t() {
    return this.#language.localizer;
  }

  #request(): ThreadRequest {
    const size = Math.floor(Number(this.pageSize));
    return {
      endpoint: this.endpoint.trim(),
      page: this.page ?? '',
      sort: SORTS.includes(this.sort) ? this.sort : 'oldest',
      limit: Number.isFinite(size) && size > 0 ? Math.min(size, 200) : 50,
    };
  }

  #load(): void {
    this.#language.warmUp();
    // The rich renderer and the write path are fetched alongside the thread, never after it.
    this.#renderer.bodies.load(() => {
      this.#renderer.refreshRich();
      this.#scheduler.schedule();
    });
    // The new-comment form is shown with the thread, so the thread waits for it: no shift later.
    this.#source.load(this.#request(), this.#writePath());
  }

  /**
   * The write path's chunk (the forms, and the controller that votes, posts, edits, deletes and
   * reports), loaded once; null when it cannot be: the thread still reads without it, and the
   * reader's next action tries again.
   */
  #writePath(): Promise<CommentActions | null> {
    this.#writerLoad ??= import('./composer-chunk.js').then(
      (chunk) => {
        chunk.defineForms();
        this.#writer = new chunk.CommentActions(this.#writeHost);
        this.requestUpdate();
        return this.#writer;
      },
      (error: unknown) => {
        console.warn('confab: the comment form could not be loaded', error);
        return (this.#writerLoad = null);
      },
    );
    return this.#writerLoad;
  }

  /** What the write path may use of the element. */
  readonly #writeHost: WriteHost = {
    source: this.#source,
    ui: this.#ui,
    localizer: () => this.#t,
    allowImages: () => this.allowImages,
    sso: () => this.sso,
    announce: (text) => this.#announcer.announce(text),
    fail: (code) => this.#fail(code),
    article: (id) => this.#renderer.article(id),
    heading: () => this.#shell?.heading ?? null,
    settled: () => this.updateComplete,
    update: () => this.requestUpdate(),
    dispatch: (event) => this.dispatchEvent(event),
  };

  #fail(code: string): void {
    this.dispatchEvent(new ConfabErrorEvent(code, this.#t.error(code)));
  }

  /** A click in the thread: a comment's button, or a mention link. */
  #onClick = (event: MouseEvent): void => {
    const button = (event.target as Element | null)?.closest?.('button[data-action]');
    const id = button?.closest('article')?.getAttribute('data-comment-id');
    const node = id ? this.#source.thread?.get(id) : undefined;
    if (!button || !node) return this.#deepLinks.onClick(event);
    const action = button.getAttribute('data-action')!;
    if (action === 'toggle') {
      if (this.#ui.toggle(node.comment.id)) this.#renderer.budget.collapse(node);
      else this.#renderer.budget.expand(node);
    } else if (this.#writer) {
      this.#writer.act(action, node);
    } else {
      // The write path failed to load with the thread: one more try, now that the reader acts.
      void this.#writePath().then((writer) =>
        writer ? writer.act(action, node) : this.#fail('network'),
      );
    }
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang') && changed.get('lang') !== undefined) this.#language.update();
    if (this.#source.changed(this.#request())) this.#load();
    // Not between the steps of a render slice: reading a style forces a style recalculation of
    // the comments the step before added (one took 21 ms), which the next frame does anyway.
    if (this.#source.phase === 'ready' && !this.#scheduler.busy) {
      const depth = parseInt(getComputedStyle(this).getPropertyValue('--confab-max-depth'), 10);
      this.#maxDepth = Number.isFinite(depth) && depth >= 0 ? depth : 4;
    }
    // Before rendering: the open forms get the thread's language, names and state, and the
    // renderer what every comment shows, so that the render itself only writes the DOM.
    this.#writer?.sync();
    const writer = this.#writer;
    this.#renderer.prepare({
      ui: this.#ui,
      localizer: this.#t,
      clock: this.#clock.now,
      locked: this.#source.locked,
      maxDepth: this.#maxDepth,
      allowImages: this.allowImages,
      form: (key) => writer?.forms.get(key) ?? null,
    });
  }

  /*
   * No Lit template: the frame (thread-shell.ts) and the comments (thread-renderer.ts) are views
   * built with DOM calls and updated in place, so the entry carries no template engine.
   */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const shell = (this.#shell ??= this.#createShell());
    const source = this.#source;
    shell.update(
      frameState(source, this.#t, {
        sort: this.#request().sort,
        sorts: SORTS,
        form: this.#writer?.forms.get('new') ?? null,
        announcement: this.#announcer.text,
        rtl: this.#language.rtl,
      }),
    );
    if (source.phase === 'ready' && source.thread) this.#renderer.render(shell.list);
  }

  #createShell(): ThreadShell {
    const shell = new ThreadShell({
      onClick: this.#onClick,
      onSortChange: (value) => {
        if (SORTS.includes(value as SortOrder)) this.sort = value as SortOrder;
      },
      onRetry: () => this.reload(),
      onLoadMore: () => void this.#source.loadMore(),
    });
    this.renderRoot.append(shell.root);
    return shell;
  }

  protected override updated(): void {
    if (this.#source.phase !== 'ready') return;
    if (this.#renderer.pending()) {
      this.#scheduler.schedule();
    } else if (!this.#loaded) {
      this.#loaded = true;
      this.dispatchEvent(new ConfabLoadedEvent(this.#source.total));
    }
  }
}
