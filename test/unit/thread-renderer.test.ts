import { expect } from '@open-wc/testing';
import { UiState } from '../../src/controllers/ui-state.js';
import { Localizer } from '../../src/i18n/localizer.js';
import { Thread } from '../../src/model/thread.js';
import { element } from '../../src/render/dom.js';
import { ThreadRenderer, type RenderContext } from '../../src/render/thread-renderer.js';
import { comment } from '../support/comments.js';

const ids = (list: Element) =>
  [...list.querySelectorAll('article')].map((article) => article.dataset.commentId);

/** A render as the element does it: the context first, then the DOM. */
function show(renderer: ThreadRenderer, list: HTMLOListElement, context: RenderContext): void {
  renderer.prepare(context);
  renderer.render(list);
}

const lists: Element[] = [];
afterEach(() => {
  for (const list of lists.splice(0)) list.remove();
});

function setup(comments = 12, firstScreen = 5) {
  const thread = new Thread(
    Array.from({ length: comments }, (_, i) =>
      comment(`c${i}`, { parentId: i % 3 ? `c${i - (i % 3)}` : null, minute: i }),
    ),
  );
  const renderer = new ThreadRenderer();
  renderer.reset(thread, firstScreen);
  const ui = new UiState((id) => thread.touch(thread.get(id)!));
  const forms = new Map<string, Element>();
  const context: RenderContext = {
    ui,
    localizer: new Localizer('en'),
    clock: Date.parse('2026-02-01T00:00:00Z'),
    locked: false,
    maxDepth: 4,
    allowImages: false,
    form: (key) => forms.get(key) ?? null,
  };
  const list = element('ol');
  // In the document: the renderer finds articles that are connected.
  document.body.append(list);
  lists.push(list);
  return { thread, renderer, ui, forms, context, list };
}

describe('ThreadRenderer', () => {
  it('renders the first screen, then what each advance lets in, in document order', () => {
    const { renderer, context, list } = setup();
    show(renderer, list, context);
    expect(ids(list)).to.deep.equal(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(renderer.pending()).to.equal(true);
    renderer.advance(4);
    show(renderer, list, context);
    expect(ids(list)).to.deep.equal(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    renderer.advance(100);
    show(renderer, list, context);
    expect(ids(list).length).to.equal(12);
    expect(renderer.pending()).to.equal(false);
  });

  it('updates only what changed, in place', () => {
    const { thread, renderer, context, list } = setup(6, 100);
    show(renderer, list, context);
    const before = [...list.querySelectorAll('article')];
    const scores = () => [...list.querySelectorAll('[part="score"]')].map((n) => n.textContent);
    thread.setVotes('c4', { up: 5, down: 1 });
    show(renderer, list, context);
    const after = [...list.querySelectorAll('article')];
    expect(after.every((article, i) => article === before[i])).to.equal(true);
    expect(scores()).to.deep.equal(['0', '0', '0', '0', '4', '0']);
    expect(renderer.article('c4') === before[4]).to.equal(true);
    expect(renderer.article('nope') === null).to.equal(true);
  });

  it('shows every comment again when what they all show changes', () => {
    const { renderer, context, list } = setup(3, 100);
    show(renderer, list, context);
    const label = () => list.querySelector('[part="reply-button"]');
    expect(label() === null).to.equal(false);
    show(renderer, list, { ...context, locked: true });
    expect(label() === null).to.equal(true);
  });

  it('lets the times catch up with the clock a slice at a time', () => {
    const { renderer, context, list } = setup(3, 100);
    show(renderer, list, context);
    const times = () => [...list.querySelectorAll('time')].map((time) => time.textContent);
    expect(times()).to.deep.equal(['last month', 'last month', 'last month']);
    const later = { ...context, clock: Date.parse('2027-02-01T00:00:00Z') };
    show(renderer, list, later);
    expect(renderer.pending()).to.equal(true);
    renderer.advance(2);
    show(renderer, list, later);
    expect(times().filter((time) => time === 'last year').length).to.be.at.least(2);
    renderer.advance(2);
    show(renderer, list, later);
    expect(times()).to.deep.equal(['last year', 'last year', 'last year']);
    expect(renderer.pending()).to.equal(false);
  });

  it('places the forms and interface state it is given, and makes none', () => {
    const { renderer, ui, forms, context, list } = setup(3, 100);
    show(renderer, list, context);
    expect(list.querySelector('[part~="reply-form"]')).to.equal(null);
    const reply = element('div', { part: 'reply-form' });
    forms.set('reply:c0', reply);
    ui.setPanel('reply', 'c0');
    ui.toggle('c0');
    show(renderer, list, context);
    const c0 = renderer.article('c0')!;
    expect(c0.contains(reply)).to.equal(true);
    expect(c0.querySelector('[part="reply-button"]')!.getAttribute('aria-expanded')).to.equal(
      'true',
    );
    expect(renderer.article('c1') === null).to.equal(true);
    expect(c0.querySelector('[part="toggle-replies"]')!.textContent).to.equal('Show 2 replies');
  });

  it('renders Markdown bodies shown as source again once the rich renderer is here', async () => {
    const thread = new Thread([comment('r', { body: 'some **bold** text' })]);
    const renderer = new ThreadRenderer();
    renderer.reset(thread, 10);
    const { context, list } = setup();
    show(renderer, list, context);
    expect(list.querySelector('.source')!.textContent).to.equal('some **bold** text');
    await new Promise<void>((resolve) => renderer.bodies.load(resolve));
    renderer.refreshRich();
    expect(renderer.pending()).to.equal(true);
    renderer.advance(20);
    show(renderer, list, context);
    expect(list.querySelector('strong')!.textContent).to.equal('bold');
    expect(renderer.pending()).to.equal(false);
  });
});
