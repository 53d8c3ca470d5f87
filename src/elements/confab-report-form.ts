import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { ConfabErrorCode } from '../api/errors.js';
import { Localizer } from '../i18n/localizer.js';
import { enComposer } from '../i18n/locales/en-composer.js';
import { LIMITS, REPORT_REASONS, type ReportReason } from '../protocol/index.js';
import { element, placeAfter, setAttribute, setText } from '../render/dom.js';
import { shared } from '../styles/tokens.js';
import { reportFormStyles } from './report-form.styles.js';

export type ReportSend = (reason: ReportReason, note: string) => Promise<unknown>;

/** Fired when the reader cancels the report (Cancel button or Escape). */
export class ReportCancelEvent extends Event {
  constructor() {
    super('confab-report-cancel', { bubbles: true, composed: true });
  }
}

/** The form's DOM, built once; every node it changes later has a name. */
class ReportFormView {
  readonly form = element('form', { novalidate: '' });
  readonly reasons = element('fieldset', { part: 'report-reasons' });
  readonly legend = element('legend');
  readonly radios = REPORT_REASONS.map((value) =>
    element('input', { type: 'radio', name: 'reason', value }),
  );
  readonly labels = this.radios.map((radio) => element('label', { part: 'report-reason' }, radio));
  readonly noteLabel = element('label', { class: 'note', for: 'note' });
  readonly note = element('textarea', {
    id: 'note',
    part: 'report-note',
    rows: '2',
    dir: 'auto',
    maxlength: String(LIMITS.reportNoteMaxChars),
  });
  readonly error = element('p', { id: 'error', part: 'error', role: 'alert' });
  readonly cancel = element('button', { type: 'button', part: 'cancel' });
  readonly submit = element('button', { type: 'submit', part: 'submit' });

  constructor() {
    this.reasons.append(this.legend, ...this.labels);
    this.form.append(
      this.reasons,
      this.noteLabel,
      this.note,
      element('div', { class: 'buttons' }, this.cancel, this.submit),
    );
  }
}

/**
 * The form that reports a comment to the moderators: a reason, an optional note, send and
 * cancel. It hands the report to `send` (the parent does the HTTP) and shows why it failed; the
 * parent closes it when the report was accepted. Focusing the element focuses its first reason;
 * Escape cancels. Like the composer, a `ReactiveElement` over a DOM view: no template engine.
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
export class ConfabReportForm extends ReactiveElement {
  static override styles = [shared, reportFormStyles];
  static override shadowRootOptions = {
    ...ReactiveElement.shadowRootOptions,
    delegatesFocus: true,
  };

  static override properties = {
    localizer: { attribute: false },
    send: { attribute: false },
  };

  /** Texts; the thread passes its own. */
  localizer = new Localizer();
  /** Sends the report; resolves when the server accepted it. */
  send: ReportSend | null = null;
  #sending = false;
  #error = '';
  #view: ReportFormView | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('localizer')) return;
    // The form's English texts travel with it (the entry's catalogue does not carry them).
    const localizer = this.localizer;
    localizer.addEnglish(enComposer);
    void localizer.ready.then(() => localizer === this.localizer && this.requestUpdate());
  }

  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => {
      const radios = this.#view?.radios ?? [];
      (radios.find((radio) => radio.checked) ?? radios[0])?.focus(options);
    });
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    let view = this.#view;
    if (!view) {
      view = this.#view = new ReportFormView();
      view.form.addEventListener('submit', (event) => void this.#submit(event));
      view.form.addEventListener('keydown', (event) => this.#keydown(event));
      view.cancel.addEventListener('click', () => this.#cancel());
      this.renderRoot.replaceChildren(view.form);
    }
    const t = (key: Parameters<Localizer['t']>[0]) => this.localizer.t(key);
    setText(view.legend, t('report.legend'));
    REPORT_REASONS.forEach((reason, index) => {
      const label = view.labels[index]!;
      const text = t(`report.${reason}`);
      if (label.lastChild?.nodeType !== Node.TEXT_NODE) label.append(text);
      else setText(label.lastChild, text);
    });
    setText(view.noteLabel, t('report.note'));
    setText(view.cancel, t('report.cancel'));
    setText(view.submit, t(this.#sending ? 'report.sending' : 'report.submit'));
    view.submit.disabled = this.#sending || !this.send;
    setText(view.error, this.#error);
    placeAfter(view.note, view.error, this.#error ? view.error : null);
    setAttribute(view.reasons, 'aria-describedby', this.#error ? 'error' : null);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const view = this.#view!;
    const t = this.localizer;
    const index = view.radios.findIndex((radio) => radio.checked);
    if (index < 0) {
      this.#error = t.t('report.chooseReason');
      this.requestUpdate();
      this.focus();
      return;
    }
    if (!this.send || this.#sending) return;
    this.#sending = true;
    this.#error = '';
    this.requestUpdate();
    try {
      await this.send(REPORT_REASONS[index]!, view.note.value.trim());
    } catch (error) {
      const code = (error as { code?: ConfabErrorCode }).code ?? 'network';
      this.#error = t.error(code);
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

  #cancel(): void {
    this.dispatchEvent(new ReportCancelEvent());
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.#cancel();
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
