/**
 * The host page misbehaving: several widgets, elements moved or re-added, attributes changed
 * mid-flight, and a page stylesheet that resets everything it can reach.
 */
import { expect } from '@open-wc/testing';
import { testServer, type LoggedRequest, type TestServer } from '../support/server.js';
import { mount, nextEvent, parts, until, writeComment, type Mounted } from './support/widget.js';

/** The refs (as seeded on `server`) of the comments the widget shows. */
function shown(mounted: Mounted, server: TestServer): string[] {
  return server.refs(
    parts(mounted.root, 'comment').map((c) => c.getAttribute('data-comment-id') ?? ''),
  );
}

function threadGets(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.method === 'GET' && r.path === '/threads');
}

const tokenKey = (endpoint: string) => `confab:token:${endpoint}`;

describe('host page: several widgets, re-adding, changing attributes', function () {
  this.timeout(60_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(() => {
    while (cleanup.length) cleanup.pop()!();
  });

  it('two widgets on one page keep their own threads and their own token per endpoint', async () => {
    const one = await testServer({
      threads: { shared: [{ ref: 'one-a', author: 'Ann', body: 'On server one' }] },
    });
    const two = await testServer({
      threads: { shared: [{ ref: 'two-a', author: 'Bob', body: 'On server two' }] },
    });
    const first = await mount({ endpoint: one.endpoint, page: 'shared' });
    cleanup.push(() => first.unmount());
    const second = await mount({ endpoint: two.endpoint, page: 'shared' });
    cleanup.push(() => second.unmount());
    expect(shown(first, one)).to.deep.equal(['one-a']);
    expect(shown(second, two)).to.deep.equal(['two-a']);

    const posted = nextEvent<CustomEvent>(first.element, 'confab-posted');
    await writeComment(first.root, 'Cy', 'Only on server one');
    await posted;
    expect(localStorage.getItem(tokenKey(one.endpoint)), 'a token for endpoint one').to.be.a(
      'string',
    );
    expect(localStorage.getItem(tokenKey(two.endpoint)), 'none for endpoint two').to.equal(null);
    expect(shown(second, two)).to.deep.equal(['two-a']);
    expect((await two.comments('shared')).map((c) => c.body)).to.deep.equal(['On server two']);
    const twoLog = await two.requests();
    expect(
      twoLog.some((r) => r.headers.authorization),
      'endpoint two never saw endpoint one’s token',
    ).to.equal(false);

    const voted = nextEvent(second.element, 'confab-voted');
    second.root
      .querySelector<HTMLButtonElement>(
        `[data-comment-id="${two.ids['two-a']}"] [part~="vote-up"]`,
      )!
      .click();
    await voted;
    const tokenOne = localStorage.getItem(tokenKey(one.endpoint));
    const tokenTwo = localStorage.getItem(tokenKey(two.endpoint));
    expect(tokenTwo).to.be.a('string').and.not.equal(tokenOne);
    const votes = (await two.requests()).filter((r) => r.method === 'PUT');
    expect(votes.map((r) => r.headers.authorization)).to.deep.equal([`Bearer ${tokenTwo}`]);
  });

  it('removed and re-added, the element loads again and keeps exactly one event stream', async () => {
    const server = await testServer({
      threads: { again: [{ ref: 'c1', author: 'Ann', body: 'Hello' }] },
    });
    const mounted = await mount({ endpoint: server.endpoint, page: 'again' });
    cleanup.push(() => mounted.unmount());
    await until(async () => (await server.openStreams()).length === 1, 'the first stream');
    const parent = mounted.element.parentElement!;
    mounted.canary.uninstall();
    mounted.element.remove();
    expect(mounted.element.isConnected, 'element.remove() really removes it').to.equal(false);
    await until(
      async () => (await server.openStreams()).length === 0,
      'the stream to close on removal',
    );

    const reloaded = nextEvent(mounted.element, 'confab-loaded');
    parent.append(mounted.element);
    await reloaded;
    await until(() => shown(mounted, server).length === 1, 'the thread after re-adding');
    await until(async () => (await server.openStreams()).length === 1, 'one stream again');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await server.openStreams()).to.have.length(1);

    // Moving it (remove + insert in one task) must not leave a second stream either.
    const holder = document.createElement('section');
    document.body.append(holder);
    cleanup.push(() => holder.remove());
    const movedLoaded = nextEvent(mounted.element, 'confab-loaded');
    holder.append(mounted.element);
    await movedLoaded;
    await until(() => shown(mounted, server).length === 1, 'the thread after moving');
    await until(async () => (await server.openStreams()).length === 1, 'the stream after moving');
    // A duplicate stream would show up here as a second entry.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await server.openStreams()).to.have.length(1);
    const [live] = await server.seed('again', [{ ref: 'c2', author: 'Bob', body: 'Live' }]);
    await server.pushEvent('again', 'comment', live);
    await until(() => shown(mounted, server).includes('c2'), 'a live comment after moving');
    expect(shown(mounted, server)).to.deep.equal(['c1', 'c2']);
  });

  it('a new page attribute loads the new thread and aborts the old request; its late answer is ignored', async () => {
    const server = await testServer({
      threads: {
        old: [{ ref: 'old-1', author: 'Ann', body: 'Old thread' }],
        new: [{ ref: 'new-1', author: 'Bob', body: 'New thread' }],
      },
    });
    await server.fault({ method: 'GET', path: '/threads', delayMs: 2000 });
    const aborted: string[] = [];
    const realAbort = AbortController.prototype.abort;
    AbortController.prototype.abort = function (this: AbortController, reason?: unknown) {
      aborted.push(String(reason ?? 'abort'));
      return realAbort.call(this, reason);
    };
    cleanup.push(() => (AbortController.prototype.abort = realAbort));
    const mounted = await mount({ endpoint: server.endpoint, page: 'old', waitForRender: false });
    cleanup.push(() => mounted.unmount());
    await until(async () => threadGets(await server.requests()).length === 1, 'the first request');
    const loaded = nextEvent(mounted.element, 'confab-loaded');
    mounted.element.setAttribute('page', 'new');
    await loaded;
    expect(aborted.length, 'the old request was aborted').to.be.at.least(1);
    expect(shown(mounted, server)).to.deep.equal(['new-1']);
    // Past the delayed answer for the old page: still the new thread.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(shown(mounted, server)).to.deep.equal(['new-1']);
    expect(threadGets(await server.requests()).map((r) => r.query.page)).to.deep.equal([
      'old',
      'new',
    ]);
  });

  it('hostile URL fragments (#comment-…) neither throw nor reach anything but the named comment', async () => {
    const server = await testServer({
      threads: { frag: [{ ref: 'real', author: 'Ann', body: 'Hello' }] },
    });
    const mounted = await mount({ endpoint: server.endpoint, page: 'frag' });
    cleanup.push(() => mounted.unmount());
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    const onRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      for (const fragment of [
        '#comment-%',
        '#comment-%E0%A4%A',
        '#comment-"]) , *, a[href',
        '#comment-\\',
        '#comment-__proto__',
        '#comment-constructor',
        `#comment-${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
        `#comment-${'x'.repeat(50_000)}`,
      ]) {
        location.hash = fragment;
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(parts(mounted.root, 'highlighted'), fragment).to.have.length(0);
      }
      location.hash = `#comment-${server.ids.real}`;
      await until(
        () => parts(mounted.root, 'highlighted').length === 1,
        'the real comment to be marked',
      );
    } finally {
      history.replaceState(history.state, '', location.pathname + location.search);
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
    expect(errors).to.deep.equal([]);
    const seen = mounted.unmount();
    expect(seen.calls).to.deep.equal([]);
  });

  it('a new endpoint attribute loads from the new server', async () => {
    const one = await testServer({
      threads: { p: [{ ref: 'from-one', author: 'Ann', body: 'One' }] },
    });
    const two = await testServer({
      threads: { p: [{ ref: 'from-two', author: 'Bob', body: 'Two' }] },
    });
    const mounted = await mount({ endpoint: one.endpoint, page: 'p' });
    cleanup.push(() => mounted.unmount());
    expect(shown(mounted, one)).to.deep.equal(['from-one']);
    const loaded = nextEvent(mounted.element, 'confab-loaded');
    mounted.element.setAttribute('endpoint', two.endpoint);
    await loaded;
    await until(() => shown(mounted, two).includes('from-two'), 'the other server’s thread');
    expect(shown(mounted, two)).to.deep.equal(['from-two']);
    await until(
      async () => (await one.openStreams()).length === 0,
      'the old server’s stream to close',
    );
  });
});

