/**
 * The lifetime of one load of a thread, and the one way the widget drops answers that arrive too
 * late. Everything asynchronous that belongs to a load (the thread, a later page, a vote, a
 * delete, a report) is awaited through the load's scope. When the element loads another thread
 * (a new page or sort, a retry) or is removed, the scope ends: its signal aborts the requests
 * still running, and `keep` never delivers an answer that still arrives, so the code waiting for
 * it simply stops there instead of checking a counter after every `await`.
 */
export class Scope {
  readonly #controller = new AbortController();

  /** Aborted when the scope ends; passed to every request of the load. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get active(): boolean {
    return !this.#controller.signal.aborted;
  }

  end(): void {
    this.#controller.abort();
  }

  /**
   * Settles as `promise` does while the scope is active; once it has ended, never (the awaiting
   * code stops, and is collected with the scope's other garbage).
   */
  keep<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      promise.then(
        (value) => {
          if (this.active) resolve(value);
        },
        (error: unknown) => {
          if (this.active) reject(error);
        },
      );
    });
  }
}
