import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { DraftStore } from '../model/drafts.js';
import { Localizer } from '../i18n/localizer.js';
import { enComposer } from '../i18n/locales/en-composer.js';
import { composerStyles } from './confab-composer.styles.js';
import { DraftController, type ComposerSubmission } from './composer/draft-controller.js';
import { ComposerForm, type FormHandlers } from './composer/form-view.js';
import { MarkdownPreview } from './composer/preview.js';
import { MentionSuggestions } from './composer/suggestions.js';
import {
  FIELDS,
  localErrors,
  sendFailure,
  type ComposerMode,
  type FieldErrors,
  type Translate,
} from './composer/validation.js';

export type { ComposerAuthor, ComposerMode } from './composer/validation.js';
export type { ComposerSubmission } from './composer/draft-controller.js';
export type ComposerSend = (submission: ComposerSubmission) => Promise<unknown>;

/** Fired after `send` resolved; the draft is already cleared. */
export class ComposerSentEvent extends CustomEvent<{ result: unknown }> {
  constructor(result: unknown) {
    super('confab-composer-sent', { bubbles: true, composed: true, detail: { result } });
  }
}
/** Fired when the reader cancels a reply or an edit (Cancel button or Escape). */
export class ComposerCancelEvent extends Event {
  constructor() {
    super('confab-composer-cancel', { bubbles: true, composed: true });
  }
}

/**
 * The comment form: a new comment, a reply, or an edit of the reader's own
 * comment. It validates locally, keeps a draft per form in localStorage, and
 * hands the submission to `send` (the parent does the HTTP).
 *
 * The element coordinates; the work is done by its parts in ./composer/: the draft and its
 * saving (draft-controller.ts), the checks and error messages (validation.ts), the @-mention
 * list (suggestions.ts), the Markdown preview (preview.ts) and the form's DOM (form-view.ts).
 *
 * @summary Write, reply to, or edit a comment.
 * @fires confab-composer-sent - `send` resolved; `detail.result` is what it resolved with.
 * @fires confab-composer-cancel - The reader cancelled a reply or an edit.
 * @csspart form - The `<form>`.
 * @csspart name - The name input.
 * @csspart email - The email input.
 * @csspart notify - The "notify me of replies by email" checkbox (new comments and replies).
 * @csspart notify-status - After a post that asked for reply mail: where it goes, and that a new
 *   address is confirmed first.
 * @csspart url - The website input.
 * @csspart textarea - The comment text.
 * @csspart count - The character count.
 * @csspart field-error - A message next to a field.
 * @csspart error - The form's alert message.
 * @csspart suggestions - The @-mention listbox.
 * @csspart preview-toggle - The Markdown preview button.
 * @csspart preview - The rendered preview.
 * @csspart cancel - The cancel button (reply and edit).
 * @csspart submit - The submit button.
 * @cssprop --confab-composer-min-height - Initial height of the text field.
 */
export class ConfabComposer extends ReactiveElement {
  static override styles = composerStyles;

  // Declared without decorators: the static table is smaller in the bundle than one decorator call per field.
  static override properties = {
    localizer: { attribute: false },
    mode: {},
    formKey: { attribute: 'form-key' },
    drafts: { attribute: false },
    initialBody: { attribute: false },
    replyToName: { attribute: false },
    signedInAs: { attribute: false },
    signInError: { attribute: false },
    participants: { attribute: false },
    disabled: { type: Boolean },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    send: { attribute: false },
  };

  /** Texts and number formats; the thread passes its own. */
  localizer: Localizer = new Localizer();
  /** A new top-level comment, a reply, or an edit of the reader's own comment. */
  mode: ComposerMode = 'new';
  /** The DraftStore key: 'new', `reply:<id>` or `edit:<id>`. */
  formKey = 'new';
  /** Where drafts live; null keeps nothing. */
  drafts: DraftStore | null = null;
  /** The comment's current text, for edit mode (a saved draft wins over it). */
  initialBody = '';
  /** Whom a reply answers, shown as "Replying to <name>". */
  replyToName: string | null = null;
  /** The signed-in reader's name (single sign-on): shown instead of the name and website fields. */
  signedInAs: string | null = null;
  /** Why the host site's sign-in token was refused, shown in the form's alert ('' if it was not). */
  signInError = '';
  /** Author names offered after `@`. */
  participants: string[] = [];
  /** Nothing can be sent (a locked thread). */
  disabled = false;
  /** Whether the preview shows images (the thread's `allow-images`). */
  allowImages = false;
  /** Sends a submission; resolves when the server accepted it. The parent does the HTTP. */
  send: ComposerSend | null = null;

  // Internal state lives in #private fields (short names in the bundle) and asks for an update.
  #draft = new DraftController(this);
  #suggestions = new MentionSuggestions(this);
  #preview = new MarkdownPreview(this);
  #sending = false;
  #fieldErrors: FieldErrors = {};
  #formError = '';
  /** The address the last post asked reply mail for ('' for none). */
  #notified = '';
  #view: ComposerForm | undefined;
  #t: Translate = (key, params) => this.localizer.t(key, params);

