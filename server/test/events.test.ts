import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAdmin } from '../src/admin.js';
import { createServices } from '../src/services/index.js';
import { openStorage } from '../src/storage/open.js';
import { hashToken } from '../src/tokens.js';
import { capture, TestServer } from './support.js';
import { Stream, until, type Received } from './support/sse.js';
import { freshDatabase } from './support/store.js';

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

  test('every message carries the id of the newest event it reflects; a new stream gets one to come back with', async () => {
    const page = 'post-ids';
    const stream = await Stream.open(server.base, page);
    await until(() => stream.lastId !== undefined, 'the id sent on connecting');
    const connectedAt = stream.lastId!;
    const author = await server.session();
    const voter = await server.session();
    const posted = (await server.post(author, { page })).json.comment;
    await server.call('PUT', `/comments/${posted.id}/vote`, { token: voter, body: { value: 1 } });
    const [created, vote] = await stream.next(2);
    assert.ok(created!.id! > connectedAt, `${created!.id} after ${connectedAt}`);
    assert.ok(vote!.id! > created!.id!);
    assert.equal(stream.lastId, vote!.id);
    stream.close();
  });

  test('a stream that comes back with Last-Event-ID gets what it missed, each comment once as it stands, then live changes', async () => {
    const page = 'post-resume';
    const author = await server.session();
    const voter = await server.session();
    const first = await Stream.open(server.base, page);
    const one = (await server.post(author, { page, body: 'one' })).json.comment;
    await first.next(1);
    const lastSeen = first.lastId!;
    first.close();

    // Missed while away: two edits of one, a new comment two with a vote, a report of one.
    for (const body of ['one, edited', 'one, edited again']) {
      await server.call('PATCH', `/comments/${one.id}`, { token: author, body: { body } });
    }
    const two = (await server.post(author, { page, body: 'two' })).json.comment;
    await server.call('PUT', `/comments/${two.id}/vote`, { token: voter, body: { value: 1 } });
    const reported = await server.call('POST', `/comments/${one.id}/reports`, {
      token: voter,
      body: { reason: 'spam' },
    });
    assert.equal(reported.status, 201);
    await server.call('PUT', `/comments/${two.id}/vote`, { token: author, body: { value: -1 } });

    const expectMissed = (events: Received[]) => {
      assert.deepEqual(
        events.map((e) => [e.event, JSON.parse(e.data).id, JSON.parse(e.data).body]),
        [
          ['comment', one.id, 'one, edited again'],
          ['comment', two.id, 'two'],
        ],
      );
      assert.deepEqual(JSON.parse(events[1]!.data).votes, { up: 1, down: 1 });
      assert.ok(events[0]!.id! < events[1]!.id!);
    };
    const resumed = await Stream.open(server.base, page, { 'last-event-id': String(lastSeen) });
    expectMissed(await resumed.next(2));
    // EventSource cannot set headers when a client opens a new one: the same as a parameter.
    const byQuery = await Stream.open(server.base, page, {}, `&lastEventId=${lastSeen}`);
    expectMissed(await byQuery.next(2));

    await server.call('PUT', `/comments/${one.id}/vote`, { token: voter, body: { value: 1 } });
    for (const stream of [resumed, byQuery]) {
      const [, , live] = await stream.next(3);
      assert.equal(live!.event, 'vote');
      assert.deepEqual(JSON.parse(live!.data), { id: one.id, votes: { up: 1, down: 0 } });
    }
    // Up to date: nothing to replay, and the stream says where it stands.
    const current = await Stream.open(server.base, page, {
      'last-event-id': String(byQuery.lastId),
    });
    await until(() => current.lastId !== undefined, 'the id after an empty replay');
    assert.equal(current.lastId, byQuery.lastId);
    assert.equal(current.events.length, 0);
    for (const stream of [resumed, byQuery, current]) stream.close();
  });

  test('reports and pending comments never reach readers', async () => {
    const page = 'post-private';
    const author = await server.session();
    const voter = await server.session();
    const posted = (await server.post(author, { page })).json.comment;
    const stream = await Stream.open(server.base, page);
    await server.call('POST', `/comments/${posted.id}/reports`, {
      token: voter,
      body: { reason: 'abuse', note: 'rude' },
    });
    // A marker after the report: everything before it has been sent by the time it arrives.
    await server.call('PATCH', `/comments/${posted.id}`, {
      token: author,
      body: { body: 'marker' },
    });
    const [only] = await stream.next(1);
    assert.equal(JSON.parse(only!.data).body, 'marker');
    assert.equal(stream.events.length, 1);
    stream.close();
  });
});

