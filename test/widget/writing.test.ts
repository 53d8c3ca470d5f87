import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  PAGE,
  commentOf,
  composerIn,
  composerPart,
  deepActiveElement,
  minutesAgo,
  mount,
  mustComment,
  mustOwn,
  own,
  part,
  renderedIds,
  root,
  textOf,
  typeInto,
  until,
  write,
} from './helpers.js';
import { testServer } from '../support/server.js';

describe('<confab-comments> writing', () => {
  it('posts a new comment: it appears in place, takes focus, is announced and fires confab-posted', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Hi' }] },
    });
    const element = await mount(server.endpoint);
    const form = part(root(element), 'form');
    expect(form.tagName).to.equal('CONFAB-COMPOSER');
    const posted = oneEvent(element, 'confab-posted');
    await write(composerIn(root(element)), 'A brand new thought', 'Newcomer');
    const { comment } = (await posted).detail;
    expect(comment.body).to.equal('A brand new thought');
    const article = mustComment(element, comment.id);
    expect(textOf(mustOwn(article, 'body'))).to.equal('A brand new thought');
    expect(textOf(mustOwn(article, 'author'))).to.equal('Newcomer');
    expect(server.refs(renderedIds(element))).to.deep.equal(['a', comment.id]);
    expect(deepActiveElement()).to.equal(article);
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');
    await until(
      () => textOf(root(element).querySelector('[role="status"]')) === 'Your comment was posted.',
      'announced',
    );
    const post = (await server.requests()).find(
      (r) => r.method === 'POST' && r.path === '/comments',
    )!;
    expect(post.body).to.deep.include({ page: PAGE, parentId: null, body: 'A brand new thought' });
    expect(post.headers['idempotency-key']).to.match(/\S{8,}/);
    // Only one GET /threads: the comment was put in place, not reloaded.
    expect((await server.requests()).filter((r) => r.path === '/threads').length).to.equal(1);
  });

  it('replies inline under a comment; the reply appears nested and focused', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'Ada', body: 'Question?' },
          { ref: 'z', author: 'Zed', body: 'Other' },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.a);
    const replyButton = mustOwn(article, 'reply-button');
    replyButton.click();
    await element.updateComplete;
    expect(replyButton.getAttribute('aria-expanded')).to.equal('true');
    const composer = mustOwn(article, 'reply-form') as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await until(
      () => deepActiveElement() === composerPart(composerIn(article), 'textarea'),
      'focus in the reply form',
    );
    const posted = oneEvent(element, 'confab-posted');
    await write(composerIn(article), 'An answer', 'Helper');
    const { comment } = (await posted).detail;
    expect(comment.parentId).to.equal(ids.a);
    const reply = mustComment(element, comment.id);
    expect(article.contains(reply)).to.equal(true);
    expect(deepActiveElement()).to.equal(reply);
    expect(composer.isConnected).to.equal(false);
    expect(server.refs(renderedIds(element))).to.deep.equal(['a', comment.id, 'z']);
  });

  it('cancels a reply with the cancel button and returns focus to Reply', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Question?' }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.a);
    mustOwn(article, 'reply-button').click();
    await element.updateComplete;
    const composer = composerIn(article);
    await composer.updateComplete;
    composerPart(composer, 'cancel').click();
    await until(() => !own(article, 'reply-form'), 'closed');
    await until(
      () => deepActiveElement() === mustOwn(article, 'reply-button'),
      'focus back on Reply',
    );
  });

  it('keeps the draft through a failed post and a re-created element, and clears it only after success', async () => {
    const server = await testServer();
    let element = await mount(server.endpoint);
    await server.fault({
      method: 'POST',
      path: '/comments',
      status: 500,
      error: { code: 'internal', message: 'boom' },
    });
    const failed = oneEvent(element, 'confab-error');
    await write(composerIn(root(element)), 'Words worth keeping', 'Keeper');
    expect((await failed).detail.code).to.equal('internal');
    const composer = composerIn(root(element));
    await until(() => textOf(composerPart(composer, 'error')).length > 0, 'error shown');
    expect(textOf(composerPart(composer, 'error'))).to.contain(
      'The comment server had a problem. Please try again later.',
    );
    expect(composerPart<HTMLTextAreaElement>(composer, 'textarea').value).to.equal(
      'Words worth keeping',
    );

    // A reload: the element is created again for the same page.
    element.remove();
    element = await mount(server.endpoint);
    let again = composerIn(root(element));
    await again.updateComplete;
    expect(composerPart<HTMLTextAreaElement>(again, 'textarea').value).to.equal(
      'Words worth keeping',
    );
    expect(composerPart<HTMLInputElement>(again, 'name').value).to.equal('Keeper');

    // Now the server accepts: posted once, with the same Idempotency-Key as the failed try, draft gone.
    const posted = oneEvent(element, 'confab-posted');
    composerPart(again, 'submit').click();
    await posted;
    const posts = (await server.requests()).filter(
      (r) => r.method === 'POST' && r.path === '/comments',
    );
    expect(posts.length).to.equal(2);
    expect(posts[1]!.headers['idempotency-key']).to.equal(posts[0]!.headers['idempotency-key']);
    expect((await server.comments(PAGE)).map((c) => c.body)).to.deep.equal(['Words worth keeping']);
    element.remove();
    element = await mount(server.endpoint);
    again = composerIn(root(element));
    await again.updateComplete;
    expect(composerPart<HTMLTextAreaElement>(again, 'textarea').value).to.equal('');
  });

  it('edits the reader’s own comment', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'm', author: 'Me', body: 'Tpyo here', mine: true },
          { ref: 'o', author: 'Other' },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    expect(own(mustComment(element, ids.o), 'edit-button')).to.equal(null);
    const article = mustComment(element, ids.m);
    mustOwn(article, 'edit-button').click();
    await element.updateComplete;
    const composer = composerIn(article);
    expect(composer.getAttribute('part')).to.equal('edit-form');
    await composer.updateComplete;
    const textarea = composerPart<HTMLTextAreaElement>(composer, 'textarea');
    expect(textarea.value).to.equal('Tpyo here');
    textarea.select();
    await typeInto(textarea, 'Typo fixed');
    composerPart(composer, 'submit').click();
    await until(
      () => own(article, 'body') && textOf(own(article, 'body')) === 'Typo fixed',
      'edited',
    );
    expect(textOf(mustOwn(article, 'edited'))).to.equal('(edited)');
    const patch = (await server.requests()).find((r) => r.method === 'PATCH')!;
    expect(patch.path).to.equal(`/comments/${ids.m}`);
    expect(patch.body).to.deep.equal({ body: 'Typo fixed' });
    expect(deepActiveElement()).to.equal(article);
  });

  it('shows the server’s refusal of a late edit as a message and keeps the text', async () => {
    const server = await testServer({
      editWindowMs: 1000,
      threads: {
        [PAGE]: [
          { ref: 'm', author: 'Me', body: 'Old words', mine: true, createdAt: minutesAgo(60) },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.m);
    mustOwn(article, 'edit-button').click();
    await element.updateComplete;
    const composer = composerIn(article);
    await composer.updateComplete;
    const textarea = composerPart<HTMLTextAreaElement>(composer, 'textarea');
    await typeInto(textarea, ' and more');
    const failed = oneEvent(element, 'confab-error');
    composerPart(composer, 'submit').click();
    expect((await failed).detail.code).to.equal('forbidden');
    await until(() => textOf(composerPart(composer, 'error')).length > 0, 'message');
    expect(textOf(composerPart(composer, 'error'))).to.contain('You are not allowed to do that.');
    expect(textarea.value).to.equal('Old words and more');
    expect((await server.comments(PAGE))[0]!.body).to.equal('Old words');
  });

  it('deletes: a comment with replies becomes a tombstone, one without disappears', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [
          { ref: 'p', author: 'Me', body: 'Parent', mine: true },
          { ref: 'r', parent: 'p', author: 'Rae', body: 'A reply' },
          { ref: 'l', author: 'Me', body: 'Lonely', mine: true },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    expect(textOf(part(root(element), 'heading'))).to.equal('3 comments');

    const parent = mustComment(element, ids.p);
    mustOwn(parent, 'delete-button').click();
    await element.updateComplete;
    await until(() => deepActiveElement() === own(parent, 'confirm-delete'), 'focus on confirm');
    await sendKeys({ press: 'Enter' });
    await until(() => own(mustComment(element, ids.p), 'tombstone'), 'tombstone');
    const tombstone = mustComment(element, ids.p);
    expect(textOf(mustOwn(tombstone, 'tombstone'))).to.equal('This comment was deleted.');
    expect(own(tombstone, 'author')).to.equal(null);
    expect(tombstone.contains(mustComment(element, ids.r))).to.equal(true);
    expect(textOf(part(root(element), 'heading'))).to.equal('2 comments');

    const lonely = mustComment(element, ids.l);
    mustOwn(lonely, 'delete-button').click();
    await element.updateComplete;
    mustOwn(lonely, 'confirm-delete').click();
    await until(() => !commentOf(element, ids.l), 'gone');
    expect(textOf(part(root(element), 'heading'))).to.equal('1 comment');
    expect(
      (await server.requests()).filter((r) => r.method === 'DELETE').map((r) => r.path),
    ).to.deep.equal([`/comments/${ids.p}`, `/comments/${ids.l}`]);
  });

  it('keeps the comment when the delete is cancelled', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'm', author: 'Me', body: 'Stay', mine: true }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.m);
    mustOwn(article, 'delete-button').click();
    await element.updateComplete;
    mustOwn(article, 'cancel-delete').click();
    await element.updateComplete;
    expect(own(article, 'confirm-delete')).to.equal(null);
    expect((await server.requests()).some((r) => r.method === 'DELETE')).to.equal(false);
  });
});
