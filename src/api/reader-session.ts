import type { ConfabClient } from './client.js';
import { ConfabError } from './errors.js';
import { defaultStorage, ReaderToken } from './reader-token.js';

export { defaultStorage } from './reader-token.js';

/**
 * The reader's token for one endpoint, created when the reader first writes (privacy: reading
 * creates nothing; `ReaderToken` is what reading needs of it).
 */
export class ReaderSession extends ReaderToken {
  readonly #client: ConfabClient;
  #creating: Promise<string> | null = null;

  constructor(client: ConfabClient, endpoint: string, storage: Storage | null = defaultStorage()) {
    super(endpoint, storage);
    this.#client = client;
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
        this.remember(token);
        return token;
      })
      .finally(() => {
        this.#creating = null;
      });
    return abortable(this.#creating, signal);
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