describe('GET /events: changes made elsewhere', () => {
  test('approve and delete from the admin command line reach open streams', async () => {
    const held = await TestServer.start({ moderation: 'hold' });
    try {
      const page = 'post-moderated';
      const stream = await Stream.open(held.base, page);
      const token = await held.session();
      const posted = (await held.post(token, { page, body: 'waiting' })).json.comment;
      assert.equal(posted.status, 'pending');
      const admin = async (...args: string[]) => {
        const output = capture();
        assert.equal(await runAdmin(['--db', held.db, ...args], output.out), 0, output.stderr());
      };
      await admin('approve', posted.id);
      const [approved] = await stream.next(1);
      assert.equal(approved!.event, 'comment');
      assert.equal(JSON.parse(approved!.data).status, 'published');
      assert.equal(JSON.parse(approved!.data).body, 'waiting');
      await admin('delete', posted.id);
      const [, deleted] = await stream.next(2);
      assert.equal(JSON.parse(deleted!.data).status, 'deleted');
      assert.equal(JSON.parse(deleted!.data).body, '');
      assert.ok(deleted!.id! > approved!.id!);
      stream.close();
    } finally {
      await held.stop();
    }
  });

  test('several changes to one comment committed together are sent once, as they left it', async () => {
    const database = await freshDatabase();
    const storage = await openStorage(database.location);
    const own = await TestServer.start({}, { storage });
    try {
      const page = 'post-batched';
      const stream = await Stream.open(own.base, page);
      const token = await own.session();
      const posted = (await own.post(token, { page, body: 'draft' })).json.comment;
      await stream.next(1);
      // The server's own store: on SQLite these three edits share one group commit; on
      // PostgreSQL each commits alone (one after the other: they change one row), and the
      // feed reads whatever has committed when it looks.
      const { comments, sessions } = createServices(storage);
      const tokenId = (await sessions.find(hashToken(token)))!.id;
      const edits = await Promise.all(
        ['first', 'second', 'third'].map((body) =>
          comments.edit({ id: Number(posted.id), tokenId, body }),
        ),
      );
      assert.ok(edits.every((edit) => edit.ok && edit.changed));
      const { body: stored } = await storage.read((db) =>
        db
          .selectFrom('comments')
          .select('body')
          .where('id', '=', Number(posted.id))
          .executeTakeFirstOrThrow(),
      );
      await own.call('PATCH', `/comments/${posted.id}`, { token, body: { body: 'marker' } });
      await until(
        () => stream.events.some((event) => JSON.parse(event.data).body === 'marker'),
        'the marker',
      );
      const [, ...rest] = stream.events;
      const edited = rest.slice(0, -1).map((event) => JSON.parse(event.data).body as string);
      assert.equal(JSON.parse(rest.at(-1)!.data).body, 'marker');
      assert.ok(rest.every((event, i) => i === 0 || event.id! > rest[i - 1]!.id!));
      if (storage.dialect === 'sqlite') assert.deepEqual(edited, ['third']);
      else {
        assert.ok(edited.length >= 1 && edited.length <= 3, edited.join());
        // Each message shows a state the comment had; the last edit may be folded into the
        // marker's message (edits within 2 s are merged, edit-merge.ts), so the stored text need
        // not be among them.
        for (const body of edited) assert.ok(['first', 'second', 'third'].includes(body), body);
        assert.ok(['first', 'second', 'third'].includes(stored), stored);
      }
      stream.close();
    } finally {
      await own.stop(); // closes the store it was given
      await database.remove();
    }
  });
});
