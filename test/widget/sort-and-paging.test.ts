import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import {
  PAGE,
  deepActiveElement,
  minutesAgo,
  mount,
  mustComment,
  part,
  renderedIds,
  root,
  textOf,
  until,
} from './helpers.js';
import { testServer } from '../support/server.js';

describe('<confab-comments> sort and load more', () => {
  it('switches the order with the sort control and reloads', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'old', author: 'A', createdAt: minutesAgo(30), up: 1 },
          { ref: 'mid', author: 'B', createdAt: minutesAgo(20), up: 9 },
          { ref: 'new', author: 'C', createdAt: minutesAgo(10), down: 2 },
        ],
      },
    });
    const element = await mount(server.endpoint);
    expect(server.refs(renderedIds(element))).to.deep.equal(['old', 'mid', 'new']);
    const select = part<HTMLSelectElement>(root(element), 'sort');
    expect(select.value).to.equal('oldest');
    expect(select.labels?.length).to.equal(1);

    for (const [sort, expected] of [
      ['newest', ['new', 'mid', 'old']],
      ['top', ['mid', 'old', 'new']],
    ] as const) {
      const loaded = oneEvent(element, 'confab-loaded');
      select.focus();
      select.value = sort;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await loaded;
      expect(server.refs(renderedIds(element))).to.deep.equal(expected);
    }
    const sorts = (await server.requests())
      .filter((r) => r.path === '/threads')
      .map((r) => r.query.sort);
    expect(sorts).to.deep.equal(['oldest', 'newest', 'top']);
  });

  it('writes the sort switch only when the order changes, and reloads into a new list', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'old', author: 'A', createdAt: minutesAgo(30), up: 1 },
          { ref: 'new', author: 'B', createdAt: minutesAgo(10), up: 9 },
        ],
      },
    });
    const element = await mount(server.endpoint);
    const select = part<HTMLSelectElement>(root(element), 'sort');
    // Every write of a <select>'s value, unchanged or not, has Chromium's autofill scan every
    // form control of the page: the widget's writes are counted.
    const value = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!;
    let writes = 0;
    Object.defineProperty(select, 'value', {
      configurable: true,
      get: () => value.get!.call(select) as string,
      set: (next: string) => {
        writes++;
        value.set!.call(select, next);
      },
    });
    for (let i = 0; i < 3; i++) {
      element.requestUpdate();
      await element.updateComplete;
    }
    expect(writes, 'updates that leave the order alone').to.equal(0);

    const list = part(root(element), 'thread');
    expect(list.children.length).to.equal(2);
    const loaded = oneEvent(element, 'confab-loaded');
    element.sort = 'top';
    await element.updateComplete;
    // Loading: the old list is hidden where it stands (its layout goes in the next frame), then
    // taken out of the page in a task of its own, before the new order arrives.
    expect(getComputedStyle(list).display).to.equal('none');
    expect(list.isConnected).to.equal(true);
    await waitUntil(() => !list.isConnected, 'the old list leaves the page');
    await loaded;
    expect(server.refs(renderedIds(element))).to.deep.equal(['new', 'old']);
    const reloaded = part(root(element), 'thread');
    expect(reloaded).to.not.equal(list);
    expect(reloaded.children.length).to.equal(2);
    expect(root(element).querySelectorAll('[part~="thread"]').length).to.equal(1);
    expect(select.value).to.equal('top');
    expect(writes, 'one order change').to.equal(1);
  });

  it('falls back to oldest for an unknown sort attribute', async () => {
    const server = await testServer();
    await mount(server.endpoint, { sort: 'sideways' });
    expect((await server.requests()).find((r) => r.path === '/threads')!.query.sort).to.equal(
      'oldest',
    );
  });

  it('loads more top-level comments with nextCursor and moves focus to the first new one', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          ...Array.from({ length: 5 }, (_, index) => ({
            ref: `t${index}`,
            author: `Top ${index}`,
            createdAt: minutesAgo(60 - index),
          })),
          { ref: 't4r', parent: 't4', author: 'Replier', createdAt: minutesAgo(1) },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint, { pageSize: 2 });
    expect(server.refs(renderedIds(element))).to.deep.equal(['t0', 't1']);
    expect(textOf(part(root(element), 'heading'))).to.equal('6 comments');
    part(root(element), 'load-more').click();
    await until(() => server.refs(renderedIds(element)).length === 4, 'second page');
    expect(server.refs(renderedIds(element))).to.deep.equal(['t0', 't1', 't2', 't3']);
    await until(
      () => deepActiveElement() === mustComment(element, ids.t2),
      'focus on the first new comment',
    );
    part(root(element), 'load-more').click();
    await until(() => server.refs(renderedIds(element)).length === 6, 'last page');
    expect(server.refs(renderedIds(element))).to.deep.equal(['t0', 't1', 't2', 't3', 't4', 't4r']);
    expect(root(element).querySelector('[part~="load-more"]')).to.equal(null);
    const requests = (await server.requests()).filter((r) => r.path === '/threads');
    expect(requests.map((r) => r.query.limit)).to.deep.equal(['2', '2', '2']);
    expect(requests[0]!.query.cursor).to.equal(undefined);
    expect(requests[1]!.query.cursor).to.be.a('string');
  });

  it('shows a failed load-more in words and keeps the button', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: Array.from({ length: 3 }, (_, index) => ({ ref: `t${index}`, author: 'T' })),
      },
    });
    const element = await mount(server.endpoint, { pageSize: 2 });
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 404,
      error: { code: 'not_found', message: 'x' },
    });
    part(root(element), 'load-more').click();
    await until(() => root(element).querySelector('[part~="error"]'), 'error shown');
    expect(textOf(part(root(element), 'error'))).to.equal(
      'That could not be found. It may have been deleted.',
    );
    expect(server.refs(renderedIds(element))).to.deep.equal(['t0', 't1']);
    part(root(element), 'load-more').click();
    await until(() => server.refs(renderedIds(element)).length === 3, 'loaded on the second try');
  });
});
