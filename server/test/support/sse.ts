/** Reads server-sent event streams on raw connections, for the tests of live updates. */
import { request, type IncomingMessage } from 'node:http';
import { pageQuery } from '../support.js';

export interface Received {
  event: string;
  data: string;
  /** The message's `id:`, the newest event it reflects. */
  id: number | undefined;
}

/** An event-stream reader on a raw connection, so the test sees exactly what is sent. */
export class Stream {
  readonly events: Received[] = [];
  raw = '';
  /** Bytes received so far. */
  bytes = 0;
  heartbeats = 0;
  /** The last `id:` seen, with or without an event: what EventSource would send back. */
  lastId: number | undefined;
  response!: IncomingMessage;
  readonly #waiters: Array<() => void> = [];
  #abort = new AbortController();

  /** A reader's stream of a page: GET /events?page=… */
  static open(
    base: string,
    page: string,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<Stream> {
    return Stream.openUrl(`${base}/events?${pageQuery(page)}${query}`, headers);
  }

  /** Any event stream (the console's: GET /admin/events?ticket=…). */
  static async openUrl(url: string, headers: Record<string, string> = {}): Promise<Stream> {
    const stream = new Stream();
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { headers, signal: stream.#abort.signal }, (response) => {
        stream.response = response;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => stream.#take(chunk));
        response.on('error', () => {});
        resolve();
      });
      req.on('error', (error) => {
        if (error.name !== 'AbortError') reject(error);
      });
      req.end();
    });
    return stream;
  }

  #take(chunk: string): void {
    this.bytes += Buffer.byteLength(chunk);
    this.raw += chunk;
    let end: number;
    while ((end = this.raw.indexOf('\n\n')) >= 0) {
      const block = this.raw.slice(0, end);
      this.raw = this.raw.slice(end + 2);
      const lines = block.split('\n');
      if (lines.includes(': heartbeat')) this.heartbeats += 1;
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
      const idLine = lines.find((line) => line.startsWith('id: '));
      const id = idLine === undefined ? undefined : Number(idLine.slice(4));
      if (id !== undefined) this.lastId = id;
      if (event && data !== undefined) this.events.push({ event, data, id });
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async next(count: number): Promise<Received[]> {
    const deadline = Date.now() + 10_000;
    while (this.events.length < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.events.length} of ${count} events arrived`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.events.slice(0, count);
  }

  close(): void {
    this.#abort.abort();
  }
}

export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