  #on: FormHandlers = {
    submit: (event) => void this.#submit(event),
    keydown: (event) => this.#keydown(event),
    input: (field, value) => {
      this.#draft.set(field, value);
      if (this.#fieldErrors[field])
        this.#fieldErrors = { ...this.#fieldErrors, [field]: undefined };
      this.requestUpdate();
      if (field === 'body') this.#follow();
    },
    notify: (on) => {
      this.#draft.set('notify', on);
      // The address is checked only with the box ticked: its message goes with the box.
      this.#fieldErrors = { ...this.#fieldErrors, email: undefined };
      this.requestUpdate();
    },
    caret: () => this.#follow(),
    blur: () => this.#suggestions.close(),
    pick: (name) => this.#pick(name),
    togglePreview: () => void this.#preview.toggle(),
    cancel: () => this.#cancel(),
  };

  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.#view?.textarea.focus(options));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('drafts') || changed.has('formKey') || changed.has('mode')) {
      this.#draft.open(this.drafts, this.formKey, this.mode, this.initialBody);
      this.#fieldErrors = {};
      this.#formError = '';
    }
    if (changed.has('localizer')) {
      // The language's texts arrive after the first render; the localizer object stays the same.
      const localizer = this.localizer;
      void Promise.all([localizer.ready, localizer.addWriteTexts(enComposer)]).then(
        () => localizer === this.localizer && this.requestUpdate(),
      );
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    if (this.#view?.mode !== this.mode) {
      this.#view = new ComposerForm(this.mode, this.#on);
      this.renderRoot.replaceChildren(this.#view.form);
    }
    this.#view.update({
      t: this.#t,
      replyToName: this.replyToName,
      signedInAs: this.signedInAs,
      values: this.#draft.values,
      errors: this.#fieldErrors,
      formError: this.#formError || this.signInError,
      disabled: this.disabled,
      sendable: !this.#sending && !this.disabled && !!this.send,
      sending: this.#sending,
      suggestions: this.#suggestions.names,
      activeSuggestion: this.#suggestions.active,
      preview: this.#preview.content(this.#draft.values.body, this.allowImages, this.#t),
      notifiedAddress: this.#notified,
    });
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.#sending || this.disabled || !this.send) return;
    this.#formError = '';
    this.#notified = '';
    this.#suggestions.close();
    // Signed in, the server posts under the token's name and website: only the rest is checked.
    const signedIn = this.signedInAs;
    const values = this.#draft.values;
    this.#fieldErrors = localErrors(
      signedIn ? { ...values, name: signedIn, url: '' } : values,
      this.mode,
      this.#t,
    );
    this.requestUpdate();
    if (FIELDS.some((field) => this.#fieldErrors[field])) {
      void this.#focusFirstError();
      return;
    }
    const submission = this.#draft.submission();
    this.#sending = true;
    const submitHadFocus = this.shadowRoot?.activeElement?.matches('[type=submit]') ?? false;
    try {
      const { author } = submission;
      const hp = this.#view?.honeypot.value;
      const result = await this.send({
        ...submission,
        author: signedIn
          ? { name: signedIn, ...(author.email && { email: author.email }) }
          : author,
        ...(hp && { hp }),
      });
      if (this.#draft.accepted(submission)) this.#preview.close();
      if (submission.notify) this.#notified = author.email ?? '';
      this.dispatchEvent(new ComposerSentEvent(result));
    } catch (error) {
      const failure = sendFailure(error, this.mode, this.#t);
      this.#fieldErrors = failure.fieldErrors;
      this.#formError = failure.formError;
      this.#sending = false;
      this.requestUpdate();
      if (!failure.formError) void this.#focusFirstError();
      // A disabled button may lose the focus while sending: give it back unless a field took it.
      if (submitHadFocus) {
        await this.updateComplete;
        if (!this.shadowRoot?.activeElement) this.#view?.submit.focus();
      }
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete;
    const field = FIELDS.find((name) => this.#fieldErrors[name]);
    if (field) this.#view?.control(field).focus();
  }

  #cancel(): void {
    this.#draft.flush();
    this.dispatchEvent(new ComposerCancelEvent());
  }

  #follow(): void {
    const field = this.#view?.textarea;
    if (field) this.#suggestions.follow(field, this.participants);
  }

  #pick(name: string): void {
    const field = this.#view?.textarea;
    if (field) this.#suggestions.insert(field, name);
  }

  #keydown(event: KeyboardEvent): void {
    // Keys that confirm an input method's composition are not ours.
    if (event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
      return;
    }
    const suggestions = this.#suggestions;
    const open = suggestions.open && event.target === this.#view?.textarea;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (!open) return;
        suggestions.move(event.key === 'ArrowDown' ? 1 : -1);
        break;
      case 'Enter':
      case 'Tab':
        if (!open || event.shiftKey) return;
        this.#pick(suggestions.names[suggestions.active]!);
        break;
      case 'Escape':
        if (open) suggestions.dismiss();
        else if (this.mode !== 'new') this.#cancel();
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-composer': ConfabComposer;
  }
  interface HTMLElementEventMap {
    'confab-composer-sent': ComposerSentEvent;
    'confab-composer-cancel': ComposerCancelEvent;
  }
}
