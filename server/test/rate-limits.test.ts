import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../src/config.js';
import { TestServer } from './support.js';

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        sessionsPerIp: { max: 3, windowMs: 60_000 },
        postsPerToken: { max: 2, windowMs: 60_000 },
        postsPerIp: { max: 4, windowMs: 60_000 },
        votesPerToken: { max: 3, windowMs: 60_000 },
      },
    });
  });
  after(() => server.stop());

  test('sessions are limited per address: 429 with Retry-After and the error body', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.call('POST', '/session')).status);
    assert.deepEqual(statuses, [201, 201, 201]);
    const tokensBefore = server.count('tokens');
    const refused = await server.call('POST', '/session');
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      String(retryAfter),
    );
    assert.equal(server.count('tokens'), tokensBefore, 'a refused request stores nothing');
  });

  test('posts are limited per token, then per address', async () => {
    const [first, second, third] = await server.tokensFor(3);
    assert.equal((await server.post(first!)).status, 201);
    assert.equal((await server.post(first!)).status, 201);
    const overToken = await server.post(first!);
    assert.equal(overToken.status, 429);
    assert.ok(overToken.headers.get('retry-after'));
    // Another token from the same address still has room, up to the address limit.
    assert.equal((await server.post(second!)).status, 201);
    assert.equal((await server.post(second!)).status, 201);
    const overAddress = await server.post(third!);
    assert.equal(overAddress.status, 429);
    assert.match(overAddress.json.error.message, /comments/);
    assert.equal(server.count('comments'), 4);
  });

  test('votes are limited per token', async () => {
    const id = server.query<{ id: number }>('SELECT id FROM comments LIMIT 1')[0]!.id;
    const [voter] = await server.tokensFor(1);
    const statuses = [];
    for (const value of [1, -1, 0, 1]) {
      statuses.push(
        (await server.call('PUT', `/comments/${id}/vote`, { token: voter, body: { value } }))
          .status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  test('reads are not limited', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => server.call('GET', '/threads?page=x')),
    );
    assert.ok(answers.every((answer) => answer.status === 200));
  });
});

describe('--no-rate-limit', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ rateLimits: null })));
  after(() => server.stop());

  test('turns every limit off', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => server.call('POST', '/session')),
    );
    assert.ok(answers.every((answer) => answer.status === 201));
  });
});

/** A request by inject, from a client address of the test's choosing. */
async function from(
  server: TestServer,
  address: string,
  method: 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  authorization: string,
  body?: object,
): Promise<number> {
  const answer = await server.app.inject({
    method,
    url,
    remoteAddress: address,
    headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return answer.statusCode;
}

describe('rate limits keyed by the token itself (issue 15, item 7)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        postsPerToken: { max: 2, windowMs: 60_000 },
        postsPerIp: { max: 100_000, windowMs: 60_000 },
        // An hour, not a minute: the 6,000 votes below took 66 s on a loaded machine, and a
        // window that lapsed meanwhile forgot the first token for a reason other than the store.
        votesPerToken: { max: 1, windowMs: 60 * 60_000 },
        votesPerIp: { max: 100_000, windowMs: 60 * 60_000 },
      },
    });
  });
  after(() => server.stop());

  test('Bearer with two spaces, bearer and BEARER share one allowance', async () => {
    const [token] = await server.tokensFor(1);
    const comment = { page: 'keyed', parentId: null, body: 'x', author: { name: 'Ada' } };
    const post = (header: string) => from(server, '10.0.0.1', 'POST', '/comments', header, comment);
    assert.equal(await post(`Bearer ${token}`), 201);
    assert.equal(await post(`Bearer  ${token}`), 201);
    assert.equal(await post(`bearer ${token}`), 429);
    assert.equal(await post(`BEARER ${token}`), 429);
    assert.equal(await post(`Bearer ${token} `), 429);
  });

  test('each limiter remembers 50,000 keys, not the plugin default of 5,000', async () => {
    const [first] = await server.tokensFor(1);
    const vote = (token: string) =>
      from(server, '10.0.0.2', 'PUT', '/comments/1/vote', `Bearer ${token}`, { value: 1 });
    assert.notEqual(await vote(first!), 429);
    // 6,000 other tokens (unknown ones: each is counted, then refused 401).
    for (let i = 0; i < 6_000; i += 1) {
      await vote(Buffer.from(`other token ${i}`.padEnd(32, '.')).toString('base64url'));
    }
    assert.equal(await vote(first!), 429, 'the first token was forgotten');
  });
});

