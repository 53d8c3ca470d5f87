/**
 * Several server instances on one PostgreSQL database, as behind a load balancer: changes
 * made through one reach the event streams of the others within 2 seconds, thread caches
 * follow, idempotency keys and rate limits hold whichever instance a request reaches, votes
 * stay exact, and a stream resumes on another instance with Last-Event-ID missing nothing.
 * (Run on PostgreSQL only: test/run.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAdmin } from '../src/admin.js';
import { DEFAULT_RATE_LIMITS } from '../src/config.js';
import { call, capture, killLeftoverClis, pageQuery, startCli, TestServer } from './support.js';
import { DbInspector } from './support/db-snapshot.js';
import { Stream, until } from './support/sse.js';
import { storedProblems } from './support/invariants.js';
import { freshDatabase } from './support/store.js';

/** The protocol's bound for a change to reach another instance's streams. */
const CROSS_INSTANCE_MS = 2000;

describe('several instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  before(async () => {
    a = await TestServer.start({ moderation: 'hold' });
    // The same settings on every instance, as a deployment has.
    b = await TestServer.alongside(a, { moderation: 'hold' });
    c = await TestServer.alongside(a, { moderation: 'hold' });
  });
  after(async () => {
    await c?.stop();
    await b?.stop();
    await a?.stop();
  });

  /** Waits for the stream's next `count` messages; answers them and how long they took. */
  async function received(stream: Stream, count: number) {
    const started = Date.now();
    const messages = await stream.next(count);
    return { messages, ms: Date.now() - started };
  }

  /**
   * An edit through `server`, then its approval from the command line: under `--moderation
   * hold` an edit of a published comment waits for review, and readers see it once approved.
   */
  async function editApproved(server: TestServer, token: string, id: string, body: string) {
    const answer = await server.call('PATCH', `/comments/${id}`, { token, body: { body } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(await runAdmin(['--db', a.db, 'approve', id], capture().out), 0);
    return answer;
  }

  test('a comment, an edit, a vote, an approval and a delete made through one instance reach the streams of the others within 2 s', async () => {
    const page = 'post-cross';
    const onB = await Stream.open(b.base, page);
    const onC = await Stream.open(c.base, page);
    try {
      const token = await a.session();
      const voter = await b.session();
      const posted = (await a.post(token, { page, body: 'first' })).json.comment;
      assert.equal(posted.status, 'pending');
      // A moderation change from the command line: a fourth process on the database.
      const output = capture();
      assert.equal(await runAdmin(['--db', a.db, 'approve', posted.id], output.out), 0);
      let expected = 1;
      for (const stream of [onB, onC]) {
        const { messages, ms } = await received(stream, expected);
        assert.ok(ms < CROSS_INSTANCE_MS, `${ms} ms`);
        assert.equal(JSON.parse(messages.at(-1)!.data).status, 'published');
      }
      const changes: Array<[string, () => Promise<unknown>, (data: never) => boolean]> = [
        [
          'edit through A, approved',
          () => editApproved(a, token, posted.id, 'edited'),
          (data: { body?: string }) => data.body === 'edited',
        ],
        [
          'vote through C',
          () => c.call('PUT', `/comments/${posted.id}/vote`, { token: voter, body: { value: 1 } }),
          (data: { votes?: { up: number } }) => data.votes?.up === 1,
        ],
        [
          'delete through B',
          () => b.call('DELETE', `/comments/${posted.id}`, { token }),
          (data: { status?: string }) => data.status === 'deleted',
        ],
      ];
      for (const [what, change, check] of changes) {
        const answer = (await change()) as { status: number };
        assert.equal(answer.status, 200, what);
        expected += 1;
        for (const stream of [onB, onC]) {
          const { messages, ms } = await received(stream, expected);
          assert.ok(ms < CROSS_INSTANCE_MS, `${what}: ${ms} ms`);
          assert.ok(check(JSON.parse(messages.at(-1)!.data) as never), what);
        }
      }
      // Every instance numbered its messages from the one outbox: the same ids everywhere.
      assert.deepEqual(
        onB.events.map((event) => event.id),
        onC.events.map((event) => event.id),
      );
    } finally {
      onB.close();
      onC.close();
    }
  });

  test('a thread cached by one instance shows a change made through another', async () => {
    const page = 'post-cached';
    const token = await a.session();
    const first = (await a.post(token, { page, body: 'one' })).json.comment;
    const output = capture();
    assert.equal(await runAdmin(['--db', a.db, 'approve', first.id], output.out), 0);
    await until(async () => (await b.thread(pageQuery(page))).json.total === 1, 'approval on B');
    // B now holds the thread in its cache; a change through A must drop it there.
    assert.equal((await b.thread(pageQuery(page))).json.comments[0].body, 'one');
    await editApproved(a, token, first.id, 'two');
    const started = Date.now();
    await until(
      async () => (await b.thread(pageQuery(page))).json.comments[0].body === 'two',
      'the edit on B',
    );
    assert.ok(Date.now() - started < CROSS_INSTANCE_MS, `${Date.now() - started} ms`);
  });

  test('an idempotency key holds across instances: the same post sent to three stores one comment', async () => {
    const token = await a.session();
    const send = (server: TestServer) =>
      server.call('POST', '/comments', {
        token,
        headers: { 'idempotency-key': 'cross-1' },
        body: { page: 'post-idem-cross', parentId: null, body: 'once', author: { name: 'Ada' } },
      });
    const answers = await Promise.all([a, b, c, a, b, c].map(send));
    for (const answer of answers) assert.equal(answer.status, 201, answer.text);
    assert.equal(new Set(answers.map((answer) => answer.json.comment.id)).size, 1);
    assert.equal(
      Number(
        a.query<{ n: number }>(
          "SELECT count(*) AS n FROM comments c JOIN pages p ON p.id = c.page_id WHERE p.key = 'post-idem-cross'",
        )[0]!.n,
      ),
      1,
    );
  });

  test('concurrent votes through every instance lose no count', async () => {
    const token = await a.session();
    const posted = (await a.post(token, { page: 'post-votes-cross' })).json.comment;
    assert.equal(await runAdmin(['--db', a.db, 'approve', posted.id], capture().out), 0);
    const voters = await a.tokensFor(24);
    const answers = await Promise.all(
      voters.map((voter, i) =>
        [a, b, c][i % 3]!.call('PUT', `/comments/${posted.id}/vote`, {
          token: voter,
          body: { value: i % 4 === 0 ? -1 : 1 },
        }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    // Changing one's mind through another instance moves the counters by the difference.
    await Promise.all(
      voters.slice(0, 6).map((voter, i) =>
        [c, a, b][i % 3]!.call('PUT', `/comments/${posted.id}/vote`, {
          token: voter,
          body: { value: 0 },
        }),
      ),
    );
    const inspector = new DbInspector(a.db);
    try {
      assert.deepEqual(storedProblems(inspector), []);
      const [row] = inspector.all<{ up: number; down: number }>(
        'SELECT up, down FROM comments WHERE id = ?',
        Number(posted.id),
      );
      // Votes 0..23: every 4th down (6 of them), the first six withdrawn (two of them down).
      assert.deepEqual({ ...row }, { up: 14, down: 4 });
    } finally {
      inspector.close();
    }
  });

  test('a stream that reconnects to another instance with Last-Event-ID misses nothing', async () => {
    const page = 'post-resume';
    const token = await a.session();
    const first = await Stream.open(a.base, page);
    const opened = (await b.post(token, { page, body: 'seen' })).json.comment;
    const output = capture();
    assert.equal(await runAdmin(['--db', a.db, 'approve', opened.id], output.out), 0);
    await first.next(1);
    const lastId = first.lastId!;
    first.close();
    // Meanwhile, through two other instances: a new comment and an edit of the first.
    const missed = (await c.post(token, { page, body: 'missed' })).json.comment;
    assert.equal(await runAdmin(['--db', a.db, 'approve', missed.id], output.out), 0);
    await editApproved(a, token, opened.id, 'seen, edited');
    const resumed = await Stream.open(b.base, page, { 'last-event-id': String(lastId) });
    try {
      const [one, two] = await resumed.next(2);
      const bodies = [one, two].map((message) => JSON.parse(message!.data).body).sort();
      assert.deepEqual(bodies, ['missed', 'seen, edited']);
      assert.ok(one!.id! > lastId && two!.id! > one!.id!);
      // Then live changes, through yet another instance.
      await editApproved(c, token, missed.id, 'live');
      const [, , live] = await resumed.next(3);
      assert.equal(JSON.parse(live!.data).body, 'live');
      assert.equal(resumed.events.length, 3, 'nothing twice');
    } finally {
      resumed.close();
    }
  });
});

describe('shared rate limits', () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    const rateLimits = { ...DEFAULT_RATE_LIMITS, postsPerIp: { max: 1000, windowMs: 60_000 } };
    a = await TestServer.start({ rateLimits });
    b = await TestServer.alongside(a, { rateLimits });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test('the 11th post of a minute from one token is refused whichever instance it reaches', async () => {
    const [token, other] = await a.tokensFor(2);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await [a, b][i % 2]!.post(token!, { page: 'post-limited' })).status);
    }
    assert.deepEqual(statuses, Array(10).fill(201));
    for (const server of [a, b]) {
      const refused = await server.post(token!, { page: 'post-limited' });
      assert.equal(refused.status, 429);
      assert.equal(refused.json.error.code, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    }
    // Counted per token: another reader posts on.
    assert.equal((await b.post(other!, { page: 'post-limited' })).status, 201);
  });

  test('concurrent posts from one token through two instances: exactly ten get through', async () => {
    const [token] = await a.tokensFor(1);
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => [a, b][i % 2]!.post(token!, { page: 'post-race' })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill(201), ...Array(6).fill(429)]);
  });

  test('the voters of one network on one comment are counted across instances (issue 15, item 8)', async () => {
    const [author, ...voters] = await a.tokensFor(9);
    const id = (await a.post(author!, { page: 'post-voters' })).json.comment.id as string;
    const vote = (server: TestServer, token: string, value = 1) =>
      server.call('PUT', `/comments/${id}/vote`, { token, body: { value } });
    // Five tokens of one address through alternate instances; the sixth and seventh are refused
    // by either, and concurrent ones let exactly the limit through.
    const first = await Promise.all(
      voters.slice(0, 7).map((token, i) => vote([a, b][i % 2]!, token)),
    );
    assert.deepEqual(first.map((answer) => answer.status).sort(), [
      ...Array(5).fill(200),
      429,
      429,
    ]);
    const refused = first.find((answer) => answer.status === 429)!;
    assert.match(refused.json.error.message, /voters on this comment/);
    // A token that voted may change its vote on any instance; a new one may not.
    const voted = voters.slice(0, 7).filter((_, i) => first[i]!.status === 200);
    assert.equal((await vote(b, voted[0]!, -1)).status, 200);
    assert.equal((await vote(a, voted[1]!, -1)).status, 200);
    assert.equal((await vote(a, voters[7]!)).status, 429);
    assert.equal((await vote(b, voters[7]!)).status, 429);
  });
});

