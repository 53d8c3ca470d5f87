import type { ServerResponse } from 'node:http';
import type { ModCommentEvent, PageEventData } from '../../src/protocol/index.js';
import { feedEvent, type EventFeed, type FeedEvent } from './feed.js';
import { toModComment, type ModView } from './mod-view.js';
import type { ModerationQueries } from './services/moderation-queues.js';
import type { ModeratorService } from './services/moderators.js';
import { eventsAfter } from './storage/events.js';
import type { Storage } from './storage/types.js';

/** At most this many events are replayed to a console stream that reconnects. */
const REPLAY_LIMIT = 1000;
const MAX_BUFFERED_BYTES = 1 << 20;
const MAX_STREAMS = 200;
const MAX_STREAMS_PER_SESSION = 8;
/** How often open streams' sessions are checked for revocation by another process. */
const SESSION_CHECK_MS = 10_000;

interface ConsoleMessage {
  id: number;
  event: 'comment' | 'page';
  data: string;
}

interface ConsoleStream {
  response: ServerResponse;
  sessionId: number;
  /** Messages up to this id are not sent (the stream has them). */
  floor: number;
  /** Live messages wait here while the stream replays what it missed. */
  replaying: boolean;
}

/** The console's names of what happened; dismissing reports is what an approval does. */
function consoleKind(kind: FeedEvent['kind']): string {
  return kind === 'comment.reports_dismissed' ? 'comment.approved' : kind;
}

/**
 * What the console's stream sends for a batch: per comment touched (votes aside), once, the
 * comment as moderators now see it with the last kind of change; a `page` message per lock or
 * unlock. Each message's id is the newest event it reflects.
 */
export function consoleMessages(
  events: readonly FeedEvent[],
  views: ReadonlyMap<number, ModView>,
): ConsoleMessage[] {
  const touched = new Map<number, { last: number; kind: string }>();
  const messages: ConsoleMessage[] = [];
  for (const event of events) {
    if (event.kind === 'page.locked' || event.kind === 'page.unlocked') {
      const data: PageEventData = { page: event.pageKey, locked: event.kind === 'page.locked' };
      messages.push({ id: event.id, event: 'page', data: JSON.stringify(data) });
    } else if (event.commentId !== null && event.kind !== 'vote') {
      touched.set(event.commentId, { last: event.id, kind: consoleKind(event.kind) });
    }
  }
  for (const [id, { last, kind }] of touched) {
    const view = views.get(id);
    if (!view) continue;
    const data: ModCommentEvent = { kind, comment: toModComment(view) };
    messages.push({ id: last, event: 'comment', data: JSON.stringify(data) });
  }
  return messages.sort((a, b) => a.id - b.id);
}

