import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  click,
  controlledSend,
  freshDrafts,
  maybePart,
  mount,
  paste,
  part,
  typeInto,
  forgetTestDrafts,
  until,
} from './helpers.js';

declare global {
  interface Window {
    composerPreviewPwned?: number;
  }
}

describe('confab-composer: Markdown preview', () => {
  afterEach(() => {
    forgetTestDrafts();
    delete window.composerPreviewPwned;
  });

  // First in the file: later tests load the chunk into this page.
  it('loads the preview code only when first used', async () => {
    const loaded = () =>
      performance.getEntriesByType('resource').some((entry) => entry.name.includes('/render/rich'));
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await typeInto(part(element, 'textarea'), '*hi*');
    expect(loaded()).to.equal(false);
    await click(part(element, 'preview-toggle'));
    await until(() => maybePart(element, 'preview')?.querySelector('em'));
    expect(loaded()).to.equal(true);
  });

  it('toggles with aria-pressed and renders the Markdown of the text', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    const toggle = part(element, 'preview-toggle');
    expect(toggle.tagName).to.equal('BUTTON');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(maybePart(element, 'preview')).to.equal(null);

    await typeInto(part(element, 'textarea'), 'Some **bold** and `code`');
    await click(toggle);
    await element.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    await until(() => maybePart(element, 'preview')?.querySelector('strong'), 'rendered');
    const preview = part(element, 'preview');
    expect(preview.querySelector('strong')?.textContent).to.equal('bold');
    expect(preview.querySelector('code')?.textContent).to.equal('code');

    // It follows the text as it changes.
    await typeInto(part(element, 'textarea'), ' _more_');
    await until(() => part(element, 'preview').querySelector('em')?.textContent === 'more');

    // Keyboard: Space on the focused toggle closes it again.
    part(element, 'preview-toggle').focus();
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(maybePart(element, 'preview')).to.equal(null);

    // Opened again with the same text, it shows the text again.
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(part(element, 'preview').querySelector('em')?.textContent).to.equal('more');
  });

  it('says so when there is nothing to preview', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    await click(part(element, 'preview-toggle'));
    await until(() =>
      maybePart(element, 'preview')?.textContent?.includes('Nothing to preview yet.'),
    );
  });

  it('renders hostile bodies as inert text: no script, no event handlers, no javascript: links', async () => {
    const element = await mount({ drafts: freshDrafts(), send: controlledSend().send });
    paste(
      part<HTMLTextAreaElement>(element, 'textarea'),
      [
        '<script>window.composerPreviewPwned = 1</script>',
        '<img src=x onerror="window.composerPreviewPwned = 2">',
        '[click](javascript:window.composerPreviewPwned=3)',
        '<a href="https://example.com" onclick="window.composerPreviewPwned=4">x</a>',
        '**still bold**',
      ].join('\n\n'),
    );
    await click(part(element, 'preview-toggle'));
    await until(() => maybePart(element, 'preview')?.querySelector('strong'), 'rendered');
    await new Promise((done) => setTimeout(done, 100));
    const preview = part(element, 'preview');
    expect(preview.querySelector('script, img, iframe, object, embed, style')).to.equal(null);
    for (const node of preview.querySelectorAll('*')) {
      for (const attribute of node.attributes) {
        expect(attribute.name, `${node.tagName} attribute`).to.not.match(/^on/i);
      }
    }
    for (const link of preview.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').to.not.match(/^\s*javascript:/i);
    }
    // The markup is shown as text, so the reader sees what they wrote.
    expect(preview.textContent).to.contain('<script>');
    expect(window.composerPreviewPwned).to.equal(undefined);
  });
});
