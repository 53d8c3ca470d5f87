import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Comment } from '../../src/protocol/index.js';
import { signSsoToken } from '../src/sso.js';
import { PAGE, pageQuery, TestServer } from './support.js';
import { send } from './support/http.js';

function assertError(answer: { status: number; json: unknown }, status: number, code: string) {
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  const body = answer.json as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
}

describe('sessions', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(() => server.stop());

  test('POST /session answers 201 with a fresh random token, stored only as a hash', async () => {
    const first = await server.call('POST', '/session');
    const second = await server.call('POST', '/session', { body: {} });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.match(first.json.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(first.json.name, null);
    assert.notEqual(first.json.token, second.json.token);
    const rows = server.query<{ hash: Buffer }>('SELECT hash FROM tokens');
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.hash.length, 32);
      assert.ok(!row.hash.toString('latin1').includes(first.json.token));
    }
  });

  test('an sso token is refused when the server has no SSO secret', async () => {
    const answer = await server.call('POST', '/session', { body: { sso: 'a.b' } });
    assertError(answer, 400, 'invalid_request');
    assert.ok(answer.json.error.fields.sso);
  });
});

describe('posting and reading a thread', () => {
  let server: TestServer;
  let ada: string;
  let bob: string;
  before(async () => {
    server = await TestServer.start();
    ada = await server.session();
    bob = await server.session();
  });
  after(() => server.stop());

  test('an unknown page is an empty thread, not an error', async () => {
    const answer = await server.thread(pageQuery('https://example.com/nothing-here'));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, {
      page: 'https://example.com/nothing-here',
      locked: false,
      total: 0,
      comments: [],
      nextCursor: null,
    });
    assert.match(answer.headers.get('content-type')!, /^application\/json; charset=utf-8/);
  });

  test('POST /comments answers 201 with the comment as the protocol shapes it', async () => {
    const answer = await server.call('POST', '/comments', {
      token: ada,
      body: {
        page: PAGE,
        parentId: null,
        body: '  Hello **world**\n',
        author: { name: ' Ada ', email: 'ada@example.com', url: 'https://ada.example/' },
      },
    });
    assert.equal(answer.status, 201);
    const comment = answer.json.comment as Comment;
    assert.equal(typeof comment.id, 'string');
    assert.equal(comment.parentId, null);
    assert.deepEqual(comment.author, { name: 'Ada', url: 'https://ada.example/', avatar: null });
    assert.equal(comment.body, '  Hello **world**\n', 'the body is stored as written');
    assert.equal(comment.status, 'published');
    assert.deepEqual(comment.votes, { up: 0, down: 0 });
    assert.equal(comment.myVote, 0);
    assert.equal(comment.mine, true);
    assert.equal(comment.editedAt, null);
    assert.ok(Math.abs(Date.parse(comment.createdAt) - Date.now()) < 60_000);
    assert.match(comment.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(!answer.text.includes('ada@example.com'), 'the email is never returned');
  });

  test('the thread shows the comment to everyone, `mine` only to its author', async () => {
    const anonymous = await server.thread(pageQuery());
    assert.equal(anonymous.json.total, 1);
    assert.equal(anonymous.json.comments[0].mine, false);
    const author = await server.thread(pageQuery(), ada);
    assert.equal(author.json.comments[0].mine, true);
    const other = await server.thread(pageQuery(), bob);
    assert.equal(other.json.comments[0].mine, false);
    assert.ok(!anonymous.text.includes('ada@example.com'));
  });

  test('the page key is normalised: another spelling of the URL is the same thread', async () => {
    const answer = await server.thread(
      pageQuery('HTTP://LOCALHOST:5173/articles/test.html/?utm=1#comments'),
    );
    assert.equal(answer.json.page, PAGE);
    assert.equal(answer.json.total, 1);
  });

  test('replies come after their parent, oldest first, and total counts them', async () => {
    const page = 'post-replies';
    const top = (await server.post(ada, { page, body: 'top' })).json.comment.id;
    const r1 = (await server.post(bob, { page, parentId: top, body: 'r1' })).json.comment.id;
    const r2 = (await server.post(ada, { page, parentId: top, body: 'r2' })).json.comment.id;
    const r11 = (await server.post(ada, { page, parentId: r1, body: 'r1.1' })).json.comment.id;
    const second = (await server.post(bob, { page, body: 'second top' })).json.comment.id;
    const answer = await server.thread(pageQuery(page));
    assert.equal(answer.json.total, 5);
    assert.deepEqual(
      answer.json.comments.map((c: Comment) => c.id),
      [top, r1, r11, r2, second],
    );
    assert.equal(answer.json.comments[1].parentId, top);
    assert.equal(answer.json.comments[2].parentId, r1);
  });

  test('a reply to a parent on another page, missing or malformed is 400 naming parentId, and stores nothing', async () => {
    const other = (await server.post(ada, { page: 'post-other' })).json.comment.id;
    const before = server.count('comments');
    for (const parentId of [other, '999999', 'abc', '-1', '0', '99999999999999999999']) {
      const answer = await server.post(ada, { page: 'post-parent-check', parentId });
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields.parentId, parentId);
    }
    assert.equal(server.count('comments'), before);
    assert.equal(server.query('SELECT 1 FROM pages WHERE key = ?', 'post-parent-check').length, 0);
  });

  test('a reply to a deleted comment is refused', async () => {
    const page = 'post-deleted-parent';
    const parent = (await server.post(ada, { page })).json.comment.id;
    assert.equal((await server.call('DELETE', `/comments/${parent}`, { token: ada })).status, 200);
    const answer = await server.post(bob, { page, parentId: parent });
    assertError(answer, 400, 'invalid_request');
    assert.match(answer.json.error.fields.parentId, /deleted/);
  });

  test('writes without a token are 401; with an unknown or malformed token too', async () => {
    const before = server.count('comments');
    const none = await server.call('POST', '/comments', {
      body: { page: PAGE, parentId: null, body: 'x', author: { name: 'x' } },
    });
    assertError(none, 401, 'unauthorized');
    const unknown = await server.post('A'.repeat(43));
    assertError(unknown, 401, 'unauthorized');
    const malformed = await server.post('not a token');
    assertError(malformed, 401, 'unauthorized');
    assertError(
      await server.call('PUT', '/comments/1/vote', { body: { value: 1 } }),
      401,
      'unauthorized',
    );
    assertError(
      await server.call('PATCH', '/comments/1', { body: { body: 'x' } }),
      401,
      'unauthorized',
    );
    assertError(await server.call('DELETE', '/comments/1'), 401, 'unauthorized');
    assert.equal(server.count('comments'), before);
  });

  test('a token in a cookie is not a token', async () => {
    const answer = await server.call('POST', '/comments', {
      headers: { cookie: `token=${ada}` },
      body: { page: PAGE, parentId: null, body: 'x', author: { name: 'x' } },
    });
    assertError(answer, 401, 'unauthorized');
  });

  test('reading with an unknown token is an anonymous read', async () => {
    const answer = await server.thread(pageQuery(), 'B'.repeat(43));
    assert.equal(answer.status, 200);
    assert.equal(answer.json.comments[0].mine, false);
  });
});