describe('an instance killed mid-burst', () => {
  test('SIGKILL of one of two server processes in a burst of posts loses no acknowledged comment; the other serves on', async () => {
    const database = await freshDatabase();
    const args = [
      '--port',
      '0',
      '--db',
      database.location,
      '--no-rate-limit',
      '--log-level',
      'warn',
    ];
    const [doomed, survivor] = [await startCli(args), await startCli(args)];
    try {
      const tokens = await Promise.all(
        Array.from(
          { length: 8 },
          async () => (await call(doomed.base, 'POST', '/session')).json.token as string,
        ),
      );
      const acknowledged: string[] = [];
      let killed = false;
      const worker = async (token: string, i: number) => {
        const base = i % 2 === 0 ? doomed.base : survivor.base;
        for (let n = 0; !killed || base === survivor.base; n++) {
          if (killed && n > 400) return;
          try {
            const answer = await call(base, 'POST', '/comments', {
              token,
              body: {
                page: `post-kill-${n % 3}`,
                parentId: null,
                body: `burst ${n}`,
                author: { name: 'Ada' },
              },
            });
            if (answer.status === 201) acknowledged.push(answer.json.comment.id);
            if (killed) return; // one acknowledged write after the kill is enough
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const workers = tokens.map(worker);
      await until(() => acknowledged.length >= 150, '150 acknowledged posts');
      doomed.child.kill('SIGKILL');
      killed = true;
      await doomed.exited;
      await Promise.all(workers);

      const inspector = new DbInspector(database.location);
      const stored = new Set(
        inspector.all<{ id: number }>('SELECT id FROM comments').map((row) => String(row.id)),
      );
      assert.deepEqual(storedProblems(inspector), []);
      inspector.close();
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(
        lost,
        [],
        `${lost.length} of ${acknowledged.length} acknowledged comments lost`,
      );
      let visible = 0;
      for (let page = 0; page < 3; page++) {
        visible += (
          await call(
            survivor.base,
            'GET',
            `/threads?${pageQuery(`post-kill-${page}`, '&limit=200')}`,
          )
        ).json.total;
      }
      assert.equal(visible, stored.size, 'the survivor serves every stored comment');
    } finally {
      survivor.child.kill('SIGTERM');
      await survivor.exited;
      killLeftoverClis();
      await database.remove();
    }
  });
});
