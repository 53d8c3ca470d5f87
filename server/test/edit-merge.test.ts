/**
 * Repeated edits of one comment reach readers' streams merged (issue 15, item 2): the first at
 * once, the newest when the window closes, with ids that keep replays exact. A test clock
 * closes the windows, so nothing here depends on how fast the machine is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MergeTimers } from '../src/edit-merge.js';
import { TestServer } from './support.js';
import { Stream, until, type Received } from './support/sse.js';

/** Windows close only when the test says so. */
class TestClock implements MergeTimers {
  readonly #pending = new Set<{ callback: () => void }>();

  set(callback: () => void): unknown {
    const handle = { callback };
    this.#pending.add(handle);
    return handle;
  }

  clear(handle: unknown): void {
    this.#pending.delete(handle as { callback: () => void });
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Closes every window open now (the ones this opens stay open). */
  closeWindows(): void {
    const due = [...this.#pending];
    this.#pending.clear();
    for (const { callback } of due) callback();
  }
}

/** The `comment` messages about one comment, in order. */
function about(stream: Stream, id: string): Received[] {
  return stream.events.filter((e) => e.event === 'comment' && JSON.parse(e.data).id === id);
}

const bodyOf = (received: Received | undefined) => JSON.parse(received!.data).body as string;

describe('edit broadcasts are merged', () => {
  const clock = new TestClock();
  let server: TestServer;
  before(async () => (server = await TestServer.start({}, { editMerge: { timers: clock } })));
  after(() => server.stop());

  const edit = async (token: string, id: string, body: string) => {
    const answer = await server.call('PATCH', `/comments/${id}`, { token, body: { body } });
    assert.equal(answer.status, 200, answer.text);
  };

  test('a burst of 50 edits reaches a stream as at most 2 messages, the last with the final text; another comment merges on its own', async () => {
    const page = 'post-burst';
    const stream = await Stream.open(server.base, page);
    const token = await server.session();
    const one = (await server.post(token, { page, body: 'one' })).json.comment;
    const two = (await server.post(token, { page, body: 'two' })).json.comment;
    await stream.next(2);
    const bytesBefore = stream.bytes;
    for (let i = 1; i <= 50; i += 1) {
      await edit(token, one.id, `one, edit ${i} ${'x'.repeat(2_000)}`);
      if (i % 5 === 0) await edit(token, two.id, `two, edit ${i / 5}`);
    }
    // Every edit was answered, so every one has been through the feed: only the first of each
    // comment was sent.
    await until(() => about(stream, one.id).length === 2, "one's first edit");
    await until(() => about(stream, two.id).length === 2, "two's first edit");
    assert.equal(bodyOf(about(stream, one.id)[1]), `one, edit 1 ${'x'.repeat(2_000)}`);
    assert.equal(bodyOf(about(stream, two.id)[1]), 'two, edit 1');

    clock.closeWindows();
    await until(() => about(stream, one.id).length === 3, "one's newest edit");
    await until(() => about(stream, two.id).length === 3, "two's newest edit");
    assert.equal(bodyOf(about(stream, one.id)[2]), `one, edit 50 ${'x'.repeat(2_000)}`);
    assert.equal(bodyOf(about(stream, two.id)[2]), 'two, edit 10');
    // 100 KB of edits sent as two messages of about 2 KB each.
    assert.ok(stream.bytes - bytesBefore < 10_000, `${stream.bytes - bytesBefore} bytes`);
    // The next window closes with nothing held: it ends, and no timer is left.
    clock.closeWindows();
    assert.equal(clock.pending, 0);
    stream.close();
  });

  test('votes and new comments during a hold go out at once; a reconnect from any of them replays the held edit', async () => {
    const page = 'post-hold';
    const stream = await Stream.open(server.base, page);
    const author = await server.session();
    const voter = await server.session();
    const one = (await server.post(author, { page, body: 'one' })).json.comment;
    await edit(author, one.id, 'sent at once');
    await stream.next(2);
    await edit(author, one.id, 'held');
    // A stream opened during the hold: its first id is older than the held edit.
    const fresh = await Stream.open(server.base, page);
    await until(() => fresh.lastId !== undefined, "the new stream's first id");

    const seen: number[] = [fresh.lastId!];
    await server.call('PUT', `/comments/${one.id}/vote`, { token: voter, body: { value: 1 } });
    const [, , vote] = await stream.next(3);
    assert.equal(vote!.event, 'vote');
    seen.push(stream.lastId!);
    const two = (await server.post(voter, { page, body: 'two' })).json.comment;
    const [, , , created] = await stream.next(4);
    assert.equal(JSON.parse(created!.data).id, two.id);
    seen.push(stream.lastId!);
    assert.equal(about(stream, one.id).length, 2, 'the second edit is held');

    for (const lastEventId of seen) {
      const resumed = await Stream.open(server.base, page, {
        'last-event-id': String(lastEventId),
      });
      await until(() => about(resumed, one.id).length > 0, `a replay from ${lastEventId}`);
      assert.equal(bodyOf(about(resumed, one.id)[0]), 'held');
      resumed.close();
    }

    clock.closeWindows();
    await until(() => about(stream, one.id).length === 3, 'the held edit');
    const flushed = about(stream, one.id)[2]!;
    assert.equal(bodyOf(flushed), 'held');
    assert.deepEqual(JSON.parse(flushed.data).votes, { up: 1, down: 0 }, 'the vote is kept');
    await until(() => about(fresh, one.id).length === 1, 'the held edit on the new stream');
    assert.equal(bodyOf(about(fresh, one.id)[0]), 'held');
    assert.equal(fresh.lastId, stream.lastId);
    // The held edit brings the stream's id up to date: a reconnect now misses nothing and
    // gets nothing again.
    assert.ok(stream.lastId! > Math.max(...seen));
    const current = await Stream.open(server.base, page, {
      'last-event-id': String(stream.lastId),
    });
    await until(() => current.lastId !== undefined, 'the id after an empty replay');
    assert.equal(current.events.length, 0);
    for (const open of [stream, fresh, current]) open.close();
    clock.closeWindows();
  });

  test('an edit then a delete within the window: the delete is sent, the stale edit never', async () => {
    const page = 'post-delete';
    const stream = await Stream.open(server.base, page);
    const token = await server.session();
    const one = (await server.post(token, { page, body: 'one' })).json.comment;
    await edit(token, one.id, 'first edit');
    await edit(token, one.id, 'stale');
    assert.equal((await server.call('DELETE', `/comments/${one.id}`, { token })).status, 200);
    await until(() => about(stream, one.id).length === 3, 'the delete');
    assert.equal(JSON.parse(about(stream, one.id)[2]!.data).status, 'deleted');
    clock.closeWindows();
    // A marker after the window closed: whatever the window would send has been sent.
    await server.post(token, { page, body: 'marker' });
    await until(() => stream.events.some((e) => bodyOf(e) === 'marker'), 'the marker');
    assert.deepEqual(
      about(stream, one.id).map((e) => bodyOf(e)),
      ['one', 'first edit', ''],
    );
    stream.close();
    clock.closeWindows();
  });

  test('a quiet edit is sent at once, and so is the next one after the window', async () => {
    const page = 'post-quiet';
    const stream = await Stream.open(server.base, page);
    const token = await server.session();
    const one = (await server.post(token, { page, body: 'one' })).json.comment;
    await edit(token, one.id, 'quiet');
    await until(() => about(stream, one.id).length === 2, 'the edit, with no window closed');
    assert.equal(bodyOf(about(stream, one.id)[1]), 'quiet');
    clock.closeWindows();
    await edit(token, one.id, 'quiet again');
    await until(() => about(stream, one.id).length === 3, 'the next edit');
    assert.equal(bodyOf(about(stream, one.id)[2]), 'quiet again');
    stream.close();
    clock.closeWindows();
  });
});

describe('edit broadcasts at shutdown', () => {
  test('closing the server sends the held edit and leaves no timer', async () => {
    const live = new Set<NodeJS.Timeout>();
    const timers: MergeTimers = {
      set: (callback, ms) => {
        const handle = setTimeout(() => {
          live.delete(handle);
          callback();
        }, ms);
        live.add(handle);
        return handle;
      },
      clear: (handle) => {
        clearTimeout(handle as NodeJS.Timeout);
        live.delete(handle as NodeJS.Timeout);
      },
    };
    // A window no test run outlasts: the held edit can only leave through the shutdown.
    const server = await TestServer.start({}, { editMerge: { timers, windowMs: 3_600_000 } });
    const page = 'post-shutdown';
    let stream: Stream;
    let one: { id: string };
    try {
      stream = await Stream.open(server.base, page);
      const token = await server.session();
      one = (await server.post(token, { page, body: 'one' })).json.comment;
      for (const body of ['first', 'held at shutdown']) {
        await server.call('PATCH', `/comments/${one.id}`, { token, body: { body } });
      }
      assert.equal(live.size, 1);
    } finally {
      await server.stop();
    }
    await until(() => stream.response.complete, 'the stream to end');
    assert.equal(live.size, 0);
    assert.deepEqual(
      about(stream, one.id).map((e) => bodyOf(e)),
      ['one', 'first', 'held at shutdown'],
    );
  });
});
