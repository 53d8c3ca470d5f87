import { expect } from '@open-wc/testing';
import { ConfabClient } from '../../src/api/client.js';
import {
  PAGE,
  commentOf,
  composerIn,
  composerPart,
  deepActiveElement,
  minutesAgo,
  mount,
  mustComment,
  mustOwn,
  part,
  renderedIds,
  root,
  textOf,
  typeInto,
  until,
} from './helpers.js';
import { testServer, type TestServer } from '../support/server.js';

/** Another reader of the same server, writing from somewhere else. */
async function otherReader(server: TestServer): Promise<ConfabClient> {
  let token: string | null = null;
  const client = new ConfabClient({ endpoint: server.endpoint, getToken: () => token });
  token = (await client.createSession()).token;
  return client;
}

async function frames(count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

async function streamOpen(server: TestServer, page = PAGE): Promise<void> {
  await until(async () => (await server.openStreams()).includes(page), 'event stream open');
}

describe('<confab-comments> live updates', () => {
  it('shows a comment from the event stream in place, announces it and leaves the draft alone', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Hello', createdAt: minutesAgo(3) }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    await streamOpen(server);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    const textarea = composerPart<HTMLTextAreaElement>(composer, 'textarea');
    await typeInto(textarea, 'half-written thought');

    const live = await (
      await otherReader(server)
    ).postComment(
      { page: PAGE, parentId: ids.a, body: 'Arrived live', author: { name: 'Lena' } },
      'k',
    );
    await until(() => commentOf(element, live.id), 'live comment shown');
    expect(mustComment(element, ids.a).contains(mustComment(element, live.id))).to.equal(true);
    expect(textOf(mustOwn(mustComment(element, live.id), 'body'))).to.equal('Arrived live');
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');
    await until(
      () => textOf(root(element).querySelector('[role="status"]')) === '1 new comment',
      'announced politely',
    );
    expect(root(element).querySelector('[role="status"]')!.getAttribute('aria-live')).to.equal(
      'polite',
    );
    expect(textarea.value).to.equal('half-written thought');
    expect(deepActiveElement()).to.equal(textarea);

    // The same comment again (say, a reconnect) is not counted twice.
    await server.pushEvent(PAGE, 'comment', { ...live, mine: false });
    await server.pushEvent(PAGE, 'vote', { id: ids.a, votes: { up: 7, down: 2 } });
    await until(
      () => textOf(mustOwn(mustComment(element, ids.a), 'score')) === '5',
      'vote event applied',
    );
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');
  });

  it('keeps the reader’s place when a comment arrives above it', async () => {
    const comments = Array.from({ length: 30 }, (_, index) => ({
      ref: `c${index}`,
      author: `Writer ${index}`,
      body: `Comment ${index}\n\nsecond paragraph`,
      createdAt: minutesAgo(100 - index),
    }));
    const server = await testServer({ threads: { [PAGE]: comments } });
    const { ids } = server;
    // Chromium's own scroll anchoring would hide a widget that does nothing; Safari has none.
    document.documentElement.style.overflowAnchor = 'none';
    document.body.style.overflowAnchor = 'none';
    const element = await mount(server.endpoint, { sort: 'newest' });
    element.style.overflowAnchor = 'none';
    await streamOpen(server);
    expect(server.refs(renderedIds(element))[0]).to.equal('c29');
    const anchor = mustComment(element, ids.c15);
    anchor.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -20);
    // Let content-visibility settle the sizes of what is now on screen.
    await frames(3);
    const before = anchor.getBoundingClientRect().top;
    expect(window.scrollY).to.be.greaterThan(0);

    const fresh = await (
      await otherReader(server)
    ).postComment(
      {
        page: PAGE,
        parentId: null,
        body: 'On top now\n\nwith more\n\nlines',
        author: { name: 'Newest' },
      },
      'k',
    );
    await until(() => commentOf(element, fresh.id), 'new comment shown');
    await element.updateComplete;
    await frames(3);
    expect(renderedIds(element)[0]).to.equal(fresh.id);
    expect(Math.abs(anchor.getBoundingClientRect().top - before)).to.be.below(2);
    window.scrollTo(0, 0);
    document.documentElement.style.overflowAnchor = '';
    document.body.style.overflowAnchor = '';
  });
});
