import { expect } from '@open-wc/testing';
import { CommentView, type CommentState, type LiveState } from '../../src/render/comment-view.js';
import { element } from '../../src/render/dom.js';

function live(fields: Partial<LiveState> = {}): LiveState {
  return {
    author: { name: 'Ada', url: null, avatar: null },
    name: 'Ada',
    createdAt: '2026-01-01T00:00:00Z',
    exactTime: '1 January 2026',
    relativeTime: 'last year',
    edited: null,
    pending: null,
    verified: null,
    inReplyTo: null,
    body: { source: 'Hi', variant: 0, render: () => ({ node: element('div'), plain: true }) },
    actionsLabel: 'Actions',
    upLabel: 'Up',
    downLabel: 'Down',
    scoreLabel: 'Score',
    myVote: 0,
    score: 0,
    reply: { label: 'Reply', expanded: false },
    report: { label: 'Report', expanded: false },
    own: null,
    ...fields,
  };
}

function state(fields: Partial<CommentState> = {}): CommentState {
  return {
    id: 'a',
    depth: 0,
    highlighted: false,
    tombstone: null,
    live: live(),
    notice: null,
    status: null,
    forms: [],
    replies: null,
    ...fields,
  };
}

const parts = (node: Element) =>
  [...node.querySelectorAll('[part]')].map((n) => n.getAttribute('part'));

describe('CommentView', () => {
  it('puts the state into named nodes, the buttons in order', () => {
    const view = new CommentView(false);
    view.update(state({ live: live({ score: 3, myVote: 1 }) }));
    const article = view.article;
    expect(article.dataset.commentId).to.equal('a');
    expect(article.querySelector('[part="author"]')!.textContent).to.equal('Ada');
    expect(article.querySelector('[part="score"]')!.textContent).to.equal('3');
    expect(article.querySelector('[part~="vote-up"]')!.getAttribute('aria-pressed')).to.equal(
      'true',
    );
    const actions = article.querySelector('[part="actions"]')!;
    expect(parts(actions)).to.deep.equal([
      'vote vote-up',
      'score',
      'vote vote-down',
      'reply-button',
      'report-button',
    ]);
  });

  it('shows edit and delete instead of report on the reader’s own comment, and the question in place of delete', () => {
    const view = new CommentView(false);
    const own = { editLabel: 'Edit', editing: false, deleteLabel: 'Delete', confirm: null };
    view.update(state({ live: live({ report: null, own }) }));
    const actions = view.article.querySelector('[part="actions"]')!;
    expect(parts(actions).slice(3)).to.deep.equal(['reply-button', 'edit-button', 'delete-button']);
    const deleteButton = actions.querySelector('[part="delete-button"]');
    const question = element('span', { part: 'question' });
    view.update(state({ live: live({ report: null, own: { ...own, confirm: question } }) }));
    expect(parts(actions).slice(3)).to.deep.equal(['reply-button', 'edit-button', 'question']);
    view.update(state({ live: live({ report: null, own }) }));
    // The same button comes back, so focus can return to it.
    expect(actions.querySelector('[part="delete-button"]') === deleteButton).to.equal(true);
  });

  it('renders a body once per text, and a rich one again when its variant changes', () => {
    let renders = 0;
    const body = (source: string, variant: number, plain: boolean) => ({
      source,
      variant,
      render: () => {
        renders++;
        return { node: element('div', { part: 'body' }, source), plain };
      },
    });
    const plain = new CommentView(false);
    plain.update(state({ live: live({ body: body('Hi', 0, true) }) }));
    plain.update(state({ live: live({ body: body('Hi', 1, true) }) }));
    expect(renders).to.equal(1);
    expect(plain.bodyVariant).to.equal(null);
    plain.update(state({ live: live({ body: body('Hi there', 1, true) }) }));
    expect(renders).to.equal(2);

    const rich = new CommentView(false);
    rich.update(state({ live: live({ body: body('*Hi*', 0, false) }) }));
    expect(rich.bodyVariant).to.equal(0);
    rich.update(state({ live: live({ body: body('*Hi*', 1, false) }) }));
    expect(renders).to.equal(4);
    expect(rich.bodyVariant).to.equal(1);

    // The edit form stands in the body's place.
    const form = element('form');
    rich.update(state({ live: live({ body: form }) }));
    expect(rich.article.contains(form)).to.equal(true);
    expect(rich.article.querySelector('[part="body"]') === null).to.equal(true);
    expect(rich.bodyVariant).to.equal(null);
  });

  it('places the notice, the confirmation and the open forms after the actions, and takes them away', () => {
    const view = new CommentView(false);
    const report = element('div', { part: 'report-form' });
    const reply = element('div', { part: 'reply-form' });
    view.update(state({ notice: 'No.', status: 'Reported.', forms: [report, reply] }));
    const after = [...view.article.children].slice(-4).map((n) => n.getAttribute('part'));
    expect(after).to.deep.equal(['error', 'report-status', 'report-form', 'reply-form']);
    expect(view.article.querySelector('[part="error"]')!.getAttribute('role')).to.equal('alert');
    view.update(state({ forms: [reply] }));
    expect(report.isConnected || view.article.contains(report)).to.equal(false);
    expect(view.article.querySelector('[part="error"], [part="report-status"]') === null).to.equal(
      true,
    );
  });

  it('shows a tombstone for a deleted comment, with its replies', () => {
    const view = new CommentView(true);
    view.update(
      state({
        live: null,
        tombstone: 'Deleted.',
        replies: { toggleLabel: 'Hide 1 reply', collapsed: false, flat: false },
      }),
    );
    expect(parts(view.article)).to.deep.equal(['tombstone', 'toggle-replies', 'replies']);
    expect(view.replyList!.id).to.equal('replies-a');
  });
});
