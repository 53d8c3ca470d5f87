import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ConfabErrorCode } from '../api/errors.js';
import { Localizer } from '../i18n/localizer.js';
import { enComposer } from '../i18n/locales/en-composer.js';
import type { ReportReason } from '../protocol/index.js';
import { shared } from '../styles/tokens.js';
import { reportFormStyles } from './report-form.styles.js';

/** The reasons a reader may give, in the order offered. */
const REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off_topic', 'other'];
/** The protocol's limit for the note. */
const NOTE_MAX = 500;

export type ReportSend = (reason: ReportReason, note: string) => Promise<unknown>;

/** Fired when the reader cancels the report (Cancel button or Escape). */
export class ReportCancelEvent extends Event {
  constructor() {
    super('confab-report-cancel', { bubbles: true, composed: true });
  }
}

/**
 * The form that reports a comment to the moderators: a reason, an optional note, send and
 * cancel. It hands the report to `send` (the parent does the HTTP) and shows why it failed; the
 * parent closes it when the report was accepted. Focusing the element focuses its first reason;
 * Escape cancels.
 *
 * @summary Report a comment to the moderators.
 * @fires confab-report-cancel - The reader cancelled the report.
 * @csspart report-reasons - The group of reasons (a `<fieldset>`).
 * @csspart report-reason - One reason with its label.
 * @csspart report-note - The optional note.
 * @csspart error - Why the report was not sent.
 * @csspart submit - The send button.
 * @csspart cancel - The cancel button.
 */
export class ConfabReportForm extends LitElement {
  static override styles = [shared, reportFormStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = {
    localizer: { attribute: false },
    send: { attribute: false },
    reason: { state: true },
    note: { state: true },
    sending: { state: true },
    error: { state: true },
  };

  /** Texts; the thread passes its own. */
  localizer = new Localizer();
  /** Sends the report; resolves when the server accepted it. */
  send: ReportSend | null = null;
  private reason: ReportReason | null = null;
  private note = '';
  private sending = false;
  private error = '';

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('localizer')) return;
    // The form's English texts travel with it (the entry's catalogue does not carry them).
    const localizer = this.localizer;
    localizer.addEnglish(enComposer);
    void localizer.ready.then(() => localizer === this.localizer && this.requestUpdate());
  }

  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('input:checked, input')?.focus(options),
    );
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const t = this.localizer;
    if (!this.reason) {
      this.error = t.t('report.chooseReason');
      this.focus();
      return;
    }
    if (!this.send || this.sending) return;
    this.sending = true;
    this.error = '';
    try {
      await this.send(this.reason, this.note.trim());
    } catch (error) {
      const code = (error as { code?: ConfabErrorCode }).code ?? 'network';
      this.error = t.error(code);
    } finally {
      this.sending = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new ReportCancelEvent());
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.cancel();
  }

  protected override render(): unknown {
    const t = (key: Parameters<Localizer['t']>[0]) => this.localizer.t(key);
    return html`<form novalidate @submit=${this.submit} @keydown=${this.onKeydown}>
      <fieldset part="report-reasons" aria-describedby=${this.error ? 'error' : nothing}>
        <legend>${t('report.legend')}</legend>
        ${REASONS.map(
          (reason) =>
            html`<label part="report-reason"
              ><input
                type="radio"
                name="reason"
                .value=${reason}
                .checked=${this.reason === reason}
                @change=${() => (this.reason = reason)}
              />${t(`report.${reason}`)}</label
            >`,
        )}
      </fieldset>
      <label class="note" for="note">${t('report.note')}</label>
      <textarea
        id="note"
        part="report-note"
        rows="2"
        maxlength=${NOTE_MAX}
        .value=${this.note}
        @input=${(event: Event) => (this.note = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${this.error ? html`<p id="error" part="error" role="alert">${this.error}</p>` : nothing}
      <div class="buttons">
        <button type="button" part="cancel" @click=${this.cancel}>${t('report.cancel')}</button>
        <button type="submit" part="submit" ?disabled=${this.sending || !this.send}>
          ${t(this.sending ? 'report.sending' : 'report.submit')}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-report-form': ConfabReportForm;
  }
  interface HTMLElementEventMap {
    'confab-report-cancel': ReportCancelEvent;
  }
}
