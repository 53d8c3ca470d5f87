import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ModComment } from '../../../src/protocol/index.js';
import { BAN_DURATIONS } from '../model/labels.js';

export interface BanChoice {
  durationSeconds: number | null;
  reason: string;
}

type Request =
  | { kind: 'delete'; comments: ModComment[]; resolve: (yes: boolean) => void }
  | { kind: 'ban'; comment: ModComment; resolve: (choice: BanChoice | null) => void };

const DEFAULT_BAN = 2; // one week
const REASON_MAX = 500;

/**
 * The queue's modal questions, as native <dialog>s (focus kept inside, Escape cancels, the rest
 * of the page inert): "delete these?" and "ban for how long?". Each question is a promise; when
 * it is answered focus goes back where it was.
 */
export class QueueDialogs implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #request: Request | null = null;
  #returnFocus: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  get open(): boolean {
    return this.#request !== null;
  }

  confirmDelete(comments: ModComment[]): Promise<boolean> {
    return new Promise((resolve) => this.#ask({ kind: 'delete', comments, resolve }));
  }

  askBan(comment: ModComment): Promise<BanChoice | null> {
    return new Promise((resolve) => this.#ask({ kind: 'ban', comment, resolve }));
  }

  hostUpdated(): void {
    const dialog = this.#host.querySelector<HTMLDialogElement>('dialog.queue-dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  hostDisconnected(): void {
    this.#answer(null);
  }

  render() {
    const request = this.#request;
    if (!request) return nothing;
    if (request.kind === 'delete') {
      const { comments } = request;
      const title =
        comments.length === 1
          ? `Delete the comment by ${comments[0]!.author.name || 'its author'}?`
          : `Delete ${comments.length} comments?`;
      return html`<dialog
        class="queue-dialog"
        aria-labelledby="dialog-title"
        aria-describedby="dialog-text"
        @cancel=${() => this.#answer(null)}
      >
        <h2 id="dialog-title">${title}</h2>
        <p id="dialog-text">
          Readers will no longer see ${comments.length === 1 ? 'it' : 'them'}. A comment with
          replies stays as a “deleted” placeholder. This cannot be undone.
        </p>
        <div class="bar">
          <button type="button" @click=${() => this.#answer(null)}>Cancel</button>
          <button type="button" class="danger" autofocus @click=${() => this.#answer(true)}>
            Delete
          </button>
        </div>
      </dialog>`;
    }
    const name = request.comment.author.name || 'this comment’s author';
    return html`<dialog
      class="queue-dialog"
      aria-labelledby="dialog-title"
      @cancel=${() => this.#answer(null)}
    >
      <form @submit=${this.#submitBan} novalidate>
        <h2 id="dialog-title">Ban ${name}</h2>
        <p class="muted">
          Their posts, edits, votes and reports are refused while the ban lasts (by their reader
          token, or their signed-in identity). They can still read.
        </p>
        <div class="fields">
          <label
            >For how long
            <select name="duration" autofocus>
              ${BAN_DURATIONS.map(
                (duration, index) =>
                  html`<option value=${index} ?selected=${index === DEFAULT_BAN}>
                    ${duration.label}
                  </option>`,
              )}
            </select>
          </label>
          <label
            >Reason (for moderators only, optional)
            <input name="reason" maxlength=${REASON_MAX} autocomplete="off" />
          </label>
        </div>
        <div class="bar">
          <button type="button" @click=${() => this.#answer(null)}>Cancel</button>
          <button type="submit" class="danger">Ban</button>
        </div>
      </form>
    </dialog>`;
  }

  #ask(request: Request): void {
    this.#answer(null);
    const active = this.#host.ownerDocument.activeElement;
    // Focus inside the console's shadow root: remember the element itself, not the host.
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    this.#returnFocus = (root.activeElement ?? active) as HTMLElement | null;
    this.#request = request;
    this.#host.requestUpdate();
  }

  #submitBan = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const index = Number((form.elements.namedItem('duration') as HTMLSelectElement).value);
    const reason = (form.elements.namedItem('reason') as HTMLInputElement).value.trim();
    this.#answer({ durationSeconds: BAN_DURATIONS[index]?.seconds ?? null, reason });
  };

  /** Settles the open question (null: cancelled) and closes its dialog. */
  #answer(answer: true | BanChoice | null): void {
    const request = this.#request;
    if (!request) return;
    this.#request = null;
    this.#host.querySelector<HTMLDialogElement>('dialog.queue-dialog')?.close();
    this.#host.requestUpdate();
    if (request.kind === 'delete') request.resolve(answer === true);
    else request.resolve(answer === null || answer === true ? null : answer);
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus();
  }
}