describe('validation', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await TestServer.start();
    token = await server.session();
  });
  after(() => server.stop());

  const good = { page: PAGE, parentId: null, body: 'fine', author: { name: 'Ada' } };
  const cases: Array<[string, unknown, string]> = [
    ['missing body', { ...good, body: undefined }, 'body'],
    ['body of spaces', { ...good, body: '   \n ' }, 'body'],
    ['body too long', { ...good, body: 'x'.repeat(10_001) }, 'body'],
    ['body of the wrong type', { ...good, body: 42 }, 'body'],
    ['body with NUL', { ...good, body: 'a\u0000b' }, 'body'],
    ['name empty', { ...good, author: { name: ' ' } }, 'author.name'],
    ['name too long', { ...good, author: { name: 'n'.repeat(65) } }, 'author.name'],
    ['name missing', { ...good, author: {} }, 'author.name'],
    ['author missing', { ...good, author: undefined }, 'author'],
    ['url not http', { ...good, author: { name: 'A', url: 'javascript:alert(1)' } }, 'author.url'],
    [
      'url too long',
      { ...good, author: { name: 'A', url: `https://e.com/${'a'.repeat(512)}` } },
      'author.url',
    ],
    ['email malformed', { ...good, author: { name: 'A', email: 'nope' } }, 'author.email'],
    ['page empty', { ...good, page: '' }, 'page'],
    ['page too long', { ...good, page: 'p'.repeat(513) }, 'page'],
    ['page of the wrong type', { ...good, page: ['a'] }, 'page'],
    ['parentId of the wrong type', { ...good, parentId: 7 }, 'parentId'],
  ];
  for (const [name, body, field] of cases) {
    test(`POST /comments: ${name} is 400 naming ${field}`, async () => {
      const answer = await server.call('POST', '/comments', { token, body });
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields?.[field], JSON.stringify(answer.json));
      assert.equal(server.count('comments'), 0);
    });
  }

  test('POST /comments names every field at fault in one answer', async () => {
    const answer = await server.call('POST', '/comments', {
      token,
      body: { ...good, body: '  ', author: { name: '', url: 'ftp://x', email: 'nope' } },
    });
    assertError(answer, 400, 'invalid_request');
    assert.deepEqual(Object.keys(answer.json.error.fields ?? {}).sort(), [
      'author.email',
      'author.name',
      'author.url',
      'body',
    ]);
    assert.equal(server.count('comments'), 0);
  });

  test('a body of exactly 10,000 characters (emoji count as one) is accepted', async () => {
    const answer = await server.post(token, { body: '😀'.repeat(10_000) });
    assert.equal(answer.status, 201);
  });

  test('unknown properties are ignored', async () => {
    const answer = await server.call('POST', '/comments', {
      token,
      body: { ...good, extra: { x: 1 } },
    });
    assert.equal(answer.status, 201);
  });

  test('non-JSON bodies are 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const answer = await server.call('POST', '/comments', {
        token,
        raw: JSON.stringify(good),
        headers: { 'content-type': type },
      });
      assertError(answer, 415, 'unsupported_media_type');
    }
    const vote = await server.call('PUT', '/comments/1/vote', {
      token,
      raw: '{"value":1}',
      headers: { 'content-type': 'text/plain' },
    });
    assertError(vote, 415, 'unsupported_media_type');
  });

  test('malformed JSON, invalid UTF-8 and deep nesting are 400', async () => {
    const before = server.count('comments');
    const bodies: Array<string | Buffer> = [
      '{"page":',
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      '['.repeat(60_000),
      'null',
      '[]',
      '"text"',
    ];
    for (const raw of bodies) {
      const answer = await server.call('POST', '/comments', {
        token,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      assertError(answer, 400, 'invalid_request');
    }
    assert.equal(server.count('comments'), before);
  });

  test('a body over 64 KiB is 413', async () => {
    const before = server.count('comments');
    // The server refuses by Content-Length and closes without reading the body, so the upload
    // can fail under the client, and the answer go down with the connection: that is the refusal too.
    const answer = await send(server.base, {
      method: 'POST',
      path: '/comments',
      headers: { authorization: `Bearer ${token}` },
      body: { ...good, body: 'x'.repeat(70 * 1024) },
      mayCloseEarly: true,
    });
    if (!answer.closedEarly) assertError(answer, 413, 'payload_too_large');
    assert.equal(server.count('comments'), before);
  });

  test('oversized headers get the protocol error body', async () => {
    const answer = await server.call('GET', `/threads?${pageQuery()}`, {
      headers: { 'x-filler': 'x'.repeat(20_000) },
    });
    assertError(answer, 400, 'invalid_request');
  });

  test('GET /threads validates sort, limit, cursor and page', async () => {
    const bad: Array<[string, string]> = [
      [pageQuery(PAGE, '&sort=best'), 'sort'],
      [pageQuery(PAGE, '&limit=0'), 'limit'],
      [pageQuery(PAGE, '&limit=201'), 'limit'],
      [pageQuery(PAGE, '&limit=ten'), 'limit'],
      [pageQuery(PAGE, '&limit=-1'), 'limit'],
      [pageQuery(PAGE, '&cursor=bm9wZQ'), 'cursor'],
      [pageQuery(PAGE, '&cursor=%%%'), 'cursor'],
      ['', 'page'],
      [`page=${'p'.repeat(513)}`, 'page'],
      [`page=a&page=b`, 'page'],
    ];
    for (const [query, field] of bad) {
      const answer = await server.thread(query);
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields?.[field], `${query}: ${answer.text}`);
    }
    assert.equal((await server.thread(pageQuery(PAGE, '&limit=200'))).status, 200);
  });

  test('unknown endpoints are 404 with the error body', async () => {
    assertError(await server.call('GET', '/nope'), 404, 'not_found');
    assertError(await server.call('POST', '/threads'), 404, 'not_found');
  });

  test('security headers are set and no stack trace leaks', async () => {
    const answer = await server.call('GET', '/nope');
    assert.match(answer.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(answer.headers.get('x-request-id'));
    assert.ok(!answer.text.includes(' at '));
  });
});

