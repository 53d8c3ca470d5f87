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
