// The test harness itself (test/support/server.ts and test/support/test-server/): seeds reach the
// real server as written, the proxy passes everything on and injects exactly the faults asked for.
import { expect } from '@open-wc/testing';
import type { Comment, ThreadResponse } from '../../src/protocol/index.js';
import { testServer, type TestServer } from '../support/server.js';

async function call(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.endpoint}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? JSON.parse(text) : null,
  };
}

async function session(server: TestServer): Promise<string> {
  const { status, json } = await call(server, 'POST', '/session');
  expect(status).to.equal(201);
  return json.token as string;
}

const post = (server: TestServer, token: string, body: unknown, key?: string) =>
  call(server, 'POST', '/comments', {
    token,
    body,
    headers: key ? { 'Idempotency-Key': key } : {},
  });

const thread = async (server: TestServer, query: string, token?: string) =>
  (await call(server, 'GET', `/threads?${query}`, { token })).json as ThreadResponse;

describe('test server harness', () => {
  it('seeds threads the real server serves: refs, authors, times, votes, statuses, ownership', async () => {
    const server = await testServer({
      threads: {
        p: [
          { ref: 'a', author: 'Ann', body: 'First', up: 3, down: 1 },
          { ref: 'a1', parent: 'a', author: { name: 'Bo', url: 'https://bo.example/' } },
          { ref: 'gone', author: 'Cy', status: 'deleted' },
          { ref: 'gone1', parent: 'gone', author: 'Di', myVote: -1 },
          { ref: 'wait', author: 'Me', status: 'pending', mine: true },
          { ref: 'theirs-waiting', author: 'Eve', status: 'pending' },
          { ref: 'old', author: 'Old', createdAt: '2020-01-02T03:04:05.000Z' },
        ],
        closed: { locked: true, comments: [{ ref: 'x' }] },
      },
    });
    const { ids } = server;
    expect(new Set(Object.values({ a: ids.a, a1: ids.a1, x: ids.x })).size).to.equal(3);
    expect(ids.a).to.match(/^\d+$/);
    expect(() => ids.nothing).to.throw(/nothing/);

    const anonymous = await thread(server, 'page=p');
    expect(server.refs(anonymous.comments.map((c) => c.id))).to.deep.equal([
      'old',
      'a',
      'a1',
      'gone',
      'gone1',
    ]);
    expect(anonymous.total).to.equal(4);
    const [old, a, a1, gone, gone1] = anonymous.comments as [
      Comment,
      Comment,
      Comment,
      Comment,
      Comment,
    ];
    expect(old.createdAt).to.equal('2020-01-02T03:04:05.000Z');
    expect(a).to.deep.include({ body: 'First', parentId: null, mine: false, myVote: 0 });
    expect(a.votes).to.deep.equal({ up: 3, down: 1 });
    expect(a.author).to.deep.equal({ name: 'Ann', url: null, avatar: null });
    expect(a1.parentId).to.equal(ids.a);
    expect(a1.author.url).to.equal('https://bo.example/');
    expect(Date.parse(a.createdAt)).to.be.below(Date.parse(a1.createdAt));
    expect(Date.now() - Date.parse(a.createdAt)).to.be.below(60_000);
    expect(gone).to.deep.include({ status: 'deleted', body: '' });
    expect(gone.author.name).to.equal('');
    expect(gone1.votes).to.deep.equal({ up: 0, down: 1 });

    const asReader = await thread(server, 'page=p', server.readerToken);
    expect(server.refs(asReader.comments.map((c) => c.id))).to.include('wait');
    expect(server.refs(asReader.comments.map((c) => c.id))).not.to.include('theirs-waiting');
    expect(asReader.comments.find((c) => c.id === ids.wait)).to.deep.include({
      mine: true,
      status: 'pending',
    });
    expect(asReader.comments.find((c) => c.id === ids.gone1)!.myVote).to.equal(-1);
    expect((await thread(server, 'page=closed')).locked).to.equal(true);
    expect(localStorage.getItem(`confab:token:${server.endpoint}`)).to.equal(server.readerToken);
  });

  it('keeps servers apart and refuses a ref used twice or a parent not seeded before', async () => {
    const one = await testServer({ threads: { p: [{ ref: 'a', body: 'one' }] } });
    const two = await testServer();
    expect((await thread(two, 'page=p')).total).to.equal(0);
    expect(localStorage.getItem(`confab:token:${two.endpoint}`)).to.equal(null);
    let refused = '';
    await one.seed('p', [{ ref: 'a' }]).catch((error: Error) => (refused = error.message));
    expect(refused).to.match(/"a" is already used/);
    await one.seed('p', [{ parent: 'later' }]).catch((error: Error) => (refused = error.message));
    expect(refused).to.match(/"later"/);
  });

  it('shows a seed made after the server has read the page', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    expect((await thread(server, 'page=p')).total).to.equal(1);
    await server.seed('p', [{ ref: 'b', parent: 'a' }]);
    expect((await thread(server, 'page=p')).total).to.equal(2);
  });

  it('reads back what the server stored, and whose it is', async () => {
    const server = await testServer({
      threads: { p: [{ ref: 'mine', mine: true, body: 'Mine' }] },
    });
    const token = await session(server);
    const posted = await post(server, token, {
      page: 'p',
      parentId: null,
      body: 'Theirs',
      author: { name: 'Them' },
    });
    expect(posted.status).to.equal(201);
    expect(
      (await call(server, 'DELETE', `/comments/${server.ids.mine}`, { token: server.readerToken }))
        .status,
    ).to.equal(200);
    const stored = await server.comments('p');
    expect(stored.map((c) => [c.body, c.status, c.mine])).to.deep.equal([
      ['', 'deleted', true],
      ['Theirs', 'published', false],
    ]);
  });

  it('injects faults for the next matching requests and logs what it received', async () => {
    const server = await testServer();
    await server.fault({ path: '/threads', times: 2, retryAfter: 3 });
    const first = await call(server, 'GET', '/threads?page=p');
    expect(first.status).to.equal(503);
    expect(first.headers.get('Retry-After')).to.equal('3');
    expect(first.json.error.code).to.equal('unavailable');
    expect((await call(server, 'GET', '/threads?page=p')).status).to.equal(503);
    expect((await call(server, 'GET', '/threads?page=p')).status).to.equal(200);
    await server.fault({ method: 'GET', body: '{"page": nope' });
    const malformed = await fetch(`${server.endpoint}/counts?page=x`);
    expect(malformed.status).to.equal(200);
    expect(await malformed.text()).to.equal('{"page": nope');
    await server.fault({ error: { code: 'conflict', message: 'No.', fields: { body: 'Bad.' } } });
    const conflict = await call(server, 'GET', '/threads?page=p');
    expect(conflict.status).to.equal(409);
    expect(conflict.json.error).to.deep.equal({
      code: 'conflict',
      message: 'No.',
      fields: { body: 'Bad.' },
    });
    await server.fault({ dropConnection: true });
    let dropped = false;
    await fetch(`${server.endpoint}/threads?page=p`)
      .then((response) => response.text())
      .catch(() => {
        dropped = true;
      });
    expect(dropped).to.equal(true);
    await server.fault({ path: '/threads', delayMs: 300 });
    const started = performance.now();
    expect((await call(server, 'GET', '/threads?page=p')).status).to.equal(200);
    expect(performance.now() - started).to.be.at.least(290);
    const log = await server.requests();
    expect(log.map((r) => r.path)).to.deep.equal([
      '/threads',
      '/threads',
      '/threads',
      '/counts',
      '/threads',
      '/threads',
      '/threads',
    ]);
    expect(log[0]!.query).to.deep.equal({ page: 'p' });
  });

  it('lets a faulted answer follow real processing', async () => {
    const server = await testServer();
    const token = await session(server);
    await server.fault({ path: '/comments', afterProcessing: true, status: 503 });
    const body = { page: 'p', parentId: null, body: 'Hi', author: { name: 'A' } };
    expect((await post(server, token, body, 'k')).status).to.equal(503);
    expect(await server.comments('p')).to.have.length(1);
    const again = await post(server, token, body, 'k');
    expect(again.status).to.equal(201);
    expect(await server.comments('p')).to.have.length(1);
    const [logged] = (await server.requests()).filter((r) => r.path === '/comments');
    expect(logged!.body).to.deep.equal(body);
    expect(logged!.headers['idempotency-key']).to.equal('k');
  });

  it('passes the server’s events on, adds pushed ones between them, and drops streams', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    const { ids } = server;
    const source = new EventSource(`${server.endpoint}/events?page=p`);
    const received: Array<[string, unknown]> = [];
    const arrived = new Promise<void>((resolve) => {
      const note = (type: string) => (event: MessageEvent) => {
        received.push([type, JSON.parse(event.data)]);
        if (received.length === 3) resolve();
      };
      source.addEventListener('comment', note('comment'));
      source.addEventListener('vote', note('vote'));
    });
    await new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
    expect(await server.openStreams()).to.deep.equal(['p']);
    const token = await session(server);
    await post(server, token, { page: 'p', parentId: ids.a, body: 'Reply', author: { name: 'B' } });
    await call(server, 'PUT', `/comments/${ids.a}/vote`, { token, body: { value: 1 } });
    expect(await server.pushEvent('p', 'vote', { id: ids.a, votes: { up: 9, down: 0 } })).to.equal(
      1,
    );
    await arrived;
    expect(received[0]![0]).to.equal('comment');
    expect(received[0]![1]).to.include({ parentId: ids.a, body: 'Reply', mine: false });
    expect(received[1]).to.deep.equal(['vote', { id: ids.a, votes: { up: 1, down: 0 } }]);
    expect(received[2]).to.deep.equal(['vote', { id: ids.a, votes: { up: 9, down: 0 } }]);
    const errored = new Promise((resolve) => source.addEventListener('error', resolve));
    await server.dropStreams();
    await errored;
    source.close();
    expect(await server.openStreams()).to.deep.equal([]);
  });

  it('lays rewrites and seeded avatars over answers and events', async () => {
    const server = await testServer({
      threads: { p: [{ ref: 'a', author: { name: 'Ann', avatar: 'https://img.example/a.png' } }] },
    });
    const { ids } = server;
    await server.rewrite({ [ids.a]: { votes: { down: -3 }, createdAt: 'not a date' } });
    const [a] = (await thread(server, 'page=p')).comments;
    expect(a!.author).to.deep.equal({
      name: 'Ann',
      url: null,
      avatar: 'https://img.example/a.png',
    });
    expect(a!.votes).to.deep.equal({ up: 0, down: -3 });
    expect(a!.createdAt).to.equal('not a date');
    const stored = await server.comments('p');
    expect(stored[0]!.author.avatar).to.equal(null);
  });

  it('starts servers with the settings asked for: moderation, edit window, rate limits', async () => {
    const held = await testServer({ moderate: true, editWindowMs: 0 });
    const token = await session(held);
    const posted = await post(held, token, {
      page: 'p',
      parentId: null,
      body: 'Wait for it',
      author: { name: 'A' },
    });
    expect(posted.json.comment.status).to.equal('pending');
    expect((await thread(held, 'page=p')).total).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const late = await call(held, 'PATCH', `/comments/${posted.json.comment.id}`, {
      token,
      body: { body: 'Changed' },
    });
    expect(late.status).to.equal(403);

    const limited = await testServer({
      rateLimits: true,
      flags: ['--limit-sessions-ip', '1/1m'],
    });
    expect((await call(limited, 'POST', '/session')).status).to.equal(201);
    const refused = await call(limited, 'POST', '/session');
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('Retry-After'))).to.be.greaterThan(0);
    const unlimited = await testServer();
    await session(unlimited);
    await session(unlimited);
  });
});
