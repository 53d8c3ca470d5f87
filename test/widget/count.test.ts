/**
 * <confab-count> against the real reference server: one GET /counts for every count of the page,
 * plural texts per language, the host's own text when the server cannot be reached, styling.
 */
import { expect } from '@open-wc/testing';
import '../../src/count.js';
import { COUNTS_MAX_PAGES } from '../../src/api/count-batch.js';
import type { ConfabCount } from '../../src/elements/confab-count.js';
import { LIMITS } from '../../src/protocol/index.js';
import { testServer, type SeedComment } from '../support/server.js';
import { container, until } from './helpers.js';

function comments(count: number): SeedComment[] {
  return Array.from({ length: count }, (_, index) => ({ body: `Comment ${index}` }));
}

/** What a reader sees: the count's text once known, else the host's text. */
function shown(element: ConfabCount): string {
  const text = element.shadowRoot!.querySelector<HTMLElement>('[part~="count"]')!;
  return text.hidden ? element.textContent!.trim() : text.textContent!;
}

/** A listing page: the given HTML in a container, with a meta endpoint when one is given. */
function listing(html: string, metaEndpoint?: string): HTMLElement {
  const holder = container();
  if (metaEndpoint) {
    const meta = document.createElement('meta');
    meta.name = 'confab-endpoint';
    meta.content = metaEndpoint;
    document.head.append(meta);
    // Removed with the container, so that no other test finds it.
    afterEachCleanup.push(() => meta.remove());
  }
  holder.innerHTML = html;
  return holder;
}
const afterEachCleanup: Array<() => void> = [];
afterEach(() => afterEachCleanup.splice(0).forEach((clean) => clean()));

function counts(holder: HTMLElement): ConfabCount[] {
  return [...holder.querySelectorAll('confab-count')];
}

async function settled(holder: HTMLElement): Promise<void> {
  await until(
    () => counts(holder).every((element) => element.count !== null),
    'every count is shown',
  );
}

