import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { ThreadClient } from '../api/thread-client.js';
import { ConfabError } from '../api/errors.js';
import { ReaderToken } from '../api/reader-token.js';
import { resolvePageKey } from '../model/page-key.js';
import { Thread, type ThreadNode } from '../model/thread.js';
import type { Comment, SortOrder, ThreadResponse } from '../protocol/index.js';
import { yieldToBrowser } from '../render/tasks.js';
import { fragmentId } from './deep-links.js';
import { Scope } from './scope.js';

/** What the element asks for; a different request loads the thread again. */
export interface ThreadRequest {
  endpoint: string;
  page: string | null;
  sort: SortOrder;
  limit: number;
}

/** What the thread source tells the element. */
export interface SourceEvents {
  /** A new load started: everything shown for the old thread goes. */
  reset(): void;
  /** The first answer's thread is built (not yet rendered). */
  ready(thread: Thread): void;
  /** A later page arrived; these are its top-level comments. */
  page(roots: ThreadNode[]): void;
  /** A comment arrived on the event stream and is in the thread. */
  live(node: ThreadNode, isNew: boolean): void;
  /** Something failed (shown by the element, dispatched as confab-error). */
  error(code: string): void;
}

export type Phase = 'idle' | 'loading' | 'ready' | 'error';

/** The error code of anything a request may throw. */
export function errorCode(error: unknown): string {
  if (error instanceof ConfabError) return error.code;
  if (error instanceof DOMException && error.name === 'AbortError') return 'aborted';
  return 'network';
}

/**
 * The thread of the element's page: loads it, pages through it, keeps it live with the event
 * stream, and aborts all of that when another thread is asked for or the element goes. Every
 * answer is awaited through the current load's `Scope`, which drops those that come too late.
 */
export class ThreadSource implements ReactiveController {
  phase: Phase = 'idle';
  /** Why the load failed (a protocol code, network, timeout, bad_response or config). */
  errorCode = '';
  thread: Thread | null = null;
  total = 0;
  locked = false;
  nextCursor: string | null = null;
  loadingMore = false;
  moreErrorCode = '';
  /** Reads the thread; the write path makes its own client for writes, with the same token. */
  #client: ThreadClient | null = null;
  /** The reader's token; the write path makes it a session that can create one. */
  session: ReaderToken | null = null;
  /** The endpoint the client talks to, and the page key as sent to it. */
  endpoint = '';
  pageKey = '';
  /** The current load's lifetime; ended by the next load and on disconnect. */
  scope = new Scope();

  readonly #host: ReactiveControllerHost;
  readonly #events: SourceEvents;
  #request: ThreadRequest | null = null;
  #key: string | null = null;

  constructor(host: ReactiveControllerHost, events: SourceEvents) {
    this.#host = host;
    this.#events = events;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.scope.end();
    // A re-added element starts afresh (and lazily again).
    this.#key = null;
  }

  /** Whether `request` differs from what was last loaded (nothing loaded yet: false). */
  changed(request: ThreadRequest): boolean {
    return this.#key !== null && this.#key !== JSON.stringify(request);
  }

  /**
   * Loads the thread; it is shown once `alongside` (work that must be there first, such as the
   * form's chunk) has settled too.
   */
  load(request: ThreadRequest, alongside: Promise<unknown> = Promise.resolve()): void {
    this.scope.end();
    const scope = (this.scope = new Scope());
    this.#request = request;
    this.#key = JSON.stringify(request);
    this.thread = null;
    this.nextCursor = null;
    this.moreErrorCode = '';
    this.loadingMore = false;
    const endpoint = request.endpoint.trim();
    this.pageKey = endpoint ? resolvePageKey(request.page, document) : '';
    if (endpoint !== this.endpoint || !this.#client) {
      const session = new ReaderToken(endpoint);
      this.#client = new ThreadClient({ endpoint, getToken: () => this.session?.token ?? null });
      this.session = session;
      this.endpoint = endpoint;
    }
    this.#events.reset();
    if (!endpoint) return this.#fail('config');
    this.phase = 'loading';
    this.errorCode = '';
    this.#host.requestUpdate();
    const query = { page: this.pageKey, sort: request.sort, limit: request.limit };
    // A link to one comment (`#comment-<id>`) asks for the pages through it (1.1); a server that
    // refuses `around` gets the first page, and DeepLinks pages on from there.
    const client = this.#client;
    const around = fragmentId(location.hash) ?? undefined;
    const first = client
      .getThread({ ...query, around }, scope.signal)
      .catch((error: ConfabError) => {
        if (around && error.status === 400) return client.getThread(query, scope.signal);
        throw error;
      });
    scope.keep(Promise.all([first, alongside])).then(
      ([response]) => this.#show(response, scope),
      (error: unknown) => this.#fail(errorCode(error)),
    );
  }

