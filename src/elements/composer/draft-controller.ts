import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Draft, DraftStore } from '../../model/drafts.js';
import {
  authorOf,
  type ComposerAuthor,
  type ComposerMode,
  type FieldValues,
} from './validation.js';

export interface ComposerSubmission {
  body: string;
  author: ComposerAuthor;
  /** Mail the author about replies (`author.email` is then set); absent otherwise. */
  notify?: true;
  idempotencyKey: string;
  /** The honeypot's content, when something filled it (people never do). */
  hp?: string;
}

/** Typing is saved this long after the last key, not on every key. */
const SAVE_DELAY_MS = 300;

/** A fresh Idempotency-Key; getRandomValues, unlike randomUUID, also works on plain-http pages. */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * The draft a composer is writing: its field values, where they are saved (a DraftStore and a
 * form key) and the Idempotency-Key of its submission. Saves shortly after typing, and at once
 * when the page is hidden or left or the element leaves the document, so nothing typed is lost.
 *
 * The key is made when the draft is first sent and saved with it, so that a retry, even after a
 * reload that lost the answer, sends the same key; it stays only while the draft still says what
 * it was made for.
 */
export class DraftController implements ReactiveController {
  values: FieldValues = { body: '', name: '', email: '', url: '', notify: false };
  #store: DraftStore | null = null;
  #formKey = 'new';
  #mode: ComposerMode = 'new';
  #key: string | undefined;
  /** What the key was made for (see #content). */
  #keyContent: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    // Mobile browsers may discard a hidden page without pagehide: write pending drafts on hiding too.
    window.addEventListener('pagehide', this.flush);
    document.addEventListener('visibilitychange', this.flush);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.flush);
    document.removeEventListener('visibilitychange', this.flush);
    this.flush();
  }

  /** Reads the saved draft for this form; without one, an edit starts from the comment's text. */
  open(store: DraftStore | null, formKey: string, mode: ComposerMode, initialBody: string): void {
    // What was typed for the form before is saved where it belongs.
    this.flush();
    this.#store = store;
    this.#formKey = formKey;
    this.#mode = mode;
    const draft = store?.load(formKey) ?? null;
    const remembered = store?.rememberedAuthor();
    // A draft of a new comment or a reply says whether it asked for mail; else the last post does.
    const own = draft?.name !== undefined;
    this.values = {
      body: draft?.body ?? (mode === 'edit' ? initialBody : ''),
      name: draft?.name ?? remembered?.name ?? '',
      email: (own ? draft.email : remembered?.email) ?? '',
      url: draft?.url ?? remembered?.url ?? '',
      notify: (own ? draft.notify : remembered?.notify) ?? false,
    };
    this.#key = draft?.idempotencyKey;
    this.#keyContent = this.#key ? this.#content() : undefined;
  }

  /** A field changed: saved after a short pause. */
  set<F extends keyof FieldValues>(field: F, value: FieldValues[F]): void {
    this.values[field] = value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#save(), SAVE_DELAY_MS);
  }

  /** Writes a pending save now. */
  readonly flush = (): void => {
    if (this.#timer !== undefined) this.#save();
  };

  /** What to send, with its key; saved first, so that a reload after a lost answer retries with it. */
  submission(): ComposerSubmission {
    const content = this.#content();
    if (!this.#key || this.#keyContent !== content) {
      this.#key = newIdempotencyKey();
      this.#keyContent = content;
    }
    this.#save();
    const { body, notify } = this.values;
    const author = authorOf(this.values);
    return { body, author, ...(notify && { notify }), idempotencyKey: this.#key };
  }

  /**
   * The server accepted `sent`: the draft goes, the author is remembered for the next form (the
   * address only with a request for mail, so posting without one forgets it). Text
   * typed while it was on its way is a new draft, not part of what was sent. Returns whether the
   * body was cleared.
   */
  accepted(sent: ComposerSubmission): boolean {
    this.#store?.clear(this.#formKey);
    if (this.#mode !== 'edit') this.#store?.rememberAuthor(sent.author, sent.notify === true);
    this.#key = this.#keyContent = undefined;
    if (this.values.body === sent.body) {
      this.values.body = '';
      return true;
    }
    this.#save();
    return false;
  }

  /** What a submission would send, as one comparable string. */
  #content(): string {
    const { body, notify } = this.values;
    return JSON.stringify([body, this.#mode === 'edit' ? '' : [authorOf(this.values), notify]]);
  }

  #save(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#store) return;
    const { body, name, email, url, notify } = this.values;
    // The address is stored only while the reader asks for mail.
    const draft: Draft =
      this.#mode === 'edit' ? { body } : { body, name, url, ...(notify && { email, notify }) };
    // The key stays with the draft only while the draft still says what it was made for.
    if (this.#key && this.#keyContent === this.#content()) draft.idempotencyKey = this.#key;
    this.#store.save(this.#formKey, draft);
  }
}
