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
import { testServer } from '../support/server.js';

const RICH_THREAD = [
  { ref: 'a', author: 'Ada Lovelace', body: 'Plain words', createdAt: minutesAgo(50), up: 2 },
  {
    ref: 'b',
    parent: 'a',
    author: 'Brian',
    body: '@Ada Lovelace **agreed**, see [this](https://example.com)',
  },
  { ref: 'c', parent: 'b', author: 'Me', body: 'mine', mine: true, createdAt: minutesAgo(1) },
  { ref: 'd', author: '', status: 'deleted' as const, body: '' },
  { ref: 'e', parent: 'd', author: 'Eve', body: '> quoted\n\n- list item' },
  { ref: 'p', author: 'Me', body: 'waiting', status: 'pending' as const, mine: true },
];

describe('<confab-comments> accessibility', () => {
  it('is accessible while loading', async () => {
    const server = await testServer();
    // Far longer than axe takes on a loaded machine, so the thread never arrives mid-check; the
    // element's removal after the test aborts the request.
    await server.fault({ method: 'GET', path: '/threads', delayMs: 20_000 });
    const element = await mount(server.endpoint, { waitFor: 'nothing' });
    await until(() => root(element).querySelector('[part~="placeholder"]'), 'placeholder');
    expect(part(root(element), 'base').getAttribute('aria-busy')).to.equal('true');
    await expect(element).to.be.accessible();
  });

  it('is accessible when empty', async () => {
    const server = await testServer();
    const element = await mount(server.endpoint);
    await expect(element).to.be.accessible();
  });

  it('is accessible with a thread (nested, mentions, Markdown, tombstone, pending)', async () => {
    const server = await testServer({ threads: { [PAGE]: RICH_THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    await until(
      () => mustOwn(mustComment(element, ids.b), 'body').querySelector('strong'),
      'rich rendered',
    );
    await expect(element).to.be.accessible();
  });

  it('is accessible in the error state', async () => {
    const server = await testServer();
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 403,
      error: { code: 'forbidden', message: 'x' },
    });
    const element = await mount(server.endpoint, { waitFor: 'error' });
    await expect(element).to.be.accessible();
  });

  it('is accessible when locked', async () => {
    const server = await testServer({
      threads: { [PAGE]: { locked: true, comments: RICH_THREAD } },
    });
    const element = await mount(server.endpoint);
    await expect(element).to.be.accessible();
  });

  it('is accessible with reply, edit and delete confirmation open, and in dark mode', async () => {
    const server = await testServer({ threads: { [PAGE]: RICH_THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint, { theme: 'dark' });
    mustOwn(mustComment(element, ids.a), 'reply-button').click();
    await element.updateComplete;
    mustOwn(mustComment(element, ids.c), 'edit-button').click();
    await element.updateComplete;
    mustOwn(mustComment(element, ids.p), 'delete-button').click();
    await element.updateComplete;
    for (const composer of root(element).querySelectorAll('confab-composer'))
      await composer.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('is fully usable from the keyboard: reach Reply by Tab, open it, post with the keyboard', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Hi' }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const reply = mustOwn(mustComment(element, ids.a), 'reply-button');
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
    await write(composerIn(mustComment(element, ids.a)), 'typed reply', 'Keys');
    const { comment } = (await posted).detail;
    expect(deepActiveElement()).to.equal(mustComment(element, comment.id));
  });

  it('draws the focus ring of a comment inside its box, which its item clips', async () => {
    const server = await testServer({ threads: { [PAGE]: RICH_THREAD } });
    const element = await mount(server.endpoint);
    // A top-level comment: its item is skipped while off screen (content-visibility), which clips.
    const reply = mustComment(element, server.ids.a);
    // From the keyboard, so that :focus-visible applies to the focused comment.
    await sendKeys({ press: 'Shift' });
    reply.focus();
    expect(reply.matches(':focus-visible')).to.equal(true);
    const item = reply.parentElement!;
    expect(getComputedStyle(item).contentVisibility).to.equal('auto');
    const ring = getComputedStyle(reply);
    expect(ring.outlineStyle).to.not.equal('none');
    const outside = parseFloat(ring.outlineOffset) + parseFloat(ring.outlineWidth);
    expect(outside, 'how far the ring reaches out of the comment').to.be.at.most(0);
  });

  it('makes Lit print no warnings through load, vote and post', async () => {
    const warnings: string[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      originalWarn.apply(console, args);
    };
    try {
      const server = await testServer({ threads: { [PAGE]: RICH_THREAD } });
      const { ids } = server;
      const element = await mount(server.endpoint);
      const voted = oneEvent(element, 'confab-voted');
      mustOwn(mustComment(element, ids.a), 'vote-up').click();
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
