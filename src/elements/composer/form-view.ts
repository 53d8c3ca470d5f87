/*
 * The composer's form as a DOM view, built like the thread's comment views (src/render/dom.ts):
 * one skeleton per mode, its nodes held by name, and `update(state)` writing only what changed.
 * The view decides nothing: the element hands it the state and the handlers, and focus, caret
 * and a half-typed value survive every update because the nodes stay in place.
 */
import { HONEYPOT_FIELD, LIMITS, codePointLength } from '../../protocol/index.js';
import { element, placeAfter, setAttribute, setText } from '../../render/dom.js';
import type { PreviewContent } from './preview.js';
import type { ComposerMode, Field, FieldErrors, FieldValues, Translate } from './validation.js';

type AuthorField = Exclude<Field, 'body'>;

export interface FormState {
  t: Translate;
  replyToName: string | null;
  /** The name a signed-in reader posts under (the server's, from the host site's token). */
  signedInAs: string | null;
  values: FieldValues;
  errors: FieldErrors;
  formError: string;
  /** The fields are disabled (a locked thread). */
  disabled: boolean;
  /** The submit button is enabled. */
  sendable: boolean;
  sending: boolean;
  suggestions: readonly string[];
  activeSuggestion: number;
  /** Null while the preview is closed. */
  preview: PreviewContent | null;
  /** The address the last post asked reply mail for, shown until the next send; '' for none. */
  notifiedAddress: string;
}

export interface FormHandlers {
  submit(event: SubmitEvent): void;
  keydown(event: KeyboardEvent): void;
  input(field: Field, value: string): void;
  /** The "notify me of replies" box was ticked or cleared. */
  notify(on: boolean): void;
  /** The caret may have moved in the text (a click, an arrow key). */
  caret(): void;
  blur(): void;
  pick(name: string): void;
  togglePreview(): void;
  cancel(): void;
}

/** A labelled control with an optional note and a message shown when it has an error. */
class FieldBox {
  readonly box: HTMLDivElement;
  readonly label: HTMLLabelElement;
  readonly error: HTMLParagraphElement;
  readonly #field: Field;
  readonly #described: string;

  constructor(field: Field, label: HTMLLabelElement, parts: Node[], described: string) {
    this.#field = field;
    this.#described = described;
    this.label = label;
    this.box = element('div', { class: 'field' }, label, ...parts);
    this.error = element('p', { id: `${field}-error`, class: 'field-error', part: 'field-error' });
  }

  /** Shows or removes the message; `control` is marked invalid and described by it. */
  update(control: Element, message: string | undefined): void {
    setText(this.error, message ?? '');
    if (!message) this.error.remove();
    else if (this.error.parentNode !== this.box) this.box.append(this.error);
    setAttribute(control, 'aria-invalid', message ? 'true' : null);
    const described = [this.#described, message ? `${this.#field}-error` : ''];
    setAttribute(control, 'aria-describedby', described.filter(Boolean).join(' ') || null);
  }
}

/** Stands for a name or address in a translated sentence, to be cut out of it. */
const MARK = '\u{E000}';

/**
 * Writes `sentence` (holding MARK once) into `node`, a text, a <bdi> and a text: the value takes
 * the place of the mark in its own <bdi>, so its direction cannot reorder the words around it.
 */
function isolate(node: HTMLElement, sentence: string, value: string): void {
  const [before = '', after = ''] = sentence.split(MARK);
  setText(node.firstChild!, before);
  setText(node.childNodes[1]!, value);
  setText(node.lastChild!, after);
}

const INPUT_TYPES: Record<AuthorField, string> = { name: 'text', email: 'email', url: 'url' };

export class ComposerForm {
  readonly mode: ComposerMode;
  readonly form: HTMLFormElement;
  readonly #on: FormHandlers;
  readonly textarea: HTMLTextAreaElement;
  readonly #inputs: Array<[AuthorField, HTMLInputElement, FieldBox]> = [];
  readonly #emailNote: HTMLParagraphElement | null = null;
  /** "Notify me of replies by email": new comments and replies only. */
  readonly #notify: HTMLInputElement | null = null;
  readonly #notifyLabel: HTMLLabelElement | null = null;
  /** After a post that asked for mail: where the mail goes and that it may need confirming. */
  readonly #notifyStatus: HTMLParagraphElement | null = null;
  readonly #body: FieldBox;
  /** "Replying to <name>", the name in a <bdi>. */
  readonly #replying: HTMLParagraphElement;
  readonly #combobox: HTMLDivElement;
  readonly #list: HTMLUListElement;
  readonly #hint: HTMLSpanElement;
  readonly #count: HTMLSpanElement;
  readonly #preview: HTMLDivElement;
  readonly #alert: HTMLDivElement;
  readonly #previewToggle: HTMLButtonElement;
  readonly #cancel: HTMLButtonElement | null;
  readonly submit: HTMLButtonElement;
  /** The honeypot: hidden from people (sight, keyboard, assistive technology); bots fill it. */
  readonly honeypot = element('input', {
    name: HONEYPOT_FIELD,
    tabindex: '-1',
    autocomplete: 'off',
  });
  readonly #signedIn = element('p', { class: 'signed-in' });
  /** The names the list shows, and what the preview region shows. */
  #listed = '';
  #previewKey: string | undefined;