  /**
   * The first answer, in tasks of its own: the client parsed it in the task that received it and
   * checked it in the next; the model is built in the next one and the first screen rendered in
   * the one after, so no task holds all of it (one did: 106-245 ms in traces of 100-5,000
   * comments).
   */
  async #show(response: ThreadResponse, scope: Scope): Promise<void> {
    await scope.keep(yieldToBrowser());
    const thread = (this.thread = new Thread(response.comments));
    // Set first: a deep link followed at `ready` may page on at once.
    this.#apply(response);
    this.#events.ready(thread);
    await scope.keep(yieldToBrowser());
    this.phase = 'ready';
    this.#subscribe(scope);
    this.#host.requestUpdate();
  }

  /** The next page: its comments go after the loaded ones, rendered a slice at a time. */
  async loadMore(): Promise<void> {
    const { thread, nextCursor, scope } = this;
    const client = this.#client;
    if (!client || !thread || !nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreErrorCode = '';
    this.#host.requestUpdate();
    const request = this.#request!;
    try {
      const response = await scope.keep(
        client.getThread(
          { page: this.pageKey, sort: request.sort, limit: request.limit, cursor: nextCursor },
          scope.signal,
        ),
      );
      // The page is built in a task of its own, as the first answer is.
      await scope.keep(yieldToBrowser());
      const first = thread.roots.length;
      thread.appendPage(response.comments);
      this.#apply(response);
      this.#events.page(thread.roots.slice(first));
    } catch (error) {
      this.moreErrorCode = errorCode(error);
      this.#events.error(this.moreErrorCode);
    }
    // Not reached once the scope has ended: a stale answer stops at its `keep`.
    this.loadingMore = false;
    this.#host.requestUpdate();
  }

  /** Pages on until comment `id` is loaded (a link followed after the load), at most 10 pages. */
  async loadThrough(id: string): Promise<void> {
    for (let pages = 10; pages-- && this.nextCursor && !this.thread?.get(id);) {
      await this.loadMore();
      if (this.moreErrorCode) return;
    }
  }

  /** Adds or updates a comment, keeping the count right; null when it has no place. */
  integrate(comment: Comment, fromStream = false): ThreadNode | null {
    const thread = this.thread;
    if (!thread) return null;
    const before = thread.get(comment.id);
    const wasShown = before ? before.comment.status !== 'deleted' : false;
    const node = thread.upsert(comment, { fromStream, sort: this.#request?.sort });
    if (!node) return null;
    const shown = node.comment.status !== 'deleted';
    if (shown && !wasShown) this.total++;
    if (!shown && wasShown) this.total = Math.max(0, this.total - 1);
    this.#host.requestUpdate();
    return node;
  }

  #apply(response: ThreadResponse): void {
    this.total = response.total;
    this.locked = response.locked;
    this.nextCursor = response.nextCursor;
  }

  /**
   * The event stream, open while the load's scope lasts. Its code is a chunk of its own, fetched
   * only now that the first answer is shown: a scope that ends while it is on its way never
   * subscribes (`keep`), and when it cannot be fetched the thread stays readable without live
   * updates (each later load asks again; Chromium answers a module that failed to fetch from its
   * module map until the page is reloaded).
   */
  #subscribe(scope: Scope): void {
    scope.keep(import('../api/event-stream.js')).then(
      ({ subscribe }) => {
        const stop = subscribe({ endpoint: this.endpoint }, this.pageKey, {
          onComment: (comment) => {
            const isNew = !this.thread?.get(comment.id);
            const node = this.integrate(comment, true);
            if (node) this.#events.live(node, isNew);
          },
          onVote: (data) => {
            if (this.thread?.setVotes(data.id, data.votes)) this.#host.requestUpdate();
          },
        });
        scope.signal.addEventListener('abort', stop, { once: true });
      },
      (error: unknown) => console.warn('confab: live updates could not be loaded', error),
    );
  }

  #fail(code: string): void {
    this.phase = 'error';
    this.errorCode = code;
    this.#host.requestUpdate();
    this.#events.error(code);
  }
}
