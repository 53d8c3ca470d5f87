import type { ConfabClient } from './client.js';
import { ConfabError } from './errors.js';

/** localStorage, or null where touching it throws (sandboxed frames, disabled storage). */
export function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The reader's token for one endpoint. Created only when the reader first writes (privacy: reading
 * creates nothing), kept in localStorage under `confab:token:<endpoint>`, and in memory when storage
 * refuses so the reader can still write during this visit.
 */
export class ReaderSession {
  readonly #client: ConfabClient;
  readonly #storage: Storage | null;
  readonly #key: string;
  #memory: string | null = null;
  #creating: Promise<string> | null = null;

  constructor(client: ConfabClient, endpoint: string, storage: Storage | null = defaultStorage()) {
    this.#client = client;
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

  /** The token, asking the server for one (once, however many callers wait) when there is none. */
  ensure(signal?: AbortSignal): Promise<string> {
    const existing = this.token;
    if (existing) return Promise.resolve(existing);
    // The shared request runs without any one caller's signal, so one caller giving up does not
    // fail the others; each caller's own wait is abortable.
    this.#creating ??= this.#client
      .createSession()
      .then(({ token }) => {
        this.#memory = token;
        try {
          this.#storage?.setItem(this.#key, token);
        } catch {
          // Quota or privacy mode: the token lives in memory for this visit.
        }
        return token;
      })
      .finally(() => {
        this.#creating = null;
      });
    return abortable(this.#creating, signal);
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
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new ConfabError('aborted', 'The request was cancelled.'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
