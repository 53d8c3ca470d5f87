import { expect } from '@open-wc/testing';
import { ConfabError } from '../../src/api/errors.js';
import {
  click,
  controlledSend,
  freshDrafts,
  mount,
  part,
  paste,
  reloadedDrafts,
  sleep,
  typeInto,
  forgetTestDrafts,
  until,
} from './helpers.js';

describe('confab-composer: drafts', () => {
  afterEach(forgetTestDrafts);

  it('saves the draft after typing, without any submit', async () => {
    const drafts = freshDrafts();
    const element = await mount({ drafts, send: controlledSend().send });
    await typeInto(part(element, 'name'), 'Grace');
    await typeInto(part(element, 'textarea'), 'Half a thought');
    await until(() => drafts.load('new')?.body === 'Half a thought', 'draft saved');
    expect(drafts.load('new')).to.deep.include({ name: 'Grace', body: 'Half a thought' });
  });

  it('restores the draft when the element is created again', async () => {
    const drafts = freshDrafts();
    const element = await mount({ drafts, send: controlledSend().send });
    await typeInto(part(element, 'name'), 'Grace');
    await typeInto(part(element, 'url'), 'https://grace.example');
    await typeInto(part(element, 'textarea'), 'Unsent');
    paste(part<HTMLTextAreaElement>(element, 'textarea'), 'Unsent words');
    // Removing the element writes the pending draft at once (as `pagehide` does).
    element.remove();
    const again = await mount({ drafts: reloadedDrafts(drafts), send: controlledSend().send });
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Unsent words');
    expect(part<HTMLInputElement>(again, 'name').value).to.equal('Grace');
    expect(part<HTMLInputElement>(again, 'url').value).to.equal('https://grace.example');
  });

  it('writes the pending draft on pagehide', async () => {
    const drafts = freshDrafts();
    const element = await mount({ drafts, send: controlledSend().send });
    paste(part<HTMLTextAreaElement>(element, 'textarea'), 'Leaving now');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(reloadedDrafts(drafts).load('new')?.body).to.equal('Leaving now');
  });

  it('writes the pending draft when the page is hidden', async () => {
    const drafts = freshDrafts();
    const element = await mount({ drafts, send: controlledSend().send });
    // Pasted, then hidden at once: well inside the 300 ms before the timed save.
    paste(part<HTMLTextAreaElement>(element, 'textarea'), 'Switching apps');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(reloadedDrafts(drafts).load('new')?.body).to.equal('Switching apps');
  });

  it('keeps one draft per form key', async () => {
    const drafts = freshDrafts();
    const top = await mount({ drafts, send: controlledSend().send });
    const reply = await mount({
      drafts,
      mode: 'reply',
      formKey: 'reply:c7',
      replyToName: 'Linus',
      send: controlledSend().send,
    });
    await typeInto(part(top, 'textarea'), 'top level');
    await typeInto(part(reply, 'textarea'), 'a reply');
    top.remove();
    reply.remove();
    expect(reloadedDrafts(drafts).load('new')?.body).to.equal('top level');
    expect(reloadedDrafts(drafts).load('reply:c7')?.body).to.equal('a reply');
  });

  it('keeps the draft through a failed post and a reload, and clears it only after success', async () => {
    const drafts = freshDrafts();
    const first = controlledSend();
    const element = await mount({ drafts, send: first.send });
    await typeInto(part(element, 'name'), 'Grace');
    await typeInto(part(element, 'textarea'), 'Persistent');
    await click(part(element, 'submit'));
    first.calls[0]!.reject(new ConfabError('unavailable', 'down', { status: 503 }));
    await until(() => part(element, 'error').textContent?.trim());
    await sleep(400);
    expect(drafts.load('new')?.body).to.equal('Persistent');
    element.remove();

    const second = controlledSend();
    const reloaded = reloadedDrafts(drafts);
    const again = await mount({ drafts: reloaded, send: second.send });
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Persistent');
    await click(part(again, 'submit'));
    expect(reloaded.load('new')?.body).to.equal('Persistent');
    second.calls[0]!.resolve({});
    await until(() => reloaded.load('new') === null, 'draft cleared');
    again.remove();
    expect(reloadedDrafts(drafts).load('new')).to.equal(null);
  });

  it('keeps text typed while the post was on its way as the next draft', async () => {
    const drafts = freshDrafts();
    const { send, calls } = controlledSend();
    const element = await mount({ drafts, send });
    await typeInto(part(element, 'name'), 'Grace');
    await typeInto(part(element, 'textarea'), 'One');
    await click(part(element, 'submit'));
    await typeInto(part(element, 'textarea'), ' more');
    calls[0]!.resolve({});
    await until(() => !part<HTMLButtonElement>(element, 'submit').disabled);
    expect(part<HTMLTextAreaElement>(element, 'textarea').value).to.equal('One more');
    expect(drafts.load('new')?.body).to.equal('One more');
    expect(drafts.load('new')?.idempotencyKey).to.equal(undefined);
  });
});
