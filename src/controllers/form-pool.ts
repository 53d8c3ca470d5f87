import type { Localizer } from '../i18n/localizer.js';
import type { DraftStore } from '../model/drafts.js';
import { ConfabComposer } from '../elements/confab-composer.js';
import { ConfabReportForm } from '../elements/confab-report-form.js';

/** What every open form is given by the thread. */
export interface FormContext {
  localizer: Localizer;
  drafts: DraftStore | null;
  participants: string[];
  locked: boolean;
  allowImages: boolean;
  /** The signed-in reader's name, and why the host site's token was refused ('' if it was not). */
  signedInAs: string | null;
  signInError: string;
}

type Form = ConfabComposer | ConfabReportForm | HTMLElement;

/**
 * The thread's open forms, by key: `new`, `reply:<id>`, `edit:<id>`, `report:<id>`, and
 * `confirm:<id>` for the question before a delete. A form is
 * one element kept from the moment it is opened until it is closed, so its draft, focus and
 * errors survive every update of the thread around it. The thread renderer only places them.
 */
export class FormPool {
  readonly #forms = new Map<string, Form>();

  get(key: string): Form | null {
    return this.#forms.get(key) ?? null;
  }

  set(key: string, form: Form): void {
    this.#forms.set(key, form);
  }

  delete(key: string): void {
    this.#forms.delete(key);
  }

  /** Closes every form but the one for a new comment (another thread was loaded). */
  clear(): void {
    for (const key of this.#forms.keys()) if (key !== 'new') this.#forms.delete(key);
  }

  /** Gives every form the thread's current language, drafts, names and state. */
  sync(context: FormContext): void {
    for (const form of this.#forms.values()) {
      if (form instanceof ConfabReportForm) form.localizer = context.localizer;
      if (!(form instanceof ConfabComposer)) continue;
      form.localizer = context.localizer;
      form.drafts = context.drafts;
      form.participants = context.participants;
      form.disabled = context.locked && form.mode !== 'edit';
      form.allowImages = context.allowImages;
      form.signedInAs = context.signedInAs;
      form.signInError = context.signInError;
    }
  }
}
