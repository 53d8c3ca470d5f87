import { defaultStorage } from '../api/reader-token.js';

/**
 * Unsent comment drafts, per endpoint, page and form, kept in localStorage so a reload or a crash
 * loses nothing. Storage may be missing, full or throwing (privacy modes, sandboxed frames): every
 * call is guarded, and a copy in memory keeps drafts for the current visit at least.
 */
export interface Draft {
  body: string;
  name?: string;
  email?: string;
  url?: string;
  /** One per submission of this draft, reused when that submission is retried. */
  idempotencyKey?: string;
}

export interface RememberedAuthor {
  name: string;
  email: string;
  url: string;
}

const OPTIONAL_FIELDS = ['name', 'email', 'url', 'idempotencyKey'] as const;

/** Only the known string fields survive: storage is shared with other scripts on the page. */
function toDraft(value: unknown): Draft | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.body !== 'string') return null;
  const draft: Draft = { body: raw.body };
  for (const field of OPTIONAL_FIELDS) {
    if (typeof raw[field] === 'string') draft[field] = raw[field];
  }
  return draft;
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
      return toDraft(JSON.parse(text));
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
    const empty = { name: '', email: '', url: '' };
    const text = this.#read(this.#authorKey);
    if (text === null) return empty;
    try {
      const raw = JSON.parse(text) as Record<string, unknown>;
      const pick = (v: unknown) => (typeof v === 'string' ? v : '');
      return { name: pick(raw?.name), email: pick(raw?.email), url: pick(raw?.url) };
    } catch {
      return empty;
    }
  }

  rememberAuthor(author: { name: string; email?: string; url?: string }): void {
    const { name, email = '', url = '' } = author;
    this.#write(this.#authorKey, JSON.stringify({ name, email, url }));
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
