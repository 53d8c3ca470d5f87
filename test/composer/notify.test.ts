import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Localizer } from '../../src/i18n/localizer.js';
import {
  click,
  controlledSend,
  descriptions,
  forgetTestDrafts,
  freshDrafts,
  maybePart,
  mount,
  part,
  reloadedDrafts,
  typeInto,
  until,
} from './helpers.js';

// Test pages share one localStorage: an address of this file's own, so others' cannot match.
const ADDRESS = `ada-${Math.random().toString(36).slice(2)}@example.org`;

/** Every value of the widget's in localStorage, as one string to search. */
function storedText(): string {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith('confab:'))
    .map((key) => localStorage.getItem(key))
    .join('\n');
}

describe('confab-composer: notify me of replies', () => {
  afterEach(forgetTestDrafts);

  it('is a labelled checkbox after the address, reached by Tab and ticked with Space', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    const box = part<HTMLInputElement>(element, 'notify');
    expect(box.type).to.equal('checkbox');
    expect(box.checked).to.equal(false);
    expect(box.labels?.[0]?.textContent?.trim()).to.equal('Notify me of replies by email');
    await typeInto(part(element, 'email'), ADDRESS);
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement).to.equal(box);
    const email = part<HTMLInputElement>(element, 'email');
    expect(email.required).to.equal(false);
    await sendKeys({ press: 'Space' });
    expect(box.checked).to.equal(true);
    await element.updateComplete;
    expect(email.required, 'the address is needed now').to.equal(true);
    await sendKeys({ press: 'Space' });
    expect(box.checked).to.equal(false);
    await element.updateComplete;
    expect(email.required).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('stands in new comments and replies, not in edits', async () => {
    const reply = await mount({
      drafts: freshDrafts(),
      mode: 'reply',
      formKey: 'reply:c1',
      replyToName: 'Dana',
      send: controlledSend().send,
    });
    expect(maybePart(reply, 'notify')).to.not.equal(null);
    const edit = await mount({
      drafts: freshDrafts(),
      mode: 'edit',
      formKey: 'edit:c1',
      initialBody: 'Hello',
      send: controlledSend().send,
    });
    expect(maybePart(edit, 'notify')).to.equal(null);
    expect(maybePart(edit, 'email')).to.equal(null);
  });

  it('stays with the address for a signed-in reader, whose name and website are hidden', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    element.signedInAs = 'Grace';
    await element.updateComplete;
    expect(part(element, 'name').closest('.field')!.hasAttribute('hidden')).to.equal(true);
    expect(part(element, 'email').checkVisibility()).to.equal(true);
    expect(part(element, 'notify').checkVisibility()).to.equal(true);
    await typeInto(part(element, 'email'), ADDRESS);
    await click(part(element, 'notify'));
    await typeInto(part(element, 'textarea'), 'Signed in');
    await click(part(element, 'submit'));
    await until(() => calls.length === 1);
    expect(calls[0]!.submission).to.deep.include({
      notify: true,
      author: { name: 'Grace', email: ADDRESS },
    });
  });

  it('asks for an address with the box ticked, on the email field, and sends nothing', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hello');
    await click(part(element, 'notify'));
    await click(part(element, 'submit'));
    await element.updateComplete;
    const email = part(element, 'email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(descriptions(element, email)).to.include(
      'Enter your email address to be notified of replies.',
    );
    expect(element.shadowRoot!.activeElement).to.equal(email);
    expect(calls).to.have.length(0);
    await expect(element).to.be.accessible();

    // A display name is not one plain mailbox (the protocol's notifyEmailProblem).
    await typeInto(email, `Ada <${ADDRESS}>`);
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, email)).to.include('This does not look like an email address.');
    expect(calls).to.have.length(0);

    // Unticked, the address is not sent and so not checked: the post goes.
    await click(part(element, 'notify'));
    await element.updateComplete;
    expect(email.hasAttribute('aria-invalid')).to.equal(false);
    await click(part(element, 'submit'));
    await until(() => calls.length === 1);
    expect(calls[0]!.submission.author).to.deep.equal({ name: 'Ada' });
    expect(calls[0]!.submission).to.not.have.property('notify');
  });

  it('says so in German', async () => {
    const localizer = new Localizer('de');
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send, localizer });
    await until(() => part(element, 'submit').textContent?.trim() === 'Kommentar senden');
    const box = part<HTMLInputElement>(element, 'notify');
    expect(box.labels?.[0]?.textContent?.trim()).to.equal(
      'Bei Antworten per E-Mail benachrichtigen',
    );
    await click(box);
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, part(element, 'email'))).to.include(
      'Bitte geben Sie Ihre E-Mail-Adresse ein, um über Antworten benachrichtigt zu werden.',
    );
  });

  it('keeps the address in a draft only while the box is ticked', async () => {
    const drafts = freshDrafts();
    const element = await mount({ drafts, send: controlledSend().send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'email'), ADDRESS);
    await typeInto(part(element, 'textarea'), 'Half a thought');
    await until(() => drafts.load('new')?.body === 'Half a thought', 'draft saved');
    expect(drafts.load('new')).to.deep.equal({ body: 'Half a thought', name: 'Ada', url: '' });
    expect(storedText()).to.not.contain(ADDRESS);

    await click(part(element, 'notify'));
    await until(() => drafts.load('new')?.notify === true, 'draft saved with the box');
    expect(drafts.load('new')).to.deep.include({ email: ADDRESS, notify: true });
    element.remove();
    const again = await mount({ drafts: reloadedDrafts(drafts), send: controlledSend().send });
    expect(part<HTMLInputElement>(again, 'email').value).to.equal(ADDRESS);
    expect(part<HTMLInputElement>(again, 'notify').checked).to.equal(true);

    await click(part(again, 'notify'));
    await until(() => drafts.load('new')?.notify === undefined, 'draft saved without the box');
    expect(storedText()).to.not.contain(ADDRESS);
  });

  it('remembers the address after a post with the box, and forgets it after one without', async () => {
    const drafts = freshDrafts();
    const { send, calls } = controlledSend();
    const element = await mount({ drafts, send });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'email'), ADDRESS);
    await click(part(element, 'notify'));
    await typeInto(part(element, 'textarea'), 'With mail');
    await click(part(element, 'submit'));
    await until(() => calls.length === 1);
    calls[0]!.resolve({ id: 'c1' });
    const status = part(element, 'notify-status');
    await until(() => !status.hidden, 'status shown');
    expect(status.textContent).to.equal(
      `Replies will be mailed to ${ADDRESS}. If this address is new here, confirm it with the link we just sent.`,
    );
    // The address in a <bdi> of its own: a right-to-left sentence cannot reorder it.
    expect(status.querySelector('bdi')?.textContent).to.equal(ADDRESS);
    expect(drafts.rememberedAuthor()).to.deep.equal({
      name: 'Ada',
      email: ADDRESS,
      url: '',
      notify: true,
    });

    element.remove();
    const next = await mount({ drafts: reloadedDrafts(drafts), send });
    expect(part<HTMLInputElement>(next, 'email').value).to.equal(ADDRESS);
    expect(part<HTMLInputElement>(next, 'notify').checked).to.equal(true);
    expect(part(next, 'notify-status').hidden).to.equal(true);
    await click(part(next, 'notify'));
    await typeInto(part(next, 'textarea'), 'Without mail');
    await click(part(next, 'submit'));
    await until(() => calls.length === 2);
    expect(calls[1]!.submission.author).to.deep.equal({ name: 'Ada' });
    calls[1]!.resolve({ id: 'c2' });
    await until(() => part<HTMLTextAreaElement>(next, 'textarea').value === '', 'sent');
    expect(part(next, 'notify-status').hidden).to.equal(true);
    expect(storedText()).to.not.contain(ADDRESS);
    expect(drafts.rememberedAuthor()).to.deep.include({ name: 'Ada', email: '', notify: false });
  });
});
