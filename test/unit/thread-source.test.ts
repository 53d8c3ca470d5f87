import { expect } from '@open-wc/testing';
import { ThreadSource, type ThreadRequest } from '../../src/controllers/thread-source.js';
import type { ThreadNode } from '../../src/model/thread.js';
import { ControllerHost } from '../support/controller-host.js';
import { testServer } from '../support/server.js';

const request = (endpoint: string, fields: Partial<ThreadRequest> = {}): ThreadRequest => ({
  endpoint,
  page: 'p',
  sort: 'oldest',
  limit: 50,
  ...fields,
});

async function until(predicate: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out: ${what}`);
}

function source() {
  const host = new ControllerHost();
  const log: string[] = [];
  const pages: ThreadNode[][] = [];
  const live: Array<[string, boolean]> = [];
  const thread = new ThreadSource(host, {
    reset: () => log.push('reset'),
    ready: (t) => log.push(`ready ${t.size}`),
    page: (roots) => pages.push(roots),
    live: (node, isNew) => live.push([node.comment.id, isNew]),
    error: (code) => log.push(`error ${code}`),
  });
  host.connect();
  return { host, log, pages, live, thread };
}

describe('ThreadSource', () => {
  it('loads the thread, in steps, and says so', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }, { ref: 'b', parent: 'a' }] } });
    const { log, thread } = source();
    expect(thread.changed(request(server.endpoint))).to.equal(false);
    thread.load(request(server.endpoint));
    expect(thread.phase).to.equal('loading');
    await until(() => thread.phase === 'ready', 'ready');
    expect(log).to.deep.equal(['reset', 'ready 2']);
    expect(thread.thread!.size).to.equal(2);
    expect(thread.total).to.equal(2);
    expect(thread.changed(request(server.endpoint))).to.equal(false);
    expect(thread.changed(request(server.endpoint, { sort: 'top' }))).to.equal(true);
  });

  it('drops the answer of a load that another replaced, and aborts it', async () => {
    const server = await testServer({
      threads: { old: [{ ref: 'o' }], new: [{ ref: 'n1' }, { ref: 'n2' }] },
    });
    await server.fault({ method: 'GET', path: '/threads', delayMs: 400 });
    const { log, thread } = source();
    thread.load(request(server.endpoint, { page: 'old' }));
    const first = thread.scope;
    thread.load(request(server.endpoint, { page: 'new' }));
    expect(first.signal.aborted).to.equal(true);
    await until(() => thread.phase === 'ready', 'ready');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(thread.thread!.get(server.ids.o)).to.equal(undefined);
    expect(log).to.deep.equal(['reset', 'reset', 'ready 2']);
  });

  it('pages through the thread, and reports a failed page without losing the loaded one', async () => {
    const server = await testServer({
      threads: { p: [{ ref: 'a' }, { ref: 'b' }, { ref: 'c' }, { ref: 'c1', parent: 'c' }] },
    });
    const { log, pages, thread } = source();
    thread.load(request(server.endpoint, { limit: 2 }));
    await until(() => thread.phase === 'ready', 'ready');
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 500,
      error: { code: 'internal' },
    });
    await thread.loadMore();
    expect(thread.moreErrorCode).to.equal('internal');
    expect(log.at(-1)).to.equal('error internal');
    await thread.loadMore();
    expect(pages.map((roots) => server.refs(roots.map((n) => n.comment.id)))).to.deep.equal([
      ['c'],
    ]);
    expect(thread.thread!.size).to.equal(4);
    expect(thread.nextCursor).to.equal(null);
    expect(thread.loadingMore).to.equal(false);
  });

  it('fails with a code, and with config when there is no endpoint', async () => {
    const server = await testServer();
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 403,
      error: { code: 'forbidden' },
    });
    const { log, thread } = source();
    thread.load(request(server.endpoint));
    await until(() => thread.phase === 'error', 'error');
    expect(thread.errorCode).to.equal('forbidden');
    thread.load(request('  '));
    expect([thread.phase, thread.errorCode]).to.deep.equal(['error', 'config']);
    expect(log).to.deep.equal(['reset', 'error forbidden', 'reset', 'error config']);
  });

  it('adds streamed comments, counted once, and stops listening on disconnect', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    const { host, live, thread } = source();
    thread.load(request(server.endpoint));
    await until(() => thread.phase === 'ready', 'ready');
    await until(async () => (await server.openStreams()).length === 1, 'stream open');
    const streamed = { ...(await server.comments('p'))[0]!, id: 's', parentId: server.ids.a };
    await server.pushEvent('p', 'comment', streamed);
    await until(() => live.length === 1, 'live comment');
    await server.pushEvent('p', 'comment', streamed);
    await until(() => live.length === 2, 'again');
    expect(live).to.deep.equal([
      ['s', true],
      ['s', false],
    ]);
    expect(thread.total).to.equal(2);
    host.disconnect();
    await until(async () => (await server.openStreams()).length === 0, 'stream closed');
  });
  it('opens no stream when the host goes while the stream chunk is on its way', async () => {
    const server = await testServer({ threads: { p: [{ ref: 'a' }] } });
    const { host, thread } = source();
    // The chunk's import starts in the same task as the update that shows the thread, so ending
    // the scope right then is always before it can arrive, whether or not it is cached.
    const requestUpdate = host.requestUpdate.bind(host);
    host.requestUpdate = () => {
      requestUpdate();
      if (thread.phase === 'ready') host.disconnect();
    };
    thread.load(request(server.endpoint));
    await until(() => thread.phase === 'ready', 'ready');
    await import('../../src/api/event-stream.js');
    // A second source on the same page does subscribe: once its stream is open, the first one's
    // (started earlier) would be open too.
    const other = source().thread;
    other.load(request(server.endpoint));
    await until(async () => (await server.openStreams()).length >= 1, 'the other stream open');
    expect(await server.openStreams()).to.have.length(1);
    other.scope.end();
  });
});
