import { expect } from '@open-wc/testing';
import { isPlainText } from '../../src/render/plain.js';
import { renderRich } from '../../src/render/rich.js';
import type { MentionMatch } from '../../src/model/mentions.js';
import { PAGE, mount, mustComment, mustOwn, until } from './helpers.js';
import { testServer } from '../support/server.js';

const noMentions = (_text: string): MentionMatch[] => [];

function rich(body: string, allowImages = false, findMentions = noMentions): HTMLElement {
  const holder = document.createElement('div');
  holder.append(renderRich(body, { allowImages, findMentions }));
  return holder;
}

describe('Markdown rendering', () => {
  it('tells plain text from Markdown conservatively', () => {
    expect(isPlainText('Just words.\nA second line.\n\nA paragraph, with @Ada in it!')).to.equal(
      true,
    );
    for (const body of [
      'some *emphasis*',
      'a_b',
      'code `x`',
      '[link](x)',
      '<b>',
      'a & b',
      '# heading',
      '> quote',
      '- item',
      '1. item',
      '    indented',
      'see https://example.com',
      'www.example.com',
      'mail me@example.com',
      'Title\n===',
    ]) {
      expect(isPlainText(body), body).to.equal(false);
    }
  });

  it('renders the supported constructs', () => {
    const html = rich(
      [
        '# Heading',
        '',
        '**strong** *em* _em_ ~~gone~~ `code` snake_case_name',
        'second line',
        '',
        '```',
        '<b>not bold</b>',
        '```',
        '',
        '3. three',
        '4. four',
        '',
        '* a',
        '* b',
        '',
        '---',
        '',
        'https://example.com/path. and <https://example.org> and [mail](mailto:a@example.com)',
      ].join('\n'),
    );
    expect(html.querySelector('p > strong')!.textContent).to.equal('Heading');
    expect(html.querySelector('h1')).to.equal(null);
    expect([...html.querySelectorAll('em')].map((e) => e.textContent)).to.deep.equal(['em', 'em']);
    expect(html.querySelector('del')!.textContent).to.equal('gone');
    expect(html.textContent).to.contain('snake_case_name');
    expect(html.querySelector('br')).to.not.equal(null);
    expect(html.querySelector('pre code')!.textContent).to.equal('<b>not bold</b>');
    expect(html.querySelector('pre b')).to.equal(null);
    expect(html.querySelector('ol')!.getAttribute('start')).to.equal('3');
    expect(html.querySelectorAll('ul > li').length).to.equal(2);
    expect(html.querySelector('hr')).to.not.equal(null);
    const hrefs = [...html.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).to.deep.equal([
      'https://example.com/path',
      'https://example.org',
      'mailto:a@example.com',
    ]);
    for (const link of html.querySelectorAll('a')) {
      expect(link.getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
      expect(link.getAttribute('target')).to.equal('_blank');
    }
  });

  it('lets no HTML, script URL, attribute or style through', () => {
    const html = rich(
      [
        '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
        '',
        '[a](javascript:alert(1)) [b](jav&#x61;script:alert(1)) [c](data:text/html,hi) [d](/relative) [e](vbscript:x)',
        '',
        '![img](https://example.com/i.png)',
      ].join('\n'),
    );
    expect(html.querySelector('script, img, iframe, [onerror], [style]')).to.equal(null);
    for (const link of html.querySelectorAll('a'))
      expect(link.hasAttribute('href')).to.equal(false);
    expect(html.textContent).to.contain('<script>alert(1)</script>');
    expect(html.textContent).to.contain('img');
  });

  it('renders images only when allowed, and only http(s) ones', () => {
    const html = rich('![a cat](https://example.com/cat.png) ![bad](javascript:alert(1))', true);
    const images = [...html.querySelectorAll('img')];
    expect(images.map((img) => img.getAttribute('src'))).to.deep.equal([
      'https://example.com/cat.png',
    ]);
    expect(images[0]!.getAttribute('alt')).to.equal('a cat');
  });

  it('applies allowImages of each call, whatever the call before it allowed', () => {
    // Nothing of one call's options may stay behind for the next.
    const source = '![a cat](https://example.com/cat.png)';
    for (const allowImages of [false, true, false, true, true, false]) {
      const image = rich(source, allowImages).querySelector('img');
      expect(image?.getAttribute('src') ?? null, String(allowImages)).to.equal(
        allowImages ? 'https://example.com/cat.png' : null,
      );
    }
  });

  it('links mentions in text, not inside code or links', () => {
    const finder = (text: string): MentionMatch[] => {
      const at = text.indexOf('@Ada');
      return at < 0 ? [] : [{ start: at, end: at + 4, name: 'Ada', targetId: 'c1' }];
    };
    const html = rich('**hi** @Ada and `@Ada` and [@Ada](https://example.com)', false, finder);
    const mentions = html.querySelectorAll('[part~="mention"]');
    expect(mentions.length).to.equal(1);
    expect(mentions[0]!.getAttribute('href')).to.equal('#comment-c1');
    expect(html.querySelector('code')!.textContent).to.equal('@Ada');
  });

  it('shows images in comments with the allow-images attribute only', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'i', author: 'Ivy', body: 'Look: ![a cat](https://example.invalid/cat.png)' },
        ],
      },
    });
    const { ids } = server;
    const without = await mount(server.endpoint);
    const body = mustOwn(mustComment(without, ids.i), 'body');
    await until(() => !body.querySelector('.source'), 'rich rendered');
    expect(body.querySelector('img')).to.equal(null);
    expect(body.textContent).to.contain('a cat');
    without.remove();

    const withImages = document.createElement('div');
    document.body.append(withImages);
    try {
      const element = document.createElement('confab-comments');
      element.setAttribute('allow-images', '');
      const loaded = new Promise((resolve) =>
        element.addEventListener('confab-loaded', resolve, { once: true }),
      );
      element.setAttribute('endpoint', server.endpoint);
      element.setAttribute('page', PAGE);
      element.setAttribute('loading', 'eager');
      withImages.append(element);
      await loaded;
      const shown = mustOwn(mustComment(element, ids.i), 'body');
      await until(() => shown.querySelector('img'), 'image shown');
      expect(shown.querySelector('img')!.getAttribute('src')).to.equal(
        'https://example.invalid/cat.png',
      );
    } finally {
      withImages.remove();
    }
  });
});
