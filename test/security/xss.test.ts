/**
 * The attack corpus (test/fixtures/xss-corpus.json) through the real <confab-comments> element with
 * images off: every attack as a comment body, an author name, an author URL, an avatar URL and
 * inside a mention. Nothing may run, nothing outside the shadow root may change, and the rendered
 * tree must pass the oracle's audit (test/security/support/oracle.ts). Images allowed: xss-images.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import { auditShadowTree, whenQuiet } from './support/oracle.js';
import { mount, parts, until } from './support/widget.js';
import { corpus, corpusBatches, describeViolations, inRefs } from './support/xss.js';

describe('XSS corpus through <confab-comments>, images off', function () {
  this.timeout(180_000);

  it('has at least 300 attacks, each with an id, a payload, a source and a category', () => {
    expect(corpus.length).to.be.at.least(300);
    const ids = new Set(corpus.map((a) => a.id));
    expect(ids.size).to.equal(corpus.length);
    for (const attack of corpus) {
      expect(attack.payload, attack.id).to.be.a('string').and.not.equal('');
      expect(attack.source, attack.id).to.be.a('string').and.not.equal('');
      expect(attack.category, attack.id).to.be.a('string').and.not.equal('');
    }
  });

  corpusBatches(false);

  it('live comments from the event stream are rendered as safely as loaded ones', async () => {
    const sample = corpus.filter((_, index) => index % 10 === 3);
    const server = await testServer({
      threads: { live: [{ ref: 'first', author: 'Ann', body: 'Hello' }] },
    });
    const mounted = await mount({ endpoint: server.endpoint, page: 'live' });
    try {
      await until(async () => (await server.openStreams()).length === 1, 'the event stream');
      const seeded = await server.seed(
        'live',
        sample.map((attack) => ({
          ref: `live-${attack.id}`,
          author: { name: attack.payload, url: attack.payload, avatar: attack.payload },
          body: attack.payload,
        })),
      );
      for (const comment of seeded) await server.pushEvent('live', 'comment', comment);
      await until(
        () => parts(mounted.root, 'comment').length === 1 + sample.length,
        'every pushed comment',
      );
      await whenQuiet(mounted.root);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const violations = inRefs(auditShadowTree(mounted.root, { allowImages: false }), server);
      const { calls, outside } = mounted.unmount();
      expect(violations, describeViolations(violations)).to.deep.equal([]);
      expect([...calls, ...outside], 'script ran or the page changed').to.deep.equal([]);
    } finally {
      mounted.unmount();
    }
  });
});
