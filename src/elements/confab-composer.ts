import { LitElement, html, nothing, type PropertyValues } from 'lit';
import {
  bodyProblem,
  codePointLength,
  emailProblem,
  LIMITS,
  nameProblem,
  urlProblem,
} from '../protocol/index.js';
import type { ConfabErrorCode } from '../api/errors.js';
import type { Draft, DraftStore } from '../model/drafts.js';
import { Localizer } from '../i18n/localizer.js';
import { enComposer } from '../i18n/locales/en-composer.js';
import { composerStyles } from './confab-composer.styles.js';

type MentionsModule = typeof import('./composer/mentions.js');
type PreviewModule = typeof import('../render/rich.js');
type MentionQuery = import('./composer/mentions.js').MentionQuery;

export type ComposerMode = 'new' | 'reply' | 'edit';
type Field = 'body' | 'name' | 'email' | 'url';

export interface ComposerAuthor {
  name: string;
  email?: string;
  url?: string;
}
export interface ComposerSubmission {
  body: string;
  author: ComposerAuthor;
  idempotencyKey: string;
}
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

const SAVE_DELAY_MS = 300;
const FIELDS: readonly Field[] = ['name', 'email', 'url', 'body'];

/** A fresh Idempotency-Key; getRandomValues, unlike randomUUID, also works on plain-http pages. */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

interface ErrorLike {
  code: ConfabErrorCode;
  fields?: Record<string, string>;
  retryAfter?: number | null;
}
/** Duck-typed so that an error from another copy of the api module still reads right. */
function isConfabError(error: unknown): error is ErrorLike {
  return error instanceof Error && typeof (error as Partial<ErrorLike>).code === 'string';
}

