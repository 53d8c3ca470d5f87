import { defaultStorage } from '../api/reader-token.js';

/**
 * Unsent comment drafts, per endpoint, page and form, kept in localStorage so a reload or a crash
 * loses nothing. Storage may be missing, full or throwing (privacy modes, sandboxed frames): every
 * call is guarded, and a copy in memory keeps drafts for the current visit at least.
 *
 * An email address is kept (in a draft or with the remembered author) only together with
 * `notify: true`, the reader's request for reply mail; one stored without it, as versions before
 * that request existed stored every address, is dropped when read.
 */
export interface Draft {
  body: string;
  name?: string;
  /** Only with `notify`. */
  email?: string;
  url?: string;
  notify?: true;
  /** One per submission of this draft, reused when that submission is retried. */
  idempotencyKey?: string;
}

export interface RememberedAuthor {
  name: string;
  /** '' unless `notify`. */
  email: string;
  url: string;
  notify: boolean;
}

const OPTIONAL_FIELDS = ['name', 'url', 'idempotencyKey'] as const;

/** Only the known fields survive: storage is shared with other scripts on the page. */
function toDraft(value: unknown): Draft | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.body !== 'string') return null;
  const draft: Draft = { body: raw.body };
  for (const field of OPTIONAL_FIELDS) {
    if (typeof raw[field] === 'string') draft[field] = raw[field];
  }
  if (raw.notify === true) {
    draft.notify = true;
    if (typeof raw.email === 'string') draft.email = raw.email;
  }
  return draft;
}

/** Whether stored JSON holds an address that toDraft or rememberedAuthor would not keep. */
function strayAddress(raw: unknown): boolean {
  const record = raw as Record<string, unknown> | null;
  return typeof record?.email === 'string' && record.email !== '' && record.notify !== true;
}

export class DraftStore {
  readonly #storage: Storage | null;
  readonly #prefix: string;
  readonly #authorKey: string;
  readonly #memory = new Map<string, string>();

  constructor(endpoint: string, page: string, storage: Storage | null = defaultStorage()) {
    this.#storage = storage;
    // JSON keeps any ':' inside the endpoint or page from making two keys collide.
    this.#prefix = `confab:draft:${JSON.stringify([endpoint, page])}:`;
    this.#authorKey = `confab:author:${endpoint}`;
  }

  /** formKey: 'new' | `reply:<id>` | `edit:<id>` */
  load(formKey: string): Draft | null {
    const text = this.#read(this.#prefix + formKey);
    if (text === null) return null;
    try {
      const raw: unknown = JSON.parse(text);
      const draft = toDraft(raw);
      // An address an older version kept without a request for mail is erased, not just ignored.
      if (draft && strayAddress(raw)) this.save(formKey, draft);
      return draft;
    } catch {
      return null;
    }
  }

  /** An empty body removes the draft. */
  save(formKey: string, draft: Draft): void {
    if (draft.body.trim() === '') {
      this.clear(formKey);
      return;
    }
    this.#write(this.#prefix + formKey, JSON.stringify(toDraft(draft)));
  }

  /** Only once the server has accepted the post. */
  clear(formKey: string): void {
    this.#write(this.#prefix + formKey, null);
  }

  rememberedAuthor(): RememberedAuthor {
    const empty = { name: '', email: '', url: '', notify: false };
    const text = this.#read(this.#authorKey);
    if (text === null) return empty;
    try {
      const raw = JSON.parse(text) as Record<string, unknown>;
      const pick = (v: unknown) => (typeof v === 'string' ? v : '');
      const notify = raw?.notify === true;
      const author = { name: pick(raw?.name), url: pick(raw?.url) };
      if (strayAddress(raw)) this.rememberAuthor(author, false);
      return { ...author, email: notify ? pick(raw.email) : '', notify };
    } catch {
      return empty;
    }
  }

  /** The address is kept only with `notify`; without it, a stored one is forgotten. */
  rememberAuthor(author: { name: string; email?: string; url?: string }, notify = false): void {
    const { name, email = '', url = '' } = author;
    const kept = notify ? { name, url, email, notify } : { name, url };
    this.#write(this.#authorKey, JSON.stringify(kept));
  }

  #read(key: string): string | null {
    try {
      const stored = this.#storage?.getItem(key);
      if (stored !== null && stored !== undefined) return stored;
    } catch {
      // Unreadable storage: fall back to this visit's copy.
    }
    return this.#memory.get(key) ?? null;
  }

  /** null removes. The memory copy is kept either way, so a failing write loses nothing now. */
  #write(key: string, value: string | null): void {
    if (value === null) this.#memory.delete(key);
    else this.#memory.set(key, value);
    try {
      if (value === null) this.#storage?.removeItem(key);
      else this.#storage?.setItem(key, value);
    } catch {
      // Full or forbidden storage: the memory copy above keeps the draft for this visit.
    }
  }
}
