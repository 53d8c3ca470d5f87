import { expect, waitUntil } from '@open-wc/testing';
import { ConfabClient } from '../../src/api/client.js';
import { subscribe } from '../../src/api/event-stream.js';
import type { Comment, VoteEventData } from '../../src/protocol/index.js';
import { testServer, type TestServer } from '../support/server.js';

function recorder() {
  const seen = {
    comments: [] as Comment[],
    votes: [] as VoteEventData[],
    statuses: [] as string[],
  };
  const handlers = {
    onComment: (c: Comment) => seen.comments.push(c),
    onVote: (v: VoteEventData) => seen.votes.push(v),
    onStatus: (s: 'open' | 'reconnecting') => seen.statuses.push(s),
  };
  return { seen, handlers };
}

const opened = (server: TestServer, count = 1) =>
  waitUntil(async () => (await server.openStreams()).length === count, 'stream open', {
    timeout: 8000,
  });

describe('subscribe (the event stream chunk)', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('delivers validated comment and vote events of its page', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    const { ids } = server;
    const client = new ConfabClient({
      endpoint: server.endpoint,
      getToken: () => server.readerToken,
    });
    const { seen, handlers } = recorder();
    stop = subscribe({ endpoint: server.endpoint }, 'p', handlers);
    await opened(server);
    await waitUntil(() => seen.statuses.includes('open'), 'open reported');
    const posted = await client.postComment(
      { page: 'p', parentId: ids.a, body: 'Live', author: { name: 'Ann' } },
      'k',
    );
    await client.vote(ids.a, 1);
    await client.postComment(
      { page: 'elsewhere', parentId: null, body: 'x', author: { name: 'B' } },
      'k2',
    );
    await waitUntil(() => seen.comments.length === 1 && seen.votes.length === 1, 'events');
    expect(seen.comments[0]).to.include({ id: posted.id, body: 'Live', mine: false });
    expect(seen.votes[0]).to.deep.equal({ id: ids.a, votes: { up: 1, down: 0 } });
  });

  it('skips malformed and wrong-shaped events and keeps listening', async () => {
    const server = await testServer();
    const { seen, handlers } = recorder();
    stop = subscribe({ endpoint: server.endpoint }, 'p', handlers);
    await opened(server);
    await server.pushEvent('p', 'comment', '{not json');
    await server.pushEvent('p', 'comment', { id: 1 });
    await server.pushEvent('p', 'vote', { id: 'a', votes: { up: -1, down: 0 } });
    await server.pushEvent('p', 'vote', { id: 'a', votes: { up: 2, down: 0 }, extra: true });
    await waitUntil(() => seen.votes.length === 1, 'valid vote delivered');
    expect(seen.comments).to.have.length(0);
    expect(seen.votes[0]).to.deep.equal({ id: 'a', votes: { up: 2, down: 0 } });
  });

  it('reopens a dropped stream from the last event it saw, so nothing posted meanwhile is missed', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    const client = new ConfabClient({
      endpoint: server.endpoint,
      getToken: () => server.readerToken,
      retryBaseMs: 50,
    });
    const { seen, handlers } = recorder();
    stop = subscribe({ endpoint: server.endpoint, retryBaseMs: 50 }, 'p', handlers);
    await opened(server);
    const post = (body: string, key: string) =>
      client.postComment({ page: 'p', parentId: null, body, author: { name: 'Ann' } }, key);
    const first = await post('Before the drop', 'k1');
    await waitUntil(() => seen.comments.length === 1, 'first event');
    // The stream that replaces the dropped one reaches the server only after the second post is
    // stored, so only a resumed stream can deliver it.
    await server.fault({ method: 'GET', path: '/events', delayMs: 600 });
    await server.dropStreams();
    await waitUntil(() => seen.statuses.includes('reconnecting'), 'reconnecting');
    const second = await post('While away', 'k2');
    await waitUntil(() => seen.comments.some((c) => c.id === second.id), 'missed event replayed', {
      timeout: 8000,
    });
    expect(seen.comments[0]!.id).to.equal(first.id);
    const streams = (await server.requests()).filter((r) => r.path === '/events');
    expect(streams.length).to.equal(2);
    expect(streams[0]!.query.lastEventId).to.equal(undefined);
    expect(streams[1]!.query.lastEventId).to.match(/^\d+$/);
  });

  it('reconnects after the stream is dropped', async () => {
    const server = await testServer();
    const { seen, handlers } = recorder();
    stop = subscribe({ endpoint: server.endpoint, retryBaseMs: 50 }, 'p', handlers);
    await opened(server);
    await server.dropStreams();
    await waitUntil(() => seen.statuses.includes('reconnecting'), 'reconnecting reported');
    await opened(server);
    await waitUntil(() => seen.statuses.filter((s) => s === 'open').length === 2, 'open again');
    await server.pushEvent('p', 'vote', { id: 'a', votes: { up: 1, down: 0 } });
    await waitUntil(() => seen.votes.length === 1, 'event after reconnect');
  });

  it('keeps trying while the server refuses the stream', async () => {
    const server = await testServer();
    await server.fault({ path: '/events', status: 503, times: 3 });
    const { seen, handlers } = recorder();
    stop = subscribe({ endpoint: server.endpoint, retryBaseMs: 50 }, 'p', handlers);
    await opened(server);
    const attempts = (await server.requests()).filter((r) => r.path === '/events');
    expect(attempts).to.have.length(4);
    expect(attempts[0].query).to.deep.equal({ page: 'p' });
    expect(seen.statuses.filter((s) => s === 'reconnecting')).to.have.length(3);
  });

  it('closes the stream and stops reconnecting when unsubscribed', async () => {
    const server = await testServer();
    const { handlers } = recorder();
    const unsubscribe = subscribe({ endpoint: server.endpoint, retryBaseMs: 20 }, 'p', handlers);
    await opened(server);
    unsubscribe();
    await opened(server, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await server.openStreams()).to.have.length(0);
    expect((await server.requests()).filter((r) => r.path === '/events')).to.have.length(1);
  });
});