describe('sorting and paging', () => {
  let server: TestServer;
  let token: string;
  const page = 'post-paging';
  const ids: string[] = [];
  before(async () => {
    server = await TestServer.start();
    token = await server.session();
    for (let i = 0; i < 7; i++) {
      const id = (await server.post(token, { page, body: `top ${i}` })).json.comment.id;
      ids.push(id);
      await server.post(token, { page, parentId: id, body: `reply to ${i}` });
    }
    // Scores: comment 3 gets +2, comment 5 gets +1, comment 1 gets -1.
    const voters = await Promise.all([server.session(), server.session()]);
    for (const voter of voters) {
      await server.call('PUT', `/comments/${ids[3]}/vote`, { token: voter, body: { value: 1 } });
    }
    await server.call('PUT', `/comments/${ids[5]}/vote`, { token: voters[0], body: { value: 1 } });
    await server.call('PUT', `/comments/${ids[1]}/vote`, { token: voters[0], body: { value: -1 } });
  });
  after(() => server.stop());

  const tops = (comments: Comment[]) =>
    comments.filter((c) => c.parentId === null).map((c) => c.id);

  test('oldest (the default), newest and top order the top-level comments', async () => {
    const oldest = await server.thread(pageQuery(page));
    assert.deepEqual(tops(oldest.json.comments), ids);
    const newest = await server.thread(pageQuery(page, '&sort=newest'));
    assert.deepEqual(tops(newest.json.comments), [...ids].reverse());
    const top = await server.thread(pageQuery(page, '&sort=top'));
    assert.deepEqual(tops(top.json.comments), [
      ids[3],
      ids[5],
      ids[0],
      ids[2],
      ids[4],
      ids[6],
      ids[1],
    ]);
    // Each top-level comment is followed by its reply.
    for (const answer of [oldest, newest, top]) {
      const comments = answer.json.comments as Comment[];
      for (let i = 0; i < comments.length; i += 2)
        assert.equal(comments[i + 1]!.parentId, comments[i]!.id);
    }
  });

  test('limit counts top-level comments; the cursor walks every page exactly once', async () => {
    for (const sort of ['oldest', 'newest', 'top']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer = await server.thread(
          pageQuery(page, `&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`),
        );
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.json.total, 14);
        assert.ok(tops(answer.json.comments).length <= 3);
        assert.equal(answer.json.comments.length, tops(answer.json.comments).length * 2);
        seen.push(...tops(answer.json.comments));
        cursor = answer.json.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3, sort);
      assert.deepEqual([...seen].sort(), [...ids].sort(), sort);
    }
  });

  test('a cursor stays correct while comments are added', async () => {
    const first = await server.thread(pageQuery(page, '&limit=2'));
    const cursor = first.json.nextCursor as string;
    await server.post(token, { page, body: 'late arrival' });
    const next = await server.thread(pageQuery(page, `&limit=2&cursor=${cursor}`));
    assert.deepEqual(tops(next.json.comments), [ids[2], ids[3]]);

    const newestFirst = await server.thread(pageQuery(page, '&sort=newest&limit=2'));
    await server.post(token, { page, body: 'later still' });
    const newestNext = await server.thread(
      pageQuery(page, `&sort=newest&limit=2&cursor=${newestFirst.json.nextCursor}`),
    );
    const firstTops = tops(newestFirst.json.comments);
    const nextTops = tops(newestNext.json.comments);
    assert.ok(!nextTops.some((id) => firstTops.includes(id)), 'no comment repeats');
    assert.ok(
      Number(nextTops[0]) < Number(firstTops.at(-1)),
      'the next page continues where the first ended',
    );
  });

  test('a cursor of one sort order is refused by another', async () => {
    const first = await server.thread(pageQuery(page, '&limit=2'));
    const answer = await server.thread(
      pageQuery(page, `&sort=top&cursor=${first.json.nextCursor}`),
    );
    assertError(answer, 400, 'invalid_request');
  });
});