  constructor(mode: ComposerMode, on: FormHandlers) {
    this.mode = mode;
    this.#on = on;
    this.#replying = element('p', { class: 'replying' }, '', element('bdi'), '');

    const author = element(
      'div',
      { class: 'author' },
      this.#signedIn,
      element('div', { class: 'hp', 'aria-hidden': 'true' }, this.honeypot),
    );
    if (mode !== 'edit') {
      for (const field of ['name', 'email', 'url'] as const) {
        const input = element('input', {
          id: field,
          part: field,
          type: INPUT_TYPES[field],
          autocomplete: field,
        });
        input.required = field === 'name';
        input.addEventListener('input', () => on.input(field, input.value));
        const parts: Node[] = [input];
        if (field === 'email') {
          this.#emailNote = element('p', { id: 'email-note', class: 'note' });
          // With the address it needs; the label follows the box, as checkboxes are read.
          const notify = element('input', { id: 'notify', part: 'notify', type: 'checkbox' });
          notify.addEventListener('change', () => on.notify(notify.checked));
          this.#notify = notify;
          this.#notifyLabel = element('label', { for: 'notify' });
          parts.push(
            this.#emailNote,
            element('div', { class: 'check' }, notify, this.#notifyLabel),
          );
        }
        const box = new FieldBox(
          field,
          element('label', { for: field }),
          parts,
          field === 'email' ? 'email-note' : '',
        );
        author.append(box.box);
        this.#inputs.push([field, input, box]);
      }
      const status = { class: 'note', part: 'notify-status', hidden: '' };
      this.#notifyStatus = element('p', status, '', element('bdi'), '');
    }

    const textarea = element('textarea', {
      id: 'body',
      part: 'textarea',
      rows: '5',
      dir: 'auto',
      'aria-autocomplete': 'list',
      'aria-controls': 'suggestions',
    });
    textarea.addEventListener('input', () => on.input('body', textarea.value));
    textarea.addEventListener('click', () => on.caret());
    textarea.addEventListener('keyup', (event) => {
      if (/^(ArrowLeft|ArrowRight|Home|End)$/.test(event.key)) on.caret();
    });
    textarea.addEventListener('blur', () => on.blur());
    this.textarea = textarea;
    this.#combobox = element(
      'div',
      {
        role: 'combobox',
        'aria-haspopup': 'listbox',
        'aria-controls': 'suggestions',
        'aria-labelledby': 'body-label',
      },
      textarea,
    );
    this.#list = element('ul', { id: 'suggestions', role: 'listbox', part: 'suggestions' });
    this.#hint = element('span', { id: 'hint' });
    this.#count = element('span', { id: 'count', part: 'count' });
    this.#body = new FieldBox(
      'body',
      element('label', { id: 'body-label', for: 'body' }),
      [this.#combobox, this.#list, element('div', { class: 'meta' }, this.#hint, this.#count)],
      'hint count',
    );

    this.#preview = element('div', {
      id: 'preview',
      class: 'preview',
      part: 'preview',
      role: 'region',
      dir: 'auto',
    });
    this.#alert = element('div', { class: 'alert', part: 'error', role: 'alert' });
    this.#previewToggle = element('button', { type: 'button', part: 'preview-toggle' });
    this.#previewToggle.addEventListener('click', () => on.togglePreview());
    this.#cancel = mode === 'new' ? null : element('button', { type: 'button', part: 'cancel' });
    this.#cancel?.addEventListener('click', () => on.cancel());
    this.submit = element('button', { type: 'submit', part: 'submit' });
    const actions = element('div', { class: 'actions' }, this.#previewToggle);
    if (this.#cancel) actions.append(this.#cancel);
    actions.append(this.submit);

    this.form = element('form', { part: 'form', novalidate: '' });
    if (mode !== 'edit') this.form.append(author);
    this.form.append(this.#body.box, this.#alert, actions);
    if (this.#notifyStatus) this.form.append(this.#notifyStatus);
    this.form.addEventListener('submit', (event) => on.submit(event));
    this.form.addEventListener('keydown', (event) => on.keydown(event));
  }

  /** The control of `field`; the text area when the form has no such field. */
  control(field: Field): HTMLElement {
    return this.#inputs.find(([name]) => name === field)?.[1] ?? this.textarea;
  }

  update(state: FormState): void {
    const { t, values, errors } = state;
    const modeKey = this.mode === 'edit' ? 'Edit' : this.mode === 'reply' ? 'Reply' : 'New';

    const replyingTo = this.mode === 'reply' ? state.replyToName : null;
    if (replyingTo) isolate(this.#replying, t('composer.replyingTo', { name: MARK }), replyingTo);
    if (!replyingTo) this.#replying.remove();
    else if (this.form.firstChild !== this.#replying) this.form.prepend(this.#replying);

    // Signed in, the server takes name and website from the token: the sentence replaces them.
    const signedIn = state.signedInAs;
    this.#signedIn.hidden = !signedIn;
    setText(this.#signedIn, signedIn ? t('composer.signedInAs', { name: signedIn }) : '');
    for (const [field, input, box] of this.#inputs) {
      box.box.hidden = !!signedIn && field !== 'email';
      setText(box.label, t(`composer.${field}`));
      if (input.value !== values[field]) input.value = values[field];
      input.disabled = state.disabled;
      // The address is needed once reply mail is asked for (and said so to assistive technology).
      if (field === 'email') input.required = values.notify;
      box.update(input, errors[field]);
    }
    if (this.#emailNote) setText(this.#emailNote, t('composer.emailNote'));
    if (this.#notify) {
      this.#notify.checked = values.notify;
      this.#notify.disabled = state.disabled;
      setText(this.#notifyLabel!, t('composer.notify'));
      const mailed = state.notifiedAddress;
      this.#notifyStatus!.hidden = !mailed;
      if (mailed) isolate(this.#notifyStatus!, t('composer.notifySent', { email: MARK }), mailed);
    }

    const textarea = this.textarea;
    setText(this.#body.label, t(`composer.body${modeKey}`));
    if (textarea.value !== values.body) textarea.value = values.body;
    textarea.disabled = state.disabled;
    this.#body.update(textarea, errors.body);
    const open = state.suggestions.length > 0;
    setAttribute(this.#combobox, 'aria-expanded', String(open));
    setAttribute(
      textarea,
      'aria-activedescendant',
      open ? `suggestion-${state.activeSuggestion}` : null,
    );
    this.#updateList(state, open);
    setText(this.#hint, t('composer.hint'));
    const length = codePointLength(values.body);
    setText(this.#count, t('composer.count', { count: length, max: LIMITS.bodyMaxChars }));
    this.#count.className = length > LIMITS.bodyMaxChars ? 'over' : '';

    this.#updatePreview(state);
    setText(this.#alert, state.formError);
    setText(this.#previewToggle, t('composer.preview'));
    setAttribute(this.#previewToggle, 'aria-pressed', String(state.preview !== null));
    if (this.#cancel) setText(this.#cancel, t('composer.cancel'));
    this.submit.disabled = !state.sendable;
    setText(this.submit, state.sending ? t('composer.sending') : t(`composer.submit${modeKey}`));
  }

  #updateList(state: FormState, open: boolean): void {
    const list = this.#list;
    list.hidden = !open;
    setAttribute(list, 'aria-label', state.t('composer.suggestions'));
    const listed = state.suggestions.join('\n');
    if (listed !== this.#listed) {
      this.#listed = listed;
      list.replaceChildren(
        ...state.suggestions.map((name, index) => {
          const option = element(
            'li',
            { id: `suggestion-${index}`, role: 'option' },
            element('bdi', {}, name),
          );
          // The text field keeps the focus (and the list stays open) while the mouse picks.
          option.addEventListener('mousedown', (event) => event.preventDefault());
          option.addEventListener('click', () => this.#on.pick(name));
          return option;
        }),
      );
    }
    list.querySelectorAll('li').forEach((option, index) => {
      setAttribute(option, 'aria-selected', String(index === state.activeSuggestion));
    });
  }

  #updatePreview(state: FormState): void {
    const preview = state.preview;
    placeAfter(this.#body.box, this.#preview, preview ? this.#preview : null);
    if (!preview) {
      // A rendered fragment gives its nodes away: opened again, the preview is made afresh.
      this.#previewKey = undefined;
      return;
    }
    setAttribute(this.#preview, 'aria-label', state.t('composer.previewLabel'));
    if (preview.key !== this.#previewKey) {
      this.#previewKey = preview.key;
      this.#preview.replaceChildren(preview.make());
    }
  }
}
