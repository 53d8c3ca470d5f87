import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import {
  PAGE,
  deepActiveElement,
  mount,
  mustComment,
  mustOwn,
  own,
  root,
  textOf,
  typeInto,
  until,
} from './helpers.js';
import { testServer, type TestServer } from '../support/server.js';

const THREAD = [
  { ref: 'a', author: 'Ada', body: 'A claim' },
  { ref: 'r', parent: 'a', author: 'Rae', body: 'Buy cheap watches' },
  { ref: 'm', author: 'Me', body: 'Mine', mine: true },
  { ref: 'd', status: 'deleted' as const },
  { ref: 'd1', parent: 'd', author: 'Dee', body: 'Still here' },
];

/** The open report form of a comment, and its parts. */
function reportForm(article: HTMLElement) {
  const form = mustOwn(article, 'report-form') as HTMLElement & {
    updateComplete: Promise<unknown>;
  };
  const part = <T extends Element = HTMLElement>(name: string) =>
    form.shadowRoot!.querySelector<T & Element>(`[part~="${name}"]`);
  const reason = (value: string) =>
    form.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
  return { form, part, reason };
}

async function openReport(element: ConfabComments, id: string) {
  const article = mustComment(element, id);
  mustOwn(article, 'report-button').click();
  await until(() => own(article, 'report-form'), 'report form open');
  const form = reportForm(article);
  await form.form.updateComplete;
  return { article, ...form };
}

async function reports(server: TestServer) {
  return (await server.requests()).filter(
    (r) => r.method === 'POST' && r.path.endsWith('/reports'),
  );
}

describe('<confab-comments> reporting a comment', () => {
  it('offers Report on every comment but the reader’s own and tombstones', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const button = mustOwn(mustComment(element, ids.a), 'report-button');
    expect(textOf(button)).to.equal('Report');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(own(mustComment(element, ids.r), 'report-button')).to.not.equal(null);
    expect(own(mustComment(element, ids.d1), 'report-button')).to.not.equal(null);
    expect(own(mustComment(element, ids.m), 'report-button')).to.equal(null);
    expect(own(mustComment(element, ids.d), 'report-button')).to.equal(null);
  });

  it('is used from the keyboard: into the form, a reason, a note, sent, focus back, confirmed', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.r);
    const button = mustOwn(article, 'report-button');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => own(article, 'report-form'), 'form open');
    const { form, part, reason } = reportForm(article);
    expect(form.getAttribute('part')).to.equal('report-form');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    await until(() => deepActiveElement() === reason('spam'), 'focus on the first reason');
    // Arrow keys move through the reasons and choose one.
    await sendKeys({ press: 'ArrowDown' });
    expect(reason('abuse').checked).to.equal(true);
    await sendKeys({ press: 'ArrowUp' });
    expect(reason('spam').checked).to.equal(true);
    await typeInto(part('report-note')!, 'Same link in every thread');
    const sent = until(
      () => textOf(own(article, 'report-status')) === 'You reported this comment. Thank you.',
      'confirmation',
    );
    part<HTMLButtonElement>('submit')!.click();
    await sent;
    expect(own(article, 'report-form')).to.equal(null);
    expect(deepActiveElement() === button).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    await until(
      () =>
        textOf(root(element).querySelector('[role="status"]')) ===
        'You reported this comment. Thank you.',
      'announced',
    );
    const [request] = await reports(server);
    expect(request!.path).to.equal(`/comments/${ids.r}/reports`);
    expect(request!.body).to.deep.equal({ reason: 'spam', note: 'Same link in every thread' });
    expect(request!.headers.authorization).to.match(/^Bearer \S+/);
  });

  it('cancels with Escape or the Cancel button, sending nothing', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const first = await openReport(element, ids.a);
    const article = first.article;
    await until(() => deepActiveElement() === first.reason('spam'), 'focus in the form');
    await sendKeys({ press: 'Escape' });
    await until(() => !own(article, 'report-form'), 'closed by Escape');
    const button = mustOwn(article, 'report-button');
    await until(() => deepActiveElement() === button, 'focus back on Report');
    const { part } = await openReport(element, ids.a);
    part<HTMLButtonElement>('cancel')!.click();
    await until(() => !own(article, 'report-form'), 'closed by Cancel');
    await until(() => deepActiveElement() === button, 'focus back again');
    expect(await reports(server)).to.deep.equal([]);
  });

  it('asks for a reason before sending, and sends the report without a note', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const { article, part, reason, form } = await openReport(element, ids.a);
    part<HTMLButtonElement>('submit')!.click();
    await form.updateComplete;
    expect(textOf(part('error'))).to.equal('Choose a reason.');
    expect(part('error')!.getAttribute('role')).to.equal('alert');
    expect(await reports(server)).to.deep.equal([]);
    reason('off_topic').click();
    part<HTMLButtonElement>('submit')!.click();
    await until(() => own(article, 'report-status'), 'reported');
    expect((await reports(server))[0]!.body).to.deep.equal({ reason: 'off_topic' });
  });

  it('shows the server’s refusal in the form and dispatches confab-error', async () => {
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    for (const [status, code, words] of [
      [404, 'not_found', 'That could not be found. It may have been deleted.'],
      [403, 'forbidden', 'You are not allowed to do that.'],
      [429, 'rate_limited', 'Too many requests. Please wait a moment and try again.'],
    ] as const) {
      const { article, part, reason, form } = await openReport(element, ids.a);
      await server.fault({
        method: 'POST',
        path: `/comments/${ids.a}/reports`,
        status,
        error: { code, message: 'server words' },
      });
      reason('abuse').click();
      const failed = oneEvent(element, 'confab-error');
      part<HTMLButtonElement>('submit')!.click();
      expect((await failed).detail).to.deep.equal({ code, message: words });
      await form.updateComplete;
      await until(() => textOf(part('error')) === words, `${code} shown`);
      expect(own(article, 'report-form')).to.not.equal(null);
      expect(own(article, 'report-status')).to.equal(null);
      part<HTMLButtonElement>('cancel')!.click();
      await until(() => !own(article, 'report-form'), 'closed');
    }
  });

  it('is accessible with the form open and once reported, and speaks German', async function () {
    // Two axe audits, the German catalogue and the write path's chunk in one test: each audit
    // takes seconds when the machine is busy (as in the composer's axe tests).
    this.timeout(40_000);
    const server = await testServer({ threads: { [PAGE]: THREAD } });
    const { ids } = server;
    const element = await mount(server.endpoint, { lang: 'de' });
    await until(
      () => textOf(mustOwn(mustComment(element, ids.a), 'report-button')) === 'Melden',
      'de',
    );
    const { article, part, reason, form } = await openReport(element, ids.a);
    await until(() => textOf(part('submit')) === 'Meldung senden', 'German form');
    expect(textOf(form.shadowRoot!.querySelector('legend'))).to.equal(
      'Warum sollte die Moderation sich diesen Kommentar ansehen?',
    );
    await expect(element).to.be.accessible();
    reason('other').click();
    part<HTMLButtonElement>('submit')!.click();
    await until(() => own(article, 'report-status'), 'reported');
    expect(textOf(own(article, 'report-status'))).to.equal(
      'Sie haben diesen Kommentar gemeldet. Danke.',
    );
    await expect(element).to.be.accessible();
  });
});