describe('editing and deleting', () => {
  let server: TestServer;
  let ada: string;
  let bob: string;
  before(async () => {
    server = await TestServer.start({ editWindowMs: 1500 });
    ada = await server.session();
    bob = await server.session();
  });
  after(() => server.stop());

  test('the author edits within the window; editedAt is set', async () => {
    const id = (await server.post(ada)).json.comment.id;
    const answer = await server.call('PATCH', `/comments/${id}`, {
      token: ada,
      body: { body: 'edited' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.comment.body, 'edited');
    assert.equal(answer.json.comment.mine, true);
    assert.ok(answer.json.comment.editedAt);
    const thread = await server.thread(pageQuery());
    assert.equal(thread.json.comments.find((c: Comment) => c.id === id).body, 'edited');
  });

  test('someone else cannot edit or delete: 403, nothing changed', async () => {
    const id = (await server.post(ada, { body: 'original' })).json.comment.id;
    assertError(
      await server.call('PATCH', `/comments/${id}`, { token: bob, body: { body: 'hijacked' } }),
      403,
      'forbidden',
    );
    assertError(await server.call('DELETE', `/comments/${id}`, { token: bob }), 403, 'forbidden');
    const row = server.query<{ body: string; status: string }>(
      'SELECT body, status FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.deepEqual({ ...row }, { body: 'original', status: 'published' });
  });

  test('a missing comment is 404 for edit, delete and vote', async () => {
    for (const id of ['424242', 'abc', '-5']) {
      assertError(
        await server.call('PATCH', `/comments/${id}`, { token: ada, body: { body: 'x' } }),
        404,
        'not_found',
      );
      assertError(await server.call('DELETE', `/comments/${id}`, { token: ada }), 404, 'not_found');
      assertError(
        await server.call('PUT', `/comments/${id}/vote`, { token: ada, body: { value: 1 } }),
        404,
        'not_found',
      );
    }
  });

  test('an edit with an invalid body is 400', async () => {
    const id = (await server.post(ada)).json.comment.id;
    const answer = await server.call('PATCH', `/comments/${id}`, {
      token: ada,
      body: { body: '' },
    });
    assertError(answer, 400, 'invalid_request');
    assert.ok(answer.json.error.fields.body);
  });

  test('after the edit window the author gets 403', async () => {
    const id = (await server.post(ada)).json.comment.id;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const answer = await server.call('PATCH', `/comments/${id}`, {
      token: ada,
      body: { body: 'too late' },
    });
    assertError(answer, 403, 'forbidden');
    // Deleting has no time limit.
    assert.equal((await server.call('DELETE', `/comments/${id}`, { token: ada })).status, 200);
  });

  test('a deleted comment without replies leaves the thread; DELETE answers it as deleted', async () => {
    const page = 'post-delete-leaf';
    const id = (await server.post(ada, { page, body: 'secret' })).json.comment.id;
    const answer = await server.call('DELETE', `/comments/${id}`, { token: ada });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.comment.id, id);
    assert.equal(answer.json.comment.status, 'deleted');
    assert.equal(answer.json.comment.body, '');
    const thread = await server.thread(pageQuery(page));
    assert.equal(thread.json.total, 0);
    assert.deepEqual(thread.json.comments, []);
    const stored = server.query<{ body: string; author_name: string }>(
      'SELECT body, author_name FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.equal(stored.body, '', 'the text is gone from the database too');
    assert.equal(stored.author_name, '');
    // Deleting again changes nothing and still answers.
    assert.equal(
      (await server.call('DELETE', `/comments/${id}`, { token: ada })).json.comment.status,
      'deleted',
    );
  });

  test('a deleted comment with replies stays as a tombstone', async () => {
    const page = 'post-tombstone';
    const parent = (await server.post(ada, { page, body: 'parent text' })).json.comment.id;
    const reply = (await server.post(bob, { page, parentId: parent, body: 'reply' })).json.comment
      .id;
    const answer = await server.call('DELETE', `/comments/${parent}`, { token: ada });
    assert.equal(answer.json.comment.status, 'deleted');
    assert.equal(answer.json.comment.author.name, '');
    const thread = await server.thread(pageQuery(page));
    // The tombstone is shown but not counted: only the reply is a readable comment.
    assert.equal(thread.json.total, 1);
    const [tombstone, child] = thread.json.comments as Comment[];
    assert.equal(tombstone!.id, parent);
    assert.equal(tombstone!.status, 'deleted');
    assert.equal(tombstone!.body, '');
    assert.deepEqual(tombstone!.author, { name: '', url: null, avatar: null });
    assert.equal(child!.id, reply);
    assertError(
      await server.call('PATCH', `/comments/${parent}`, { token: ada, body: { body: 'back' } }),
      403,
      'forbidden',
    );
    // When the last reply goes, the tombstone goes too.
    await server.call('DELETE', `/comments/${reply}`, { token: bob });
    assert.equal((await server.thread(pageQuery(page))).json.total, 0);
  });
});

describe('votes', () => {
  let server: TestServer;
  let ada: string;
  let bob: string;
  let id: string;
  before(async () => {
    server = await TestServer.start();
    ada = await server.session();
    bob = await server.session();
    id = (await server.post(ada, { page: 'post-votes' })).json.comment.id;
  });
  after(() => server.stop());

  const vote = (token: string, value: unknown) =>
    server.call('PUT', `/comments/${id}/vote`, { token, body: { value } });

  test('one vote per token; repeating changes nothing; 0 withdraws; changing moves the counts', async () => {
    assert.deepEqual((await vote(bob, 1)).json, { votes: { up: 1, down: 0 }, myVote: 1 });
    assert.deepEqual((await vote(bob, 1)).json, { votes: { up: 1, down: 0 }, myVote: 1 });
    assert.deepEqual((await vote(ada, -1)).json, { votes: { up: 1, down: 1 }, myVote: -1 });
    assert.deepEqual((await vote(bob, -1)).json, { votes: { up: 0, down: 2 }, myVote: -1 });
    assert.deepEqual((await vote(bob, 0)).json, { votes: { up: 0, down: 1 }, myVote: 0 });
    assert.deepEqual((await vote(bob, 0)).json, { votes: { up: 0, down: 1 }, myVote: 0 });
    assert.equal(server.count('votes'), 1);
  });

  test('myVote in the thread is the caller’s own', async () => {
    const asAda = await server.thread(pageQuery('post-votes'), ada);
    assert.equal(asAda.json.comments[0].myVote, -1);
    const asBob = await server.thread(pageQuery('post-votes'), bob);
    assert.equal(asBob.json.comments[0].myVote, 0);
    const anonymous = await server.thread(pageQuery('post-votes'));
    assert.equal(anonymous.json.comments[0].myVote, 0);
    assert.deepEqual(anonymous.json.comments[0].votes, { up: 0, down: 1 });
  });

  test('values other than -1, 0, 1 are 400 naming value', async () => {
    for (const value of [2, -2, '1', 0.5, null, true]) {
      const answer = await vote(bob, value);
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields.value);
    }
    assertError(
      await server.call('PUT', `/comments/${id}/vote`, { token: bob, body: {} }),
      400,
      'invalid_request',
    );
  });

  test('a deleted comment cannot be voted on', async () => {
    const page = 'post-votes-deleted';
    const parent = (await server.post(ada, { page })).json.comment.id;
    await server.post(bob, { page, parentId: parent });
    await server.call('DELETE', `/comments/${parent}`, { token: ada });
    const answer = await server.call('PUT', `/comments/${parent}/vote`, {
      token: bob,
      body: { value: 1 },
    });
    assertError(answer, 403, 'forbidden');
  });
});

describe('counts', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(() => server.stop());

  test('GET /counts answers visible totals keyed by the keys as sent', async () => {
    const token = await server.session();
    await server.post(token, { page: 'https://example.com/a' });
    await server.post(token, { page: 'https://example.com/a' });
    await server.post(token, { page: 'post-7' });
    const answer = await server.call(
      'GET',
      `/counts?page=${encodeURIComponent('https://EXAMPLE.com/a/')}&page=post-7&page=unknown&page=__proto__`,
    );
    assert.equal(answer.status, 200);
    // Parsed, so that __proto__ is an own key as on the wire.
    const expected = JSON.parse(
      '{"counts":{"https://EXAMPLE.com/a/":2,"post-7":1,"unknown":0,"__proto__":0}}',
    );
    assert.deepEqual(answer.json, expected);
  });

  test('more than 100 pages, or none, is 400', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `page=p${i}`).join('&');
    assertError(await server.call('GET', `/counts?${many}`), 400, 'invalid_request');
    assertError(await server.call('GET', '/counts'), 400, 'invalid_request');
    const hundred = Array.from({ length: 100 }, (_, i) => `page=p${i}`).join('&');
    assert.equal((await server.call('GET', `/counts?${hundred}`)).status, 200);
  });
});

