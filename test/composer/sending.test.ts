import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConfabError } from '../../src/api/errors.js';
import type { ComposerSentEvent } from '../../src/elements/confab-composer.js';
import {
  chord,
  click,
  controlledSend,
  descriptions,
  freshDrafts,
  mount,
  part,
  reloadedDrafts,
  typeInto,
  forgetTestDrafts,
  paste,
  until,
} from './helpers.js';

async function fillAndSubmit(
  element: Awaited<ReturnType<typeof mount>>,
  body = 'First!',
): Promise<void> {
  await typeInto(part(element, 'name'), 'Ada');
  await typeInto(part(element, 'textarea'), body);
  await click(part(element, 'submit'));
}

describe('confab-composer: sending', () => {
  afterEach(forgetTestDrafts);

  it('posts once on a double click and keeps submit disabled while sending', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hello');
    const submit = part<HTMLButtonElement>(element, 'submit');
    await click(submit);
    await click(submit);
    await element.updateComplete;
    expect(calls).to.have.length(1);
    expect(submit.disabled).to.equal(true);
    expect(submit.textContent?.trim()).to.equal('Sending…');
  });

  it('posts once when Ctrl+Enter and Enter are pressed again while sending', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hello');
    await chord('Control', 'Enter');
    await chord('Control', 'Enter');
    await chord('Meta', 'Enter');
    await click(part(element, 'name'));
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect(calls).to.have.length(1);
    expect(calls[0]!.submission.body).to.equal('Hello');
  });

  it('leaves Enter to an input method that is composing text', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hello');
    // An IME cannot be driven with sendKeys; its keydown carries isComposing.
    const key = (isComposing: boolean) =>
      new KeyboardEvent('keydown', {
        key: 'Enter',
        ctrlKey: true,
        isComposing,
        bubbles: true,
        composed: true,
        cancelable: true,
      });
    part(element, 'textarea').dispatchEvent(key(true));
    expect(calls).to.have.length(0);
    part(element, 'textarea').dispatchEvent(key(false));
    expect(calls).to.have.length(1);
  });

  it('submits with Cmd+Enter too, and a plain Enter in the text is a new line', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'line one');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'line two' });
    expect(calls).to.have.length(0);
    await chord('Meta', 'Enter');
    expect(calls).to.have.length(1);
    expect(calls[0]!.submission.body).to.equal('line one\nline two');
  });

  it('after success: clears body and draft, keeps and remembers the author, fires confab-composer-sent', async () => {
    const drafts = freshDrafts();
    const { send, calls } = controlledSend();
    const element = await mount({ drafts, send });
    await typeInto(part(element, 'email'), 'ada@example.org');
    await click(part(element, 'notify'));
    await fillAndSubmit(element);
    expect(drafts.load('new')?.body).to.equal('First!');
    expect(calls[0]!.submission).to.deep.include({
      notify: true,
      author: { name: 'Ada', email: 'ada@example.org' },
    });
    const sent = oneEvent(element, 'confab-composer-sent');
    calls[0]!.resolve({ id: 'c1' });
    const event = (await sent) as ComposerSentEvent;
    expect(event.detail.result).to.deep.equal({ id: 'c1' });
    expect(event.bubbles && event.composed).to.equal(true);
    await element.updateComplete;
    expect(part<HTMLTextAreaElement>(element, 'textarea').value).to.equal('');
    expect(part<HTMLInputElement>(element, 'name').value).to.equal('Ada');
    expect(part<HTMLButtonElement>(element, 'submit').disabled).to.equal(false);
    expect(drafts.load('new')).to.equal(null);
    expect(drafts.rememberedAuthor()).to.deep.include({
      name: 'Ada',
      email: 'ada@example.org',
      notify: true,
    });

    const again = await mount({ drafts: reloadedDrafts(drafts), send });
    expect(part<HTMLInputElement>(again, 'name').value).to.equal('Ada');
    expect(part<HTMLInputElement>(again, 'email').value).to.equal('ada@example.org');
    expect(part<HTMLInputElement>(again, 'notify').checked).to.equal(true);
  });

  it('keeps the body and the draft when sending fails, and shows the reason as an alert', async () => {
    const drafts = freshDrafts();
    const { send, calls } = controlledSend();
    const element = await mount({ drafts, send });
    await fillAndSubmit(element, 'Do not lose me');
    calls[0]!.reject(new ConfabError('network', 'fetch failed'));
    await until(() => part(element, 'error').textContent?.trim());
    const alert = part(element, 'error');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('The comment server could not be reached.');
    expect(alert.textContent).to.contain('Your text is kept.');
    expect(part<HTMLTextAreaElement>(element, 'textarea').value).to.equal('Do not lose me');
    expect(drafts.load('new')?.body).to.equal('Do not lose me');
    expect(part<HTMLButtonElement>(element, 'submit').disabled).to.equal(false);
  });

  it('says how long to wait when rate limited, and names a locked thread', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await fillAndSubmit(element);
    calls[0]!.reject(new ConfabError('rate_limited', 'slow down', { status: 429, retryAfter: 30 }));
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent).to.contain('Please wait 30 seconds');

    await click(part(element, 'submit'));
    await element.updateComplete;
    // The old message goes away while the retry is on its way.
    expect(part(element, 'error').textContent?.trim()).to.equal('');
    calls[1]!.reject(new ConfabError('locked', 'closed', { status: 423 }));
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent).to.contain(
      'This thread is closed for new comments.',
    );

    await click(part(element, 'submit'));
    calls[2]!.reject(new TypeError('something odd'));
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent).to.contain('Your comment could not be sent.');
  });

  it('places server field errors next to their fields', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await fillAndSubmit(element);
    calls[0]!.reject(
      new ConfabError('invalid_request', 'bad', {
        status: 400,
        fields: { body: 'looks like spam', 'author.name': 'name is reserved' },
      }),
    );
    const name = part(element, 'name');
    await until(() => name.getAttribute('aria-invalid') === 'true');
    const body = part(element, 'textarea');
    expect(body.getAttribute('aria-invalid')).to.equal('true');
    expect(descriptions(element, name)).to.include('Not accepted: name is reserved');
    expect(descriptions(element, body)).to.include('Not accepted: looks like spam');
    expect(part(element, 'url').hasAttribute('aria-invalid')).to.equal(false);
    expect(part(element, 'error').textContent?.trim()).to.equal('');
    expect(element.shadowRoot!.activeElement).to.equal(name);
  });

  it('shows a field the form does not have as a form message', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await fillAndSubmit(element);
    calls[0]!.reject(
      new ConfabError('invalid_request', 'bad', { status: 400, fields: { parentId: 'gone' } }),
    );
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent).to.contain('The server did not accept the request.');
  });

  it('disables submit when the thread is locked or no send is wired', async () => {
    const locked = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      disabled: true,
    });
    expect(part<HTMLButtonElement>(locked, 'submit').disabled).to.equal(true);
    expect(part<HTMLTextAreaElement>(locked, 'textarea').disabled).to.equal(true);
    const unwired = await mount({ drafts: freshDrafts(), send: null });
    expect(part<HTMLButtonElement>(unwired, 'submit').disabled).to.equal(true);
  });
});

