import type { ServerResponse } from 'node:http';
import { clientNetwork } from './client-address.js';

/**
 * A stream that has this much unsent data is too slow to keep up; it is closed (the browser
 * reconnects and replays from its last id). Four of the largest messages (an edited 10,000
 * character body) fit; 1 MiB did, times 10,000 streams.
 */
const MAX_BUFFERED_BYTES = 256 * 1024;

export interface StreamHubOptions {
  heartbeatMs?: number;
  /** Every stream together (default 10,000). */
  maxStreams?: number;
  /** Per client network: an address, an IPv6 /64 (default 64). */
  maxStreamsPerClient?: number;
  /** Per page (default 2,000). */
  maxStreamsPerPage?: number;
}

/** One server-sent event, about the feed's events up to `id`. */
export interface StreamMessage {
  /** The newest feed event it reflects. */
  id: number;
  /** `comment` and `vote` (the protocol's), `page` (an extension: locks). */
  event: 'comment' | 'vote' | 'page';
  data: string;
}

export interface Stream {
  readonly response: ServerResponse;
  readonly page: string;
  /** The client network (see client-address.ts) the stream counts against. */
  readonly client: string;
  /** Messages up to this event id are not sent: a replay covered them. */
  floor: number;
  /** The newest event id of what the stream was sent (or a replay covered). */
  newest: number;
  /** The last `id:` sent: what the client would come back with as Last-Event-ID. */
  sentId: number;
  /** While a replay is being read, live messages wait here, with their `upTo`. */
  queued: Array<[StreamMessage, number]> | null;
}

function format(message: StreamMessage, id: number | null): string {
  const line = id === null ? '' : `id: ${id}\n`;
  return `${line}event: ${message.event}\ndata: ${message.data}\n\n`;
}

/**
 * The open `GET /events` connections, by page. One timer sends heartbeats to all (so proxies
 * keep them open and dead peers are noticed); a stream leaves its page's set the moment its
 * connection closes. What to send is live.ts's business; this only holds the connections.
 */
export class StreamHub {
  readonly #pages = new Map<string, Set<Stream>>();
  readonly #perClient = new Map<string, number>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #maxStreams: number;
  readonly #maxStreamsPerClient: number;
  readonly #maxStreamsPerPage: number;
  #count = 0;

  constructor(options: StreamHubOptions = {}) {
    this.#maxStreams = options.maxStreams ?? 10_000;
    this.#maxStreamsPerClient = options.maxStreamsPerClient ?? 64;
    this.#maxStreamsPerPage = options.maxStreamsPerPage ?? 2_000;
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? 20_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#count;
  }

  streamsOf(page: string): number {
    return this.#pages.get(page)?.size ?? 0;
  }