describe('<confab-count>', () => {
  it('counts every element of the page with one GET /counts, endpoint from the meta tag', async () => {
    const server = await testServer({
      threads: { 'post-1': comments(3), 'post-2': comments(1), 'post-3': [] },
    });
    const holder = listing(
      `<confab-count page="post-1">Comments</confab-count>
       <confab-count page="post-2">Comments</confab-count>
       <confab-count page="post-3">Comments</confab-count>
       <confab-count page="post-never">Comments</confab-count>
       <confab-count page="post-1">Comments</confab-count>`,
      server.endpoint,
    );
    await settled(holder);
    expect(counts(holder).map(shown)).to.deep.equal([
      '3 comments',
      '1 comment',
      'No comments',
      'No comments',
      '3 comments',
    ]);
    const requests = (await server.requests()).filter((request) => request.path === '/counts');
    expect(requests).to.have.length(1);
    expect(requests[0]!.method).to.equal('GET');
    expect(requests[0]!.query.page).to.have.members(['post-1', 'post-2', 'post-3', 'post-never']);
    expect(requests[0]!.headers.authorization).to.equal(undefined);
    expect(counts(holder)[0]!.count).to.equal(3);
  });

  it('takes its endpoint attribute over the meta tag', async () => {
    const server = await testServer({ threads: { 'post-1': comments(2) } });
    const holder = listing(
      `<confab-count page="post-1" endpoint="${server.endpoint}">Comments</confab-count>`,
      '/api/nowhere',
    );
    await settled(holder);
    expect(shown(counts(holder)[0]!)).to.equal('2 comments');
  });

  it('speaks German with lang="de" (and de-AT), English for languages it lacks', async () => {
    const server = await testServer({
      threads: { 'post-1': comments(1), 'post-2': comments(5) },
    });
    const holder = listing(
      `<p lang="de"><confab-count page="post-1">Kommentare</confab-count>
         <confab-count page="post-2">Kommentare</confab-count>
         <confab-count page="post-never">Kommentare</confab-count></p>
       <p lang="de-AT"><confab-count page="post-2">Kommentare</confab-count></p>
       <confab-count page="post-2" lang="fi">Comments</confab-count>`,
      server.endpoint,
    );
    await settled(holder);
    expect(counts(holder).map(shown)).to.deep.equal([
      '1 Kommentar',
      '5 Kommentare',
      'Keine Kommentare',
      '5 Kommentare',
      '5 comments',
    ]);
    const element = counts(holder)[4]!;
    element.setAttribute('lang', 'de');
    expect(shown(element)).to.equal('5 Kommentare');
  });

  it('speaks the widget’s languages, found as the widget finds them (pt-PT → pt, zh-TW → zh)', async () => {
    const server = await testServer({
      threads: { 'post-1': comments(1), 'post-2': comments(2), 'post-3': comments(3) },
    });
    const holder = listing(
      `<p lang="ar"><confab-count page="post-2">x</confab-count>
         <confab-count page="post-3">x</confab-count>
         <confab-count page="post-never">x</confab-count></p>
       <p lang="pt-PT"><confab-count page="post-1">x</confab-count></p>
       <p lang="zh-TW"><confab-count page="post-3">x</confab-count></p>
       <p lang="uk"><confab-count page="post-2">x</confab-count></p>
       <p lang="ja"><confab-count page="post-never">x</confab-count></p>`,
      server.endpoint,
    );
    await settled(holder);
    expect(counts(holder).map(shown)).to.deep.equal([
      'تعليقان',
      '3 تعليقات',
      'لا تعليقات',
      '1 comentário',
      '3 条评论',
      '2 коментарі',
      'コメントなし',
    ]);
  });

  it('keeps the host’s text when the server cannot be reached or refuses', async () => {
    const server = await testServer({ threads: { 'post-1': comments(2), 'post-2': comments(4) } });
    await server.fault({ method: 'GET', path: '/counts', dropConnection: true });
    const holder = listing(`<confab-count page="post-1">Comments</confab-count>`, server.endpoint);
    const failed = (element: Element) => element.matches(':state(failed)');
    await until(() => failed(counts(holder)[0]!), 'the count gives up');
    const element = counts(holder)[0]!;
    expect(element.count).to.equal(null);
    expect(shown(element)).to.equal('Comments');
    expect(element.getBoundingClientRect().width).to.be.greaterThan(0);

    await server.fault({
      method: 'GET',
      path: '/counts',
      status: 500,
      error: { code: 'internal' },
    });
    const refused = listing(`<confab-count page="post-1">Kommentare</confab-count>`);
    refused.firstElementChild!.setAttribute('endpoint', server.endpoint);
    await until(() => failed(counts(refused)[0]!), 'the refused count gives up');
    expect(shown(counts(refused)[0]!)).to.equal('Kommentare');

    const unreachable = listing(
      `<confab-count page="post-1" endpoint="http://127.0.0.1:9/api">Comments</confab-count>`,
    );
    await until(() => failed(counts(unreachable)[0]!), 'the unreachable count gives up');
    expect(shown(counts(unreachable)[0]!)).to.equal('Comments');

    // The next answer that comes is shown.
    counts(refused)[0]!.setAttribute('page', 'post-2');
    await until(() => counts(refused)[0]!.matches(':state(loaded)'), 'a later answer');
    expect(shown(counts(refused)[0]!)).to.equal('4 comments');
    expect(failed(counts(refused)[0]!)).to.equal(false);
  });

  it('is styled through its parts and tokens', async () => {
    const server = await testServer({ threads: { 'post-1': comments(12) } });
    const style = document.createElement('style');
    style.textContent = `
      .styled confab-count { --confab-count-number-color: rgb(200, 0, 0); --confab-count-number-weight: 700; }
      .styled confab-count::part(count) { text-decoration: underline; }`;
    document.head.append(style);
    afterEachCleanup.push(() => style.remove());
    const holder = listing(
      `<div class="styled"><confab-count page="post-1" endpoint="${server.endpoint}">Comments</confab-count></div>`,
    );
    await settled(holder);
    const root = counts(holder)[0]!.shadowRoot!;
    const number = root.querySelector('[part~="number"]')!;
    expect(number.textContent).to.equal('12');
    expect(getComputedStyle(number).color).to.equal('rgb(200, 0, 0)');
    expect(getComputedStyle(number).fontWeight).to.equal('700');
    expect(getComputedStyle(root.querySelector('[part~="count"]')!).textDecorationLine).to.equal(
      'underline',
    );
  });

  it('asks in pieces of the protocol’s 100 pages', async () => {
    expect(COUNTS_MAX_PAGES).to.equal(LIMITS.countsMaxPages);
    const server = await testServer({ threads: { 'post-1': comments(1) } });
    const holder = listing(
      Array.from(
        { length: 101 },
        (_, index) => `<confab-count page="post-${index + 1}">Comments</confab-count>`,
      ).join(''),
      server.endpoint,
    );
    await settled(holder);
    const requests = (await server.requests()).filter((request) => request.path === '/counts');
    expect(requests.map((request) => [request.query.page].flat().length)).to.deep.equal([100, 1]);
    expect(shown(counts(holder)[0]!)).to.equal('1 comment');
  });
});
