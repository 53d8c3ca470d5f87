import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  click,
  controlledSend,
  descriptions,
  freshDrafts,
  maybePart,
  mount,
  part,
  paste,
  typeInto,
  forgetTestDrafts,
} from './helpers.js';

describe('confab-composer: local validation', () => {
  afterEach(forgetTestDrafts);

  it('is a real form with labelled name, email and website fields', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    const form = part(element, 'form');
    expect(form.tagName).to.equal('FORM');
    for (const [name, label] of [
      ['name', 'Name'],
      ['email', 'Email'],
      ['url', 'Website (optional)'],
      ['textarea', 'Your comment'],
    ] as const) {
      const field = part<HTMLInputElement>(element, name);
      expect(field.labels?.[0]?.textContent?.trim(), name).to.equal(label);
    }
    expect(part<HTMLInputElement>(element, 'name').required).to.equal(true);
    expect(part<HTMLInputElement>(element, 'email').required).to.equal(false);
    expect(descriptions(element, part(element, 'email'))).to.deep.equal([
      'Used only to mail you replies, if you ask for it. Never shown to anyone.',
    ]);
  });

  it('shows messages next to empty name and body, marks them invalid, and sends nothing', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await click(part(element, 'submit'));
    await element.updateComplete;

    const name = part(element, 'name');
    const body = part(element, 'textarea');
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(body.getAttribute('aria-invalid')).to.equal('true');
    expect(descriptions(element, name)).to.include('Please enter your name.');
    expect(descriptions(element, body)).to.include('Please write something first.');
    // The message sits inside the field's own container, next to it.
    expect(name.parentElement!.querySelector('[part="field-error"]')?.textContent).to.contain(
      'Please enter your name.',
    );
    expect(element.shadowRoot!.activeElement).to.equal(name);
    expect(part(element, 'email').hasAttribute('aria-invalid')).to.equal(false);
    expect(calls).to.have.length(0);
  });

  it('rejects a body of only spaces, and one over 10,000 characters after trimming', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), 'Ada');
    const body = part<HTMLTextAreaElement>(element, 'textarea');
    await typeInto(body, '   ');
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, body)).to.include('Please write something first.');

    paste(body, `  ${'x'.repeat(10_001)}  `);
    await element.updateComplete;
    expect(part(element, 'count').textContent).to.contain('10,005 / 10,000');
    expect(part(element, 'count').classList.contains('over')).to.equal(true);
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, body)).to.include(
      'This is 1 character too long (at most 10,000).',
    );

    // Exactly the limit after trimming is allowed; astral characters count once.
    paste(body, `${'😀'.repeat(5_000)}${'x'.repeat(5_000)}\n`);
    await element.updateComplete;
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(body.hasAttribute('aria-invalid')).to.equal(false);
    expect(calls).to.have.length(1);
  });

  it('checks the name length, the website URL and the email shape', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    paste(part<HTMLInputElement>(element, 'name'), 'N'.repeat(65));
    await typeInto(part(element, 'email'), 'not-an-address');
    // The address is checked when it would be sent: with the notify box ticked.
    await click(part(element, 'notify'));
    await typeInto(part(element, 'url'), 'javascript:alert(1)');
    await typeInto(part(element, 'textarea'), 'Hello');
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, part(element, 'name'))).to.include(
      'A name can have at most 64 characters.',
    );
    expect(descriptions(element, part(element, 'email'))).to.include(
      'This does not look like an email address.',
    );
    expect(descriptions(element, part(element, 'url'))).to.include(
      'Enter a web address starting with http:// or https://.',
    );
    expect(part(element, 'textarea').hasAttribute('aria-invalid')).to.equal(false);
    expect(calls).to.have.length(0);

    paste(part<HTMLInputElement>(element, 'url'), `https://example.com/${'a'.repeat(500)}`);
    await element.updateComplete;
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(descriptions(element, part(element, 'url'))).to.include(
      'A web address can have at most 512 characters.',
    );
    expect(calls).to.have.length(0);
  });

  it('clears a field message once the field is edited', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await click(part(element, 'submit'));
    await element.updateComplete;
    expect(maybePart(element, 'field-error')).to.not.equal(null);
    await sendKeys({ type: 'A' });
    await element.updateComplete;
    expect(part(element, 'name').hasAttribute('aria-invalid')).to.equal(false);
    expect(part(element, 'textarea').getAttribute('aria-invalid')).to.equal('true');
  });

  it('sends the trimmed author, leaving out empty optional fields', async () => {
    const { send, calls } = controlledSend();
    const element = await mount({ drafts: freshDrafts(), send });
    await typeInto(part(element, 'name'), '  Ada Lovelace ');
    await typeInto(part(element, 'textarea'), 'Notes on the engine');
    await click(part(element, 'submit'));
    expect(calls).to.have.length(1);
    expect(calls[0]!.submission.body).to.equal('Notes on the engine');
    expect(calls[0]!.submission.author).to.deep.equal({ name: 'Ada Lovelace' });
    expect(calls[0]!.submission.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
  });
});
