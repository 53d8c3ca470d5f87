import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConfabError } from '../../src/api/errors.js';
import {
  click,
  controlledSend,
  freshDrafts,
  mount,
  part,
  typeInto,
  forgetTestDrafts,
  until,
} from './helpers.js';

describe('confab-composer: accessibility (axe)', () => {
  afterEach(forgetTestDrafts);

  it('is clean when empty, for a new comment, a reply and an edit', async function () {
    // Four axe audits in one test: each takes seconds when the machine is busy.
    this.timeout(40_000);
    const fresh = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await expect(fresh).to.be.accessible();
    const reply = await mount({
      drafts: freshDrafts(),
      mode: 'reply',
      formKey: 'reply:c1',
      replyToName: 'Dana',
      send: controlledSend().send,
    });
    await expect(reply).to.be.accessible();
    const edit = await mount({
      drafts: freshDrafts(),
      mode: 'edit',
      formKey: 'edit:c1',
      initialBody: 'Hello',
      send: controlledSend().send,
    });
    await expect(edit).to.be.accessible();
    const locked = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      disabled: true,
    });
    await expect(locked).to.be.accessible();
  });

  it('is clean with field messages and with a form alert', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(part(element, 'textarea').getAttribute('aria-invalid')).to.equal('true');
    await expect(element).to.be.accessible();

    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hi');
    await click(part(element, 'submit'));
    calls[0]!.reject(new ConfabError('unavailable', 'down', { status: 503 }));
    await until(() => part(element, 'error').textContent?.trim());
    await expect(element).to.be.accessible();
  });

  it('is clean while sending', async () => {
    const element = await mount({ drafts: freshDrafts(), send: () => new Promise(() => {}) });
    await typeInto(part(element, 'name'), 'Ada');
    await typeInto(part(element, 'textarea'), 'Hi');
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(part<HTMLButtonElement>(element, 'submit').disabled).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('is clean with the preview open', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await typeInto(
      part(element, 'textarea'),
      'Some **bold** text and [a link](https://example.com)',
    );
    await click(part(element, 'preview-toggle'));
    await until(() => part(element, 'preview').querySelector('strong'));
    await expect(element).to.be.accessible();
  });

  it('is clean with the suggestion list open', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      participants: ['Dana Scully', 'Daryl'],
    });
    await typeInto(part(element, 'textarea'), '@Da');
    await until(() => element.shadowRoot!.querySelectorAll('[role="option"]').length === 2);
    await sendKeys({ press: 'ArrowDown' });
    await expect(element).to.be.accessible();
  });

  it('shows a visible focus indicator on every control', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      mode: 'reply',
      formKey: 'reply:c1',
      send: controlledSend().send,
    });
    const controls = [
      // The honeypot (tabindex -1) is out of the keyboard order on purpose.
      ...element.shadowRoot!.querySelectorAll<HTMLElement>(
        'input:not([tabindex="-1"]), textarea, button',
      ),
    ];
    expect(controls.length).to.equal(8);
    await click(part(element, 'name'));
    for (const control of controls) {
      expect(element.shadowRoot!.activeElement, 'keyboard order').to.equal(control);
      const style = getComputedStyle(control);
      expect(style.outlineStyle, control.getAttribute('part') ?? '').to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
      await sendKeys({ press: 'Tab' });
    }
  });
});
