/**
 * POST /comments/{id}/reports over real HTTP: every answer the protocol names, what is stored,
 * and the rate limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../src/config.js';
import { type Answer, TestServer } from './support.js';

function assertError(answer: Answer, status: number, code: string, field?: string) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json.error.code, code, answer.text);
  assert.equal(typeof answer.json.error.message, 'string');
  if (field) assert.equal(typeof answer.json.error.fields?.[field], 'string', answer.text);
}

describe('reader reports', () => {
  let server: TestServer;
  let author: string;
  let reader: string;
  let comment: string;

  before(async () => {
    server = await TestServer.start();
    author = await server.session();
    reader = await server.session();
    comment = (await server.post(author, { page: 'post-reports', body: 'Buy cheap watches' })).json
      .comment.id;
  });
  after(() => server.stop());

  const report = (id: string, token: string | undefined, body: unknown) =>
    server.call('POST', `/comments/${id}/reports`, { token, body });
  const stored = () => server.count('reports');

  test('the first report is 201 {reported: true}; a repeat by the same reader is 200 and counts once', async () => {
    const first = await report(comment, reader, { reason: 'spam', note: '  link farm  ' });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.json, { reported: true });
    const again = await report(comment, reader, { reason: 'abuse' });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json, { reported: true });
    const rows = server.query<Record<string, unknown>>(
      'SELECT comment_id, reason, note, state, created_at FROM reports',
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { ...rows[0], created_at: typeof rows[0]!.created_at },
      {
        comment_id: Number(comment),
        reason: 'spam',
        note: 'link farm',
        state: 'open',
        created_at: 'number',
      },
    );
    // Another reader's report is another report.
    const third = await server.session();
    assert.equal((await report(comment, third, { reason: 'off_topic' })).status, 201);
    assert.equal(stored(), 2);
  });

  test('parallel repeats by one reader still count once', async () => {
    const [target, someone] = [
      (await server.post(author, { page: 'post-reports', body: 'Again' })).json.comment.id,
      await server.session(),
    ];
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => report(target, someone, { reason: 'other' })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(
      server.query('SELECT id FROM reports WHERE comment_id = ?', Number(target)).length,
      1,
    );
  });

  test('a bad reason, a note over 500 characters or holding NUL is 400 naming the field, and stores nothing', async () => {
    const before = stored();
    for (const [body, field] of [
      [{}, 'reason'],
      [{ reason: 'boring' }, 'reason'],
      [{ reason: 'SPAM' }, 'reason'],
      [{ reason: 1 }, 'reason'],
      [{ reason: 'spam', note: 'n'.repeat(501) }, 'note'],
      [{ reason: 'spam', note: 'a\u0000b' }, 'note'],
      [{ reason: 'spam', note: 42 }, 'note'],
    ] as const) {
      assertError(await report(comment, reader, body), 400, 'invalid_request', field);
    }
    // Exactly 500 characters, emoji counting one each, is fine.
    const someone = await server.session();
    assert.equal(
      (await report(comment, someone, { reason: 'other', note: '😀'.repeat(500) })).status,
      201,
    );
    assert.equal(stored(), before + 1);
  });

  test('without a reader token it is 401', async () => {
    assertError(await report(comment, undefined, { reason: 'spam' }), 401, 'unauthorized');
    assertError(await report(comment, 'A'.repeat(43), { reason: 'spam' }), 401, 'unauthorized');
  });

  test('reporting one’s own comment is 403', async () => {
    const before = stored();
    assertError(await report(comment, author, { reason: 'spam' }), 403, 'forbidden');
    assert.equal(stored(), before);
  });

  test('an unknown, malformed or deleted comment is 404', async () => {
    const before = stored();
    for (const id of ['987654', 'abc', '0', '-1']) {
      assertError(await report(id, reader, { reason: 'spam' }), 404, 'not_found');
    }
    const gone = (await server.post(author, { page: 'post-reports', body: 'Soon gone' })).json
      .comment.id;
    assert.equal((await server.call('DELETE', `/comments/${gone}`, { token: author })).status, 200);
    assertError(await report(gone, reader, { reason: 'spam' }), 404, 'not_found');
    assert.equal(stored(), before);
  });
});

describe('reader reports under moderation', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ moderation: 'hold' })));
  after(() => server.stop());

  test('someone else’s pending comment is 404; one’s own is 403', async () => {
    const author = await server.session();
    const reader = await server.session();
    const pending = (await server.post(author, { page: 'post-held-report' })).json.comment;
    assert.equal(pending.status, 'pending');
    const answer = await server.call('POST', `/comments/${pending.id}/reports`, {
      token: reader,
      body: { reason: 'spam' },
    });
    assert.equal(answer.status, 404, answer.text);
    const own = await server.call('POST', `/comments/${pending.id}/reports`, {
      token: author,
      body: { reason: 'spam' },
    });
    assert.equal(own.status, 403, own.text);
    assert.equal(server.count('reports'), 0);
  });
});

describe('reader reports are rate-limited', () => {
  let server: TestServer;
  before(
    async () =>
      (server = await TestServer.start({
        rateLimits: {
          ...DEFAULT_RATE_LIMITS,
          reportsPerToken: { max: 2, windowMs: 60_000 },
          reportsPerIp: { max: 3, windowMs: 60_000 },
        },
      })),
  );
  after(() => server.stop());

  test('per token, then per address: 429 with Retry-After, and nothing stored', async () => {
    const [author, first, second] = await server.tokensFor(3);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        (await server.post(author!, { page: 'post-limits', body: `c${i}` })).json.comment.id,
      );
    }
    const send = (id: string, token: string) =>
      server.call('POST', `/comments/${id}/reports`, { token, body: { reason: 'spam' } });
    assert.equal((await send(ids[0]!, first!)).status, 201);
    assert.equal((await send(ids[1]!, first!)).status, 201);
    const overToken = await send(ids[2]!, first!);
    assertError(overToken, 429, 'rate_limited');
    assert.ok(Number(overToken.headers.get('retry-after')) >= 1);
    assert.match(overToken.json.error.message, /reports/);
    // Another reader at the same address has room up to the address's limit.
    assert.equal((await send(ids[2]!, second!)).status, 201);
    assertError(await send(ids[3]!, second!), 429, 'rate_limited');
    assert.equal(server.count('reports'), 3);
  });
});
