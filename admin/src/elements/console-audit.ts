import { LitElement, html, nothing } from 'lit';
import type { ModerationClient } from '../api/client.js';
import type { AuditEntry } from '../../../src/protocol/index.js';
import { auditDetail, auditSummary, formatTime, problemText } from '../model/labels.js';
import type { Command } from '../model/shortcuts.js';
import { AnnounceEvent } from './events.js';

/**
 * The audit log: who did what and when, newest first, for every thread or one. Renders into the
 * console's shadow root.
 */
export class ConsoleAudit extends LitElement {
  static override properties = {
    client: { attribute: false },
    entries: { state: true },
    nextCursor: { state: true },
    page: { state: true },
    loading: { state: true },
    failure: { state: true },
  };

  declare client: ModerationClient;
  declare entries: AuditEntry[];
  declare nextCursor: string | null;
  declare page: string;
  declare loading: boolean;
  declare failure: string;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.entries = [];
    this.nextCursor = null;
    this.page = '';
    this.loading = false;
    this.failure = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  command(command: Command): boolean {
    if (command === 'refresh') {
      void this.load();
      return true;
    }
    if (command === 'search') {
      this.querySelector<HTMLInputElement>('#audit-page')?.focus();
      return true;
    }
    return false;
  }

  async load(more = false): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    this.failure = '';
    try {
      const answer = await this.client.audit(
        { page: this.page || undefined, cursor: more ? this.nextCursor : null },
        abort.signal,
      );
      this.entries = more ? [...this.entries, ...answer.items] : answer.items;
      this.nextCursor = answer.nextCursor;
      const count = this.entries.length;
      this.dispatchEvent(
        new AnnounceEvent(`Audit log: ${count} ${count === 1 ? 'entry' : 'entries'} shown.`),
      );
    } catch (error) {
      if (!abort.signal.aborted) this.failure = problemText(error);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #filter = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    this.page = (form.elements.namedItem('page') as HTMLInputElement).value.trim();
    void this.load();
  };

  protected override render() {
    return html`
      <h2 id="audit-title">Audit log</h2>
      <form
        class="filters bar"
        role="search"
        aria-label="Filter the audit log"
        @submit=${this.#filter}
      >
        <label
          >Page
          <input id="audit-page" name="page" type="search" maxlength="512" .value=${this.page}
        /></label>
        <button type="submit">Filter</button>
        <button type="button" @click=${() => this.load()}>Reload</button>
      </form>
      ${this.failure ? html`<p class="alert" role="alert">${this.failure}</p>` : nothing}
      ${
        this.entries.length === 0 && !this.loading
          ? html`<p>No moderation action recorded yet.</p>`
          : html`<table aria-labelledby="audit-title">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Page</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                ${this.entries.map(
                  (entry) =>
                    html`<tr data-action=${entry.action}>
                      <td><time datetime=${entry.at}>${formatTime(entry.at)}</time></td>
                      <td>${entry.moderator}</td>
                      <td>${auditSummary(entry)}</td>
                      <td>${entry.page ?? ''}</td>
                      <td class="small">${auditDetail(entry)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${
        this.nextCursor
          ? html`<p class="more">
              <button type="button" ?disabled=${this.loading} @click=${() => this.load(true)}>
                Load more
              </button>
            </p>`
          : nothing
      }
    `;
  }
}
