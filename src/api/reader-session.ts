import type { SessionResponse } from '../protocol/index.js';
import type { ConfabClient } from './client.js';
import { ConfabError } from './errors.js';
import { defaultStorage, ReaderToken } from './reader-token.js';

export { defaultStorage } from './reader-token.js';

/**
 * The reader's token for one endpoint, created when the reader first writes (privacy: reading
 * creates nothing; `ReaderToken` is what reading needs of it). With the host site's signed token
 * (`signIn`, docs/sso.md) it is the token the server bound to that user instead, kept in memory
 * only: the stored anonymous token is untouched and in use again once the signed one is removed.
 */
export class ReaderSession extends ReaderToken {
  readonly #client: ConfabClient;
  #creating: Promise<string> | null = null;
  #sso: string | null = null;
  /** The server's answer to `#sso`, asked once (again after a 401 or a failure to reach it). */
  #signing: Promise<SessionResponse> | null = null;
  #signed: SessionResponse | null = null;

  constructor(client: ConfabClient, endpoint: string, storage: Storage | null = defaultStorage()) {
    super(endpoint, storage);
    this.#client = client;
  }

  /** The host site's signed token in use, or null (anonymous). */
  get sso(): string | null {
    return this.#sso;
  }

  override get token(): string | null {
    return this.#sso === null ? super.token : (this.#signed?.token ?? null);
  }

  /**
   * Signs in with the host site's token, or (null) goes back to the anonymous token. Resolves
   * to the server's answer (its `name` is what comments are posted under), or null; a token the
   * server refuses rejects with `sso_refused`, and so does every write until another is given.
   */
  signIn(sso: string | null): Promise<SessionResponse | null> {
    if (sso !== this.#sso) {
      this.#sso = sso;
      this.#signing = null;
      this.#signed = null;
    }
    return sso === null ? Promise.resolve(null) : this.#signIn(sso);
  }

  #signIn(sso: string): Promise<SessionResponse> {
    this.#signing ??= this.#client.createSession({ sso }).then(
      (answer) => {
        if (this.#sso === sso) this.#signed = answer;
        return answer;
      },
      (error: unknown) => {
        // A refusal stands until the host gives another token; anything else is asked again.
        const refused = error instanceof ConfabError && 'sso' in error.fields;
        if (!refused && this.#sso === sso) this.#signing = null;
        throw refused
          ? new ConfabError('sso_refused', error.fields.sso!, {
              status: error.status,
              cause: error,
            })
          : error;
      },
    );
    return this.#signing;
  }

  /** After a 401: a signed-in reader signs in again with the same token; others get a new one. */
  override forget(): void {
    if (this.#sso === null) return super.forget();
    this.#signing = null;
    this.#signed = null;
  }

  /** The token, asking the server for one (once, however many callers wait) when there is none. */
  ensure(signal?: AbortSignal): Promise<string> {
    const sso = this.#sso;
    if (sso !== null) return abortable(this.#signIn(sso), signal).then(({ token }) => token);
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
