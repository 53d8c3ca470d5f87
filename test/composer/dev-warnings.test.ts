import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
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

// Alone in its file: Lit prints each kind of warning once per page, so an earlier test could hide one.
describe('confab-composer: Lit dev mode', () => {
  afterEach(forgetTestDrafts);

  it('makes Lit print no dev-mode warnings through a full round of use', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const { send, calls } = controlledSend();
      const element = await mount({ drafts: freshDrafts(), send, participants: ['Dana'] });
      await click(part(element, 'submit'));
      await typeInto(part(element, 'name'), 'Ada');
      await typeInto(part(element, 'textarea'), 'Hi @da');
      await until(() => element.shadowRoot!.querySelector('[role="option"]'));
      await sendKeys({ press: 'Enter' });
      await click(part(element, 'preview-toggle'));
      await until(() => part(element, 'preview').textContent?.includes('Hi'));
      await click(part(element, 'submit'));
      calls[0]!.resolve({});
      await until(() => part<HTMLTextAreaElement>(element, 'textarea').value === '');
    } finally {
      console.warn = original;
    }
    expect(warnings).to.deep.equal([]);
  });
});
