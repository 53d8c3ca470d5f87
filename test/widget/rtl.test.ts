import { expect } from '@open-wc/testing';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import {
  PAGE,
  composerIn,
  composerPart,
  container,
  minutesAgo,
  mount,
  mustComment,
  mustOwn,
  part,
  root,
  textOf,
  until,
} from './helpers.js';
import { testServer } from '../support/server.js';

/*
 * Right to left: the widget's layout mirrors by the direction it resolves (its language, or the
 * page's dir), read here from computed positions, not from attributes.
 */

const THREAD = {
  [PAGE]: [
    { ref: 'a', author: 'Ada', body: 'First', createdAt: minutesAgo(3) },
    { ref: 'b', parent: 'a', author: 'Grace', body: 'A reply', createdAt: minutesAgo(2) },
  ],
};

const box = (node: Element | Range) => node.getBoundingClientRect();

/** Where a reply sits within its parent, and where the vote group and the send button sit. */
function geometry(element: ConfabComments, parentId: string, replyId: string) {
  // The parent's header spans its content box, in which the replies are laid out.
  const parent = box(mustOwn(mustComment(element, parentId), 'header'));
  const reply = box(mustComment(element, replyId));
  const actions = box(mustOwn(mustComment(element, parentId), 'actions'));
  const up = box(mustOwn(mustComment(element, parentId), 'vote-up'));
  const down = box(mustOwn(mustComment(element, parentId), 'vote-down'));
  const composer = composerIn(root(element));
  const form = box(composerPart(composer, 'form'));
  const submit = box(composerPart(composer, 'submit'));
  // The label is a grid item as wide as the form: where its text sits is what mirrors.
  const labelText = document.createRange();
  labelText.selectNodeContents(composer.shadowRoot!.querySelector('label[for="body"]')!);
  const label = box(labelText);
  return {
    /** How far the reply's box is from its parent's, on each side. */
    indentLeft: reply.left - parent.left,
    indentRight: parent.right - reply.right,
    /** The vote group's place in its row: from the row's left and right ends. */
    upFromLeft: up.left - actions.left,
    upFromRight: actions.right - up.right,
    upBeforeDown: up.left < down.left,
    submitFromLeft: submit.left - form.left,
    submitFromRight: form.right - submit.right,
    labelFromLeft: label.left - form.left,
    labelFromRight: form.right - label.right,
  };
}

async function mountIn(
  endpoint: string,
  attributes: Record<string, string>,
  lang?: string,
): Promise<ConfabComments> {
  const wrapper = container();
  wrapper.style.width = '640px';
  for (const [name, value] of Object.entries(attributes)) wrapper.setAttribute(name, value);
  return mount(endpoint, lang ? { lang } : {}, wrapper);
}

function expectRightToLeft(element: ConfabComments) {
  const at = geometry(element, serverIds.a!, serverIds.b!);
  // The reply is indented from the right, flush with its parent on the left.
  expect(at.indentRight, 'indent from the right').to.be.greaterThan(16);
  expect(Math.abs(at.indentLeft), 'left edges').to.be.lessThan(2);
  // The vote group starts the row at its right end, up before down in reading order.
  expect(at.upFromRight, 'vote up from the right').to.be.lessThan(at.upFromLeft);
  expect(at.upBeforeDown, 'up left of down').to.equal(false);
  // The composer's actions end at its left, and its labels start at its right.
  expect(Math.abs(at.submitFromLeft), 'send button at the left end').to.be.lessThan(2);
  expect(at.submitFromRight).to.be.greaterThan(40);
  expect(Math.abs(at.labelFromRight), 'label at the right').to.be.lessThan(2);
  expect(at.labelFromLeft).to.be.greaterThan(40);
}

let serverIds: Record<string, string> = {};

