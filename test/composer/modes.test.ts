import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConfabError } from '../../src/api/errors.js';
import { Localizer } from '../../src/i18n/localizer.js';
import {
  chord,
  click,
  controlledSend,
  descriptions,
  freshDrafts,
  maybePart,
  mount,
  part,
  reloadedDrafts,
  typeInto,
  forgetTestDrafts,
  until,
} from './helpers.js';

describe('confab-composer: reply and edit modes', () => {
  afterEach(forgetTestDrafts);

  it('reply mode says whom it answers, with the name isolated in <bdi>', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      mode: 'reply',
      formKey: 'reply:c9',
      replyToName: '\u202EevilName',
      send: controlledSend().send,
    });
    const replying = element.shadowRoot!.querySelector('.replying')!;
    expect(replying.textContent?.trim()).to.equal('Replying to \u202EevilName');
    expect(replying.querySelector('bdi')?.textContent).to.equal('\u202EevilName');
    expect(part(element, 'submit').textContent?.trim()).to.equal('Post reply');
    expect(
      part<HTMLTextAreaElement>(element, 'textarea').labels?.[0]?.textContent?.trim(),
    ).to.equal('Your reply');
  });

  it('a new comment has no cancel button and Escape does nothing', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    let cancelled = 0;
    element.addEventListener('confab-composer-cancel', () => cancelled++);
    expect(maybePart(element, 'cancel')).to.equal(null);
    await typeInto(part(element, 'textarea'), 'x');
    await sendKeys({ press: 'Escape' });
    expect(cancelled).to.equal(0);
  });

  it('reply: the cancel button and Escape both cancel, and the draft is kept', async () => {
    const drafts = freshDrafts();
    const element = await mount({
      drafts,
      mode: 'reply',
      formKey: 'reply:c9',
      replyToName: 'Dana',
      send: controlledSend().send,
    });
    await typeInto(part(element, 'textarea'), 'Maybe later');
    const byKey = oneEvent(element, 'confab-composer-cancel');
    await sendKeys({ press: 'Escape' });
    const event = await byKey;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(drafts.load('reply:c9')?.body).to.equal('Maybe later');

    const byButton = oneEvent(element, 'confab-composer-cancel');
    await click(part(element, 'cancel'));
    await byButton;
  });

  it('edit mode shows only the body, starts from the comment, and sends the edited text', async () => {
    const drafts = freshDrafts();
    const { send, calls } = controlledSend();
    const element = await mount({
      drafts,
      mode: 'edit',
      formKey: 'edit:c3',
      initialBody: 'Original *text*',
      send,
    });
    expect(maybePart(element, 'name')).to.equal(null);
    expect(maybePart(element, 'email')).to.equal(null);
    expect(maybePart(element, 'url')).to.equal(null);
    const textarea = part<HTMLTextAreaElement>(element, 'textarea');
    expect(textarea.value).to.equal('Original *text*');
    expect(textarea.labels?.[0]?.textContent?.trim()).to.equal('Edit your comment');
    expect(part(element, 'submit').textContent?.trim()).to.equal('Save changes');

    await typeInto(textarea, ', fixed');
    await chord('Control', 'Enter');
    expect(calls).to.have.length(1);
    expect(calls[0]!.submission.body).to.equal('Original *text*, fixed');

    calls[0]!.reject(new ConfabError('forbidden', 'too late', { status: 403 }));
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent).to.contain('You are not allowed to do that.');
    element.remove();

    // The unsaved edit wins over the comment's text when the form opens again.
    const reloaded = reloadedDrafts(drafts);
    const again = await mount({
      drafts: reloaded,
      mode: 'edit',
      formKey: 'edit:c3',
      initialBody: 'Original *text*',
      send,
    });
    expect(part<HTMLTextAreaElement>(again, 'textarea').value).to.equal('Original *text*, fixed');
    const sent = oneEvent(again, 'confab-composer-sent');
    await click(part(again, 'submit'));
    calls[1]!.resolve({ id: 'c3' });
    await sent;
    expect(reloaded.load('edit:c3')).to.equal(null);
  });

  it('focus() puts the caret in the text field', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    element.focus();
    await element.updateComplete;
    expect(element.shadowRoot!.activeElement).to.equal(part(element, 'textarea'));
  });
});

describe('confab-composer: German', () => {
  afterEach(forgetTestDrafts);

  it('shows German once the lazily loaded catalogue arrives', async () => {
    const localizer = new Localizer('de');
    const element = await mount({ drafts: freshDrafts(), send: null, localizer });
    await localizer.ready;
    // The form's German texts are a chunk of their own, asked for when the form got the localizer.
    await until(() => part(element, 'submit').textContent?.trim() === 'Kommentar senden');
    expect(part(element, 'submit').textContent?.trim()).to.equal('Kommentar senden');
    expect(part(element, 'preview-toggle').textContent?.trim()).to.equal('Vorschau');
  });

  it('uses the German catalogue for labels, counts and messages', async () => {
    const localizer = new Localizer('de-AT');
    await localizer.ready;
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send, localizer });
    // The form's German texts are a chunk of their own, asked for when the form got the localizer.
    await until(() => part(element, 'submit').textContent?.trim() === 'Kommentar senden');
    expect(part<HTMLInputElement>(element, 'email').labels?.[0]?.textContent?.trim()).to.equal(
      'E-Mail',
    );
    expect(descriptions(element, part(element, 'email'))).to.deep.equal([
      'Nur für Benachrichtigungen über Antworten, wenn Sie sie wünschen. Wird niemandem angezeigt.',
    ]);
    expect(part(element, 'submit').textContent?.trim()).to.equal('Kommentar senden');
    expect(part(element, 'count').textContent?.trim()).to.equal('0 / 10.000');

    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, part(element, 'name'))).to.include(
      'Bitte geben Sie Ihren Namen ein.',
    );

    await typeInto(part(element, 'name'), 'Anna');
    await typeInto(part(element, 'textarea'), 'Hallo');
    await click(part(element, 'submit'));
    calls[0]!.reject(new ConfabError('rate_limited', 'slow', { status: 429, retryAfter: 1 }));
    await until(() => part(element, 'error').textContent?.trim());
    expect(part(element, 'error').textContent?.trim()).to.equal(
      'Sie schreiben zu schnell. Bitte warten Sie 1 Sekunde und versuchen Sie es dann erneut. Ihr Text bleibt erhalten.',
    );
  });
});