/** A page stylesheet that tries everything a careless or hostile site might do. */
const AGGRESSIVE_CSS = `
  * { all: unset !important; }
  html, body { display: block !important; font-size: 48px !important; font-family: fantasy !important; }
  div, section, article, p, ul, li, header, footer { display: none !important; }
  button, a, input, textarea, select { display: none !important; pointer-events: none !important;
    visibility: hidden !important; font-size: 200px !important; }
  [part], [class], [data-comment-id] { display: none !important; opacity: 0 !important; }
  *::before, *::after { content: "X" !important; font-size: 100px !important; }
`;

describe('host page: aggressive global CSS', function () {
  this.timeout(60_000);

  it('does not break the widget: comments visible, laid out in order, buttons clickable', async () => {
    const style = document.createElement('style');
    style.textContent = AGGRESSIVE_CSS;
    document.head.append(style);
    const server = await testServer({
      threads: {
        css: [
          { ref: 'one', author: 'Ann', body: 'First comment, with some words in it.' },
          { ref: 'two', author: 'Bob', body: '**Second**, in Markdown.' },
          { ref: 'reply', parent: 'one', author: 'Cy', body: 'A reply.' },
        ],
      },
    });
    const { ids } = server;
    let mounted: Mounted | null = null;
    try {
      mounted = await mount({ endpoint: server.endpoint, page: 'css' });
      const root = mounted.root;
      // Off-screen top-level comments skip layout (content-visibility: auto): measure on screen.
      root.querySelector(`[data-comment-id="${ids.one}"]`)!.scrollIntoView({ block: 'start' });
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const articles = parts(root, 'comment') as HTMLElement[];
      expect(articles).to.have.length(3);
      for (const article of articles) {
        const box = article.getBoundingClientRect();
        expect(box.width, `${article.dataset.commentId} has width`).to.be.greaterThan(100);
        expect(box.height, `${article.dataset.commentId} has height`).to.be.greaterThan(10);
        expect(getComputedStyle(article).visibility).to.equal('visible');
        expect(Number(getComputedStyle(article).opacity)).to.equal(1);
      }
      const [one, reply, two] = ['one', 'reply', 'two'].map((ref) =>
        root.querySelector(`[data-comment-id="${ids[ref]}"]`)!.getBoundingClientRect(),
      );
      expect(reply!.top, 'the reply below its parent’s start').to.be.greaterThan(one!.top);
      expect(two!.top, 'the second comment below the first thread').to.be.at.least(
        reply!.bottom - 1,
      );
      const text = root.querySelector(`[data-comment-id="${ids.one}"] [part~="body"]`)!;
      expect(parseFloat(getComputedStyle(text).fontSize), 'text has a size').to.be.greaterThan(8);
      expect(getComputedStyle(text).color).to.not.match(
        /rgba\(\s*0,\s*0,\s*0,\s*0\s*\)|transparent/,
      );

      // Buttons: visible, the topmost element at their centre, and they work when clicked.
      const replyButton = root.querySelector<HTMLElement>(
        `[data-comment-id="${ids.two}"] [part~="reply-button"]`,
      )!;
      replyButton.scrollIntoView({ block: 'center' });
      const box = replyButton.getBoundingClientRect();
      expect(box.width).to.be.greaterThan(10);
      expect(box.height).to.be.greaterThan(10);
      const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      expect(
        hit === replyButton || replyButton.contains(hit),
        `topmost at the centre: ${hit?.outerHTML}`,
      ).to.equal(true);
      expect(getComputedStyle(replyButton).pointerEvents).to.not.equal('none');
      replyButton.click();
      await until(() => !!root.querySelector('[part~="reply-form"]'), 'the reply form');
      const submit = parts(root, 'form')[0] as HTMLElement;
      const formBox = submit.getBoundingClientRect();
      expect(formBox.height, 'the new-comment form is visible').to.be.greaterThan(40);
      const seen = mounted.unmount();
      expect(seen.outside).to.deep.equal([]);
      mounted = null;
    } finally {
      mounted?.unmount();
      style.remove();
    }
  });
});
