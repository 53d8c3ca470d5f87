import { expect } from '@open-wc/testing';
import { DeepLinks, fragmentId } from '../../src/controllers/deep-links.js';
import { UiState } from '../../src/controllers/ui-state.js';
import { Thread, type ThreadNode } from '../../src/model/thread.js';
import { comment } from '../support/comments.js';
import { ControllerHost } from '../support/controller-host.js';

describe('DeepLinks', () => {
  it('reads the comment id of a #comment-<id> fragment', () => {
    expect(fragmentId('#comment-c12')).to.equal('c12');
    expect(fragmentId('#comment-a%20b')).to.equal('a b');
    expect(fragmentId('#comment-%E0%A4%A')).to.equal(null);
    expect(fragmentId('#top')).to.equal(null);
    expect(fragmentId('')).to.equal(null);
  });

  it('expands the ancestors, marks the comment, and scrolls to it once it is rendered', async () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('a1x', { parentId: 'a1', minute: 2 }),
    ]);
    const host = new ControllerHost();
    const ui = new UiState(() => {});
    ui.toggle('a');
    ui.toggle('a1');
    const expanded: string[] = [];
    const articles = new Map<string, HTMLElement>();
    const links = new DeepLinks(host, {
      thread: () => thread,
      ui,
      expand: (node: ThreadNode) => {
        expanded.push(node.comment.id);
        ui.expand(node.comment.id);
      },
      article: (id) => articles.get(id) ?? null,
      find: () => Promise.resolve(),
    });
    await links.follow(thread, 'a1x', true);
    expect(expanded).to.deep.equal(['a1', 'a']);
    expect(ui.highlighted).to.equal('a1x');
    host.updated();
    const article = document.createElement('article');
    article.tabIndex = -1;
    document.body.append(article);
    try {
      let scrolled = 0;
      article.scrollIntoView = () => scrolled++;
      articles.set('a1x', article);
      host.updated();
      host.updated();
      expect(scrolled).to.equal(1);
      expect(document.activeElement === article).to.equal(true);
    } finally {
      article.remove();
    }
  });
});
