import { expect } from '@open-wc/testing';
import { resolvePageKey } from '../../src/model/page-key.js';

function withLink(rel: string, href: string, run: () => void) {
  const link = document.createElement('link');
  link.rel = rel;
  link.setAttribute('href', href);
  document.head.append(link);
  try {
    run();
  } finally {
    link.remove();
  }
}

describe('resolvePageKey', () => {
  it('takes the page attribute first, trimmed', () => {
    withLink('canonical', 'https://example.com/a', () => {
      expect(resolvePageKey('  post-42 ', document)).to.equal('post-42');
    });
  });

  it('skips an empty or blank attribute', () => {
    withLink('canonical', 'https://example.com/a', () => {
      expect(resolvePageKey('', document)).to.equal('https://example.com/a');
      expect(resolvePageKey('   ', document)).to.equal('https://example.com/a');
      expect(resolvePageKey(null, document)).to.equal('https://example.com/a');
      expect(resolvePageKey(undefined, document)).to.equal('https://example.com/a');
    });
  });

  it('makes a relative canonical href absolute', () => {
    withLink('canonical', '/posts/1?x=2', () => {
      expect(resolvePageKey(null, document)).to.equal(`${location.origin}/posts/1?x=2`);
    });
  });

  it('finds canonical among several rel tokens, in any case', () => {
    withLink('alternate CANONICAL', 'https://example.com/b', () => {
      expect(resolvePageKey(null, document)).to.equal('https://example.com/b');
    });
  });

  it('ignores a canonical link that is not http(s) or has no href', () => {
    withLink('canonical', 'javascript:alert(1)', () => {
      withLink('canonical', '', () => {
        expect(resolvePageKey(null, document)).to.equal(location.origin + location.pathname);
      });
    });
  });

  it('falls back to origin and path, without query or fragment', () => {
    expect(document.querySelector('link[rel~="canonical"]')).to.equal(null);
    const key = resolvePageKey(null, document);
    expect(key).to.equal(location.origin + location.pathname);
    expect(key).not.to.include('?');
  });

  it('reads the canonical link of the document it is given', () => {
    const doc = document.implementation.createHTMLDocument('other');
    const link = doc.createElement('link');
    link.rel = 'canonical';
    link.href = 'https://other.example/x';
    doc.head.append(link);
    expect(resolvePageKey(null, doc)).to.equal('https://other.example/x');
  });
});
