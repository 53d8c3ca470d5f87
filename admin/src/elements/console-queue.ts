import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ModerationClient } from '../api/client.js';
import type { ModComment, ModEventKind, ModQueue } from '../../../src/protocol/index.js';
import { formatTime, problemText as problem, QUEUE_TITLES } from '../model/labels.js';
import {
  appendPage,
  applyChange,
  belongsTo,
  emptyFilter,
  keepCurrent,
  moveCurrent,
  pruneSelection,
  type QueueFilter,
} from '../model/queue.js';
import type { Command } from '../model/shortcuts.js';
import type { PageLocks } from '../page-locks.js';
import { canApprove, canPin, cardId, commentCard, type ReportsState } from './comment-card.js';
import { AnnounceEvent } from './events.js';
import { QueueDialogs } from './queue-dialogs.js';
import { emptyText, filterForm, isFiltered, selectionBar } from './queue-toolbar.js';

const PAGE_SIZE = 50;

/**
 * One moderation queue (pending, reported, recent or deleted), or one comment (`only`, from a
 * `#comment=<id>` link): the list, its filters, paging, selection and the actions on each
 * comment. Keyboard commands arrive through `command()` from <confab-console>. Renders into the
 * console's shadow root.
 */
export class ConsoleQueue extends LitElement {
  static override properties = {
    client: { attribute: false },
    locks: { attribute: false },
    status: { type: String },
    only: { type: String },
    items: { state: true },
    nextCursor: { state: true },
    loading: { state: true },
    failure: { state: true },
    filter: { state: true },
    currentId: { state: true },
    selected: { state: true },
  };

  declare client: ModerationClient;
  declare locks: PageLocks;
  declare status: ModQueue;
  declare only: string | null;
  declare items: ModComment[];
  declare nextCursor: string | null;
  declare loading: boolean;
  declare failure: string;
  declare filter: QueueFilter;
  declare currentId: string | null;
  declare selected: Set<string>;

  readonly #dialogs = new QueueDialogs(this);
  readonly #busy = new Set<string>();
  readonly #reports = new Map<string, ReportsState>();
  #loadAbort: AbortController | null = null;
  /** Live changes that arrived while a load was on its way: its answer may be older than they. */
  #liveDuringLoad: ModComment[] = [];
  #loadedOnce = false;

