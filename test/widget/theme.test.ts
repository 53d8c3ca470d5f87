import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import { axeViolations } from './axe.js';
import { PAGE, container, mount, mustComment, own, part, root, until } from './helpers.js';
import { testServer } from '../support/server.js';

const LIGHT_TEXT = 'rgb(29, 33, 40)';
const DARK_TEXT = 'rgb(230, 232, 235)';
const DARK_BACKGROUND = 'rgb(22, 24, 28)';

/** The demo blog's tokens: a light paper, its surface, rules and accent (demo/style.css). */
const BLOG_TOKENS = {
  '--confab-color-accent': '#8a3b12',
  '--confab-color-background': '#fbfaf7',
  '--confab-color-surface': '#f4efe4',
  '--confab-color-border': '#e4e1da',
};
const PAPER = 'rgb(251, 250, 247)';

const THREAD = [
  { ref: 'a', author: 'Ada', body: 'Some `code` and a [link](https://example.com)', up: 2 },
  { ref: 'b', parent: 'a', author: 'Bo', body: '@Ada **agreed**' },
  { ref: 'c', author: 'Cy', body: 'Pending', status: 'pending' as const, mine: true },
];

/** What a reader sees: the text and background of the base, a comment and a button. */
function look(element: ConfabComments, id: string) {
  const comment = mustComment(element, id);
  return {
    text: getComputedStyle(part(root(element), 'base')).color,
    host: getComputedStyle(element).backgroundColor,
    comment: getComputedStyle(comment).backgroundColor,
    button: getComputedStyle(own(comment, 'reply-button')!).color,
  };
}

/** A container whose `color-scheme` is the page's, for the widget inside it. */
function pageWith(colorScheme: string): HTMLDivElement {
  const page = container();
  page.style.colorScheme = colorScheme;
  return page;
}

describe('<confab-comments> colour scheme', function () {
  // axe's colour-contrast audit takes seconds when the machine is busy.
  this.timeout(60_000);

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.removeProperty('color-scheme');
    document.querySelector('meta[name="color-scheme"]')?.remove();
  });

  it('stays wholly light on a light-only page with its own tokens under a dark OS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    document.documentElement.style.colorScheme = 'light';
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const page = container();
    const element = await mount(server.endpoint, { waitFor: 'nothing' }, page);
    for (const [name, value] of Object.entries(BLOG_TOKENS)) element.style.setProperty(name, value);
    await until(() => root(element).querySelector('[part~="comment"]'), 'thread shown');
    expect(look(element, server.ids.a)).to.deep.equal({
      text: LIGHT_TEXT,
      host: PAPER,
      comment: PAPER,
      button: LIGHT_TEXT,
    });
    expect(await axeViolations(element, { runOnly: ['color-contrast'] })).to.deep.equal([]);
  });

  it('follows the OS where the page allows both, also when the OS changes at run time', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const element = await mount(server.endpoint, {}, pageWith('light dark'));
    const { a } = server.ids;
    expect(look(element, a).text).to.equal(LIGHT_TEXT);
    await emulateMedia({ colorScheme: 'dark' });
    await until(() => look(element, a).text === DARK_TEXT, 'dark after the OS turned dark');
    expect(look(element, a)).to.deep.equal({
      text: DARK_TEXT,
      host: DARK_BACKGROUND,
      comment: DARK_BACKGROUND,
      button: DARK_TEXT,
    });
    expect(await axeViolations(element, { runOnly: ['color-contrast'] })).to.deep.equal([]);
    await emulateMedia({ colorScheme: 'light' });
    await until(() => look(element, a).text === LIGHT_TEXT, 'light again');
  });

  it('takes the nearest declared color-scheme, then the meta tag; nothing declared is light', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const server = await testServer();
    const schemeOf = async (parent: HTMLElement) => {
      const text = getComputedStyle(part(root(await mount(server.endpoint, {}, parent)), 'base'));
      return { [LIGHT_TEXT]: 'light', [DARK_TEXT]: 'dark' }[text.color];
    };
    expect(await schemeOf(container()), 'nothing declared').to.equal('light');
    expect(await schemeOf(pageWith('dark')), 'dark only').to.equal('dark');
    expect(await schemeOf(pageWith('only light')), 'only light').to.equal('light');
    document.documentElement.style.colorScheme = 'light dark';
    expect(await schemeOf(pageWith('light')), 'the nearest ancestor wins').to.equal('light');
    expect(await schemeOf(container()), 'the root element').to.equal('dark');
    document.documentElement.style.removeProperty('color-scheme');
    const meta = Object.assign(document.createElement('meta'), {
      name: 'color-scheme',
      content: 'light dark',
    });
    document.head.append(meta);
    expect(await schemeOf(container()), 'meta tag').to.equal('dark');
  });

  it('lets theme="light" and theme="dark" win over the page and the OS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { a } = server.ids;
    const light = await mount(server.endpoint, { theme: 'light' }, pageWith('light dark'));
    expect(look(light, a).text).to.equal(LIGHT_TEXT);
    const dark = await mount(server.endpoint, { theme: 'dark' }, pageWith('light'));
    expect(look(dark, a).text).to.equal(DARK_TEXT);
    dark.theme = 'auto';
    await until(() => look(dark, a).text === LIGHT_TEXT, 'auto on a light page');
    light.setAttribute('theme', 'auto');
    await until(() => look(light, a).text === DARK_TEXT, 'auto on a page that allows dark');
  });

  it('never mixes a scheme with the other: --confab-color-* is light, --confab-dark-color-* dark', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { a } = server.ids;
    const element = await mount(server.endpoint, {}, pageWith('light dark'));
    element.style.setProperty('--confab-color-background', '#fbfaf7');
    element.style.setProperty('--confab-dark-color-text', '#ffffff');
    expect(look(element, a)).to.include({ text: LIGHT_TEXT, comment: PAPER });
    await emulateMedia({ colorScheme: 'dark' });
    await until(() => look(element, a).comment === DARK_BACKGROUND, 'the dark background');
    expect(look(element, a).text).to.equal('rgb(255, 255, 255)');
    // Inside the shadow root the palette has the public names, for a page's ::part() rules too.
    const style = Object.assign(document.createElement('style'), {
      textContent: 'confab-comments::part(score) { outline-color: var(--confab-color-border) }',
    });
    document.head.append(style);
    try {
      const score = own(mustComment(element, a), 'score')!;
      expect(getComputedStyle(score).outlineColor).to.equal('rgb(58, 63, 71)');
    } finally {
      style.remove();
    }
  });
});
