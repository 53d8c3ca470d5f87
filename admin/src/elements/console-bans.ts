import { LitElement, html, nothing } from 'lit';
import { ConfabError } from '../../../src/api/errors.js';
import type { ModerationClient } from '../api/client.js';
import type { Ban } from '../../../src/protocol/index.js';
import {
  BAN_DURATIONS,
  banTarget,
  banUntil,
  formatTime,
  problemText as problem,
} from '../model/labels.js';
import type { Command } from '../model/shortcuts.js';
import { AnnounceEvent } from './events.js';

/**
 * The bans: ban an address range for a time, list the bans (active or all), lift one. Readers
 * are banned from their comments in the queues. Renders into the console's shadow root.
 */
export class ConsoleBans extends LitElement {
  static override properties = {
    client: { attribute: false },
    bans: { state: true },
    nextCursor: { state: true },
    show: { state: true },
    loading: { state: true },
    failure: { state: true },
    formError: { state: true },
    cidrError: { state: true },
  };

  declare client: ModerationClient;
  declare bans: Ban[];
  declare nextCursor: string | null;
  declare show: 'active' | 'all';
  declare loading: boolean;
  declare failure: string;
  declare formError: string;
  declare cidrError: string;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.bans = [];
    this.nextCursor = null;
    this.show = 'active';
    this.loading = false;
    this.failure = '';
    this.formError = '';
    this.cidrError = '';
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
      this.querySelector<HTMLInputElement>('#ban-cidr')?.focus();
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
      const page = await this.client.bans(
        { state: this.show, cursor: more ? this.nextCursor : null },
        abort.signal,
      );
      this.bans = more ? [...this.bans, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.#announce(`${this.bans.length} ${this.show === 'active' ? 'active ' : ''}bans shown.`);
    } catch (error) {
      if (!abort.signal.aborted) this.failure = problem(error);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  async #lift(ban: Ban, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const lifted = await this.client.liftBan(ban.id);
      if (this.loading) void this.load();
      this.bans =
        this.show === 'active'
          ? this.bans.filter((item) => item.id !== ban.id)
          : this.bans.map((item) => (item.id === ban.id ? lifted : item));
      this.#announce(`Lifted the ban: ${banTarget(ban)}.`);
      await this.updateComplete;
      this.querySelector<HTMLElement>('#bans-title')?.focus();
    } catch (error) {
      button.disabled = false;
      this.#announce(problem(error), true);
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const cidrField = form.elements.namedItem('cidr') as HTMLInputElement;
    const cidr = cidrField.value.trim();
    this.formError = '';
    this.cidrError = cidr ? '' : 'Enter an address or a range, like 203.0.113.0/24.';
    if (this.cidrError) {
      cidrField.focus();
      return;
    }
    const index = Number((form.elements.namedItem('duration') as HTMLSelectElement).value);
    const reason = (form.elements.namedItem('reason') as HTMLInputElement).value.trim();
    try {
      const ban = await this.client.ban({ cidr }, BAN_DURATIONS[index]?.seconds ?? null, reason);
      form.reset();
      this.bans = [ban, ...this.bans.filter((item) => item.id !== ban.id)];
      // A list read before the ban, still on its way, would drop it: read it again instead.
      if (this.loading) void this.load();
      this.#announce(`Banned ${banTarget(ban)}, ${banUntil(ban)}.`);
    } catch (error) {
      if (error instanceof ConfabError && error.fields.cidr) {
        this.cidrError = error.fields.cidr;
        cidrField.focus();
      } else {
        this.formError = problem(error);
      }
    }
  };

  #announce(message: string, isError = false): void {
    this.dispatchEvent(new AnnounceEvent(message, isError));
  }

  protected override render() {
    return html`
      <h2 id="bans-title" tabindex="-1">Bans</h2>
      <form @submit=${this.#submit} novalidate aria-labelledby="ban-form-title">
        <fieldset>
          <legend id="ban-form-title">Ban an address range</legend>
          <div class="fields">
            <label for="ban-cidr">Address or range</label>
            <input
              id="ban-cidr"
              name="cidr"
              autocomplete="off"
              spellcheck="false"
              placeholder="203.0.113.0/24"
              aria-describedby="ban-cidr-hint ban-cidr-error"
              aria-invalid=${this.cidrError ? 'true' : 'false'}
            />
            <span class="muted small" id="ban-cidr-hint"
              >An IPv4 or IPv6 address, or a range in CIDR form (at least /8 for IPv4, /32 for
              IPv6).</span
            >
            <span class="small" id="ban-cidr-error">${this.cidrError}</span>
            <label
              >For how long
              <select name="duration">
                ${BAN_DURATIONS.map(
                  (duration, index) =>
                    html`<option value=${index} ?selected=${index === 1}>
                      ${duration.label}
                    </option>`,
                )}
              </select>
            </label>
            <label
              >Reason (for moderators only, optional)
              <input name="reason" maxlength="500" autocomplete="off" />
            </label>
            <div class="alert" role="alert">${this.formError}</div>
            <div class="bar"><button type="submit" class="danger">Ban addresses</button></div>
          </div>
        </fieldset>
      </form>
      <div class="bar">
        <label
          >Show
          <select
            @change=${(event: Event) => {
              this.show = (event.target as HTMLSelectElement).value as 'active' | 'all';
              void this.load();
            }}
          >
            <option value="active" ?selected=${this.show === 'active'}>Active bans</option>
            <option value="all" ?selected=${this.show === 'all'}>All bans</option>
          </select>
        </label>
      </div>
      ${this.failure ? html`<p class="alert" role="alert">${this.failure}</p>` : nothing}
      ${
        this.bans.length === 0 && !this.loading
          ? html`<p>${this.show === 'active' ? 'No active ban.' : 'No ban yet.'}</p>`
          : html`<table>
              <caption class="visually-hidden">
                ${this.show === 'active' ? 'Active bans' : 'All bans'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                  <th scope="col">Since</th>
                  <th scope="col">Until</th>
                  <th scope="col"><span class="visually-hidden">Action</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.bans.map(
                  (ban) =>
                    html`<tr data-ban-id=${ban.id}>
                      <td>${banTarget(ban)}</td>
                      <td>${ban.reason ?? ''}</td>
                      <td>${ban.createdBy}</td>
                      <td><time datetime=${ban.createdAt}>${formatTime(ban.createdAt)}</time></td>
                      <td>${banUntil(ban)}</td>
                      <td>
                        ${
                          ban.active
                            ? html`<button
                                type="button"
                                aria-label=${`Lift the ban: ${banTarget(ban)}`}
                                @click=${(event: Event) =>
                                  this.#lift(ban, event.currentTarget as HTMLButtonElement)}
                              >
                                Lift
                              </button>`
                            : nothing
                        }
                      </td>
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
