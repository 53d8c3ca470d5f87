import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { pageQuery, TestServer } from './support.js';

interface Received {
  event: string;
  data: string;
}

/** An event-stream reader on a raw connection, so the test sees exactly what is sent. */
class Stream {
  readonly events: Received[] = [];
  raw = '';
  heartbeats = 0;
  response!: IncomingMessage;
  readonly #waiters: Array<() => void> = [];
  #abort = new AbortController();

  static async open(
    base: string,
    page: string,
    headers: Record<string, string> = {},
  ): Promise<Stream> {
    const stream = new Stream();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${base}/events?${pageQuery(page)}`,
        { headers, signal: stream.#abort.signal },
        (response) => {
          stream.response = response;
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => stream.#take(chunk));
          response.on('error', () => {});
          resolve();
        },
      );
      req.on('error', (error) => {
        if (error.name !== 'AbortError') reject(error);
      });
      req.end();
    });
    return stream;
  }

  #take(chunk: string): void {
    this.raw += chunk;
    let end: number;
    while ((end = this.raw.indexOf('\n\n')) >= 0) {
      const block = this.raw.slice(0, end);
      this.raw = this.raw.slice(end + 2);
      const lines = block.split('\n');
      if (lines.includes(': heartbeat')) this.heartbeats += 1;
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
      if (event && data !== undefined) this.events.push({ event, data });
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

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /events', () => {
  let server: TestServer;
  before(
    async () =>
      (server = await TestServer.start(
        { origins: ['http://localhost:5173'] },
        { heartbeatMs: 300 },
      )),
  );
  after(() => server.stop());

  test('new comments, edits, deletes and votes reach every stream of the page, and only that page', async () => {
    const page = 'post-live';
    const first = await Stream.open(server.base, page, { origin: 'http://localhost:5173' });
    const second = await Stream.open(server.base, page);
    const elsewhere = await Stream.open(server.base, 'post-elsewhere');
    assert.equal(first.response.statusCode, 200);
    assert.match(first.response.headers['content-type']!, /^text\/event-stream/);
    assert.equal(first.response.headers['access-control-allow-origin'], 'http://localhost:5173');

    const author = await server.session();
    const voter = await server.session();
    const posted = (await server.post(author, { page, body: 'live!' })).json.comment;
    await server.call('PUT', `/comments/${posted.id}/vote`, { token: voter, body: { value: 1 } });
    await server.call('PATCH', `/comments/${posted.id}`, {
      token: author,
      body: { body: 'live, edited' },
    });
    await server.call('DELETE', `/comments/${posted.id}`, { token: author });

    for (const stream of [first, second]) {
      const [created, vote, edited, deleted] = await stream.next(4);
      assert.equal(created!.event, 'comment');
      const comment = JSON.parse(created!.data);
      assert.equal(comment.id, posted.id);
      assert.equal(comment.body, 'live!');
      assert.equal(comment.mine, false, 'broadcasts carry no reader-specific marks');
      assert.equal(comment.myVote, 0);
      assert.deepEqual(JSON.parse(vote!.data), { id: posted.id, votes: { up: 1, down: 0 } });
      assert.equal(vote!.event, 'vote');
      assert.equal(JSON.parse(edited!.data).body, 'live, edited');
      assert.equal(JSON.parse(deleted!.data).status, 'deleted');
      assert.equal(JSON.parse(deleted!.data).body, '');
    }
    assert.equal(elsewhere.events.length, 0);
    for (const stream of [first, second, elsewhere]) stream.close();
  });

  test('heartbeats keep the stream alive', async () => {
    const stream = await Stream.open(server.base, 'post-heartbeat');
    await until(() => stream.heartbeats >= 2, 'two heartbeats');
    stream.close();
  });

  test('closed streams are cleaned up', async () => {
    const page = 'post-cleanup';
    const hub = () =>
      server.app as unknown as { confabEvents?: { streamsOf(page: string): number } };
    const streams = await Promise.all([
      Stream.open(server.base, page),
      Stream.open(server.base, page),
    ]);
    await until(() => hub().confabEvents?.streamsOf(page) === 2, 'two open streams');
    for (const stream of streams) stream.close();
    await until(() => hub().confabEvents?.streamsOf(page) === 0, 'the streams to be forgotten');
    // Writing to the page afterwards must not fail on a dead stream.
    const token = await server.session();
    assert.equal((await server.post(token, { page })).status, 201);
  });

  test('pending comments are never broadcast', async () => {
    const held = await TestServer.start({ moderation: 'hold' });
    try {
      const stream = await Stream.open(held.base, 'post-held');
      const token = await held.session();
      assert.equal((await held.post(token, { page: 'post-held' })).json.comment.status, 'pending');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(stream.events.length, 0);
      stream.close();
    } finally {
      await held.stop();
    }
  });

  test('a stream from a disallowed origin is refused', async () => {
    const stream = await Stream.open(server.base, 'post-live', { origin: 'https://evil.example' });
    assert.equal(stream.response.statusCode, 403);
    stream.close();
  });

  test('closing the server ends open streams', async () => {
    const other = await TestServer.start();
    const stream = await Stream.open(other.base, 'post-closing');
    const ended = new Promise<void>((resolve) => stream.response.on('end', () => resolve()));
    await other.stop();
    await ended;
  });
});
