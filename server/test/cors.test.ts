import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PAGE, pageQuery, TestServer } from './support.js';

const SITE = 'http://localhost:5173';
const STRANGER = 'https://evil.example';

describe('CORS allow-list', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await TestServer.start({ origins: [SITE] });
    token = await server.session();
  });
  after(() => server.stop());

  test('an allowed origin gets Access-Control-Allow-Origin for itself', async () => {
    const answer = await server.thread(pageQuery(), undefined);
    assert.equal(
      answer.headers.get('access-control-allow-origin'),
      null,
      'no Origin, no CORS header',
    );
    const allowed = await server.call('GET', `/threads?${pageQuery()}`, {
      headers: { origin: SITE },
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SITE);
    assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /Retry-After/i);
    assert.match(allowed.headers.get('vary') ?? '', /Origin/i);
  });

  test('a preflight from an allowed origin is answered with the methods and headers the widget uses', async () => {
    const answer = await server.call('OPTIONS', '/comments', {
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    assert.ok(answer.status === 204 || answer.status === 200, String(answer.status));
    assert.equal(answer.headers.get('access-control-allow-origin'), SITE);
    const methods = answer.headers.get('access-control-allow-methods') ?? '';
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
      assert.match(methods, new RegExp(method));
    const headers = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key'])
      assert.ok(headers.includes(header));
    assert.equal(
      answer.headers.get('access-control-allow-credentials'),
      null,
      'no cookies, no credentials',
    );
  });

  test('a preflight from another origin is 403 without CORS headers', async () => {
    const answer = await server.call('OPTIONS', '/comments', {
      headers: { origin: STRANGER, 'access-control-request-method': 'POST' },
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'forbidden');
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
  });

  test('writes from another origin are 403 and change nothing', async () => {
    const id = (await server.post(token, { body: 'kept' })).json.comment.id;
    const before = {
      comments: server.count('comments'),
      votes: server.count('votes'),
      tokens: server.count('tokens'),
    };
    const headers = { origin: STRANGER };
    const attempts = [
      server.call('POST', '/session', { headers }),
      server.call('POST', '/comments', {
        token,
        headers,
        body: { page: PAGE, parentId: null, body: 'intruder', author: { name: 'X' } },
      }),
      server.call('PATCH', `/comments/${id}`, { token, headers, body: { body: 'changed' } }),
      server.call('DELETE', `/comments/${id}`, { token, headers }),
      server.call('PUT', `/comments/${id}/vote`, { token, headers, body: { value: 1 } }),
      server.call('GET', `/threads?${pageQuery()}`, { headers }),
    ];
    for (const answer of await Promise.all(attempts)) {
      assert.equal(answer.status, 403, answer.text);
      assert.equal(answer.json.error.code, 'forbidden');
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
    assert.deepEqual(
      {
        comments: server.count('comments'),
        votes: server.count('votes'),
        tokens: server.count('tokens'),
      },
      before,
    );
    const row = server.query<{ body: string; status: string }>(
      'SELECT body, status FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.deepEqual({ ...row }, { body: 'kept', status: 'published' });
  });

  test('the literal origin "null" (sandboxed frames, files) is refused', async () => {
    const answer = await server.call('GET', `/threads?${pageQuery()}`, {
      headers: { origin: 'null' },
    });
    assert.equal(answer.status, 403);
  });

  test('requests without Origin (curl, server-to-server) are served', async () => {
    const answer = await server.post(token, { body: 'from curl' });
    assert.equal(answer.status, 201);
  });
});

describe('CORS with * configured explicitly', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ origins: ['*'] })));
  after(() => server.stop());

  test('every origin is served', async () => {
    const answer = await server.call('GET', `/threads?${pageQuery()}`, {
      headers: { origin: STRANGER },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), '*');
  });
});
