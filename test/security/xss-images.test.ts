/**
 * The attack corpus through the real element with `allow-images` set (images are the riskiest
 * opt-in), and a sample of it through the composer's Markdown preview. See xss.test.ts.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import { auditShadowTree } from './support/oracle.js';
import { mount, newComposer, typeInto, until } from './support/widget.js';
import { corpus, corpusBatches, describeViolations } from './support/xss.js';

describe('XSS corpus through <confab-comments>, images allowed', function () {
  this.timeout(180_000);

  corpusBatches(true);

  it('the composer’s Markdown preview of a sample of attacks', async () => {
    const sample = corpus.filter(
      (a, index) => /^(markdown|scheme|mutation)/.test(a.category) || index % 5 === 0,
    );
    const server = await testServer();
    const mounted = await mount({ endpoint: server.endpoint, page: 'composer-preview' });
    try {
      const composer = newComposer(mounted.root);
      const inner = composer.shadowRoot!;
      const type = (text: string) => typeInto(composer, 'textarea', text);
      await type('**rich** preview');
      inner.querySelector<HTMLElement>('[part~="preview-toggle"]')!.click();
      await until(
        () => !!inner.querySelector('[part~="preview"] strong'),
        'the preview to render Markdown',
      );
      const problems: string[] = [];
      for (const attack of sample) {
        await type(attack.payload);
        const violations = auditShadowTree(mounted.root, { allowImages: false });
        if (violations.length) problems.push(`${attack.id}: ${describeViolations(violations)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { calls, outside } = mounted.unmount();
      expect(sample.length).to.be.at.least(100);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect([...calls, ...outside], 'script ran or the page changed').to.deep.equal([]);
    } finally {
      mounted.unmount();
    }
  });
});
