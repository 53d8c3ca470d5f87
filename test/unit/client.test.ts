import { expect, waitUntil } from '@open-wc/testing';
import { ConfabClient, type ClientOptions } from '../../src/api/client.js';
import { ConfabError } from '../../src/api/errors.js';
import { ERROR_STATUS, type ErrorCode, type NewCommentRequest } from '../../src/protocol/index.js';
import { testServer, type ServerSetup } from '../support/server.js';

async function setup(serverSetup: ServerSetup = {}, options: Partial<ClientOptions> = {}) {
  const server = await testServer(serverSetup);
  const state = { token: null as string | null };
  const client = new ConfabClient({
    endpoint: server.endpoint,
    getToken: () => state.token,
    retryBaseMs: 20,
    ...options,
  });
  return { server, client, state };
}

/** Resolves to the ConfabError the promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<ConfabError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConfabError);
    return error as ConfabError;
  }
  throw new Error('expected the call to fail');
}

const newComment = (body = 'Hello'): NewCommentRequest => ({
  page: 'p',
  parentId: null,
  body,
  author: { name: 'Ann' },
});

describe('ConfabClient', () => {
  describe('requests', () => {
    it('loads a thread with its query and the Bearer token', async () => {
      const { server, client, state } = await setup({
        threads: { p: [{ ref: 'a', author: 'Ann' }, { ref: 'a1', parent: 'a' }, { ref: 'b' }] },
      });
      state.token = server.readerToken;
      const thread = await client.getThread({ page: 'p', sort: 'newest', limit: 1 });
      expect(server.refs(thread.comments.map((c) => c.id))).to.deep.equal(['b']);
      expect(thread.nextCursor).to.be.a('string');
      const more = await client.getThread({
        page: 'p',
        sort: 'newest',
        limit: 1,
        cursor: thread.nextCursor!,
      });
      expect(server.refs(more.comments.map((c) => c.id))).to.deep.equal(['a', 'a1']);
      const [first] = await server.requests();
      expect(first.query).to.deep.equal({ page: 'p', sort: 'newest', limit: '1' });
      expect(first.headers.authorization).to.equal(`Bearer ${server.readerToken}`);
    });

    it('sends no Authorization header without a token', async () => {
      const { server, client } = await setup();
      await client.getThread({ page: 'p' });
      const [request] = await server.requests();
      expect(request.headers).not.to.have.property('authorization');
    });

    it('creates a session, posts, edits, votes on and deletes a comment', async () => {
      const { server, client, state } = await setup();
      const session = await client.createSession();
      expect(session.name).to.equal(null);
      state.token = session.token;
      const posted = await client.postComment(newComment(), 'key-1');
      expect(posted).to.include({ body: 'Hello', mine: true, status: 'published' });
      const edited = await client.editComment(posted.id, 'Hello again');
      expect(edited.body).to.equal('Hello again');
      expect(await client.vote(posted.id, 1)).to.deep.equal({
        votes: { up: 1, down: 0 },
        myVote: 1,
      });
      const deleted = await client.deleteComment(posted.id);
      expect(deleted.status).to.equal('deleted');
      const requests = await server.requests();
      expect(requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
        'POST /session',
        'POST /comments',
        `PATCH /comments/${posted.id}`,
        `PUT /comments/${posted.id}/vote`,
        `DELETE /comments/${posted.id}`,
      ]);
      expect(requests[1].headers['idempotency-key']).to.equal('key-1');
      expect(requests[1].headers['content-type']).to.equal('application/json');
      expect(requests[1].body).to.deep.equal(newComment());
    });

    it('asks for counts in batches of 100 pages, keyed as sent', async () => {
      const { server, client } = await setup({ threads: { a: [{}, {}], 'page 7': [{}] } });
      const pages = ['a', ...Array.from({ length: 149 }, (_, i) => `page ${i}`)];
      const counts = await client.getCounts(pages);
      expect(Object.keys(counts)).to.have.length(150);
      expect(counts.a).to.equal(2);
      expect(counts['page 7']).to.equal(1);
      expect(counts['page 8']).to.equal(0);
      expect((await server.requests()).filter((r) => r.path === '/counts')).to.have.length(2);
      expect(await client.getCounts([])).to.deep.equal({});
    });
  });

  describe('errors', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS) as Array<[ErrorCode, number]>) {
      it(`maps ${status} ${code} with its message and fields`, async () => {
        const { server, client } = await setup({}, { maxRetries: 0 });
        await server.fault({
          path: '/threads',
          status,
          error: { code, message: `Server says ${code}`, fields: { page: 'Look here.' } },
        });
        const error = await failure(client.getThread({ page: 'p' }));
        expect(error.code).to.equal(code);
        expect(error.status).to.equal(status);
        expect(error.message).to.equal(`Server says ${code}`);
        expect(error.fields).to.deep.equal({ page: 'Look here.' });
      });
    }

    it('maps the server’s real refusals', async () => {
      const { server, client, state } = await setup({
        threads: { p: [{ ref: 'theirs' }], closed: { locked: true, comments: [] } },
      });
      expect((await failure(client.postComment(newComment(), 'k1'))).code).to.equal('unauthorized');
      state.token = server.readerToken;
      const invalid = await failure(
        client.postComment({ page: 'p', parentId: null, body: ' ', author: { name: '' } }, 'k2'),
      );
      expect(invalid.code).to.equal('invalid_request');
      expect(invalid.status).to.equal(400);
      expect(Object.keys(invalid.fields)).to.have.members(['body', 'author.name']);
      const locked = await failure(client.postComment({ ...newComment(), page: 'closed' }, 'k3'));
      expect(locked.code).to.equal('locked');
      expect((await failure(client.editComment(server.ids.theirs, 'mine now'))).code).to.equal(
        'forbidden',
      );
      expect((await failure(client.deleteComment('nothing'))).code).to.equal('not_found');
    });

    it('gives a non-JSON error answer a code from its status', async () => {
      const { server, client } = await setup({}, { maxRetries: 0 });
      await server.fault({ status: 502, body: '<h1>Bad gateway</h1>', contentType: 'text/html' });
      const gateway = await failure(client.getThread({ page: 'p' }));
      expect(gateway).to.include({ code: 'unavailable', status: 502 });
      expect(gateway.fields).to.deep.equal({});
      await server.fault({ status: 404, body: 'Not here' });
      expect((await failure(client.getThread({ page: 'p' }))).code).to.equal('not_found');
      await server.fault({ status: 422, body: '{"error":{"code":"teapot","message":"?"}}' });
      expect(await failure(client.getThread({ page: 'p' }))).to.include({
        code: 'invalid_request',
        status: 422,
      });
    });

    it('refuses malformed JSON as bad_response', async () => {
      const { server, client } = await setup();
      await server.fault({ path: '/threads', body: '{"page": "p", "comments": [' });
      const error = await failure(client.getThread({ page: 'p' }));
      expect(error.code).to.equal('bad_response');
      expect(error.message).to.include('not JSON');
      expect(await server.requests()).to.have.length(1);
    });

    it('refuses wrong-shaped answers as bad_response, naming the field', async () => {
      const { server, client, state } = await setup();
      await server.fault({ path: '/threads', body: '{"page":"p","total":0,"comments":"none"}' });
      const thread = await failure(client.getThread({ page: 'p' }));
      expect(thread.code).to.equal('bad_response');
      expect(thread.message).to.include('thread.comments');
      state.token = (await client.createSession()).token;
      await server.fault({ path: '/comments', status: 201, body: '{"comment":{"id":7}}' });
      const posted = await failure(client.postComment(newComment(), 'k'));
      expect(posted.code).to.equal('bad_response');
      expect(posted.message).to.include('answer.comment.id');
      await server.fault({ path: '/session', status: 201, body: '[]' });
      expect((await failure(client.createSession())).code).to.equal('bad_response');
    });

    it('ignores unknown extra fields', async () => {
      const { server, client } = await setup();
      await server.fault({
        body: JSON.stringify({
          page: 'p',
          locked: false,
          total: 1,
          nextCursor: null,
          extra: { anything: true },
          comments: [
            {
              id: 'a',
              parentId: null,
              author: { name: 'A', url: null, avatar: null, karma: 9 },
              body: 'b',
              createdAt: '2026-01-01T00:00:00Z',
              editedAt: null,
              status: 'published',
              votes: { up: 1, down: 0 },
              myVote: 0,
              mine: false,
              flair: 'x',
            },
          ],
        }),
      });
      const thread = await client.getThread({ page: 'p' });
      expect(thread.comments[0]).not.to.have.property('flair');
      expect(thread.comments[0].author).to.deep.equal({
        name: 'A',
        url: null,
        avatar: null,
        verified: false,
      });
    });

    it('refuses a huge answer, announced or not', async () => {
      const { server, client } = await setup({}, { maxRetries: 0 });
      await server.fault({ hugeBytes: 6 * 1024 * 1024 });
      const announced = await failure(client.getThread({ page: 'p' }));
      expect(announced.code).to.equal('bad_response');
      expect(announced.message).to.include('too large');
      await server.fault({ hugeBytes: 6 * 1024 * 1024, chunked: true });
      const streamed = await failure(client.getThread({ page: 'p' }));
      expect(streamed.code).to.equal('bad_response');
      expect(streamed.message).to.include('too large');
    });
  });

  describe('timeouts and retries', () => {
    it('times out an attempt that takes too long', async () => {
      const { server, client } = await setup({}, { timeoutMs: 200, maxRetries: 0 });
      await server.fault({ path: '/threads', delayMs: 3000 });
      const error = await failure(client.getThread({ page: 'p' }));
      expect(error).to.include({ code: 'timeout', status: 0 });
    });

    it('retries a GET after a timeout and a 503', async () => {
      const { server, client } = await setup({ threads: { p: [{}] } }, { timeoutMs: 300 });
      await server.fault({ path: '/threads', delayMs: 3000 });
      await server.fault({ path: '/threads', status: 503 });
      const thread = await client.getThread({ page: 'p' });
      expect(thread.total).to.equal(1);
      expect(await server.requests()).to.have.length(3);
    });

    it('gives up after maxRetries', async () => {
      const { server, client } = await setup({}, { maxRetries: 2 });
      await server.fault({ path: '/threads', status: 502, times: 5 });
      const error = await failure(client.getThread({ page: 'p' }));
      expect(error.code).to.equal('unavailable');
      expect(await server.requests()).to.have.length(3);
    });

    it('does not retry answers that would come back the same', async () => {
      const { server, client } = await setup();
      await server.fault({ path: '/threads', status: 400, times: 3 });
      expect((await failure(client.getThread({ page: 'p' }))).code).to.equal('invalid_request');
      expect(await server.requests()).to.have.length(1);
    });

    it('retries a post with the same Idempotency-Key after a dropped connection, storing it once', async () => {
      const { server, client, state } = await setup();
      state.token = (await client.createSession()).token;
      await server.fault({ path: '/comments', dropConnection: true, afterProcessing: true });
      const comment = await client.postComment(newComment('Only once'), 'submission-1');
      expect(comment.body).to.equal('Only once');
      const posts = (await server.requests()).filter((r) => r.path === '/comments');
      expect(posts.map((r) => r.headers['idempotency-key'])).to.deep.equal([
        'submission-1',
        'submission-1',
      ]);
      expect(await server.comments('p')).to.have.length(1);
    });

    it('retries a post with the same key after a 503', async () => {
      const { server, client, state } = await setup();
      state.token = (await client.createSession()).token;
      await server.fault({ path: '/comments', status: 503, times: 2 });
      await client.postComment(newComment(), 'submission-2');
      const posts = (await server.requests()).filter((r) => r.path === '/comments');
      expect(posts.map((r) => r.headers['idempotency-key'])).to.deep.equal(
        Array(3).fill('submission-2'),
      );
      expect(await server.comments('p')).to.have.length(1);
    });

    it('waits as long as Retry-After says', async () => {
      const { server, client } = await setup();
      await server.fault({ path: '/threads', status: 429, retryAfter: 1 });
      const started = performance.now();
      await client.getThread({ page: 'p' });
      expect(performance.now() - started).to.be.at.least(950);
      expect(await server.requests()).to.have.length(2);
    });

    it('reports Retry-After when it runs out of retries', async () => {
      const { server, client } = await setup({}, { maxRetries: 0 });
      await server.fault({ path: '/threads', status: 429, retryAfter: 7 });
      expect(await failure(client.getThread({ page: 'p' }))).to.include({
        code: 'rate_limited',
        retryAfter: 7,
      });
    });

    it('does not repeat an answered edit, vote or delete', async () => {
      const { server, client, state } = await setup({ threads: { p: [{ ref: 'a', mine: true }] } });
      state.token = server.readerToken;
      await server.fault({ method: 'PATCH', status: 503, times: 3 });
      expect((await failure(client.editComment(server.ids.a, 'x'))).code).to.equal('unavailable');
      await server.fault({ method: 'PUT', dropConnection: true });
      expect(await failure(client.vote(server.ids.a, 1))).to.include({
        code: 'network',
        status: 200,
      });
      await server.fault({ method: 'DELETE', status: 502 });
      expect((await failure(client.deleteComment(server.ids.a))).code).to.equal('unavailable');
      const writes = (await server.requests()).map((r) => r.method);
      expect(writes).to.deep.equal(['PATCH', 'PUT', 'DELETE']);
    });

    it('repeats an edit whose request never got an answer', async () => {
      const { server } = await setup({ threads: { p: [{ ref: 'a', mine: true }] } });
      let failures = 1;
      // The network, failing once before the request leaves the browser.
      const flakyFetch: typeof fetch = (input, init) =>
        failures-- > 0 ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
      const client = new ConfabClient({
        endpoint: server.endpoint,
        getToken: () => server.readerToken,
        retryBaseMs: 20,
        fetch: flakyFetch,
      });
      expect((await client.editComment(server.ids.a, 'edited')).body).to.equal('edited');
      expect(await server.requests()).to.have.length(1);
    });
  });

  describe('offline and abort', () => {
    afterEach(() => {
      // Drop the instance override, so the prototype's real getter answers again.
      delete (navigator as { onLine?: boolean }).onLine;
    });

    const goOffline = () =>
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });

    it('holds a post while offline and sends it on the online event', async () => {
      const { server, client, state } = await setup();
      state.token = (await client.createSession()).token;
      goOffline();
      let settled = false;
      const posting = client.postComment(newComment('Written offline'), 'k-offline').finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).to.equal(false);
      expect((await server.requests()).filter((r) => r.path === '/comments')).to.have.length(0);
      delete (navigator as { onLine?: boolean }).onLine;
      window.dispatchEvent(new Event('online'));
      expect((await posting).body).to.equal('Written offline');
      expect(await server.comments('p')).to.have.length(1);
    });

    it('gives up waiting for the network when aborted', async () => {
      const { server, client, state } = await setup();
      state.token = server.readerToken;
      goOffline();
      const controller = new AbortController();
      const posting = failure(client.postComment(newComment(), 'k', controller.signal));
      controller.abort();
      expect((await posting).code).to.equal('aborted');
      expect(await server.requests()).to.have.length(0);
    });

    it('aborts a request in flight', async () => {
      const { server, client } = await setup();
      await server.fault({ path: '/threads', delayMs: 3000 });
      const controller = new AbortController();
      const loading = failure(client.getThread({ page: 'p' }, controller.signal));
      await waitUntil(async () => (await server.requests()).length === 1, 'request sent');
      controller.abort();
      expect(await loading).to.include({ code: 'aborted', status: 0 });
      expect(await server.requests()).to.have.length(1);
    });

    it('aborts a wait for Retry-After', async () => {
      const { server, client } = await setup();
      await server.fault({ path: '/threads', status: 503, retryAfter: 30 });
      const controller = new AbortController();
      const loading = failure(client.getThread({ page: 'p' }, controller.signal));
      await waitUntil(async () => (await server.requests()).length === 1, 'request sent');
      controller.abort();
      expect((await loading).code).to.equal('aborted');
    });

    it('fails at once with a signal already aborted', async () => {
      const { server, client } = await setup();
      expect((await failure(client.getThread({ page: 'p' }, AbortSignal.abort()))).code).to.equal(
        'aborted',
      );
      expect(await server.requests()).to.have.length(0);
    });
  });
});
