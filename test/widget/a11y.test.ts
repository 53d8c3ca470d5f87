import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  PAGE,
  composerIn,
  deepActiveElement,
  minutesAgo,
  mount,
  mustComment,
  mustOwn,
  part,
  root,
  until,
  write,
} from './helpers.js';
import { fakeEndpoint } from '../support/fake.js';

const RICH_THREAD = [
  { id: 'a', author: 'Ada Lovelace', body: 'Plain words', createdAt: minutesAgo(50), up: 2 },
  {
    id: 'b',
    parentId: 'a',
    author: 'Brian',
    body: '@Ada Lovelace **agreed**, see [this](https://example.com)',
  },
  { id: 'c', parentId: 'b', author: 'Me', body: 'mine', mine: true, createdAt: minutesAgo(1) },
  { id: 'd', author: '', status: 'deleted' as const, body: '' },
  { id: 'e', parentId: 'd', author: 'Eve', body: '> quoted\n\n- list item' },
  { id: 'p', author: 'Me', body: 'waiting', status: 'pending' as const, mine: true },
];

describe('<confab-comments> accessibility', () => {
  it('is accessible while loading', async () => {
    const fake = await fakeEndpoint();
    await fake.fault({ method: 'GET', path: '/threads', delayMs: 3000 });
    const element = await mount(fake.endpoint, { waitFor: 'nothing' });
    await until(() => root(element).querySelector('[part~="placeholder"]'), 'placeholder');
    expect(part(root(element), 'base').getAttribute('aria-busy')).to.equal('true');
    await expect(element).to.be.accessible();
  });

  it('is accessible when empty', async () => {
    const fake = await fakeEndpoint();
    const element = await mount(fake.endpoint);
    await expect(element).to.be.accessible();
  });

  it('is accessible with a thread (nested, mentions, Markdown, tombstone, pending)', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: RICH_THREAD } });
    const element = await mount(fake.endpoint);
    await until(
      () => mustOwn(mustComment(element, 'b'), 'body').querySelector('strong'),
      'rich rendered',
    );
    await expect(element).to.be.accessible();
  });

  it('is accessible in the error state', async () => {
    const fake = await fakeEndpoint();
    await fake.fault({
      method: 'GET',
      path: '/threads',
      status: 403,
      error: { code: 'forbidden', message: 'x' },
    });
    const element = await mount(fake.endpoint, { waitFor: 'error' });
    await expect(element).to.be.accessible();
  });

  it('is accessible when locked', async () => {
    const fake = await fakeEndpoint({
      threads: { [PAGE]: { locked: true, comments: RICH_THREAD } },
    });
    const element = await mount(fake.endpoint);
    await expect(element).to.be.accessible();
  });

  it('is accessible with reply, edit and delete confirmation open, and in dark mode', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: RICH_THREAD } });
    const element = await mount(fake.endpoint, { theme: 'dark' });
    mustOwn(mustComment(element, 'a'), 'reply-button').click();
    await element.updateComplete;
    mustOwn(mustComment(element, 'c'), 'edit-button').click();
    await element.updateComplete;
    mustOwn(mustComment(element, 'p'), 'delete-button').click();
    await element.updateComplete;
    for (const composer of root(element).querySelectorAll('confab-composer'))
      await composer.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('is fully usable from the keyboard: reach Reply by Tab, open it, post with the keyboard', async () => {
    const fake = await fakeEndpoint({
      threads: { [PAGE]: [{ id: 'a', author: 'Ada', body: 'Hi' }] },
    });
    const element = await mount(fake.endpoint);
    const reply = mustOwn(mustComment(element, 'a'), 'reply-button');
    part(root(element), 'sort').focus();
    for (let presses = 0; presses < 20 && deepActiveElement() !== reply; presses++) {
      await sendKeys({ press: 'Tab' });
    }
    expect(deepActiveElement()).to.equal(reply);
    expect(getComputedStyle(reply).outlineStyle).to.not.equal('none');
    await sendKeys({ press: 'Enter' });
    await until(
      () => deepActiveElement()?.getAttribute('part') === 'textarea',
      'focus in the reply form',
    );
    const posted = oneEvent(element, 'confab-posted');
    await write(composerIn(mustComment(element, 'a')), 'typed reply', 'Keys');
    const { comment } = (await posted).detail;
    expect(deepActiveElement()).to.equal(mustComment(element, comment.id));
  });

  it('makes Lit print no warnings through load, vote and post', async () => {
    const warnings: string[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      originalWarn.apply(console, args);
    };
    try {
      const fake = await fakeEndpoint({ threads: { [PAGE]: RICH_THREAD } });
      const element = await mount(fake.endpoint);
      const voted = oneEvent(element, 'confab-voted');
      mustOwn(mustComment(element, 'a'), 'vote-up').click();
      await voted;
      const posted = oneEvent(element, 'confab-posted');
      await write(composerIn(root(element)), 'one more', 'Quiet');
      await posted;
    } finally {
      console.warn = originalWarn;
    }
    expect(warnings).to.deep.equal([]);
  });
});