describe('right to left', () => {
  it('lays out left to right in English (the reference for the mirrored cases)', async () => {
    const server = await testServer({ threads: THREAD });
    serverIds = server.ids;
    const element = await mountIn(server.endpoint, {});
    const at = geometry(element, server.ids.a!, server.ids.b!);
    expect(at.indentLeft).to.be.greaterThan(16);
    expect(Math.abs(at.indentRight)).to.be.lessThan(2);
    expect(at.upFromLeft).to.be.lessThan(at.upFromRight);
    expect(at.upBeforeDown).to.equal(true);
    expect(Math.abs(at.submitFromRight)).to.be.lessThan(2);
    expect(Math.abs(at.labelFromLeft)).to.be.lessThan(2);
  });

  it('mirrors for lang="ar" on the element, with no dir anywhere', async () => {
    const server = await testServer({ threads: THREAD });
    serverIds = server.ids;
    const element = await mountIn(server.endpoint, {}, 'ar');
    await until(() => textOf(part(root(element), 'heading')) === 'تعليقان', 'Arabic heading');
    expect(getComputedStyle(part(root(element), 'base')).direction).to.equal('rtl');
    expectRightToLeft(element);
  });

  it('mirrors for Hebrew taken from the nearest lang of the page', async () => {
    const server = await testServer({ threads: THREAD });
    serverIds = server.ids;
    const element = await mountIn(server.endpoint, { lang: 'he' });
    await until(() => textOf(part(root(element), 'heading')) === 'שתי תגובות', 'Hebrew heading');
    expectRightToLeft(element);
  });

  it('mirrors in English when the page says dir="rtl"', async () => {
    const server = await testServer({ threads: THREAD });
    serverIds = server.ids;
    const element = await mountIn(server.endpoint, { dir: 'rtl' });
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');
    expectRightToLeft(element);
  });

  it('keeps left to right when the element itself says dir="ltr", whatever its language', async () => {
    const server = await testServer({ threads: THREAD });
    const wrapper = container();
    wrapper.style.width = '640px';
    const element = document.createElement('confab-comments');
    element.setAttribute('dir', 'ltr');
    element.setAttribute('lang', 'ar');
    element.setAttribute('endpoint', server.endpoint);
    element.setAttribute('page', PAGE);
    element.setAttribute('loading', 'eager');
    wrapper.append(element);
    await until(
      () => textOf(root(element)?.querySelector('[part~="heading"]') ?? null) === 'تعليقان',
      'Arabic heading',
    );
    const at = geometry(element, server.ids.a!, server.ids.b!);
    expect(at.indentLeft).to.be.greaterThan(16);
    expect(getComputedStyle(part(root(element), 'base')).direction).to.equal('ltr');
  });

  it('turns when the language changes to or from a right-to-left one', async () => {
    const server = await testServer({ threads: THREAD });
    const element = await mountIn(server.endpoint, {});
    const base = part(root(element), 'base');
    element.setAttribute('lang', 'he');
    await until(() => getComputedStyle(base).direction === 'rtl', 'right to left');
    element.setAttribute('lang', 'de');
    await until(() => textOf(part(root(element), 'heading')) === '2 Kommentare', 'German');
    expect(getComputedStyle(base).direction).to.equal('ltr');
  });

  it('gives a comment in another script its own direction, and names stay isolated', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'דנה', body: 'שלום לכולם, מה נשמע?', createdAt: minutesAgo(3) },
          { ref: 'b', author: 'Ada', body: 'Hello everyone', createdAt: minutesAgo(2) },
        ],
      },
    });
    const element = await mountIn(server.endpoint, {});
    const hebrew = mustOwn(mustComment(element, server.ids.a!), 'body');
    const english = mustOwn(mustComment(element, server.ids.b!), 'body');
    expect(getComputedStyle(hebrew).direction).to.equal('rtl');
    expect(getComputedStyle(english).direction).to.equal('ltr');
    const name = mustOwn(mustComment(element, server.ids.a!), 'author').querySelector('bdi');
    expect(textOf(name)).to.equal('דנה');
    const textarea = composerPart<HTMLTextAreaElement>(composerIn(root(element)), 'textarea');
    expect(textarea.dir).to.equal('auto');
  });
});