describe('moderation hold', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ moderation: 'hold' })));
  after(() => server.stop());

  test('a held comment is pending and visible only to its author', async () => {
    const ada = await server.session();
    const bob = await server.session();
    const posted = await server.post(ada, { page: 'post-held', body: 'wait for me' });
    assert.equal(posted.status, 201);
    assert.equal(posted.json.comment.status, 'pending');
    const own = await server.thread(pageQuery('post-held'), ada);
    assert.equal(own.json.total, 1);
    assert.equal(own.json.comments[0].status, 'pending');
    assert.equal(own.json.comments[0].mine, true);
    for (const reader of [bob, undefined]) {
      const other = await server.thread(pageQuery('post-held'), reader);
      assert.equal(other.json.total, 0);
      assert.deepEqual(other.json.comments, []);
    }
    const counts = await server.call('GET', '/counts?page=post-held');
    assert.equal(counts.json.counts['post-held'], 0);
    // Others cannot see it, so for them it does not exist.
    const id = posted.json.comment.id;
    assertError(
      await server.call('PUT', `/comments/${id}/vote`, { token: bob, body: { value: 1 } }),
      404,
      'not_found',
    );
    const reply = await server.post(bob, { page: 'post-held', parentId: id });
    assertError(reply, 400, 'invalid_request');
  });
});

