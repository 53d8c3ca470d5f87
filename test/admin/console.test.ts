import { expect } from '@open-wc/testing';
import type { ConsoleBans } from '../../admin/src/elements/console-bans.js';
import { ConfabError } from '../../src/api/errors.js';
import { testServer } from '../support/server.js';
import { mount as mountWidget, renderedIds } from '../widget/helpers.js';
import {
  $,
  $$,
  announced,
  cardIds,
  live,
  moderatorToken,
  mountConsole,
  press,
  reader,
  readerThreadIds,
  readerToken,
  shifted,
  textOf,
  until,
} from './helpers.js';

const PAGE = 'post-1';

describe('moderation console against the reference server', function () {
  // A real server per test, scrypt for every sign-in, a browser that may be busy.
  this.timeout(40_000);

  it('signs in with the name and password that admin add-moderator printed', async () => {
    const server = await testServer({ moderate: true });
    const { name, password } = await server.moderator('Robin');
    const element = await mountConsole(server, { signedIn: false });
    const form = $<HTMLFormElement>(element, 'console-login form');
    $<HTMLInputElement>(element, 'console-login input[name="name"]').value = name;
    $<HTMLInputElement>(element, 'console-login input[name="password"]').value = 'wrong';
    form.requestSubmit();
    await until(() => /Wrong name or password/.test(textOf($(element, 'console-login'))), 'no');
    expect($$(element, 'console-queue')).to.have.length(0);

    $<HTMLInputElement>(element, 'console-login input[name="password"]').value = password;
    form.requestSubmit();
    await until(() => $$(element, 'console-queue').length === 1, 'the queue after signing in');
    expect(textOf($(element, 'header.top'))).to.contain('Signed in as Robin');
  });

  it('approves the current pending comment with a: it leaves the queue, readers see it', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'held', author: 'Ada', body: 'Waiting for review', status: 'pending' },
          { ref: 'shown', author: 'Bo', body: 'Already published' },
        ],
      },
    });
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    expect(cardIds(element)).to.deep.equal([server.ids.held]);
    expect(textOf($(element, 'article.card'))).to.contain('Waiting for review');
    expect(await readerThreadIds(server, PAGE)).to.deep.equal([server.ids.shown]);

    // The first comment is the current one: a acts on it.
    expect($(element, 'article.card').getAttribute('aria-current')).to.equal('true');
    await press('a');
    await until(() => cardIds(element).length === 0, 'the approved comment leaves the queue');
    // The live feed may take the comment away before the answer to the approval arrives.
    await until(() => announced(element).includes('Approved the comment by Ada'), 'said');
    expect(await readerThreadIds(server, PAGE)).to.deep.equal([server.ids.held, server.ids.shown]);
  });

  it('deletes the current comment with d, after asking', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'keep', author: 'Ada', status: 'pending' },
          { ref: 'spam', author: 'Spammer', body: 'Buy now', status: 'pending' },
        ],
      },
    });
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 2, 'the pending queue');
    const current = () => $(element, 'article.card[aria-current="true"]').dataset.commentId;
    await press('j');
    await until(() => current() === server.ids.spam, 'j moves down');
    await press('k');
    await until(() => current() === server.ids.keep, 'k moves up');
    await press('j');
    await until(() => current() === server.ids.spam, 'j again');
    await press('d');
    await until(() => $$(element, 'dialog[open]').length === 1, 'the confirmation');
    expect(textOf($(element, 'dialog[open] h2'))).to.equal('Delete the comment by Spammer?');
    await press('Escape');
    await until(() => $$(element, 'dialog[open]').length === 0, 'cancelled');
    expect(cardIds(element)).to.have.length(2);

    await press('d');
    await until(() => $$(element, 'dialog[open]').length === 1, 'asked again');
    $<HTMLButtonElement>(element, 'dialog[open] button.danger').click();
    await until(() => cardIds(element).length === 1, 'the deleted comment leaves the queue');
    expect(cardIds(element)).to.deep.equal([server.ids.keep]);
    const stored = await server.comments(PAGE);
    expect(stored.find((c) => c.id === server.ids.spam)?.status).to.equal('deleted');
  });

  it('approves and deletes selected comments in bulk', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'one', status: 'pending' },
          { ref: 'two', status: 'pending' },
          { ref: 'three', status: 'pending' },
        ],
      },
    });
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 3, 'the pending queue');
    // x selects the current comment: the first and the third.
    await press('x');
    await press('j');
    await press('j');
    await press('x');
    await shifted('A');
    await until(() => cardIds(element).length === 1, 'two approved together');
    expect(cardIds(element)).to.deep.equal([server.ids.two]);
    await until(() => announced(element).includes('Approved 2 comments'), 'said');
    expect(await readerThreadIds(server, PAGE)).to.deep.equal([server.ids.one, server.ids.three]);

    await press('*');
    await shifted('D');
    await until(() => $$(element, 'dialog[open]').length === 1, 'the confirmation');
    $<HTMLButtonElement>(element, 'dialog[open] button.danger').click();
    await until(() => cardIds(element).length === 0, 'the last one deleted');
    const stored = await server.comments(PAGE);
    expect(stored.find((c) => c.id === server.ids.two)?.status).to.equal('deleted');
  });

  it('shows a pending comment that arrives while it is open, without reloading', async () => {
    const server = await testServer({ moderate: true });
    const element = await mountConsole(server);
    await live(element);
    expect(cardIds(element)).to.deep.equal([]);
    const visitor = await reader(server);
    const posted = await visitor.postComment(
      { page: PAGE, parentId: null, body: 'Hello from a new reader', author: { name: 'Newcomer' } },
      'live-arrival-1',
    );
    expect(posted.status).to.equal('pending');
    await until(() => cardIds(element).includes(posted.id), 'the new comment in the queue');
    expect(textOf($(element, 'article.card'))).to.contain('Hello from a new reader');
    await until(() => /New comment to review from Newcomer/.test(announced(element)), 'said');
  });

  it('keeps a live change that arrives while the queue loads, though the answer predates it', async () => {
    const server = await testServer({ moderate: true });
    const element = await mountConsole(server);
    await live(element);
    expect(cardIds(element)).to.deep.equal([]);
    // The reload is answered at once, and the answer (an empty queue) held back a while.
    await server.fault({ method: 'GET', path: '/admin/comments', answerDelayMs: 1500 });
    const asked = (await server.requests()).length;
    await press('u');
    await until(
      async () => (await server.requests()).slice(asked).some((r) => r.path === '/admin/comments'),
      'the reload asked',
    );
    const visitor = await reader(server);
    const posted = await visitor.postComment(
      {
        page: PAGE,
        parentId: null,
        body: 'Posted while the list was loading',
        author: { name: 'Cy' },
      },
      'during-load-1',
    );
    await until(() => cardIds(element).includes(posted.id), 'the new comment, live');
    const queue = $<HTMLElement & { loading: boolean }>(element, 'console-queue');
    expect(queue.loading, 'the reload is still on its way').to.equal(true);
    await until(() => !queue.loading, 'the reload answered');
    expect(cardIds(element)).to.deep.equal([posted.id]);
  });

  it('follows changes made elsewhere: approved by another moderator, reported by a reader', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'held', author: 'Ada', status: 'pending' },
          { ref: 'shown', author: 'Bo', body: 'Published already' },
        ],
      },
    });
    const element = await mountConsole(server);
    await live(element);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    const other = await moderatorToken(server, 'Sam');
    const approved = await fetch(`${server.endpoint}/admin/comments/${server.ids.held}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${other.token}` },
    });
    expect(approved.status).to.equal(200);
    await until(() => cardIds(element).length === 0, 'gone from this console too');

    await press('2');
    await until(() => $$(element, 'console-queue h2#queue-title').length === 1, 'reported view');
    await until(() => textOf($(element, '#queue-title')) === 'Reported', 'reported view shown');
    await live(element);
    const report = await fetch(`${server.endpoint}/comments/${server.ids.shown}/reports`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await readerToken(server)}`,
      },
      body: JSON.stringify({ reason: 'off_topic' }),
    });
    expect(report.status).to.equal(201);
    await until(() => cardIds(element).includes(server.ids.shown), 'the reported comment');
    await until(() => /was reported/.test(announced(element)), 'said');
  });

  it('reaches readers live: a widget open on the thread shows the approved comment, drops the deleted one', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'shown', author: 'Bo', body: 'Published already' },
          { ref: 'held', author: 'Ada', body: 'Held for review', status: 'pending' },
        ],
      },
    });
    const widget = await mountWidget(server.endpoint, { page: PAGE });
    await until(async () => (await server.openStreams()).includes(PAGE), 'the widget is live');
    expect(renderedIds(widget)).to.deep.equal([server.ids.shown]);
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    await press('a');
    await until(() => renderedIds(widget).includes(server.ids.held), 'the widget shows it');
    expect(renderedIds(widget)).to.deep.equal([server.ids.shown, server.ids.held]);

    location.hash = '#published';
    await until(() => cardIds(element).length === 2, 'the recent queue');
    // Newest first: the approved comment, then the one published before.
    await press('j');
    await press('d');
    await until(() => $$(element, 'dialog[open]').length === 1, 'the confirmation');
    $<HTMLButtonElement>(element, 'dialog[open] button.danger').click();
    await until(() => !renderedIds(widget).includes(server.ids.shown), 'the widget drops it');
    expect(renderedIds(widget)).to.deep.equal([server.ids.held]);
  });

  it('shows a held edit beside the published text; rejecting it keeps the published text', async () => {
    const server = await testServer({ moderate: true });
    const visitor = await reader(server);
    const posted = await visitor.postComment(
      { page: PAGE, parentId: null, body: 'First version', author: { name: 'Ada' } },
      'edit-1',
    );
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    await press('a');
    await until(() => cardIds(element).length === 0, 'approved');
    // A comment held once has its edits held too (docs/protocol.md, "Edits held for review").
    const edited = await visitor.editComment(posted.id, 'Second version, with a twist');
    expect(edited.status).to.equal('pending');
    await until(() => cardIds(element).length === 1, 'the held edit, live');
    const card = textOf($(element, 'article.card'));
    expect(card).to.contain('First version');
    expect(card).to.contain('Second version, with a twist');
    const reject = $$<HTMLButtonElement>(element, 'article.card button').find(
      (button) => textOf(button) === 'Reject edit',
    )!;
    reject.click();
    await until(() => cardIds(element).length === 0, 'the edit rejected');
    const thread = await (await fetch(`${server.endpoint}/threads?page=${PAGE}`)).json();
    expect(thread.comments.map((c: { body: string }) => c.body)).to.deep.equal(['First version']);
  });

  it('opens on one comment from a console link (#comment=<id>, as moderator mail links)', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'one' }, { ref: 'linked', author: 'Ada', body: 'The one' }] },
    });
    const element = await mountConsole(server, { hash: `#comment=${server.ids.linked}` });
    await until(() => cardIds(element).length === 1, 'the linked comment');
    expect(cardIds(element)).to.deep.equal([server.ids.linked]);
    expect(textOf($(element, '#queue-title'))).to.equal(`Comment ${server.ids.linked}`);
    expect(textOf($(element, 'article.card'))).to.contain('The one');
  });

  it('searches the queue by text and by author', async () => {
    const server = await testServer({
      moderate: true,
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'Ada', body: 'About lighthouses', status: 'pending' },
          { ref: 'b', author: 'Bo', body: 'About bridges', status: 'pending' },
        ],
        'post-2': [{ ref: 'c', author: 'Ada', body: 'Bridges again', status: 'pending' }],
      },
    });
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 3, 'the pending queue');
    const search = async (fields: Record<string, string>) => {
      for (const name of ['q', 'author', 'page']) {
        $<HTMLInputElement>(element, `form.filters input[name="${name}"]`).value =
          fields[name] ?? '';
      }
      $<HTMLFormElement>(element, 'form.filters').requestSubmit();
    };
    await search({ q: 'bridges' });
    await until(() => cardIds(element).length === 2, 'text search');
    expect(cardIds(element)).to.have.members([server.ids.b, server.ids.c]);
    await search({ author: 'ada' });
    await until(
      () => cardIds(element).length === 2 && cardIds(element).includes(server.ids.a),
      'author',
    );
    expect(cardIds(element)).to.have.members([server.ids.a, server.ids.c]);
    await search({ author: 'ada', page: 'post-2' });
    await until(() => cardIds(element).length === 1, 'author and page');
    expect(cardIds(element)).to.deep.equal([server.ids.c]);
  });

  it('shows the reports of a reported comment with their reasons and notes', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'rude', author: 'Troll', body: 'You are all wrong' }] },
    });
    for (const [reason, note] of [
      ['abuse', 'Insults the author'],
      ['spam', null],
    ] as const) {
      const token = await readerToken(server);
      const response = await fetch(`${server.endpoint}/comments/${server.ids.rude}/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(note ? { reason, note } : { reason }),
      });
      expect(response.status).to.equal(201);
    }
    const element = await mountConsole(server, { hash: '#reported' });
    await until(() => cardIds(element).length === 1, 'the reported queue');
    expect(textOf($(element, 'article.card'))).to.match(/2 reports/i);
    await press('r');
    await until(() => $$(element, 'section.reports li').length === 2, 'the reports');
    const text = textOf($(element, 'section.reports'));
    expect(text).to.contain('Insults the author');
    expect(text).to.match(/abuse/i);
    expect(text).to.match(/spam/i);
  });

  it('pins a published comment with p: readers get it first', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'first' }, { ref: 'second', author: 'Host' }] },
    });
    // The locks arrive after the cards are drawn: the cards must be drawn again for them.
    await server.fault({ method: 'GET', path: '/admin/pages', delayMs: 600, times: 2 });
    const element = await mountConsole(server, { hash: '#published' });
    await until(() => cardIds(element).length === 2, 'the recent queue');
    // Newest first: the second comment is the first card.
    expect(cardIds(element)[0]).to.equal(server.ids.second);
    await press('p');
    await until(
      () => /pinned/.test(textOf($(element, 'article.card'))),
      () => `pinned tag (${announced(element)})`,
    );
    expect(await readerThreadIds(server, PAGE)).to.deep.equal([
      server.ids.second,
      server.ids.first,
    ]);
  });

  it('locks and unlocks a thread with l: new comments are refused while locked', async () => {
    const server = await testServer({
      threads: {
        [PAGE]: [{ ref: 'only' }],
        'post-2': { locked: true, comments: [{ ref: 'other' }] },
      },
    });
    // The locks arrive after the cards are drawn: the cards must be drawn again for them.
    await server.fault({ method: 'GET', path: '/admin/pages', delayMs: 600, times: 2 });
    const element = await mountConsole(server, { hash: '#published' });
    await until(() => cardIds(element).length === 2, 'the recent queue');
    const lockButtons = () =>
      $$<HTMLButtonElement>(element, 'article.card .actions button').filter((b) =>
        /thread/.test(b.textContent ?? ''),
      );
    // Each thread's lock is looked up and shown on its cards, with nothing else happening.
    await until(() => lockButtons().every((button) => !button.disabled), 'the locks known');
    expect(lockButtons().map((button) => textOf(button))).to.deep.equal([
      'Unlock thread',
      'Lock thread',
    ]);
    const lockButton = () => lockButtons()[1]!;
    await press('j');
    await press('l');
    await until(() => /Unlock thread/.test(textOf(lockButton())), 'locked');
    const visitor = await reader(server);
    const post = () =>
      visitor.postComment(
        { page: PAGE, parentId: null, body: 'Late', author: { name: 'Late' } },
        crypto.randomUUID(),
      );
    const refused = await post().catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(ConfabError);
    expect((refused as ConfabError).status).to.equal(423);

    await press('l');
    await until(() => /Lock thread/.test(textOf(lockButton())), 'unlocked');
    expect((await post()).status).to.equal('published');
  });

  it('bans a comment’s author for a time: their next post answers 403 saying until when', async () => {
    const server = await testServer({ moderate: true });
    const visitor = await reader(server);
    const posted = await visitor.postComment(
      { page: PAGE, parentId: null, body: 'Spam spam', author: { name: 'Spammer' } },
      'ban-1',
    );
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    await press('b');
    await until(() => $$(element, 'dialog[open] select').length === 1, 'the ban dialog');
    $<HTMLInputElement>(element, 'dialog[open] input[name="reason"]').value = 'Spam run';
    $<HTMLFormElement>(element, 'dialog[open] form').requestSubmit();
    await until(() => /Banned Spammer until/.test(announced(element)), 'banned');

    const refused = await visitor
      .postComment({ page: PAGE, parentId: null, body: 'Again', author: { name: 'S' } }, 'ban-2')
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(ConfabError);
    expect((refused as ConfabError).status).to.equal(403);
    expect((refused as ConfabError).message).to.match(/until \d{4}-\d\d-\d\d/);

    location.hash = '#bans';
    await until(() => $$(element, 'console-bans tbody tr').length === 1, 'the ban listed');
    const row = textOf($(element, 'console-bans tbody tr'));
    expect(row).to.contain('Spammer');
    expect(row).to.contain('Spam run');
    expect(posted.id).to.be.a('string');
  });

  it('bans an address range from the bans form, and lifts it', async () => {
    const server = await testServer();
    // The first list is slow, and read before the ban: it must not wipe the ban out.
    await server.fault({
      method: 'GET',
      path: '/admin/bans',
      delayMs: 1_500,
      body: JSON.stringify({ bans: [], nextCursor: null }),
      contentType: 'application/json',
    });
    const element = await mountConsole(server, { hash: '#bans' });
    await until(() => $$(element, 'console-bans form').length === 1, 'the bans view');
    const cidr = $<HTMLInputElement>(element, '#ban-cidr');
    const form = $<HTMLFormElement>(element, 'console-bans form');

    cidr.value = '10.0.0.0/4';
    form.requestSubmit();
    await until(() => textOf($(element, '#ban-cidr-error')) !== '', 'a too-wide range refused');
    expect(cidr.getAttribute('aria-invalid')).to.equal('true');

    cidr.value = '203.0.113.0/24';
    form.requestSubmit();
    await until(() => $$(element, 'console-bans tbody tr').length === 1, 'the ban listed');
    expect(textOf($(element, 'console-bans tbody tr'))).to.contain('203.0.113.0/24');
    await until(() => !$<ConsoleBans>(element, 'console-bans').loading, 'the lists read');
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(textOf($(element, 'console-bans tbody'))).to.contain('203.0.113.0/24');

    $<HTMLButtonElement>(element, 'console-bans tbody tr button').click();
    await until(() => $$(element, 'console-bans tbody tr').length === 0, 'lifted');
    await until(() => announced(element).includes('Lifted the ban'), 'said');
  });

  it('lists its own actions in the audit log, with who and what', async () => {
    const server = await testServer({
      moderate: true,
      threads: { [PAGE]: [{ ref: 'held', author: 'Ada', status: 'pending' }] },
    });
    const element = await mountConsole(server);
    await until(() => cardIds(element).length === 1, 'the pending queue');
    await press('a');
    await until(() => cardIds(element).length === 0, 'approved');
    await press('6');
    await until(() => $$(element, 'console-audit tbody tr').length >= 1, 'the audit log');
    const row = $(element, 'console-audit tbody tr[data-action="approve"]');
    expect(textOf(row)).to.contain('Morgan');
    expect(textOf(row)).to.contain(PAGE);
  });
});