describe('edits and deletes are rate limited (issue 15, item 2)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        editsPerToken: { max: 3, windowMs: 60_000 },
        editsPerIp: { max: 5, windowMs: 60_000 },
      },
    });
  });
  after(() => server.stop());

  test('per token, then per address; a refused edit changes nothing', async () => {
    const [alice, bob] = await server.tokensFor(2);
    const id = (await server.post(alice!)).json.comment.id as string;
    const other = (await server.post(bob!)).json.comment.id as string;
    const edit = (token: string, target: string, body: string) =>
      from(server, '10.0.1.1', 'PATCH', `/comments/${target}`, `Bearer ${token}`, { body });
    assert.equal(await edit(alice!, id, 'one'), 200);
    assert.equal(await edit(alice!, id, 'two'), 200);
    assert.equal(await edit(alice!, id, 'three'), 200);
    assert.equal(await edit(alice!, id, 'four'), 429);
    assert.equal(
      server.query<{ body: string }>('SELECT body FROM comments WHERE id = ?', id)[0]!.body,
      'three',
    );
    // Deletes share the allowance; bob has his own, until the address's runs out.
    assert.equal(await edit(bob!, other, 'edited'), 200);
    assert.equal(await edit(bob!, other, 'again'), 200);
    const remove = (address: string) =>
      from(server, address, 'DELETE', `/comments/${other}`, `Bearer ${bob}`);
    assert.equal(await remove('10.0.1.1'), 429, 'the address has made 5 changes');
    assert.equal(await remove('10.0.1.2'), 429, 'bob has made 3');
    const [row] = server.query<{ status: string }>(
      'SELECT status FROM comments WHERE id = ?',
      other,
    );
    assert.equal(row!.status, 'published');
  });
});

describe('votes on one comment per address (issue 15, item 8)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      rateLimits: { ...DEFAULT_RATE_LIMITS, votersPerIp: { max: 3, windowMs: 86_400_000 } },
    });
  });
  after(() => server.stop());

  test('at most 3 tokens of one /64 vote on a comment; changing a vote and own votes stay allowed', async () => {
    const tokens = await server.tokensFor(6);
    const id = (await server.post(tokens[0]!)).json.comment.id as string;
    const elsewhere = (await server.post(tokens[0]!)).json.comment.id as string;
    const vote = (address: string, token: string, value: number, target = id) =>
      from(server, address, 'PUT', `/comments/${target}/vote`, `Bearer ${token}`, { value });
    // The author votes on their own comment, as the protocol allows.
    assert.equal(await vote('2001:db8:1:2::1', tokens[0]!, 1), 200);
    assert.equal(await vote('2001:db8:1:2::2', tokens[1]!, 1), 200);
    assert.equal(await vote('2001:db8:1:2:ffff::3', tokens[2]!, 1), 200);
    assert.equal(await vote('2001:db8:1:2::4', tokens[3]!, 1), 429);
    // Those who voted may change their vote; another network and another comment are apart.
    assert.equal(await vote('2001:db8:1:2::2', tokens[1]!, -1), 200);
    assert.equal(await vote('2001:db8:1:3::4', tokens[3]!, 1), 200);
    assert.equal(await vote('2001:db8:1:2::5', tokens[4]!, 1, elsewhere), 200);
    const [row] = server.query<{ up: number; down: number }>(
      'SELECT up, down FROM comments WHERE id = ?',
      id,
    );
    assert.deepEqual({ ...row }, { up: 3, down: 1 });
  });
});

describe('--no-rate-limit and the voters limit', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ rateLimits: null })));
  after(() => server.stop());

  test('any number of tokens of one address may vote on a comment', async () => {
    const tokens = await server.tokensFor(8);
    const id = (await server.post(tokens[0]!)).json.comment.id as string;
    for (const token of tokens) {
      assert.equal(
        await from(server, '192.0.2.7', 'PUT', `/comments/${id}/vote`, `Bearer ${token}`, {
          value: 1,
        }),
        200,
      );
    }
  });
});

describe('behind a proxy (issue 15, item 4)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      trustProxy: 1,
      rateLimits: { ...DEFAULT_RATE_LIMITS, sessionsPerIp: { max: 2, windowMs: 60_000 } },
    });
  });
  after(() => server.stop());

  test('a forged X-Forwarded-For entry buys no fresh allowance: the proxy-seen address counts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const answer = await server.app.inject({
        method: 'POST',
        url: '/session',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
      });
      statuses.push(answer.statusCode);
    }
    assert.deepEqual(statuses, [201, 201, 429, 429]);
  });
});