function format(message: ConsoleMessage): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${message.data}\n\n`;
}

/**
 * The moderation console's live feed (`GET /admin/events`): every change to any thread, as
 * moderators see it. The comments are read again for each batch (their open reports are not
 * in the feed), one batch after another, so messages go out in event order.
 */
export class ConsoleLive {
  readonly #storage: Storage;
  readonly #feed: EventFeed;
  readonly #queries: ModerationQueries;
  readonly #moderators: ModeratorService;
  readonly #onError: (error: unknown) => void;
  readonly #streams = new Set<ConsoleStream>();
  readonly #timers: NodeJS.Timeout[];
  #chain: Promise<void> = Promise.resolve();

  constructor(
    storage: Storage,
    feed: EventFeed,
    services: { queries: ModerationQueries; moderators: ModeratorService },
    options: { heartbeatMs?: number; onError: (error: unknown) => void },
  ) {
    this.#storage = storage;
    this.#feed = feed;
    this.#queries = services.queries;
    this.#moderators = services.moderators;
    this.#onError = options.onError;
    feed.subscribe({
      events: (events) => {
        if (this.#streams.size > 0) this.#enqueue(() => this.#publish(events));
      },
    });
    this.#timers = [
      setInterval(() => this.#broadcast(': heartbeat\n\n'), options.heartbeatMs ?? 20_000),
      setInterval(() => {
        if (this.#streams.size > 0) this.#enqueue(() => this.#endRevoked());
      }, SESSION_CHECK_MS),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Whether one more stream of this session may open. */
  hasRoomFor(sessionId: number): boolean {
    let ofSession = 0;
    for (const stream of this.#streams) if (stream.sessionId === sessionId) ofSession += 1;
    return this.#streams.size < MAX_STREAMS && ofSession < MAX_STREAMS_PER_SESSION;
  }

  /**
   * Adopts a response whose event-stream headers are written, for a session until it expires.
   * With `lastEventId`, first replays what changed after it.
   */
  open(
    response: ServerResponse,
    session: { id: number; expiresAt: number },
    lastEventId: number | null,
  ): void {
    const stream: ConsoleStream = {
      response,
      sessionId: session.id,
      floor: this.#feed.cursor,
      replaying: lastEventId !== null,
    };
    this.#streams.add(stream);
    const expiry = setTimeout(() => response.end(), Math.max(0, session.expiresAt - Date.now()));
    expiry.unref();
    response.on('close', () => {
      clearTimeout(expiry);
      this.#streams.delete(stream);
    });
    response.write(
      `retry: 3000\n${lastEventId === null ? `id: ${stream.floor}\n` : ''}: connected\n\n`,
    );
    if (lastEventId === null) return;
    // In the chain: batches queued before are older than the replay's snapshot; those after
    // are sent once the replay is, newer than what it covered.
    this.#enqueue(async () => {
      const events = (
        await this.#storage.read((db) => eventsAfter(db, lastEventId, REPLAY_LIMIT))
      ).map(feedEvent);
      const messages = consoleMessages(events, await this.#views(events));
      for (const message of messages) this.#send(stream, format(message));
      stream.floor = Math.max(lastEventId, events.at(-1)?.id ?? lastEventId, stream.floor);
      stream.replaying = false;
      if (messages.length === 0) this.#send(stream, `id: ${stream.floor}\n\n`);
    });
  }

  /** Ends the streams of a session (logout). */
  endSession(sessionId: number): void {
    for (const stream of this.#streams) {
      if (stream.sessionId === sessionId) stream.response.end();
    }
  }

  closeAll(): void {
    for (const timer of this.#timers) clearInterval(timer);
    for (const stream of this.#streams) stream.response.end();
  }

  #enqueue(work: () => Promise<void>): void {
    this.#chain = this.#chain.then(work).catch(this.#onError);
  }

  async #views(events: readonly FeedEvent[]): Promise<Map<number, ModView>> {
    const ids = new Set<number>();
    for (const event of events) {
      if (event.commentId !== null && event.kind !== 'vote') ids.add(event.commentId);
    }
    const views = await this.#queries.comments([...ids]);
    return new Map(views.map((view) => [view.id, view]));
  }

  async #publish(events: readonly FeedEvent[]): Promise<void> {
    const messages = consoleMessages(events, await this.#views(events));
    for (const stream of this.#streams) {
      if (stream.replaying) continue;
      for (const message of messages) {
        if (message.id <= stream.floor) continue;
        stream.floor = message.id;
        this.#send(stream, format(message));
      }
    }
  }

  async #endRevoked(): Promise<void> {
    const active = await this.#moderators.activeSessionIds();
    for (const stream of this.#streams) {
      if (!active.has(stream.sessionId)) stream.response.end();
    }
  }

  #broadcast(text: string): void {
    for (const stream of this.#streams) this.#send(stream, text);
  }

  #send(stream: ConsoleStream, text: string): void {
    const response = stream.response;
    if (response.writableEnded || response.destroyed) return;
    if (response.writableLength > MAX_BUFFERED_BYTES) {
      response.destroy();
      return;
    }
    response.write(text);
  }
}
