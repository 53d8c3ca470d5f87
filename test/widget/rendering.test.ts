import { expect } from '@open-wc/testing';
import {
  PAGE,
  commentOf,
  minutesAgo,
  mount,
  mustComment,
  mustOwn,
  own,
  part,
  parts,
  renderedIds,
  root,
  textOf,
  until,
} from './helpers.js';
import { testServer } from '../support/server.js';

describe('<confab-comments> rendering', () => {
  it('renders replies nested inside their parent, with the protocol parts', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'Ada', body: 'First', createdAt: minutesAgo(30), up: 3, down: 1 },
          {
            ref: 'b',
            parent: 'a',
            author: 'Brian',
            body: 'Reply to Ada',
            createdAt: minutesAgo(20),
          },
          {
            ref: 'c',
            parent: 'b',
            author: 'Cleo',
            body: 'Reply to Brian',
            createdAt: minutesAgo(10),
          },
          { ref: 'd', author: 'Dan', body: 'Second top-level', createdAt: minutesAgo(5) },
        ],
      },
    });
    const element = await mount(server.endpoint);
    expect(server.refs(renderedIds(element))).to.deep.equal(['a', 'b', 'c', 'd']);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((ref) => mustComment(element, server.ids[ref]));
    expect(a.tagName).to.equal('ARTICLE');
    expect(a.contains(b)).to.equal(true);
    expect(b.contains(c)).to.equal(true);
    expect(a.contains(d)).to.equal(false);
    // The thread is a list of articles.
    expect(a.parentElement!.tagName).to.equal('LI');
    expect(a.parentElement!.parentElement!.getAttribute('part')).to.equal('thread');
    expect(b.parentElement!.parentElement!.getAttribute('part')).to.equal('replies');
    expect(textOf(mustOwn(a, 'score'))).to.equal('2');
    expect(textOf(mustOwn(a, 'author'))).to.equal('Ada');
    expect(textOf(mustOwn(c, 'body'))).to.equal('Reply to Brian');
    expect(textOf(part(root(element), 'heading'))).to.equal('4 comments');
  });

  it('shows relative times in <time> with the exact time in its title', async () => {
    const createdAt = minutesAgo(5);
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', createdAt }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const time = mustOwn(mustComment(element, ids.a), 'time');
    expect(time.tagName).to.equal('TIME');
    expect(time.getAttribute('datetime')).to.equal(createdAt);
    expect(textOf(time)).to.equal('5 minutes ago');
    expect(time.title).to.equal(
      new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(
        Date.parse(createdAt),
      ),
    );
  });

  it('stops indenting past --confab-max-depth and says whom deeper replies answer', async () => {
    const names = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six'];
    const server = await testServer({
      threads: {
        [PAGE]: names.map((name, depth) => ({
          ref: `d${depth}`,
          parent: depth ? `d${depth - 1}` : null,
          author: name,
          body: `at depth ${depth}`,
        })),
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const indentOf = (depth: number) =>
      getComputedStyle(mustComment(element, ids[`d${depth}`]).parentElement!.parentElement!)
        .paddingInlineStart;
    expect(indentOf(1)).to.not.equal('0px');
    expect(indentOf(4)).to.equal(indentOf(1));
    expect(indentOf(5)).to.equal('0px');
    expect(indentOf(6)).to.equal('0px');
    for (const depth of [1, 2, 3, 4])
      expect(own(mustComment(element, ids[`d${depth}`]), 'in-reply-to')).to.equal(null);
    expect(textOf(mustOwn(mustComment(element, ids.d5), 'in-reply-to'))).to.equal(
      'in reply to Four',
    );
    expect(textOf(mustOwn(mustComment(element, ids.d6), 'in-reply-to'))).to.equal(
      'in reply to Five',
    );

    // The limit is a CSS custom property of the page.
    element.style.setProperty('--confab-max-depth', '2');
    element.requestUpdate();
    await element.updateComplete;
    expect(indentOf(2)).to.not.equal('0px');
    expect(indentOf(3)).to.equal('0px');
    expect(textOf(mustOwn(mustComment(element, ids.d3), 'in-reply-to'))).to.equal(
      'in reply to Two',
    );
    expect(own(mustComment(element, ids.d2), 'in-reply-to')).to.equal(null);
  });

  it('collapses and expands a thread of replies', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'Ada', body: 'Root' },
          { ref: 'b', parent: 'a', author: 'Bo', body: 'one' },
          { ref: 'c', parent: 'b', author: 'Cy', body: 'two' },
          { ref: 'd', parent: 'a', author: 'Di', body: 'three' },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const toggle = mustOwn(mustComment(element, ids.a), 'toggle-replies');
    expect(textOf(toggle)).to.equal('Hide 3 replies');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await element.updateComplete;
    expect(commentOf(element, ids.b)).to.equal(null);
    expect(commentOf(element, ids.d)).to.equal(null);
    expect(textOf(toggle)).to.equal('Show 3 replies');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await element.updateComplete;
    expect(server.refs(renderedIds(element))).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  });

  it('links mentions of multi-word names to the right comment, and following one marks it', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'd1', author: 'Daryl', body: 'I am Daryl', createdAt: minutesAgo(50) },
          {
            ref: 'd2',
            author: 'Daryl and his brother Darryl',
            body: 'We are two',
            createdAt: minutesAgo(40),
          },
          { ref: 'x1', author: 'Xena', body: 'Filler', createdAt: minutesAgo(35) },
          {
            ref: 'm1',
            author: 'Mo',
            body: '@Daryl and his brother Darryl: yes\nand @Daryl too',
            createdAt: minutesAgo(30),
          },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const mentions = [
      ...mustOwn(mustComment(element, ids.m1), 'body').querySelectorAll('[part~="mention"]'),
    ];
    expect(mentions.map((link) => [textOf(link), link.getAttribute('href')])).to.deep.equal([
      ['@Daryl and his brother Darryl', `#comment-${ids.d2}`],
      ['@Daryl', `#comment-${ids.d1}`],
    ]);
    const before = location.href;
    try {
      (mentions[0] as HTMLElement).click();
      await until(
        () => commentOf(element, ids.d2)?.getAttribute('part')?.includes('highlighted'),
        'marked',
      );
      expect(location.hash).to.equal(`#comment-${ids.d2}`);
      expect(commentOf(element, ids.d2)!.hasAttribute('data-highlighted')).to.equal(true);
      expect(root(element).activeElement).to.equal(commentOf(element, ids.d2));
      expect(commentOf(element, ids.d1)!.getAttribute('part')).to.equal('comment');
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('scrolls to and marks the comment named by #comment-<id> in the page URL', async () => {
    const comments = Array.from({ length: 40 }, (_, index) => ({
      ref: `c${index}`,
      author: `Author ${index}`,
      body: `Comment number ${index}\n\nwith a second paragraph\n\nand a third`,
    }));
    const server = await testServer({ threads: { [PAGE]: comments } });
    const { ids } = server;
    const before = location.href;
    history.replaceState(null, '', `#comment-${ids.c33}`);
    try {
      const element = await mount(server.endpoint);
      await until(
        () => commentOf(element, ids.c33)?.getAttribute('part') === 'comment highlighted',
        'marked',
      );
      const box = commentOf(element, ids.c33)!.getBoundingClientRect();
      expect(box.top).to.be.at.least(0);
      expect(box.top).to.be.below(window.innerHeight);
      expect(commentOf(element, ids.c2)!.getAttribute('part')).to.equal('comment');

      // A later change of the fragment moves the mark.
      location.hash = `#comment-${ids.c5}`;
      await until(
        () => commentOf(element, ids.c5)?.getAttribute('part') === 'comment highlighted',
        'moved',
      );
      expect(commentOf(element, ids.c33)!.getAttribute('part')).to.equal('comment');
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('renders Markdown from the allow-list only: formatting kept, raw HTML and unsafe links not', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          {
            ref: 'r',
            author: 'Rita',
            body: '**bold** and `code` and [a link](https://example.com/x)\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(1))\n\n> quoted\n\n- one\n- two',
          },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const body = mustOwn(mustComment(element, ids.r), 'body');
    await until(() => body.querySelector('strong'), 'rich chunk rendered');
    expect(textOf(body.querySelector('strong'))).to.equal('bold');
    expect(textOf(body.querySelector('code'))).to.equal('code');
    const links = [...body.querySelectorAll('a')];
    expect(links[0]!.getAttribute('href')).to.equal('https://example.com/x');
    expect(links[0]!.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(links[1]!.hasAttribute('href')).to.equal(false);
    expect(body.querySelector('img')).to.equal(null);
    expect(body.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(textOf(body.querySelector('blockquote'))).to.equal('quoted');
    expect(body.querySelectorAll('ul > li').length).to.equal(2);
  });

  it('uses http(s) avatars and author links only, else a generated placeholder and plain name', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          {
            ref: 'a',
            author: {
              name: 'Ann Lee',
              url: 'https://ann.example/',
              avatar: 'https://img.example/a.png',
            },
          },
          {
            ref: 'b',
            author: { name: 'Bad', url: 'javascript:alert(1)', avatar: 'javascript:alert(1)' },
          },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const a = mustComment(element, ids.a);
    expect(mustOwn(a, 'avatar').tagName).to.equal('IMG');
    expect(mustOwn(a, 'avatar').getAttribute('src')).to.equal('https://img.example/a.png');
    const link = mustOwn(a, 'author').querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://ann.example/');
    expect(link.getAttribute('rel')).to.contain('nofollow');
    const b = mustComment(element, ids.b);
    expect(mustOwn(b, 'avatar').tagName.toLowerCase()).to.equal('svg');
    expect(textOf(mustOwn(b, 'avatar'))).to.equal('B');
    expect(mustOwn(b, 'author').querySelector('a')).to.equal(null);
  });

  it('marks pending and edited comments', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'p', author: 'Pat', body: 'mine, waiting', status: 'pending', mine: true },
          { ref: 'e', author: 'Eve', body: 'changed', editedAt: minutesAgo(1) },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    expect(textOf(mustOwn(mustComment(element, ids.p), 'status'))).to.equal('Awaiting moderation');
    expect(own(mustComment(element, ids.e), 'status')).to.equal(null);
    expect(textOf(mustOwn(mustComment(element, ids.e), 'edited'))).to.equal('(edited)');
  });

  it('speaks German with lang="de" (plural heading, labels, relative times)', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', createdAt: minutesAgo(5) }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint, { lang: 'de' });
    await until(() => textOf(part(root(element), 'heading')) === '1 Kommentar', 'German heading');
    expect(textOf(mustOwn(mustComment(element, ids.a), 'time'))).to.equal('vor 5 Minuten');
    expect(textOf(mustOwn(mustComment(element, ids.a), 'reply-button'))).to.equal('Antworten');
    expect(textOf(root(element).querySelector('label'))).to.contain('Sortieren nach');
  });

  describe('theme', () => {
    // How the scheme is chosen and never mixed: theme.test.ts.
    it('lets the page override a token', async () => {
      const server = await testServer({
        threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'See [this](https://example.com)' }] },
      });
      const element = await mount(server.endpoint);
      element.style.setProperty('--confab-color-accent', 'rgb(1, 2, 3)');
      const link = () => mustOwn(mustComment(element, server.ids.a), 'body').querySelector('a');
      await until(link, 'the link');
      expect(getComputedStyle(link()!).color).to.equal('rgb(1, 2, 3)');
    });
  });

  it('renders a large thread completely, in slices, and says so with confab-loaded', async () => {
    const comments = Array.from({ length: 300 }, (_, index) => ({
      ref: `n${index}`,
      parent: index % 3 ? `n${index - (index % 3)}` : null,
      author: `Person ${index % 17}`,
      body: `Body ${index}`,
    }));
    const server = await testServer({ threads: { [PAGE]: comments } });
    const element = await mount(server.endpoint, { pageSize: 200 });
    expect(parts(root(element), 'comment').length).to.equal(300);
  });
});