  constructor() {
    super();
    this.status = 'pending';
    this.only = null;
    this.items = [];
    this.nextCursor = null;
    this.loading = false;
    this.failure = '';
    this.filter = emptyFilter('pending');
    this.currentId = null;
    this.selected = new Set();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loadAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('status') || changed.has('only')) {
      this.filter = emptyFilter(this.status);
      this.items = [];
      this.selected = new Set();
      this.currentId = null;
      this.#reports.clear();
      void this.load();
    }
  }

  protected override updated(): void {
    this.locks.ensure(this.items.map((item) => item.page));
  }

  get #title(): string {
    return this.only ? `Comment ${this.only}` : QUEUE_TITLES[this.status];
  }

  /**
   * Loads the first page again (new filters, a reconnected feed, `u`); the newest load wins.
   * `announce`: say the result (not when the feed reloads it behind the moderator's back).
   */
  async load(announce = true): Promise<void> {
    this.#loadAbort?.abort();
    const abort = new AbortController();
    this.#loadAbort = abort;
    this.loading = true;
    this.failure = '';
    this.#liveDuringLoad = [];
    try {
      const before = this.items;
      if (this.only) {
        this.items = [await this.client.comment(this.only, abort.signal)];
        this.nextCursor = null;
      } else {
        const page = await this.client.queue(
          { ...this.filter, status: this.status, limit: PAGE_SIZE },
          abort.signal,
        );
        this.items = page.items;
        this.nextCursor = page.nextCursor;
      }
      for (const comment of this.#liveDuringLoad) this.#apply(comment);
      this.currentId = keepCurrent(before, this.items, this.currentId);
      this.selected = pruneSelection(this.selected, this.items);
      if (
        announce &&
        (this.#loadedOnce || this.filter.q || this.filter.author || this.filter.page)
      ) {
        this.#announce(`${this.#title}: ${this.#countText()}.`);
      }
      this.#loadedOnce = true;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.failure = problem(error);
    } finally {
      if (this.#loadAbort === abort) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loading) return;
    const abort = new AbortController();
    this.#loadAbort = abort;
    this.loading = true;
    try {
      const page = await this.client.queue(
        { ...this.filter, status: this.status, limit: PAGE_SIZE, cursor: this.nextCursor },
        abort.signal,
      );
      this.items = appendPage(this.items, page.items);
      this.nextCursor = page.nextCursor;
      this.#announce(`${page.items.length} more loaded; ${this.#countText()}.`);
    } catch (error) {
      if (!abort.signal.aborted) this.failure = problem(error);
    } finally {
      if (this.#loadAbort === abort) this.loading = false;
    }
  }

  /** A change from the live feed (or from this console): the list follows it. */
  liveComment(kind: ModEventKind, comment: ModComment): void {
    this.#apply(comment);
    if (this.loading) this.#liveDuringLoad.push(comment);
    if (kind === 'comment.reported' && this.#reports.has(comment.id)) {
      void this.#loadReports(comment.id);
    }
  }

  /** Whether a comment arriving live is one this view lists. */
  lists(comment: ModComment): boolean {
    return this.only ? comment.id === this.only : belongsTo(comment, this.filter);
  }

  /** A keyboard command for this view; false if it means nothing here. */
  command(command: Command): boolean {
    const comment = this.items.find((item) => item.id === this.currentId) ?? null;
    switch (command) {
      case 'next':
      case 'previous':
        void this.#focusCurrent(
          moveCurrent(this.items, this.currentId, command === 'next' ? 1 : -1),
        );
        return true;
      case 'search':
        this.querySelector<HTMLInputElement>('#filter-q')?.focus();
        return true;
      case 'refresh':
        void this.load();
        return true;
      case 'select-all':
        this.selected =
          this.selected.size === this.items.length
            ? new Set()
            : new Set(this.items.map((item) => item.id));
        this.#announce(`${this.selected.size} selected.`);
        return true;
      case 'approve-selected':
        void this.#bulk('approve');
        return true;
      case 'delete-selected':
        void this.#bulk('delete');
        return true;
    }
    if (!comment) {
      this.#announce('No comment is selected: move to one with j and k.');
      return true;
    }
    const commands: Partial<Record<Command, (comment: ModComment) => unknown>> = {
      approve: this.approve,
      delete: this.deleteComment,
      pin: this.pin,
      reports: this.toggleReports,
      select: (item) => this.toggleSelected(item.id),
      ban: this.ban,
      lock: this.lock,
    };
    const run = commands[command];
    if (!run) return false;
    run(comment);
    return true;
  }

  // The card's actions (CardActions), as arrow functions: passed around as callbacks.

  focusCard = (id: string) => {
    this.currentId = id;
  };

  toggleSelected = (id: string) => {
    const selected = new Set(this.selected);
    if (!selected.delete(id)) selected.add(id);
    this.selected = selected;
  };

  filterPage = (page: string) => {
    this.filter = { ...this.filter, page };
    void this.load();
  };

  approve = (comment: ModComment) => {
    if (!canApprove(comment)) {
      this.#announce('Nothing to approve: the comment is published and not reported.');
      return;
    }
    const what = comment.pendingEdit && comment.status === 'published' ? 'the edit of' : '';
    void this.#act(comment, () => this.client.approve(comment.id), `Approved ${what}`);
  };

  rejectEdit = (comment: ModComment) => {
    void this.#act(comment, () => this.client.rejectEdit(comment.id), 'Rejected the edit of');
  };

  deleteComment = async (comment: ModComment) => {
    if (comment.status === 'deleted') {
      this.#announce('That comment is already deleted.');
      return;
    }
    if (!(await this.#dialogs.confirmDelete([comment]))) return;
    await this.#act(comment, () => this.client.delete(comment.id), 'Deleted');
  };

  pin = (comment: ModComment) => {
    if (!canPin(comment)) {
      this.#announce('Only published top-level comments can be pinned.');
      return;
    }
    const pinned = !comment.pinned;
    void this.#act(
      comment,
      () => this.client.pin(comment.id, pinned),
      pinned ? 'Pinned' : 'Unpinned',
    );
  };

  toggleReports = (comment: ModComment) => {
    if (this.#reports.delete(comment.id)) {
      this.requestUpdate();
      return;
    }
    void this.#loadReports(comment.id);
  };

  ban = async (comment: ModComment) => {
    if (comment.status === 'deleted') {
      this.#announce('A deleted comment has no author left to ban.');
      return;
    }
    const choice = await this.#dialogs.askBan(comment);
    if (!choice) return;
    const name = comment.author.name || 'the author';
    await this.#run(comment.id, async () => {
      const ban = await this.client.ban(
        { commentId: comment.id },
        choice.durationSeconds,
        choice.reason,
      );
      const until = ban.expiresAt ? `until ${formatTime(ban.expiresAt)}` : 'until lifted';
      this.#announce(`Banned ${name} ${until}.`);
    });
  };

  lock = async (comment: ModComment) => {
    const locked = this.locks.get(comment.page);
    if (locked === undefined) return;
    await this.#run(comment.id, async () => {
      const answer = await this.client.lock(comment.page, !locked);
      this.locks.set(answer.page, answer.locked);
      this.#announce(`${answer.locked ? 'Locked' : 'Unlocked'} the thread ${answer.page}.`);
    });
  };

  async #loadReports(id: string): Promise<void> {
    if (!this.#reports.has(id)) this.#reports.set(id, { state: 'loading' });
    this.requestUpdate();
    try {
      const reports = await this.client.reports(id);
      if (this.#reports.has(id)) this.#reports.set(id, reports);
      this.#announce(`${reports.length} ${reports.length === 1 ? 'report' : 'reports'} shown.`);
    } catch (error) {
      if (this.#reports.has(id))
        this.#reports.set(id, { state: 'failed', message: problem(error) });
    }
    this.requestUpdate();
  }

  async #act(comment: ModComment, action: () => Promise<ModComment>, verb: string): Promise<void> {
    await this.#run(comment.id, async () => {
      const changed = await action();
      this.#apply(changed);
      this.#reloadIfStale();
      this.#announce(
        `${verb} the comment by ${comment.author.name || 'its author'}.`.replace(/ {2,}/g, ' '),
      );
    });
  }

  /** Runs an action on one comment, its buttons waiting meanwhile; failures are said aloud. */
  async #run(id: string, action: () => Promise<void>): Promise<void> {
    if (this.#busy.has(id)) return;
    const hadFocus = this.#focusInList();
    this.#busy.add(id);
    this.requestUpdate();
    try {
      await action();
    } catch (error) {
      this.#announce(problem(error), true);
    } finally {
      this.#busy.delete(id);
      this.requestUpdate();
    }
    if (hadFocus) void this.#focusCurrent(this.currentId);
  }

  async #bulk(action: 'approve' | 'delete'): Promise<void> {
    const targets = this.items.filter((item) => this.selected.has(item.id));
    if (targets.length === 0) {
      this.#announce('Select comments first: x selects one, * selects all.');
      return;
    }
    if (action === 'delete' && !(await this.#dialogs.confirmDelete(targets))) return;
    const ids = targets.map((item) => item.id);
    ids.forEach((id) => this.#busy.add(id));
    this.requestUpdate();
    try {
      const results = await this.client.bulk(action, ids);
      let failed = 0;
      for (const result of results) {
        if ('comment' in result) this.#apply(result.comment);
        else failed += 1;
      }
      this.#reloadIfStale();
      const done = results.length - failed;
      const verb = action === 'approve' ? 'Approved' : 'Deleted';
      this.#announce(
        `${verb} ${done} ${done === 1 ? 'comment' : 'comments'}${failed ? `; ${failed} could not be changed` : ''}.`,
        failed > 0,
      );
    } catch (error) {
      this.#announce(problem(error), true);
    } finally {
      ids.forEach((id) => this.#busy.delete(id));
      this.requestUpdate();
    }
  }

  #apply(comment: ModComment): void {
    const before = this.items;
    this.items = this.only
      ? before.map((item) => (item.id === comment.id ? comment : item))
      : applyChange(before, comment, this.filter, this.nextCursor === null);
    this.currentId = keepCurrent(before, this.items, this.currentId);
    this.selected = pruneSelection(this.selected, this.items);
  }

  /** A list read before the moderator's change, still on its way, would undo it: read again. */
  #reloadIfStale(): void {
    if (this.loading) void this.load(false);
  }

  #focusInList(): boolean {
    const active = (this.getRootNode() as ShadowRoot).activeElement;
    return !!active && !!active.closest('.card') && this.contains(active);
  }

  async #focusCurrent(id: string | null): Promise<void> {
    this.currentId = id;
    await this.updateComplete;
    if (id === null) return;
    const card = this.querySelector<HTMLElement>(`#${cardId(id)}`);
    card?.focus();
    card?.scrollIntoView({ block: 'nearest' });
  }

  #announce(message: string, isError = false): void {
    this.dispatchEvent(new AnnounceEvent(message, isError));
  }

  #countText(): string {
    const count = this.items.length;
    const more = this.nextCursor ? ' (more to load)' : '';
    return `${count} ${count === 1 ? 'comment' : 'comments'}${more}`;
  }

  #submitFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    this.filter = {
      status: this.status,
      q: value('q'),
      author: value('author'),
      page: value('page'),
    };
    void this.load();
  };

  #clearFilter = () => {
    this.filter = emptyFilter(this.status);
    void this.load();
  };

  protected override render() {
    const filtered = isFiltered(this.filter);
    return html`
      <h2 id="queue-title">${this.#title}</h2>
      ${
        this.only
          ? html`<p><a href="#pending">Back to the pending queue</a></p>`
          : html`${filterForm(this.filter, this.#submitFilter, this.#clearFilter)}
            ${selectionBar(this.items.length, this.selected.size, {
              selectAll: () => this.command('select-all'),
              bulk: (action) => void this.#bulk(action),
            })}`
      }
      ${this.failure ? html`<p class="alert" role="alert">${this.failure}</p>` : nothing}
      <p class="muted small" aria-live="off">
        ${this.loading && this.items.length === 0 ? 'Loading…' : this.#countText()}
      </p>
      ${
        this.items.length === 0 && !this.loading && !this.failure
          ? html`<p>${filtered ? 'No comment matches these filters.' : emptyText(this.status)}</p>`
          : nothing
      }
      <ol class="items" aria-labelledby="queue-title">
        ${repeat(
          this.items,
          (item) => item.id,
          (item) =>
            commentCard(
              item,
              {
                current: item.id === this.currentId,
                selected: this.selected.has(item.id),
                busy: this.#busy.has(item.id),
                reports: this.#reports.get(item.id),
                locked: this.locks.get(item.page),
              },
              this,
            ),
        )}
      </ol>
      ${
        this.nextCursor
          ? html`<p class="more">
              <button type="button" ?disabled=${this.loading} @click=${() => this.loadMore()}>
                ${this.loading ? 'Loading…' : 'Load more'}
              </button>
            </p>`
          : nothing
      }
      ${this.#dialogs.render()}
    `;
  }
}
