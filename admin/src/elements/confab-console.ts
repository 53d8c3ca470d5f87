import { LitElement, html, nothing } from 'lit';
import { ModerationClient } from '../api/client.js';
import { ModerationFeed, type FeedStatus } from '../api/live-feed.js';
import type { ModComment, ModEventKind } from '../../../src/protocol/index.js';
import { problemText } from '../model/labels.js';
import { isQueue, parseRoute, VIEWS, type Route } from '../model/route.js';
import { commandFor, deepActiveElement, SHORTCUTS, type Command } from '../model/shortcuts.js';
import { PageLocks } from '../page-locks.js';
import { SessionStore, type StoredSession } from '../session-store.js';
import { consoleStyles } from '../styles/console-styles.js';
import type { ConsoleAudit } from './console-audit.js';
import type { ConsoleBans } from './console-bans.js';
import type { ConsoleQueue } from './console-queue.js';
import { AnnounceEvent, SignedInEvent } from './events.js';

const VIEW_LABELS: Record<(typeof VIEWS)[number], string> = {
  pending: 'Pending',
  reported: 'Reported',
  published: 'Recent',
  deleted: 'Deleted',
  bans: 'Bans',
  audit: 'Audit log',
};

const FEED_LABELS: Record<FeedStatus, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not live',
};

/** Live arrivals within this long are announced together ("3 new comments to review"). */
const ARRIVAL_BATCH_MS = 600;

const EXPIRED =
  'Your session has expired or was ended (signed out elsewhere, or the password was reset). Sign in again.';

/**
 * The moderation console: signing in and out, the views (queues, bans, audit log) under a
 * fragment route, the live feed, keyboard shortcuts and the screen-reader announcements. It
 * coordinates; the views, the API client, the feed and the pure models do the work.
 */
export class ConfabConsole extends LitElement {
  static override styles = consoleStyles;
  static override properties = {
    endpoint: { type: String },
    session: { state: true },
    notice: { state: true },
    route: { state: true },
    feedStatus: { state: true },
    message: { state: true },
    alert: { state: true },
    helpOpen: { state: true },
  };

  /**
   * The server's base URL (the reader endpoint, under which `/admin/…` lives). Unset, it is the
   * server the console was loaded from: /admin/ is served one level below that base.
   */
  declare endpoint: string | undefined;
  declare session: StoredSession | null;
  declare notice: string;
  declare route: Route;
  declare feedStatus: FeedStatus;
  declare message: string;
  declare alert: string;
  declare helpOpen: boolean;

  #client: ModerationClient | null = null;
  #store: SessionStore | null = null;
  #feed: ModerationFeed | null = null;
  #locks: PageLocks | null = null;
  #arrivals: string[] = [];
  #arrivalTimer: ReturnType<typeof setTimeout> | undefined;
  #helpReturn: HTMLElement | null = null;

