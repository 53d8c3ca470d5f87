/**
 * The moderator's sign-in, kept in sessionStorage: it survives a reload of the tab but not the
 * tab itself, and no other tab or window sees it. Never localStorage: a moderator token is worth
 * more than a reader's, and should not outlive the session that made it.
 */

export interface StoredSession {
  token: string;
  /** The name the moderator signed in with, for the header. */
  name: string;
}

export class SessionStore {
  readonly #key: string;
  readonly #storage: Storage | null;

  /** `apiBase` keys the entry, so consoles of two servers on one origin keep apart. */
  constructor(apiBase: string, storage: Storage | null = sessionStorageOrNull()) {
    this.#key = `confab:moderator:${apiBase}`;
    this.#storage = storage;
  }

  read(): StoredSession | null {
    const raw = this.#storage?.getItem(this.#key);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof value.token === 'string' && value.token && typeof value.name === 'string') {
        return { token: value.token, name: value.name };
      }
    } catch {
      // A damaged entry is as good as none: forget it below.
    }
    this.clear();
    return null;
  }

  write(session: StoredSession): void {
    this.#storage?.setItem(this.#key, JSON.stringify(session));
  }

  clear(): void {
    this.#storage?.removeItem(this.#key);
  }
}

/** sessionStorage, or null where the browser refuses it (storage disabled): then a reload signs out. */
function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
