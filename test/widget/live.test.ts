import { expect } from '@open-wc/testing';
import type { Comment } from '../../src/protocol/index.js';
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
import { fakeEndpoint, type FakeEndpoint } from '../support/fake.js';

function streamed(id: string, parentId: string | null, name: string, body: string): Comment {
  return {
    id,
    parentId,
    author: { name, url: null, avatar: null },
    body,
    createdAt: new Date().toISOString(),
    editedAt: null,
    status: 'published',
    votes: { up: 0, down: 0 },
    myVote: 0,
    mine: false,
  };
}

async function frames(count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

async function streamOpen(fake: FakeEndpoint, page = PAGE): Promise<void> {
  await until(async () => (await fake.openStreams()).includes(page), 'event stream open');
}

describe('<confab-comments> live updates', () => {
  it('shows a comment from the event stream in place, announces it and leaves the draft alone', async () => {
    const fake = await fakeEndpoint({
      threads: { [PAGE]: [{ id: 'a', author: 'Ada', body: 'Hello', createdAt: minutesAgo(3) }] },
    });
    const element = await mount(fake.endpoint);
    await streamOpen(fake);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    const textarea = composerPart<HTMLTextAreaElement>(composer, 'textarea');
    await typeInto(textarea, 'half-written thought');

    await fake.pushEvent(PAGE, 'comment', streamed('live1', 'a', 'Lena', 'Arrived live'));
    await until(() => commentOf(element, 'live1'), 'live comment shown');
    expect(mustComment(element, 'a').contains(mustComment(element, 'live1'))).to.equal(true);
    expect(textOf(mustOwn(mustComment(element, 'live1'), 'body'))).to.equal('Arrived live');
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
    await fake.pushEvent(PAGE, 'comment', streamed('live1', 'a', 'Lena', 'Arrived live'));
    await fake.pushEvent(PAGE, 'vote', { id: 'a', votes: { up: 7, down: 2 } });
    await until(
      () => textOf(mustOwn(mustComment(element, 'a'), 'score')) === '5',
      'vote event applied',
    );
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');
  });

  it('keeps the reader’s place when a comment arrives above it', async () => {
    const comments = Array.from({ length: 30 }, (_, index) => ({
      id: `c${index}`,
      author: `Writer ${index}`,
      body: `Comment ${index}\n\nsecond paragraph`,
      createdAt: minutesAgo(100 - index),
    }));
    const fake = await fakeEndpoint({ threads: { [PAGE]: comments } });
    // Chromium's own scroll anchoring would hide a widget that does nothing; Safari has none.
    document.documentElement.style.overflowAnchor = 'none';
    document.body.style.overflowAnchor = 'none';
    const element = await mount(fake.endpoint, { sort: 'newest' });
    element.style.overflowAnchor = 'none';
    await streamOpen(fake);
    expect(renderedIds(element)[0]).to.equal('c29');
    const anchor = mustComment(element, 'c15');
    anchor.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -20);
    // Let content-visibility settle the sizes of what is now on screen.
    await frames(3);
    const before = anchor.getBoundingClientRect().top;
    expect(window.scrollY).to.be.greaterThan(0);

    await fake.pushEvent(
      PAGE,
      'comment',
      streamed('fresh', null, 'Newest', 'On top now\n\nwith more\n\nlines'),
    );
    await until(() => commentOf(element, 'fresh'), 'new comment shown');
    await element.updateComplete;
    await frames(3);
    expect(renderedIds(element)[0]).to.equal('fresh');
    expect(Math.abs(anchor.getBoundingClientRect().top - before)).to.be.below(2);
    window.scrollTo(0, 0);
    document.documentElement.style.overflowAnchor = '';
    document.body.style.overflowAnchor = '';
  });
});