describe('confab-composer: idempotency key', () => {
  afterEach(forgetTestDrafts);

  // Typing and real clicks are the subject of the tests above; here only the key is. The fields are
  // filled with one input event each and the form is sent with a DOM click on its button (what a
  // real click's activation does, at once): no run of keyboard and mouse round trips to the
  // browser that a loaded machine stretches past the test's time limit, and every step waits for
  // a state of the form, never for time.
  function fill(element: Awaited<ReturnType<typeof mount>>, fields: Record<string, string>) {
    for (const [name, value] of Object.entries(fields)) {
      paste(part<HTMLInputElement | HTMLTextAreaElement>(element, name), value);
    }
  }

  async function submit(element: Awaited<ReturnType<typeof mount>>): Promise<void> {
    await element.updateComplete;
    part<HTMLButtonElement>(element, 'submit').click();
  }

  /** Waits until a failed send has been shown and the form can be sent again. */
  const sendable = (element: Awaited<ReturnType<typeof mount>>) =>
    until(() => !part<HTMLButtonElement>(element, 'submit').disabled, 'submit enabled again');

  it('reuses the key when the same draft is sent again after a failure', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    fill(element, { name: 'Ada', textarea: 'First!' });
    await submit(element);
    expect(calls).to.have.length(1);
    calls[0]!.reject(new ConfabError('timeout', 'slow'));
    await sendable(element);
    await submit(element);
    expect(calls).to.have.length(2);
    expect(calls[1]!.submission.idempotencyKey).to.equal(calls[0]!.submission.idempotencyKey);
  });

  it('reuses the key after the element is created again (a reload after a lost answer)', async () => {
    const drafts = freshDrafts();
    const first = controlledSend();
    const element = await mount({ drafts, send: first.send });
    fill(element, { name: 'Ada', textarea: 'Sent, answer lost' });
    await submit(element);
    expect(first.calls).to.have.length(1);
    // The page goes away while the request is in flight: no answer ever arrives.
    element.remove();

    const second = controlledSend();
    const again = await mount({ drafts: reloadedDrafts(drafts), send: second.send });
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Sent, answer lost');
    await submit(again);
    expect(second.calls).to.have.length(1);
    expect(second.calls[0]!.submission.idempotencyKey).to.equal(
      first.calls[0]!.submission.idempotencyKey,
    );
  });

  it('uses a new key once the body changed', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    fill(element, { name: 'Ada', textarea: 'Version one' });
    await submit(element);
    calls[0]!.reject(new ConfabError('network', 'offline'));
    await sendable(element);
    fill(element, { textarea: 'Version one and two' });
    await submit(element);
    expect(calls).to.have.length(2);
    expect(calls[1]!.submission.body).to.equal('Version one and two');
    expect(calls[1]!.submission.idempotencyKey).to.not.equal(calls[0]!.submission.idempotencyKey);
  });

  it('uses a new key once the author changed (a server may keep the answer it gave a key)', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    fill(element, { name: 'Ada', textarea: 'Same text' });
    await submit(element);
    calls[0]!.reject(
      new ConfabError('invalid_request', 'bad', {
        status: 400,
        fields: { 'author.name': 'taken' },
      }),
    );
    await until(() => part(element, 'name').getAttribute('aria-invalid') === 'true');
    await sendable(element);
    fill(element, { name: 'Ada Byron' });
    await submit(element);
    expect(calls).to.have.length(2);
    expect(calls[1]!.submission.author.name).to.equal('Ada Byron');
    expect(calls[1]!.submission.idempotencyKey).to.not.equal(calls[0]!.submission.idempotencyKey);
  });

  it('uses a new key for the next comment after a success', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    fill(element, { name: 'Ada', textarea: 'Same words' });
    await submit(element);
    calls[0]!.resolve({});
    await until(() => part<HTMLTextAreaElement>(element, 'textarea').value === '', 'form emptied');
    await sendable(element);
    fill(element, { textarea: 'Same words' });
    await submit(element);
    expect(calls).to.have.length(2);
    expect(calls[1]!.submission.idempotencyKey).to.not.equal(calls[0]!.submission.idempotencyKey);
  });
});