describe('idempotency', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await TestServer.start();
    token = await server.session();
  });
  after(() => server.stop());

  const send = (key: string, body: string, who = token) =>
    server.call('POST', '/comments', {
      token: who,
      headers: { 'idempotency-key': key },
      body: { page: 'post-idem', parentId: null, body, author: { name: 'Ada' } },
    });

  test('a retry with the same key answers the first result and stores nothing new', async () => {
    const first = await send('draft-1', 'only once');
    assert.equal(first.status, 201);
    const retry = await send('draft-1', 'only once');
    assert.equal(retry.status, 201);
    assert.equal(retry.text, first.text);
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => send('draft-1', 'only once')),
    );
    for (const answer of retries) assert.equal(answer.text, first.text);
    assert.equal(server.count('comments'), 1);
    assert.equal(server.count('idempotency_keys'), 1);
  });

  test('the same key from another token is another submission', async () => {
    const other = await server.session();
    const answer = await send('draft-1', 'only once', other);
    assert.equal(answer.status, 201);
    assert.equal(answer.json.comment.mine, true);
    assert.equal(server.count('comments'), 2);
  });

  test('the same key with a different comment is 409', async () => {
    const answer = await send('draft-1', 'something else');
    assertError(answer, 409, 'conflict');
    assert.equal(server.count('comments'), 2);
  });

  test('a malformed key is 400', async () => {
    assertError(await send('has space', 'x'), 400, 'invalid_request');
    assertError(await send('k'.repeat(256), 'x'), 400, 'invalid_request');
  });
});

