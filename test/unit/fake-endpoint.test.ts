import { expect } from '@open-wc/testing';
import type { Comment, ThreadResponse } from '../../src/protocol/index.js';
import { fakeEndpoint, type FakeEndpoint } from '../support/fake.js';

async function call(
  fake: FakeEndpoint,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${fake.endpoint}${path}`, {
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

async function session(fake: FakeEndpoint): Promise<string> {
  const { status, json } = await call(fake, 'POST', '/session');
  expect(status).to.equal(201);
  return json.token as string;
}

function post(fake: FakeEndpoint, token: string, body: unknown, key?: string) {
  return call(fake, 'POST', '/comments', {
    token,
    body,
    headers: key ? { 'Idempotency-Key': key } : {},
  });
}

const ids = (comments: Comment[]) => comments.map((c) => c.id);

describe('fake endpoint', () => {
  it('serves seeded threads with replies after their parents, oldest first by default', async () => {
    const fake = await fakeEndpoint({
      threads: {
        p: [
          { id: 'a', author: 'Ann' },
          { id: 'b', author: 'Bob', up: 5 },
          { id: 'a1', parentId: 'a' },
          { id: 'c' },
        ],
      },
    });
    const oldest = (await call(fake, 'GET', '/threads?page=p')).json as ThreadResponse;
    expect(ids(oldest.comments)).to.deep.equal(['a', 'a1', 'b', 'c']);
    expect(oldest.total).to.equal(4);
    expect(oldest.comments[0].author).to.deep.equal({ name: 'Ann', url: null, avatar: null });
    const newest = (await call(fake, 'GET', '/threads?page=p&sort=newest')).json as ThreadResponse;
    expect(ids(newest.comments)).to.deep.equal(['c', 'b', 'a', 'a1']);
    const top = (await call(fake, 'GET', '/threads?page=p&sort=top')).json as ThreadResponse;
    expect(ids(top.comments)).to.deep.equal(['b', 'a', 'a1', 'c']);
  });

  it('pages by top-level comments with an opaque cursor', async () => {
    const fake = await fakeEndpoint({
      threads: { p: [{ id: 'a' }, { id: 'a1', parentId: 'a' }, { id: 'b' }, { id: 'c' }] },
    });
    const first = (await call(fake, 'GET', '/threads?page=p&limit=2')).json as ThreadResponse;
    expect(ids(first.comments)).to.deep.equal(['a', 'a1', 'b']);
    expect(first.nextCursor).to.be.a('string');
    const cursor = encodeURIComponent(first.nextCursor!);
    const second = (await call(fake, 'GET', `/threads?page=p&limit=2&cursor=${cursor}`))
      .json as ThreadResponse;
    expect(ids(second.comments)).to.deep.equal(['c']);
    expect(second.nextCursor).to.equal(null);
    const bad = await call(fake, 'GET', '/threads?page=p&cursor=nonsense');
    expect(bad.status).to.equal(400);
    expect(bad.json.error.fields).to.have.property('cursor');
  });

  it('answers an unknown page with an empty thread and validates the query', async () => {
    const fake = await fakeEndpoint();
    const empty = await call(fake, 'GET', '/threads?page=nowhere');
    expect(empty.json).to.deep.equal({
      page: 'nowhere',
      locked: false,
      total: 0,
      comments: [],
      nextCursor: null,
    });
    const bad = await call(fake, 'GET', '/threads?page=p&sort=random&limit=0');
    expect(bad.status).to.equal(400);
    expect(bad.json.error.code).to.equal('invalid_request');
    expect(Object.keys(bad.json.error.fields)).to.have.members(['sort', 'limit']);
    const normalised = await call(
      fake,
      'GET',
      `/threads?page=${encodeURIComponent('HTTPS://Ex.COM:443/a/?q#f')}`,
    );
    expect(normalised.json.page).to.equal('https://ex.com/a');
  });

  it('posts with a token, marks mine, replays an Idempotency-Key and refuses without a token', async () => {
    const fake = await fakeEndpoint();
    const comment = { page: 'p', parentId: null, body: 'Hello', author: { name: 'Ann' } };
    expect((await post(fake, '', comment)).status).to.equal(401);
    const token = await session(fake);
    const first = await post(fake, token, comment, 'key-1');
    expect(first.status).to.equal(201);
    expect(first.json.comment.mine).to.equal(true);
    const again = await post(fake, token, comment, 'key-1');
    expect(again.json.comment.id).to.equal(first.json.comment.id);
    expect(await fake.comments('p')).to.have.length(1);
    const invalid = await post(fake, token, {
      page: 'p',
      parentId: null,
      body: '  ',
      author: { name: '' },
    });
    expect(invalid.status).to.equal(400);
    expect(Object.keys(invalid.json.error.fields)).to.have.members(['body', 'author.name']);
    const stranger = await session(fake);
    const seen = (await call(fake, 'GET', '/threads?page=p', { token: stranger })).json;
    expect(seen.comments[0].mine).to.equal(false);
  });

  it('answers 401 for an unknown token and 415 for a body that is not JSON', async () => {
    const fake = await fakeEndpoint();
    expect((await call(fake, 'GET', '/threads?page=p', { token: 'forged' })).status).to.equal(401);
    const token = await session(fake);
    const response = await fetch(`${fake.endpoint}/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: 'hi',
    });
    expect(response.status).to.equal(415);
    expect((await response.json()).error.code).to.equal('unsupported_media_type');
  });

  it('enforces ownership, the edit window, and keeps tombstones only for comments with replies', async () => {
    const fake = await fakeEndpoint({
      editWindowMs: 60_000,
      threads: {
        p: [
          { id: 'old', mine: true, createdAt: new Date(Date.now() - 120_000).toISOString() },
          { id: 'mine', mine: true },
          { id: 'reply', parentId: 'mine' },
          { id: 'alone', mine: true },
          { id: 'theirs' },
        ],
      },
    });
    const token = fake.readerToken;
    expect(
      (await call(fake, 'PATCH', '/comments/old', { token, body: { body: 'x' } })).status,
    ).to.equal(403);
    expect(
      (await call(fake, 'PATCH', '/comments/theirs', { token, body: { body: 'x' } })).status,
    ).to.equal(403);
    const edited = await call(fake, 'PATCH', '/comments/mine', { token, body: { body: 'edited' } });
    expect(edited.json.comment.body).to.equal('edited');
    expect(edited.json.comment.editedAt).to.be.a('string');
    const tomb = await call(fake, 'DELETE', '/comments/mine', { token });
    expect(tomb.json.comment).to.include({ status: 'deleted', body: '' });
    expect(tomb.json.comment.author.name).to.equal('');
    await call(fake, 'DELETE', '/comments/alone', { token });
    const thread = (await call(fake, 'GET', '/threads?page=p')).json as ThreadResponse;
    expect(ids(thread.comments)).to.deep.equal(['old', 'mine', 'reply', 'theirs']);
    expect(thread.total).to.equal(3);
    expect((await call(fake, 'DELETE', '/comments/nope', { token })).status).to.equal(404);
  });

  it('shows pending comments to their author only and refuses posts to a locked thread', async () => {
    const fake = await fakeEndpoint({
      threads: {
        p: {
          locked: true,
          comments: [{ id: 'wait', status: 'pending', mine: true }, { id: 'ok' }],
        },
      },
    });
    const anonymous = (await call(fake, 'GET', '/threads?page=p')).json as ThreadResponse;
    expect(ids(anonymous.comments)).to.deep.equal(['ok']);
    expect(anonymous.locked).to.equal(true);
    const author = (await call(fake, 'GET', '/threads?page=p', { token: fake.readerToken }))
      .json as ThreadResponse;
    expect(ids(author.comments)).to.deep.equal(['wait', 'ok']);
    const locked = await post(fake, fake.readerToken, {
      page: 'p',
      parentId: null,
      body: 'x',
      author: { name: 'A' },
    });
    expect(locked.status).to.equal(423);
    expect(locked.json.error.code).to.equal('locked');
  });

  it('counts one vote per token and reports myVote', async () => {
    const fake = await fakeEndpoint({ threads: { p: [{ id: 'a', up: 2, down: 1 }] } });
    const token = await session(fake);
    const up = await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: 1 } });
    expect(up.json).to.deep.equal({ votes: { up: 3, down: 1 }, myVote: 1 });
    const same = await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: 1 } });
    expect(same.json.votes).to.deep.equal({ up: 3, down: 1 });
    const down = await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: -1 } });
    expect(down.json).to.deep.equal({ votes: { up: 2, down: 2 }, myVote: -1 });
    const withdrawn = await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: 0 } });
    expect(withdrawn.json).to.deep.equal({ votes: { up: 2, down: 1 }, myVote: 0 });
    const bad = await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: 2 } });
    expect(bad.status).to.equal(400);
  });

  it('counts pages keyed as sent', async () => {
    const fake = await fakeEndpoint({ threads: { a: [{}, {}], b: [{}] } });
    const { json } = await call(fake, 'GET', '/counts?page=a&page=b&page=c');
    expect(json).to.deep.equal({ counts: { a: 2, b: 1, c: 0 } });
  });

  it('injects faults for the next matching requests and logs what it received', async () => {
    const fake = await fakeEndpoint();
    await fake.fault({ path: '/threads', times: 2, retryAfter: 3 });
    const first = await call(fake, 'GET', '/threads?page=p');
    expect(first.status).to.equal(503);
    expect(first.headers.get('Retry-After')).to.equal('3');
    expect(first.json.error.code).to.equal('unavailable');
    expect((await call(fake, 'GET', '/threads?page=p')).status).to.equal(503);
    expect((await call(fake, 'GET', '/threads?page=p')).status).to.equal(200);
    await fake.fault({ method: 'GET', body: '{"page": nope' });
    const malformed = await fetch(`${fake.endpoint}/counts?page=x`);
    expect(malformed.status).to.equal(200);
    expect(await malformed.text()).to.equal('{"page": nope');
    await fake.fault({ error: { code: 'conflict', message: 'No.', fields: { body: 'Bad.' } } });
    const conflict = await call(fake, 'GET', '/threads?page=p');
    expect(conflict.status).to.equal(409);
    expect(conflict.json.error).to.deep.equal({
      code: 'conflict',
      message: 'No.',
      fields: { body: 'Bad.' },
    });
    await fake.fault({ dropConnection: true });
    let dropped = false;
    await fetch(`${fake.endpoint}/threads?page=p`)
      .then((response) => response.text())
      .catch(() => {
        dropped = true;
      });
    expect(dropped).to.equal(true);
    const log = await fake.requests();
    expect(log.map((r) => r.path)).to.deep.equal([
      '/threads',
      '/threads',
      '/threads',
      '/counts',
      '/threads',
      '/threads',
    ]);
    expect(log[0].query).to.deep.equal({ page: 'p' });
  });

  it('lets a faulted answer follow real processing', async () => {
    const fake = await fakeEndpoint();
    const token = await session(fake);
    await fake.fault({ path: '/comments', afterProcessing: true, status: 503 });
    const body = { page: 'p', parentId: null, body: 'Hi', author: { name: 'A' } };
    expect((await post(fake, token, body, 'k')).status).to.equal(503);
    expect(await fake.comments('p')).to.have.length(1);
    expect((await post(fake, token, body, 'k')).status).to.equal(201);
    expect(await fake.comments('p')).to.have.length(1);
  });

  it('streams comment and vote events to readers of the page', async () => {
    const fake = await fakeEndpoint({ threads: { p: [{ id: 'a' }] } });
    const source = new EventSource(`${fake.endpoint}/events?page=p`);
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
    const token = await session(fake);
    await post(fake, token, { page: 'p', parentId: 'a', body: 'Reply', author: { name: 'B' } });
    await call(fake, 'PUT', '/comments/a/vote', { token, body: { value: 1 } });
    await fake.pushEvent('p', 'vote', { id: 'a', votes: { up: 9, down: 0 } });
    await arrived;
    source.close();
    expect(received[0][0]).to.equal('comment');
    expect(received[0][1]).to.include({ parentId: 'a', body: 'Reply', mine: false });
    expect(received[1]).to.deep.equal(['vote', { id: 'a', votes: { up: 1, down: 0 } }]);
    expect(received[2]).to.deep.equal(['vote', { id: 'a', votes: { up: 9, down: 0 } }]);
  });

  it('binds an SSO session to its user and refuses a forged one', async () => {
    const fake = await fakeEndpoint();
    const ok = await call(fake, 'POST', '/session', { body: { sso: 'user:Ada' } });
    expect(ok.status).to.equal(201);
    expect(ok.json.name).to.equal('Ada');
    const forged = await call(fake, 'POST', '/session', { body: { sso: 'forged' } });
    expect(forged.status).to.equal(401);
    expect(forged.json.error.code).to.equal('unauthorized');
  });

  it('holds new comments for moderation when asked, and scopes idempotency keys per token', async () => {
    const fake = await fakeEndpoint({ moderate: true });
    const author = await session(fake);
    const other = await session(fake);
    const body = { page: 'p', parentId: null, body: 'Wait for it', author: { name: 'A' } };
    const mine = await post(fake, author, body, 'same-key');
    expect(mine.json.comment.status).to.equal('pending');
    const theirs = await post(fake, other, body, 'same-key');
    expect(theirs.json.comment.id).not.to.equal(mine.json.comment.id);
    const asAuthor = (await call(fake, 'GET', '/threads?page=p', { token: author })).json;
    expect(asAuthor.comments.map((c: { id: string }) => c.id)).to.deep.equal([
      mine.json.comment.id,
    ]);
    expect((await call(fake, 'GET', '/threads?page=p')).json.total).to.equal(0);
  });

  it('writes the reader token to localStorage when seeding comments of the reader', async () => {
    const fake = await fakeEndpoint();
    expect(localStorage.getItem(`confab:token:${fake.endpoint}`)).to.equal(null);
    const [seeded] = await fake.seed('p', [{ mine: true, myVote: 1, up: 1 }]);
    expect(seeded).to.include({ mine: true, myVote: 1 });
    expect(seeded.votes).to.deep.equal({ up: 1, down: 0 });
    expect(localStorage.getItem(`confab:token:${fake.endpoint}`)).to.equal(fake.readerToken);
  });
});
