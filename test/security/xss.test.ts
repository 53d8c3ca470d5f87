/**
 * The attack corpus (test/fixtures/xss-corpus.json) through the real <confab-comments> element with
 * images off: every attack as a comment body, an author name, an author URL, an avatar URL and
 * inside a mention. Nothing may run, nothing outside the shadow root may change, and the rendered
 * tree must pass the oracle's audit (test/security/support/oracle.ts). Images allowed: xss-images.
 */
import { expect } from '@open-wc/testing';
import { corpus, corpusBatches } from './support/xss.js';

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
});