describe('SQL text is data', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(() => server.stop());

  test('injection strings are stored and returned verbatim', async () => {
    const token = await server.session();
    const nasty = `'); DROP TABLE comments; -- " OR 1=1 @id`;
    const answer = await server.post(token, {
      page: `post-${nasty}`,
      body: nasty,
      name: nasty.slice(0, 60),
    });
    assert.equal(answer.status, 201);
    const thread = await server.thread(pageQuery(`post-${nasty}`));
    assert.equal(thread.json.comments[0].body, nasty);
    assert.equal(thread.json.comments[0].author.name, nasty.slice(0, 60).trim());
    assert.equal(server.count('comments'), 1);
  });
});

describe('single sign-on', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters';
  let server: TestServer;
  before(async () => (server = await TestServer.start({ ssoSecret: secret })));
  after(() => server.stop());

  const exp = () => Math.floor(Date.now() / 1000) + 600;

  test('a signed user gets a token bound to them; their comments carry the vouched name and URL', async () => {
    const sso = signSsoToken(
      { sub: 'user-7', name: 'Ada Lovelace', url: 'https://ada.example', exp: exp() },
      secret,
    );
    const session = await server.call('POST', '/session', { body: { sso } });
    assert.equal(session.status, 201);
    assert.equal(session.json.name, 'Ada Lovelace');
    const posted = await server.post(session.json.token, { name: 'Someone Else' });
    assert.equal(posted.status, 201);
    assert.deepEqual(posted.json.comment.author, {
      name: 'Ada Lovelace',
      url: 'https://ada.example',
      avatar: null,
      verified: true,
    });
  });

  test('a bad signature, a wrong secret, an expired or malformed token is 400 naming sso', async () => {
    const good = signSsoToken({ sub: 'u', name: 'Ada', exp: exp() }, secret);
    const [header, payload] = good.split('.');
    const bad = [
      `${header}.${payload}.${'A'.repeat(43)}`,
      signSsoToken(
        { sub: 'u', name: 'Ada', exp: exp() },
        'another-secret-of-at-least-32-characters!',
      ),
      signSsoToken({ sub: 'u', name: 'Ada', exp: Math.floor(Date.now() / 1000) - 1 }, secret),
      signSsoToken({ sub: '', name: 'Ada', exp: exp() }, secret),
      'no-dot',
      'a.b.c',
    ];
    const before = server.count('tokens');
    for (const sso of bad) {
      const answer = await server.call('POST', '/session', { body: { sso } });
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields.sso, sso);
    }
    assert.equal(server.count('tokens'), before);
  });
});

describe('--page-origins (issue 15, item 9)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ origins: ['https://blog.example'], pageOrigins: true });
  });
  after(() => server.stop());

  test("a URL page key of another site is refused; the site's own pages and plain keys are not", async () => {
    const token = await server.session();
    const refused = await server.post(token, { page: 'https://victim.example/post' });
    assertError(refused, 400, 'invalid_request');
    assert.ok(refused.json.error.fields?.page, refused.text);
    assert.equal(server.count('comments'), 0);
    assert.equal((await server.post(token, { page: 'HTTPS://Blog.Example/post/' })).status, 201);
    assert.equal((await server.post(token, { page: 'post-42' })).status, 201);
    assert.equal((await server.post(token, { page: 'http://blog.example/post' })).status, 400);
  });
});
