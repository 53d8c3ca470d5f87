import { expect, oneEvent } from '@open-wc/testing';
import { en } from '../../src/i18n/locales/en.js';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import {
  PAGE,
  commentOf,
  container,
  mount,
  mustComment,
  own,
  part,
  parts,
  renderedIds,
  root,
  textOf,
  until,
} from './helpers.js';
import { testServer } from '../support/server.js';

const PROTOCOL_ERRORS: Array<[keyof typeof en, number]> = [
  ['error.invalid_request', 400],
  ['error.unauthorized', 401],
  ['error.forbidden', 403],
  ['error.not_found', 404],
  ['error.conflict', 409],
  ['error.payload_too_large', 413],
  ['error.unsupported_media_type', 415],
  ['error.locked', 423],
  ['error.rate_limited', 429],
  ['error.internal', 500],
  ['error.unavailable', 503],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<confab-comments> states', () => {
  for (const [key, status] of PROTOCOL_ERRORS) {
    const code = key.slice('error.'.length);
    it(`shows ${code} (${status}) in words, with a retry button`, async () => {
      const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada' }] } });
      await server.fault({
        method: 'GET',
        path: '/threads',
        status,
        error: { code, message: 'server words' },
        // Retried codes (429, 503) must fail every attempt; Retry-After 0 keeps the test quick.
        times: 5,
        ...(status === 429 || status === 503 ? { retryAfter: 0 } : {}),
      });
      const element = await mount(server.endpoint, { waitFor: 'error' });
      const error = part(root(element), 'error');
      expect(textOf(error)).to.equal(`${en['thread.loadFailed']} ${en[key] as string}`);
      expect(textOf(part(root(element), 'retry'))).to.equal('Try again');
      expect(root(element).querySelector('[part~="thread"]')).to.equal(null);
    });
  }

  it('shows an unreadable answer and a broken connection in words', async function () {
    this.timeout(20000);
    const server = await testServer();
    await server.fault({ method: 'GET', path: '/threads', body: '{"comments": "no"}', times: 5 });
    let element = await mount(server.endpoint, { waitFor: 'error' });
    expect(textOf(part(root(element), 'error'))).to.contain(en['error.bad_response']);
    element.remove();

    await server.fault({ method: 'GET', path: '/threads', body: '{not json', times: 5 });
    element = await mount(server.endpoint, { waitFor: 'error' });
    expect(textOf(part(root(element), 'error'))).to.contain(en['error.bad_response']);
    element.remove();

    const dropped = await testServer();
    await dropped.fault({ method: 'GET', path: '/threads', dropConnection: true, times: 5 });
    element = await mount(dropped.endpoint, { waitFor: 'error' });
    expect(textOf(part(root(element), 'error'))).to.contain(en['error.network']);
  });

  it('fires confab-error and reloads with the retry button', async () => {
    const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada' }] } });
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 500,
      error: { code: 'internal', message: 'x' },
    });
    const parent = container();
    const errorEvent = new Promise<CustomEvent>((resolve) =>
      parent.addEventListener('confab-error', (event) => resolve(event as CustomEvent), {
        once: true,
      }),
    );
    const element = await mount(server.endpoint, { waitFor: 'error' }, parent);
    expect((await errorEvent).detail).to.deep.equal({
      code: 'internal',
      message: en['error.internal'],
    });
    const loaded = oneEvent(element, 'confab-loaded');
    part(root(element), 'retry').click();
    expect((await loaded).detail).to.deep.equal({ total: 1 });
    expect(server.refs(renderedIds(element))).to.deep.equal(['a']);
    expect(root(element).querySelector('[part~="retry"]')).to.equal(null);
  });

  it('says what is missing when there is no endpoint', async () => {
    const element = await mount('', { waitFor: 'error' });
    expect(textOf(part(root(element), 'error'))).to.contain(en['error.config']);
  });

  it('shows the empty state with the form', async () => {
    const server = await testServer();
    const element = await mount(server.endpoint);
    expect(textOf(part(root(element), 'empty'))).to.equal(en['thread.empty']);
    expect(textOf(part(root(element), 'heading'))).to.equal('0 comments');
    expect(part(root(element), 'form').tagName).to.equal('CONFAB-COMPOSER');
  });

  it('shows a locked thread without any form, with a notice', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: { locked: true, comments: [{ ref: 'a', author: 'Ada', body: 'Old talk' }] },
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    expect(textOf(part(root(element), 'notice'))).to.equal(en['thread.locked']);
    expect(root(element).querySelector('confab-composer')).to.equal(null);
    expect(own(mustComment(element, ids.a), 'reply-button')).to.equal(null);
    expect(own(mustComment(element, ids.a), 'vote-up')).to.not.equal(null);
  });

  it('fetches nothing while far below the fold, reserving space; loads on approach', async () => {
    const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada' }] } });
    const parent = container();
    const spacer = document.createElement('div');
    spacer.style.height = `${window.innerHeight * 4}px`;
    parent.append(spacer);
    const element = await mount(server.endpoint, { loading: null, waitFor: 'nothing' }, parent);
    await sleep(400);
    expect((await server.requests()).length).to.equal(0);
    const placeholder = part(root(element), 'placeholder');
    expect(placeholder.getBoundingClientRect().height).to.be.at.least(150);
    expect(textOf(placeholder)).to.equal(en['thread.loading']);
    const loaded = oneEvent(element, 'confab-loaded');
    element.scrollIntoView();
    await loaded;
    expect((await server.requests()).filter((r) => r.path === '/threads').length).to.equal(1);
    window.scrollTo(0, 0);
  });

  it('fetches at once with loading="eager", even far below the fold', async () => {
    const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada' }] } });
    const parent = container();
    const spacer = document.createElement('div');
    spacer.style.height = `${window.innerHeight * 4}px`;
    parent.append(spacer);
    const element = await mount(server.endpoint, { loading: 'eager' }, parent);
    expect(server.refs(renderedIds(element))).to.deep.equal(['a']);
  });

  it('aborts the old request when page changes and ignores its answer', async () => {
    const server = await testServer({
      threads: {
        'page-old': [{ ref: 'old', author: 'Old', body: 'from the old page' }],
        'page-new': [{ ref: 'new', author: 'New', body: 'from the new page' }],
      },
    });
    await server.fault({ method: 'GET', path: '/threads', delayMs: 1200 });
    const signals: AbortSignal[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).includes('/threads') && init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    };
    try {
      const element = await mount(server.endpoint, { page: 'page-old', waitFor: 'nothing' });
      await until(() => signals.length === 1, 'first request sent');
      const loaded = oneEvent(element, 'confab-loaded');
      element.setAttribute('page', 'page-new');
      await loaded;
      expect(signals[0]!.aborted).to.equal(true);
      expect(server.refs(renderedIds(element))).to.deep.equal(['new']);
      await sleep(1500);
      expect(server.refs(renderedIds(element))).to.deep.equal(['new']);
      expect(root(element).querySelector('[part~="error"]')).to.equal(null);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('keeps two widgets on one page independent', async () => {
    const server = await testServer({
      threads: {
        one: [{ ref: 'x1', author: 'Xi', up: 1 }],
        two: [
          { ref: 'y1', author: 'Yu' },
          { ref: 'y2', author: 'Yves' },
        ],
      },
    });
    const { ids } = server;
    const parent = container();
    const first = await mount(server.endpoint, { page: 'one' }, parent);
    const second = await mount(server.endpoint, { page: 'two', sort: 'newest' }, parent);
    expect(server.refs(renderedIds(first))).to.deep.equal(['x1']);
    expect(server.refs(renderedIds(second))).to.deep.equal(['y2', 'y1']);
    // A vote in one does not touch the other.
    const voted = oneEvent(first, 'confab-voted');
    part(mustComment(first, ids.x1), 'vote-up').click();
    await voted;
    expect(parts(root(second), 'score').map(textOf)).to.deep.equal(['0', '0']);
    // Collapsing, sorting or reloading one leaves the other alone.
    const reloaded = oneEvent(second, 'confab-loaded');
    second.setAttribute('sort', 'oldest');
    await reloaded;
    expect(server.refs(renderedIds(second))).to.deep.equal(['y1', 'y2']);
    expect(server.refs(renderedIds(first))).to.deep.equal(['x1']);
    expect(commentOf(first, ids.y1)).to.equal(null);
  });

  it('starts again when removed and re-added', async () => {
    const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada' }] } });
    const element: ConfabComments = await mount(server.endpoint);
    const parent = element.parentElement!;
    element.remove();
    await until(async () => (await server.openStreams()).length === 0, 'stream closed on removal');
    const loaded = oneEvent(element, 'confab-loaded');
    parent.append(element);
    await loaded;
    expect(server.refs(renderedIds(element))).to.deep.equal(['a']);
  });
});
