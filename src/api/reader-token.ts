/** localStorage, or null where touching it throws (sandboxed frames, disabled storage). */
export function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The reader's token for one endpoint, as far as reading needs it: kept in localStorage under
 * `confab:token:<endpoint>`, and in memory when storage refuses so the reader can still write
 * during this visit. Only writing creates one (`ReaderSession`, which loads with the write path):
 * reading creates nothing.
 */
export class ReaderToken {
  readonly #storage: Storage | null;
  readonly #key: string;
  #memory: string | null = null;

  constructor(endpoint: string, storage: Storage | null = defaultStorage()) {
    this.#storage = storage;
    this.#key = `confab:token:${endpoint}`;
  }

  get token(): string | null {
    try {
      const stored = this.#storage?.getItem(this.#key);
      if (stored) return stored;
    } catch {
      // Storage unreadable: the in-memory copy below is all there is.
    }
    return this.#memory;
  }

  /** After a 401: drop the token, so the next write asks for a new one. */
  forget(): void {
    this.#memory = null;
    try {
      this.#storage?.removeItem(this.#key);
    } catch {
      // Nothing stored that could be removed.
    }
  }

  protected remember(token: string): void {
    this.#memory = token;
    try {
      this.#storage?.setItem(this.#key, token);
    } catch {
      // Quota or privacy mode: the token lives in memory for this visit.
    }
  }
}