  /** Whether the client (its address) may open another stream on the page now; false: 503. */
  hasRoomFor(client: string, page: string): boolean {
    return (
      this.#count < this.#maxStreams &&
      this.streamsOf(page) < this.#maxStreamsPerPage &&
      (this.#perClient.get(clientNetwork(client)) ?? 0) < this.#maxStreamsPerClient
    );
  }

  /**
   * Adopts a response whose event-stream headers have been written. `cursor`: the newest
   * event id the stream already reflects. `replaying`: hold live messages until `replayed`.
   */
  open(
    page: string,
    client: string,
    response: ServerResponse,
    cursor: number,
    replaying: boolean,
  ): Stream {
    const stream: Stream = {
      response,
      page,
      client: clientNetwork(client),
      // A new stream also takes held-back edits older than its first id (edit-merge.ts): its
      // reader may have loaded the thread before them.
      floor: replaying ? cursor : 0,
      newest: cursor,
      sentId: replaying ? 0 : cursor,
      queued: replaying ? [] : null,
    };
    let streams = this.#pages.get(page);
    if (!streams) this.#pages.set(page, (streams = new Set()));
    streams.add(stream);
    this.#count += 1;
    this.#perClient.set(stream.client, (this.#perClient.get(stream.client) ?? 0) + 1);
    response.on('close', () => this.#forget(stream));
    // `retry` tells EventSource how long to wait before reconnecting; `id` gives a client
    // that has no Last-Event-ID yet one to reconnect with, so nothing from now on is missed.
    // The comment flushes the headers through any buffering proxy.
    const id = replaying ? '' : `id: ${cursor}\n`;
    response.write(`retry: 3000\n${id}: connected\n\n`);
    return stream;
  }

  /**
   * Sends to every stream of the page that a replay has not already covered. `upTo`: every
   * message of the page up to this event id has been published, none is held back (see
   * edit-merge.ts); a message's `id:` never goes beyond it, so a client that reconnects
   * with the id it has is replayed what is still held.
   */
  publish(page: string, messages: readonly StreamMessage[], upTo = Infinity): void {
    const streams = this.#pages.get(page);
    if (!streams) return;
    for (const stream of streams) {
      for (const message of messages) this.#offer(stream, message, upTo);
      if (!stream.queued) this.#advance(stream, upTo);
    }
  }

  /**
   * Ends a replay: sends what was missed, then the live messages queued meanwhile that are
   * newer than `newest` (the newest event the replay's snapshot held).
   */
  replayed(stream: Stream, missed: readonly StreamMessage[], newest: number): void {
    const queued = stream.queued ?? [];
    stream.queued = null;
    for (const message of missed) this.#send(stream, format(message, message.id));
    stream.floor = Math.max(stream.floor, newest);
    stream.newest = Math.max(stream.newest, stream.floor);
    stream.sentId = missed.at(-1)?.id ?? stream.floor;
    // Nothing missed: the reconnect after this one starts from here, not from the old id.
    if (missed.length === 0) this.#send(stream, `id: ${stream.floor}\n\n`);
    for (const [message, upTo] of queued) this.#offer(stream, message, upTo);
  }

  /** Ends every stream, for shutdown. */
  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const streams of this.#pages.values()) {
      for (const stream of streams) stream.response.end();
    }
  }

  #offer(stream: Stream, message: StreamMessage, upTo: number): void {
    if (message.id <= stream.floor) return;
    if (stream.queued) {
      stream.queued.push([message, upTo]);
      return;
    }
    stream.newest = Math.max(stream.newest, message.id);
    const id = Math.min(stream.newest, upTo);
    // No `id:` leaves the client's last id where it was (older than a held-back edit).
    const advanced = id > stream.sentId;
    if (advanced) stream.sentId = id;
    this.#send(stream, format(message, advanced ? id : null));
  }

  /** A held-back edit was sent or skipped: an `id:` alone brings the client's id up to date. */
  #advance(stream: Stream, upTo: number): void {
    const id = Math.min(stream.newest, upTo);
    if (id <= stream.sentId) return;
    stream.sentId = id;
    this.#send(stream, `id: ${id}\n\n`);
  }

  #send(stream: Stream, text: string): void {
    // Ended (shutting down) but not yet closed: a write now would be an error.
    if (stream.response.writableEnded || stream.response.destroyed) return;
    if (stream.response.writableLength > MAX_BUFFERED_BYTES) {
      stream.response.destroy();
      return;
    }
    stream.response.write(text);
  }

  #beat(): void {
    for (const streams of this.#pages.values()) {
      for (const stream of streams) this.#send(stream, ': heartbeat\n\n');
    }
  }

  #forget(stream: Stream): void {
    const streams = this.#pages.get(stream.page);
    if (!streams?.delete(stream)) return;
    if (streams.size === 0) this.#pages.delete(stream.page);
    this.#count -= 1;
    const left = (this.#perClient.get(stream.client) ?? 1) - 1;
    if (left <= 0) this.#perClient.delete(stream.client);
    else this.#perClient.set(stream.client, left);
  }
}
