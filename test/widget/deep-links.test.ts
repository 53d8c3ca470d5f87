import { expect, oneEvent } from '@open-wc/testing';
import { PAGE, commentOf, container, minutesAgo, mount, root, textOf, until } from './helpers.js';
import { testServer } from '../support/server.js';
import type { SeedComment } from '../support/server.js';

/** 20 top-level comments, oldest first, and a reply to the 13th (on page 3 of 5 per page). */
function longThread(): SeedComment[] {
  const seeds: SeedComment[] = Array.from({ length: 20 }, (_, index) => ({
    ref: `t${index}`,
    author: `Author ${index}`,
    body: `Top-level comment ${index}`,
    createdAt: minutesAgo(100 - index),
  }));
  seeds.push({ ref: 'reply', parent: 't12', body: 'The reply a mail links to' });
  return seeds;
}

const marked = (article: HTMLElement | null) =>
  article?.getAttribute('part') === 'comment highlighted';

/** Runs `body` with the page's URL at `#comment-<id>`, and puts the URL back after. */
async function atFragment(id: string, body: () => Promise<void>): Promise<void> {
  const before = location.href;
  history.replaceState(null, '', `#comment-${id}`);
  try {
    await body();
  } finally {
    history.replaceState(null, '', before);
  }
}

function inView(article: HTMLElement): boolean {
  const box = article.getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}

const threadQueries = async (server: Awaited<ReturnType<typeof testServer>>) =>
  (await server.requests()).filter((r) => r.path === '/threads').map((r) => r.query);

describe('<confab-comments> deep links beyond the first page', () => {
  it('lands on a reply whose top-level comment is on page 3, with one around= request', async () => {
    const server = await testServer({ threads: { [PAGE]: longThread() } });
    const { ids } = server;
    await atFragment(ids.reply!, async () => {
      const element = await mount(server.endpoint, { pageSize: 5 });
      await until(() => marked(commentOf(element, ids.reply!)), 'the reply marked');
      await until(() => inView(commentOf(element, ids.reply!)!), 'scrolled into view');
      expect(commentOf(element, ids.t14!) !== null).to.equal(true, 'page 3 loaded');
      expect(commentOf(element, ids.t15!) === null).to.equal(true, 'page 4 not loaded');
      const queries = await threadQueries(server);
      expect(queries.length).to.equal(1);
      expect(queries[0]!.around).to.equal(ids.reply);
      // Only a followed link takes focus; landing at load leaves it where the page put it.
      expect(root(element).activeElement === null).to.equal(true);
    });
  });

  it('pages with nextCursor when the server refuses around= (400)', async () => {
    const server = await testServer({ threads: { [PAGE]: longThread() } });
    const { ids } = server;
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 400,
      error: { code: 'invalid', message: 'unknown parameter around' },
    });
    await atFragment(ids.reply!, async () => {
      const element = await mount(server.endpoint, { pageSize: 5 });
      await until(() => marked(commentOf(element, ids.reply!)), 'the reply marked');
      await until(() => inView(commentOf(element, ids.reply!)!), 'scrolled into view');
      const queries = await threadQueries(server);
      expect(queries.map((q) => [q.around ?? null, q.cursor === undefined])).to.deep.equal([
        [ids.reply, true],
        [null, true],
        [null, false],
        [null, false],
      ]);
    });
  });

  it('shows the thread from the top, without an error, for an id found nowhere', async () => {
    const server = await testServer({ threads: { [PAGE]: longThread().slice(0, 8) } });
    const { ids } = server;
    await atFragment('999999', async () => {
      const element = await mount(server.endpoint, { pageSize: 5 });
      // The server cannot tell "unknown" from "not supported": the widget pages to the end.
      await until(() => commentOf(element, ids.t7!), 'the second page');
      await element.updateComplete;
      const errors = [...root(element).querySelectorAll('[part~="error"]')];
      expect(errors.map((node) => textOf(node)).join('')).to.equal('');
      expect(root(element).querySelector('[part~="highlighted"]')).to.equal(null);
      expect(root(element).activeElement === null).to.equal(true);
      expect(window.scrollY).to.equal(0);
      expect(inView(commentOf(element, ids.t0!)!)).to.equal(true);
    });
  });

  it('starts a lazy widget below the fold at once when the page opens at a comment', async () => {
    const server = await testServer({ threads: { [PAGE]: longThread() } });
    const { ids } = server;
    await atFragment(ids.t3!, async () => {
      const parent = container();
      parent.style.marginTop = '5000px';
      const element = document.createElement('confab-comments');
      element.setAttribute('endpoint', server.endpoint);
      element.setAttribute('page', PAGE);
      element.setAttribute('loading', 'lazy');
      const loaded = oneEvent(element, 'confab-loaded');
      parent.append(element);
      await loaded;
      await until(() => marked(commentOf(element, ids.t3!)), 'marked');
      await until(() => inView(commentOf(element, ids.t3!)!), 'scrolled into view');
    });
  });

  it('a fragment set after the load pages on to a comment not loaded yet, and focuses it', async () => {
    const server = await testServer({ threads: { [PAGE]: longThread() } });
    const { ids } = server;
    const before = location.href;
    try {
      const element = await mount(server.endpoint, { pageSize: 5 });
      expect(commentOf(element, ids.reply!) === null).to.equal(true);
      location.hash = `#comment-${ids.reply}`;
      await until(() => marked(commentOf(element, ids.reply!)), 'the reply marked');
      await until(() => root(element).activeElement === commentOf(element, ids.reply!), 'focus');
      expect(commentOf(element, ids.t15!) === null).to.equal(true, 'no page past the one needed');
    } finally {
      history.replaceState(null, '', before);
    }
  });
});
