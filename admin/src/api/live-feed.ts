/**
 * The console's live feed (docs/protocol.md, "Live updates for the console"): every change to
 * any thread, as server-sent events. EventSource cannot send the moderator's token, and the
 * token must never be put in a URL, so each connection starts with a one-minute ticket. On any
 * error the stream is closed and opened again with a new ticket and the last event id, so
 * nothing in between is lost (the server replays it).
 */
import { ConfabError } from '../../../src/api/errors.js';
import type { ModerationClient } from './client.js';
import { MOD_EVENT_KINDS } from '../../../src/protocol/index.js';
import type { ModComment, ModEventKind } from '../../../src/protocol/index.js';

export type FeedStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface FeedHandlers {
  comment(kind: ModEventKind, comment: ModComment): void;
  page(page: string, locked: boolean): void;
  /** `resumed`: the stream continued from the last event seen (nothing was missed). */
  status(status: FeedStatus, resumed: boolean): void;
}

export interface FeedOptions {
  retryBaseMs?: number;
  EventSource?: typeof EventSource;
}

const RETRY_CAP_MS = 30_000;

export class ModerationFeed {
  readonly #client: ModerationClient;
  readonly #handlers: FeedHandlers;
  readonly #options: FeedOptions;
  #source: EventSource | null = null;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastEventId: string | null = null;
  #attempt = 0;
  #running = false;

  constructor(client: ModerationClient, handlers: FeedHandlers, options: FeedOptions = {}) {
    this.#client = client;
    this.#handlers = handlers;
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    void this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#abort = null;
    this.#source?.close();
    this.#source = null;
    this.#handlers.status('stopped', false);
  }

  async #connect(): Promise<void> {
    this.#handlers.status(this.#attempt === 0 ? 'connecting' : 'reconnecting', false);
    const abort = new AbortController();
    this.#abort = abort;
    let ticket: string;
    try {
      ticket = await this.#client.eventTicket(abort.signal);
    } catch (error) {
      // Signed out meanwhile, or the session is gone (the client reports a 401 to its owner).
      if (abort.signal.aborted || !this.#running) return;
      if (error instanceof ConfabError && error.code === 'unauthorized') return this.stop();
      this.#retry();
      return;
    }
    if (abort.signal.aborted || !this.#running) return;
    const resuming = this.#lastEventId !== null;
    const Source = this.#options.EventSource ?? EventSource;
    const source = new Source(this.#client.eventsUrl(ticket, this.#lastEventId));
    this.#source = source;
    source.addEventListener('open', () => {
      this.#attempt = 0;
      this.#handlers.status('open', resuming);
    });
    source.addEventListener('comment', (event) => this.#receive(event, 'comment'));
    source.addEventListener('page', (event) => this.#receive(event, 'page'));
    source.addEventListener('error', () => {
      // Ours to reconnect: the browser's own retry would reuse a ticket that may have expired.
      source.close();
      if (this.#source !== source) return;
      this.#source = null;
      this.#retry();
    });
  }

  #receive(event: Event, type: 'comment' | 'page'): void {
    const message = event as MessageEvent<string>;
    if (message.lastEventId) this.#lastEventId = message.lastEventId;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (typeof data !== 'object' || data === null) return;
    const value = data as Record<string, unknown>;
    if (type === 'comment' && isKind(value.kind) && isComment(value.comment)) {
      this.#handlers.comment(value.kind, value.comment);
    } else if (type === 'page' && typeof value.page === 'string') {
      this.#handlers.page(value.page, value.locked === true);
    }
  }

  #retry(): void {
    if (!this.#running) return;
    const base = this.#options.retryBaseMs ?? 1_000;
    const step = Math.min(RETRY_CAP_MS, base * 2 ** this.#attempt);
    this.#attempt += 1;
    this.#handlers.status('reconnecting', false);
    this.#timer = setTimeout(() => void this.#connect(), step / 2 + (Math.random() * step) / 2);
  }
}

function isComment(value: unknown): value is ModComment {
  if (typeof value !== 'object' || value === null) return false;
  const comment = value as Partial<ModComment>;
  return typeof comment.id === 'string' && typeof comment.page === 'string';
}

/** A kind this console does not know (a newer server's) is not acted on. */
function isKind(value: unknown): value is ModEventKind {
  return (MOD_EVENT_KINDS as readonly unknown[]).includes(value);
}
