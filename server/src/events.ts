import type { ServerResponse } from 'node:http';

/** A stream that has this much unsent data is too slow to keep up; it is closed. */
const MAX_BUFFERED_BYTES = 1 << 20;

export interface EventHubOptions {
  heartbeatMs?: number;
  maxStreams?: number;
  maxStreamsPerClient?: number;
}

interface Stream {
  response: ServerResponse;
  page: string;
  client: string;
}

/**
 * Server-sent events, in process: every open `GET /events` stream of a page
 * receives each change of that page. One timer sends heartbeats to all
 * streams (so proxies keep them open and dead peers are noticed); a stream
 * leaves its page's set the moment its connection closes.
 */
export class EventHub {
  readonly #pages = new Map<string, Set<Stream>>();
  readonly #perClient = new Map<string, number>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #maxStreams: number;
  readonly #maxStreamsPerClient: number;
  #count = 0;

  constructor(options: EventHubOptions = {}) {
    this.#maxStreams = options.maxStreams ?? 10_000;
    this.#maxStreamsPerClient = options.maxStreamsPerClient ?? 64;
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? 20_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#count;
  }

  streamsOf(page: string): number {
    return this.#pages.get(page)?.size ?? 0;
  }

  /** Whether another stream may open now; false means answer 503. */
  hasRoomFor(client: string): boolean {
    return (
      this.#count < this.#maxStreams &&
      (this.#perClient.get(client) ?? 0) < this.#maxStreamsPerClient
    );
  }

  /** Adopts a response whose event-stream headers have been written. */
  open(page: string, client: string, response: ServerResponse): void {
    const stream: Stream = { response, page, client };
    let streams = this.#pages.get(page);
    if (!streams) this.#pages.set(page, (streams = new Set()));
    streams.add(stream);
    this.#count += 1;
    this.#perClient.set(client, (this.#perClient.get(client) ?? 0) + 1);
    response.on('close', () => this.#forget(stream));
    // Tells EventSource how long to wait before reconnecting, and flushes
    // the headers through any buffering proxy.
    response.write('retry: 3000\n: connected\n\n');
  }

  publish(page: string, event: 'comment' | 'vote', json: string): void {
    const streams = this.#pages.get(page);
    if (!streams) return;
    const message = `event: ${event}\ndata: ${json}\n\n`;
    for (const stream of streams) this.#send(stream, message);
  }

  /** Ends every stream, for shutdown. */
  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const streams of this.#pages.values()) {
      for (const stream of streams) stream.response.end();
    }
  }

  #send(stream: Stream, message: string): void {
    if (stream.response.writableLength > MAX_BUFFERED_BYTES) {
      stream.response.destroy();
      return;
    }
    stream.response.write(message);
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