  constructor() {
    super();
    this.session = null;
    this.notice = '';
    this.route = { view: 'pending' };
    this.feedStatus = 'stopped';
    this.message = '';
    this.alert = '';
    this.helpOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Read once: the client, the feed and the stored session all belong to this one server.
    const base = new URL(this.endpoint ?? '../', location.href).href.replace(/\/+$/, '');
    this.#store = new SessionStore(base);
    this.#client = new ModerationClient({
      base,
      getToken: () => this.session?.token ?? null,
      onUnauthorized: () => this.#signedOut(EXPIRED),
    });
    // The cards show the locks: the view holding them renders again (it gets the same PageLocks).
    this.#locks = new PageLocks(this.#client, () => this.#activeView?.requestUpdate());
    this.#feed = new ModerationFeed(this.#client, {
      comment: (kind, comment) => this.#liveComment(kind, comment),
      page: (page, locked) => this.#locks?.set(page, locked),
      status: (status, resumed) => this.#feedChanged(status, resumed),
    });
    this.route = parseRoute(location.hash);
    addEventListener('hashchange', this.#onHashChange);
    document.addEventListener('keydown', this.#onKey);
    this.addEventListener(AnnounceEvent.type, this.#onAnnounce);
    this.addEventListener(SignedInEvent.type, this.#onSignedIn);
    const stored = this.#store.read();
    if (stored) {
      this.session = stored;
      this.#feed.start();
      // A stored token may have expired since: a 401 here signs out with a message.
      this.#client.whoAmI().catch(() => {
        // 401 is handled by onUnauthorized; anything else leaves the console as it is.
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHashChange);
    document.removeEventListener('keydown', this.#onKey);
    this.removeEventListener(AnnounceEvent.type, this.#onAnnounce);
    this.removeEventListener(SignedInEvent.type, this.#onSignedIn);
    clearTimeout(this.#arrivalTimer);
    this.#feed?.stop();
  }

  /** Says `text` through the polite live region (an error also as a visible alert). */
  announce(text: string, isError = false): void {
    // The same words twice must still be read twice: make the second text differ.
    this.message = text === this.message ? `${text}\u00a0` : text;
    this.alert = isError ? text : '';
  }

  get #activeView(): (ConsoleQueue | ConsoleBans | ConsoleAudit) | null {
    return this.renderRoot.querySelector<ConsoleQueue | ConsoleBans | ConsoleAudit>(
      'console-queue, console-bans, console-audit',
    );
  }

  #onHashChange = () => {
    this.route = parseRoute(location.hash);
    this.alert = '';
  };

  #onAnnounce = (event: AnnounceEvent) => {
    event.stopPropagation();
    this.announce(event.message, event.isError);
  };

  #onSignedIn = (event: SignedInEvent) => {
    this.session = { token: event.detail.token, name: event.detail.name };
    this.#store?.write(this.session);
    this.notice = '';
    this.#feed?.start();
    this.announce(`Signed in as ${event.detail.name}.`);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#main-heading')?.focus(),
    );
  };

  async #signOut(): Promise<void> {
    try {
      await this.#client?.signOut();
      this.#signedOut('You have signed out.');
    } catch (error) {
      // The token stays valid until it expires, but this tab forgets it either way.
      this.#signedOut(`Signed out here, but the server could not be told: ${problemText(error)}`);
    }
  }

  #signedOut(notice: string): void {
    if (!this.session) return;
    this.#feed?.stop();
    this.#store?.clear();
    this.session = null;
    this.notice = notice;
    this.helpOpen = false;
    this.announce(notice);
  }

  #liveComment(kind: ModEventKind, comment: ModComment): void {
    const view = this.#activeView;
    if (view && 'liveComment' in view) view.liveComment(kind, comment);
    const name = comment.author.name || 'a reader';
    const arrival =
      (kind === 'comment.created' && comment.status === 'pending') ||
      (kind === 'comment.edited' && comment.pendingEdit !== undefined) ||
      kind === 'comment.hidden'
        ? `New comment to review from ${name}.`
        : kind === 'comment.reported'
          ? `The comment by ${name} was reported.`
          : null;
    if (!arrival) return;
    this.#arrivals.push(arrival);
    clearTimeout(this.#arrivalTimer);
    this.#arrivalTimer = setTimeout(() => {
      const arrivals = this.#arrivals;
      this.#arrivals = [];
      this.announce(
        arrivals.length === 1 ? arrivals[0]! : `${arrivals.length} new changes to review.`,
      );
    }, ARRIVAL_BATCH_MS);
  }

  #feedChanged(status: FeedStatus, resumed: boolean): void {
    const was = this.feedStatus;
    this.feedStatus = status;
    // A stream that could not resume may have missed changes: read the view again.
    if (status === 'open' && !resumed && was !== 'open') {
      const view = this.#activeView;
      if (view && 'liveComment' in view) void view.load(false);
    }
  }

  #onKey = (event: KeyboardEvent) => {
    if (!this.session || this.renderRoot.querySelector('dialog[open]')) return;
    const command = commandFor(event, deepActiveElement());
    if (!command || !this.#run(command)) return;
    event.preventDefault();
  };

  #run(command: Command): boolean {
    if (command === 'help') {
      this.#openHelp();
      return true;
    }
    const view = /^view-(\d)$/.exec(command);
    if (view) {
      location.hash = `#${VIEWS[Number(view[1]) - 1]}`;
      return true;
    }
    return this.#activeView?.command(command) ?? false;
  }

  #openHelp(): void {
    this.#helpReturn = deepActiveElement() as HTMLElement | null;
    this.helpOpen = true;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLDialogElement>('dialog.help')?.showModal(),
    );
  }

  #closeHelp = () => {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.help')?.close();
    this.helpOpen = false;
    this.#helpReturn?.focus();
    this.#helpReturn = null;
  };

  protected override render() {
    const signedIn = this.session !== null;
    return html`
      <header class="top">
        <div class="bar">
          <h1>Confab moderation</h1>
          ${
            signedIn
              ? html`<span class="live small" data-state=${this.feedStatus}
                    >${FEED_LABELS[this.feedStatus]}</span
                  >
                  <span class="small">Signed in as <strong>${this.session!.name}</strong></span>
                  <button type="button" aria-keyshortcuts="?" @click=${() => this.#openHelp()}>
                    Shortcuts
                  </button>
                  <button type="button" @click=${() => this.#signOut()}>Sign out</button>`
              : nothing
          }
        </div>
        ${
          signedIn
            ? html`<nav aria-label="Views">
                <ul class="views">
                  ${VIEWS.map(
                    (view, index) =>
                      html`<li>
                        <a
                          href="#${view}"
                          aria-current=${this.route.view === view ? 'page' : nothing}
                          aria-keyshortcuts=${index + 1}
                          >${VIEW_LABELS[view]}</a
                        >
                      </li>`,
                  )}
                </ul>
              </nav>`
            : nothing
        }
      </header>
      <main>
        <div class="alert" role="alert">${this.alert}</div>
        ${signedIn ? this.#view() : html`<console-login .client=${this.#client} .notice=${this.notice}></console-login>`}
      </main>
      <div class="visually-hidden" role="status" aria-live="polite">${this.message}</div>
      ${this.helpOpen ? this.#help() : nothing}
    `;
  }

  #view() {
    const route = this.route;
    // The heading that takes focus after signing in (each view has its own h2 too).
    const heading = html`<h2 id="main-heading" class="visually-hidden" tabindex="-1">
      Moderation, signed in
    </h2>`;
    if (route.view === 'comment' || isQueue(route.view)) {
      return html`${heading}<console-queue
          .client=${this.#client}
          .locks=${this.#locks}
          .status=${route.view === 'comment' ? 'pending' : route.view}
          .only=${route.view === 'comment' ? route.id : null}
        ></console-queue>`;
    }
    return route.view === 'bans'
      ? html`${heading}<console-bans .client=${this.#client}></console-bans>`
      : html`${heading}<console-audit .client=${this.#client}></console-audit>`;
  }

  #help() {
    return html`<dialog class="help" aria-labelledby="help-title" @close=${this.#closeHelp}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p class="muted">They work anywhere but in a text field.</p>
      <dl class="shortcuts">
        ${SHORTCUTS.map(
          (shortcut) =>
            html`<dt><kbd>${shortcut.key}</kbd></dt>
              <dd>
                ${shortcut.command.startsWith('view-') ? `Show ${shortcut.label}` : shortcut.label}
              </dd>`,
        )}
      </dl>
      <div class="bar">
        <button type="button" autofocus @click=${this.#closeHelp}>Close</button>
      </div>
    </dialog>`;
  }
}
