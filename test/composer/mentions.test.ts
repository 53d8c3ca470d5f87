import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConfabComposer } from '../../src/elements/confab-composer.js';
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

const PEOPLE = ['Daryl', 'Daryl and his brother Darryl', 'An Interested Party', 'Dana Scully'];

function options(element: ConfabComposer): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}
function listbox(element: ConfabComposer): HTMLElement {
  return part(element, 'suggestions');
}
function combobox(element: ConfabComposer): HTMLElement {
  return element.shadowRoot!.querySelector<HTMLElement>('[role="combobox"]')!;
}

describe('confab-composer: @-mention suggestions', () => {
  afterEach(forgetTestDrafts);

  // The matcher is part of the composer's chunk, which the widget loads only when a reader starts
  // to write; it is not in the script-tag entry (check-size counts what the entry pulls in).
  it('offers suggestions as soon as a participant list and an @ call for them', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      participants: PEOPLE,
    });
    await typeInto(part(element, 'textarea'), 'no mention here');
    expect(options(element).length).to.equal(0);
    await sendKeys({ type: ' @d' });
    await until(() => options(element).length > 0);
    expect(options(element).length).to.be.greaterThan(0);
  });

  it('opens a listbox on @ plus letters and inserts the chosen name with ArrowDown and Enter', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      participants: PEOPLE,
    });
    const textarea = part<HTMLTextAreaElement>(element, 'textarea');
    expect(combobox(element).getAttribute('aria-expanded')).to.equal('false');
    expect(listbox(element).hidden).to.equal(true);

    await typeInto(textarea, 'Thanks @da');
    await until(() => options(element).length === 3, 'suggestions open');
    expect(combobox(element).getAttribute('aria-expanded')).to.equal('true');
    expect(combobox(element).getAttribute('aria-controls')).to.equal(listbox(element).id);
    expect(textarea.getAttribute('aria-controls')).to.equal(listbox(element).id);
    expect(options(element).map((option) => option.textContent?.trim())).to.deep.equal([
      'Daryl',
      'Daryl and his brother Darryl',
      'Dana Scully',
    ]);
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(options(element)[0]!.id);

    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await element.updateComplete;
    const active = options(element)[1]!;
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(active.id);
    expect(active.getAttribute('aria-selected')).to.equal('true');

    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect(textarea.value).to.equal('Thanks @Daryl and his brother Darryl ');
    expect(textarea.selectionStart).to.equal(textarea.value.length);
    expect(combobox(element).getAttribute('aria-expanded')).to.equal('false');
    expect(textarea.hasAttribute('aria-activedescendant')).to.equal(false);
    // Typing goes on after the inserted name.
    await sendKeys({ type: 'yes' });
    expect(textarea.value).to.equal('Thanks @Daryl and his brother Darryl yes');
  });

  it('wraps around with ArrowUp, inserts with Tab, and Escape closes without cancelling', async () => {
    let cancelled = 0;
    const element = await mount({
      drafts: freshDrafts(),
      mode: 'reply',
      formKey: 'reply:c1',
      replyToName: 'Dana Scully',
      send: controlledSend().send,
      participants: PEOPLE,
    });
    element.addEventListener('confab-composer-cancel', () => cancelled++);
    const textarea = part<HTMLTextAreaElement>(element, 'textarea');
    await typeInto(textarea, '@Da');
    await until(() => options(element).length === 3);
    await sendKeys({ press: 'ArrowUp' });
    await element.updateComplete;
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(options(element)[2]!.id);
    await sendKeys({ press: 'Tab' });
    await element.updateComplete;
    expect(textarea.value).to.equal('@Dana Scully ');
    expect(element.shadowRoot!.activeElement).to.equal(textarea);

    await sendKeys({ type: 'and @int' });
    await until(() => options(element).length === 1);
    expect(options(element)[0]!.textContent?.trim()).to.equal('An Interested Party');
    await sendKeys({ press: 'Escape' });
    await element.updateComplete;
    expect(listbox(element).hidden).to.equal(true);
    expect(cancelled).to.equal(0);
    // Still closed while typing on in the dismissed mention.
    await sendKeys({ type: 'd' });
    await element.updateComplete;
    expect(listbox(element).hidden).to.equal(true);
    // With the list closed, Escape cancels the reply.
    await sendKeys({ press: 'Escape' });
    expect(cancelled).to.equal(1);
  });

  it('inserts a name picked with the mouse', async () => {
    const element = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      participants: PEOPLE,
    });
    const textarea = part<HTMLTextAreaElement>(element, 'textarea');
    await typeInto(textarea, 'cc @sc');
    await until(() => options(element).length === 1);
    await click(options(element)[0]!);
    await element.updateComplete;
    expect(textarea.value).to.equal('cc @Dana Scully ');
  });

  it('offers nothing without participants, for unknown names, or inside an email address', async () => {
    const lonely = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await typeInto(part(lonely, 'textarea'), '@Da');
    await lonely.updateComplete;
    expect(listbox(lonely).hidden).to.equal(true);

    const element = await mount({
      drafts: freshDrafts(),
      send: controlledSend().send,
      participants: PEOPLE,
    });
    const textarea = part<HTMLTextAreaElement>(element, 'textarea');
    // First make sure the suggestion code is loaded, so that "closed" below means "not offered".
    await typeInto(textarea, '@da');
    await until(() => options(element).length === 3);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await element.updateComplete;
    expect(listbox(element).hidden).to.equal(true);

    await sendKeys({ type: 'mail me@da' });
    await element.updateComplete;
    expect(textarea.value).to.equal('@mail me@da');
    expect(listbox(element).hidden).to.equal(true);
    await sendKeys({ type: ' @zz' });
    await element.updateComplete;
    expect(listbox(element).hidden).to.equal(true);
    // Enter in the text with no list open is still a plain new line.
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('@mail me@da @zz\n');
  });
});
