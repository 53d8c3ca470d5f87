import { LitElement, html, nothing } from 'lit';
import { ConfabError } from '../../../src/api/errors.js';
import type { ModerationClient } from '../api/client.js';
import { SignedInEvent } from './events.js';

/**
 * The sign-in form: name and password to `POST /admin/session`. Wrong credentials, the login
 * rate limit and an unreachable server are said in the form (an alert), and the fields keep what
 * was typed. Renders into the console's shadow root (no root of its own).
 *
 * @fires console-signed-in
 */
export class ConsoleLogin extends LitElement {
  static override properties = {
    client: { attribute: false },
    notice: { type: String },
    busy: { state: true },
    error: { state: true },
  };

  declare client: ModerationClient;
  /** Why the moderator is here again ("Your session expired…"), shown above the form. */
  declare notice: string;
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    this.notice = '';
    this.busy = false;
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override firstUpdated(): void {
    this.querySelector<HTMLInputElement>('#login-name')?.focus();
  }

  protected override render() {
    return html`
      <section class="login" aria-labelledby="login-title">
        <h2 id="login-title">Sign in to moderate</h2>
        ${this.notice ? html`<p class="muted" id="login-notice">${this.notice}</p>` : nothing}
        <form @submit=${this.#submit} novalidate>
          <label for="login-name">Name</label>
          <input
            id="login-name"
            name="name"
            autocomplete="username"
            required
            autocapitalize="none"
            spellcheck="false"
          />
          <label for="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
          <div class="alert" role="alert" id="login-error">${this.error}</div>
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${this.busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    `;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const passwordField = form.elements.namedItem('password') as HTMLInputElement;
    if (!name || !passwordField.value) {
      this.error = 'Enter your moderator name and password.';
      (name ? passwordField : (form.elements.namedItem('name') as HTMLInputElement)).focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const session = await this.client.signIn(name, passwordField.value);
      passwordField.value = '';
      this.dispatchEvent(new SignedInEvent({ token: session.token, name: session.moderator.name }));
    } catch (error) {
      this.error = loginProblem(error);
      passwordField.select();
    } finally {
      this.busy = false;
    }
  }
}

function loginProblem(error: unknown): string {
  if (!(error instanceof ConfabError)) return 'Signing in failed. Try again.';
  if (error.code === 'unauthorized') return 'Wrong name or password.';
  if (error.code === 'rate_limited') {
    const wait = error.retryAfter ? ` Try again in ${minutes(error.retryAfter)}.` : '';
    return `${error.message}${wait}`;
  }
  if (error.code === 'network' || error.code === 'timeout') {
    return 'The server cannot be reached. Check your connection and try again.';
  }
  return error.message;
}

function minutes(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