/**
 * The comment form: a new comment, a reply, or an edit of the reader's own
 * comment. It validates locally, keeps a draft per form in localStorage, and
 * hands the submission to `send` (the parent does the HTTP).
 *
 * @summary Write, reply to, or edit a comment.
 * @fires confab-composer-sent - `send` resolved; `detail.result` is what it resolved with.
 * @fires confab-composer-cancel - The reader cancelled a reply or an edit.
 * @csspart form - The `<form>`.
 * @csspart name - The name input.
 * @csspart email - The email input.
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
export class ConfabComposer extends LitElement {
  static override styles = composerStyles;

  // Declared without decorators: the static table is smaller in the bundle than one decorator call per field.
  static override properties = {
    localizer: { attribute: false },
    mode: {},
    formKey: { attribute: 'form-key' },
    drafts: { attribute: false },
    initialBody: { attribute: false },
    replyToName: { attribute: false },
    participants: { attribute: false },
    disabled: { type: Boolean },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    send: { attribute: false },
    ...Object.fromEntries(
      [
        'body',
        'name',
        'email',
        'url',
        'sending',
        'fieldErrors',
        'formError',
        'previewOn',
        'previewFailed',
        'previewModule',
        'suggestions',
        'activeSuggestion',
      ].map((name) => [name, { state: true }]),
    ),
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
  /** Author names offered after `@`. */
  participants: string[] = [];
  /** Nothing can be sent (a locked thread). */
  disabled = false;
  /** Whether the preview shows images (the thread's `allow-images`). */
  allowImages = false;
  /** Sends a submission; resolves when the server accepted it. The parent does the HTTP. */
  send: ComposerSend | null = null;

  private body = '';
  private name = '';
  private email = '';
  private url = '';
  private sending = false;
  private fieldErrors: Partial<Record<Field, string>> = {};
  private formError = '';
  private previewOn = false;
  private previewFailed = false;
  private previewModule: PreviewModule | null = null;
  private suggestions: string[] = [];
  private activeSuggestion = 0;

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector('textarea') ?? null;
  }

  /** The Idempotency-Key of the current submission and the content it was made for. */
  #idempotencyKey: string | undefined;
  #keyContent: string | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #mentionsModule: Promise<MentionsModule> | undefined;
  #mentionQuery: MentionQuery | null = null;
  /** Escape closed the suggestions for the `@` at this position. */
  #dismissedMentionAt = -1;
  #previewMemo: { source: string; node: unknown } | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Mobile browsers may discard a hidden page without pagehide: write pending drafts on hiding too.
    window.addEventListener('pagehide', this.#flushDraft);
    document.addEventListener('visibilitychange', this.#flushDraft);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#flushDraft);
    document.removeEventListener('visibilitychange', this.#flushDraft);
    this.#flushDraft();
  }

  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.#textarea?.focus(options));
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('drafts') || changed.has('formKey') || changed.has('mode')) this.#restore();
    // A rendered fragment gives its nodes away; a preview opened again needs a fresh one.
    if (changed.has('previewOn')) this.#previewMemo = undefined;
    if (changed.has('localizer')) {
      this.localizer.addEnglish(enComposer);
      // A lazily loaded catalogue arrives after the first render; the localizer object stays the same.
      const localizer = this.localizer;
      void localizer.ready.then(() => localizer === this.localizer && this.requestUpdate());
    }
  }

  #restore(): void {
    const draft = this.drafts?.load(this.formKey) ?? null;
    const remembered = this.drafts?.rememberedAuthor();
    this.body = draft?.body ?? (this.mode === 'edit' ? this.initialBody : '');
    this.name = draft?.name ?? remembered?.name ?? '';
    this.email = draft?.email ?? remembered?.email ?? '';
    this.url = draft?.url ?? remembered?.url ?? '';
    this.#idempotencyKey = draft?.idempotencyKey;
    this.#keyContent = this.#idempotencyKey ? this.#content() : undefined;
    this.fieldErrors = {};
    this.formError = '';
  }

  /** What a submission would send, as one comparable string. */
  #content(): string {
    return JSON.stringify([this.body, this.mode === 'edit' ? '' : this.#author()]);
  }

  #author(): ComposerAuthor {
    const author: ComposerAuthor = { name: this.name.trim() };
    if (this.email.trim()) author.email = this.email.trim();
    if (this.url.trim()) author.url = this.url.trim();
    return author;
  }

  readonly #flushDraft = (): void => {
    if (this.#saveTimer === undefined) return;
    clearTimeout(this.#saveTimer);
    this.#saveDraft();
  };

  #saveDraft(): void {
    this.#saveTimer = undefined;
    if (!this.drafts) return;
    const draft: Draft = { body: this.body };
    if (this.mode !== 'edit') {
      draft.name = this.name;
      draft.email = this.email;
      draft.url = this.url;
    }
    // The key stays with the draft only while the draft still says what it was made for.
    if (this.#idempotencyKey && this.#keyContent === this.#content()) {
      draft.idempotencyKey = this.#idempotencyKey;
    }
    this.drafts.save(this.formKey, draft);
  }

  #onInput(field: Field, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this[field] = value;
    if (this.fieldErrors[field]) this.fieldErrors = { ...this.fieldErrors, [field]: undefined };
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#saveDraft(), SAVE_DELAY_MS);
    if (field === 'body') void this.#updateSuggestions();
  }

  #validate(): Partial<Record<Field, string>> {
    const t = this.localizer.t.bind(this.localizer);
    const errors: Partial<Record<Field, string>> = {};
    const body = bodyProblem(this.body);
    if (body === 'empty') errors.body = t('composer.bodyEmpty');
    else if (body === 'too_long') {
      errors.body = t('composer.bodyTooLong', {
        count: codePointLength(this.body.trim()) - LIMITS.bodyMaxChars,
        max: LIMITS.bodyMaxChars,
      });
    }
    if (this.mode !== 'edit') {
      const { name, email, url } = this.#author();
      const nameIs = nameProblem(name);
      if (nameIs === 'empty') errors.name = t('composer.nameEmpty');
      else if (nameIs === 'too_long') {
        errors.name = t('composer.nameTooLong', { max: LIMITS.nameMaxChars });
      }
      if (email && emailProblem(email)) errors.email = t('composer.emailInvalid');
      const urlIs = url ? urlProblem(url) : null;
      if (urlIs === 'too_long') errors.url = t('composer.urlTooLong', { max: LIMITS.urlMaxChars });
      else if (urlIs) errors.url = t('composer.urlInvalid');
    }
    return errors;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.sending || this.disabled || !this.send) return;
    this.formError = '';
    this.#closeSuggestions();
    this.fieldErrors = this.#validate();
    if (FIELDS.some((field) => this.fieldErrors[field])) {
      void this.#focusFirstError();
      return;
    }
    const content = this.#content();
    if (!this.#idempotencyKey || this.#keyContent !== content) {
      this.#idempotencyKey = newIdempotencyKey();
      this.#keyContent = content;
    }
    // Persist the key before sending, so that a reload after a lost answer retries with it.
    clearTimeout(this.#saveTimer);
    this.#saveDraft();
    const submission: ComposerSubmission = {
      body: this.body,
      author: this.#author(),
      idempotencyKey: this.#idempotencyKey,
    };
    this.sending = true;
    const submitHadFocus = this.shadowRoot?.activeElement?.matches('[type=submit]') ?? false;
    try {
      const result = await this.send(submission);
      this.drafts?.clear(this.formKey);
      if (this.mode !== 'edit') this.drafts?.rememberAuthor(submission.author);
      this.#idempotencyKey = this.#keyContent = undefined;
      // Text typed while the post was on its way is a new draft, not part of what was sent.
      if (this.body === submission.body) {
        this.body = '';
        this.previewOn = false;
      } else {
        this.#saveDraft();
      }
      this.dispatchEvent(new ComposerSentEvent(result));
    } catch (error) {
      this.#showFailure(error);
      if (submitHadFocus && !this.shadowRoot?.activeElement) {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[type=submit]')?.focus();
      }
    } finally {
      this.sending = false;
    }
  }

  #showFailure(error: unknown): void {
    const t = this.localizer.t.bind(this.localizer);
    if (!isConfabError(error)) {
      this.formError = `${t('composer.failed')} ${t('composer.kept')}`;
      return;
    }
    const fieldErrors: Partial<Record<Field, string>> = {};
    let unplaced = false;
    for (const [path, message] of Object.entries(error.fields ?? {})) {
      // The server may name author fields with or without the `author.` prefix.
      const field = path.replace(/^author\./, '') as Field;
      if (FIELDS.includes(field) && (field === 'body' || this.mode !== 'edit')) {
        fieldErrors[field] = t('composer.serverField', { message });
      } else unplaced = true;
    }
    this.fieldErrors = fieldErrors;
    if (Object.keys(fieldErrors).length && !unplaced) {
      void this.#focusFirstError();
      return;
    }
    const wait = error.retryAfter;
    const reason =
      error.code === 'rate_limited' && wait
        ? t('composer.rateLimited', { count: Math.ceil(wait) })
        : t(`error.${error.code}`);
    this.formError = `${reason} ${t('composer.kept')}`;
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete;
    const field = FIELDS.find((name) => this.fieldErrors[name]);
    this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
  }

  #cancel(): void {
    this.#flushDraft();
    this.dispatchEvent(new ComposerCancelEvent());
  }

  #onKeydown(event: KeyboardEvent): void {
    // Keys that confirm an input method's composition are not ours.
    if (event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
      return;
    }
    const open = this.suggestions.length > 0 && event.target === this.#textarea;
    const count = this.suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (!open) return;
        this.activeSuggestion =
          (this.activeSuggestion + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
        break;
      case 'Enter':
      case 'Tab':
        if (!open || event.shiftKey) return;
        this.#insertSuggestion(this.suggestions[this.activeSuggestion]!);
        break;
      case 'Escape':
        if (open) {
          this.#dismissedMentionAt = this.#mentionQuery?.start ?? -1;
          this.#closeSuggestions();
        } else if (this.mode !== 'new') this.#cancel();
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  /** Opens, updates or closes the @-mention listbox for the caret's position. */
  async #updateSuggestions(): Promise<void> {
    const textarea = this.#textarea;
    if (!textarea || !this.participants.length || !this.body.includes('@')) {
      this.#closeSuggestions();
      return;
    }
    const mentions = await (this.#mentionsModule ??= import('./composer/mentions.js'));
    const queryAt = mentions.mentionQueryAt(textarea.value, textarea.selectionStart);
    if (!queryAt || queryAt.start === this.#dismissedMentionAt) {
      this.#closeSuggestions();
      return;
    }
    this.#dismissedMentionAt = -1;
    const names = mentions.suggestNames(this.participants, queryAt.text);
    if (names.join('\n') !== this.suggestions.join('\n')) this.activeSuggestion = 0;
    this.#mentionQuery = queryAt;
    this.suggestions = names;
  }

  #closeSuggestions(): void {
    this.suggestions = [];
    this.#mentionQuery = null;
  }

  async #insertSuggestion(name: string): Promise<void> {
    const mentions = await this.#mentionsModule;
    const queryAt = this.#mentionQuery;
    const textarea = this.#textarea;
    if (!mentions || !queryAt || !textarea) return;
    const { text, caret } = mentions.insertMention(this.body, queryAt, name);
    this.#closeSuggestions();
    textarea.value = text;
    textarea.setSelectionRange(caret, caret);
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  async #togglePreview(): Promise<void> {
    this.previewOn = !this.previewOn;
    if (!this.previewOn || this.previewModule) return;
    try {
      // The thread's one sanitising renderer, so the preview shows what the thread will show.
      this.previewModule = await import('../render/rich.js');
      this.previewFailed = false;
    } catch (error) {
      console.warn('confab: the preview could not be loaded', error);
      this.previewFailed = true;
    }
  }

  #renderPreview(): unknown {
    const t = this.localizer.t.bind(this.localizer);
    if (this.previewFailed) return t('composer.previewFailed');
    if (!this.previewModule) return t('composer.previewLoading');
    if (!this.body.trim()) return t('composer.previewEmpty');
    const source = `${this.allowImages}:${this.body}`;
    // The same node for the same text, so re-renders for other fields leave the preview alone.
    if (this.#previewMemo?.source !== source) {
      // Mentions stay text: the comment has no place in the thread yet.
      const node = this.previewModule.renderRich(this.body, {
        allowImages: this.allowImages,
        findMentions: () => [],
      });
      this.#previewMemo = { source, node };
    }
    return this.#previewMemo.node;
  }

  #describedBy(field: Field, ...more: string[]): string {
    return [...more, this.fieldErrors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  }

  #renderError(field: Field): unknown {
    const message = this.fieldErrors[field];
    return message
      ? html`<p id="${field}-error" class="field-error" part="field-error">${message}</p>`
      : nothing;
  }

  #renderInput(field: 'name' | 'email' | 'url', type: string, note?: string): unknown {
    const describedBy = this.#describedBy(field, note ? `${field}-note` : '');
    return html`<div class="field">
      <label for=${field}>${this.localizer.t(`composer.${field}`)}</label>
      <input
        id=${field}
        part=${field}
        type=${type}
        autocomplete=${field}
        .value=${this[field]}
        ?required=${field === 'name'}
        ?disabled=${this.disabled}
        aria-invalid=${this.fieldErrors[field] ? 'true' : nothing}
        aria-describedby=${describedBy || nothing}
        @input=${(event: Event) => this.#onInput(field, event)}
      />
      ${note ? html`<p id="${field}-note" class="note">${note}</p>` : nothing}
      ${this.#renderError(field)}
    </div>`;
  }

  #renderReplyingTo(): unknown {
    if (this.mode !== 'reply' || !this.replyToName) return nothing;
    // A marker splits the translated sentence so that the name can sit in its own <bdi>.
    const [before, after] = this.localizer
      .t('composer.replyingTo', { name: '\u{E000}' })
      .split('\u{E000}');
    return html`<p class="replying">${before}<bdi>${this.replyToName}</bdi>${after}</p>`;
  }

  protected override render(): unknown {
    const t = this.localizer.t.bind(this.localizer);
    const length = codePointLength(this.body);
    const open = this.suggestions.length > 0;
    const modeKey = this.mode === 'edit' ? 'Edit' : this.mode === 'reply' ? 'Reply' : 'New';
    return html`<form part="form" novalidate @submit=${this.#onSubmit} @keydown=${this.#onKeydown}>
      ${this.#renderReplyingTo()}
      ${
        this.mode === 'edit'
          ? nothing
          : html`<div class="author">
              ${this.#renderInput('name', 'text')}
              ${this.#renderInput('email', 'email', t('composer.emailNote'))}
              ${this.#renderInput('url', 'url')}
            </div>`
      }
      <div class="field">
        <label id="body-label" for="body">${t(`composer.body${modeKey}`)}</label>
        <div
          role="combobox"
          aria-expanded=${open ? 'true' : 'false'}
          aria-haspopup="listbox"
          aria-controls="suggestions"
          aria-labelledby="body-label"
        >
          <textarea
            id="body"
            part="textarea"
            rows="5"
            .value=${this.body}
            ?disabled=${this.disabled}
            aria-autocomplete="list"
            aria-controls="suggestions"
            aria-activedescendant=${open ? `suggestion-${this.activeSuggestion}` : nothing}
            aria-invalid=${this.fieldErrors.body ? 'true' : nothing}
            aria-describedby=${this.#describedBy('body', 'hint', 'count')}
            @input=${(event: Event) => this.#onInput('body', event)}
            @click=${this.#updateSuggestions}
            @keyup=${(event: KeyboardEvent) => {
              if (/^(ArrowLeft|ArrowRight|Home|End)$/.test(event.key))
                void this.#updateSuggestions();
            }}
            @blur=${this.#closeSuggestions}
          ></textarea>
        </div>
        <ul
          id="suggestions"
          role="listbox"
          part="suggestions"
          aria-label=${t('composer.suggestions')}
          ?hidden=${!open}
        >
          ${this.suggestions.map(
            (name, index) =>
              html`<li
                id="suggestion-${index}"
                role="option"
                aria-selected=${index === this.activeSuggestion ? 'true' : 'false'}
                @mousedown=${(event: Event) => event.preventDefault()}
                @click=${() => this.#insertSuggestion(name)}
              >
                <bdi>${name}</bdi>
              </li>`,
          )}
        </ul>
        <div class="meta">
          <span id="hint">${t('composer.hint')}</span>
          <span id="count" part="count" class=${length > LIMITS.bodyMaxChars ? 'over' : ''}
            >${t('composer.count', { count: length, max: LIMITS.bodyMaxChars })}</span
          >
        </div>
        ${this.#renderError('body')}
      </div>
      ${
        this.previewOn
          ? html`<div
              id="preview"
              class="preview"
              part="preview"
              role="region"
              aria-label=${t('composer.previewLabel')}
            >
              ${this.#renderPreview()}
            </div>`
          : nothing
      }
      <div class="alert" part="error" role="alert">${this.formError}</div>
      <div class="actions">
        <button
          type="button"
          part="preview-toggle"
          aria-pressed=${this.previewOn ? 'true' : 'false'}
          @click=${this.#togglePreview}
        >
          ${t('composer.preview')}
        </button>
        ${
          this.mode === 'new'
            ? nothing
            : html`<button type="button" part="cancel" @click=${this.#cancel}>
                ${t('composer.cancel')}
              </button>`
        }
        <button
          type="submit"
          part="submit"
          ?disabled=${this.sending || this.disabled || !this.send}
        >
          ${this.sending ? t('composer.sending') : t(`composer.submit${modeKey}`)}
        </button>
      </div>
    </form>`;
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
