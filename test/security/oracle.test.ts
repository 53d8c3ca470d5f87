/**
 * The oracle's own test: the XSS, Unicode and host-page tests are only as good as their checks,
 * so each check is shown to fire on a hand-built hostile tree and to stay silent on a clean one.
 */
import { expect } from '@open-wc/testing';
import { auditShadowTree, dangerousUrl, installCanary } from './support/oracle.js';

function shadowWith(markup: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  // A test-only tree built from a literal; this is the one place where markup is parsed on purpose.
  const template = document.createElement('template');
  template.innerHTML = markup;
  root.append(template.content);
  return { host, root };
}

const CLEAN = `
  <article part="comment" data-comment-id="c1">
    <header part="header">
      <svg part="avatar" viewBox="0 0 40 40"><circle style="--hue: 3"></circle></svg>
      <a part="author" href="https://example.com/" rel="nofollow ugc noopener noreferrer" target="_blank"><bdi>Ann</bdi></a>
    </header>
    <div part="body"><p>Hi <a part="mention" href="#comment-c0">@Bob</a>
      <a href="https://example.org/" rel="nofollow ugc noopener noreferrer" target="_blank">link</a>
      <a href="mailto:a@example.com" rel="nofollow ugc noopener noreferrer">mail</a></p></div>
    <button part="reply-button" style="color: red">Reply</button>
  </article>`;

describe('security oracle', () => {
  it('finds nothing wrong with a clean tree, including the widget’s own avatar styles and buttons', () => {
    const { root } = shadowWith(CLEAN);
    expect(auditShadowTree(root, { allowImages: false })).to.deep.equal([]);
  });

  const hostile: Array<[string, string, string]> = [
    ['event handler', '<div part="body"><img onerror="x"></div>', 'event-handler attribute'],
    ['handler outside content', '<span onclick="x"></span>', 'event-handler attribute'],
    [
      'javascript: link',
      '<div part="body"><a href="javascript:alert(1)">x</a></div>',
      'dangerous URL',
    ],
    [
      'obfuscated scheme',
      '<div part="body"><a href=" jav&#x09;ascript:alert(1)">x</a></div>',
      'dangerous URL',
    ],
    ['data: image', '<div part="body"><img src="data:image/svg+xml,x"></div>', 'dangerous URL'],
    ['vbscript: author link', '<a part="author" href="VBScript:msgbox(1)">x</a>', 'dangerous URL'],
    [
      'svg xlink:href',
      '<div part="body"><svg><a xlink:href="javascript:x"></a></svg></div>',
      'dangerous URL',
    ],
    ['srcset', '<div part="body"><img srcset="javascript:x 1x"></div>', 'dangerous URL'],
    ['style element', '<div part="body"><style>*{}</style></div>', 'foreign element in content'],
    [
      'style attribute',
      '<div part="body"><p style="position:fixed"></p></div>',
      'style attribute in content',
    ],
    ['clobbering id', '<div part="body"><a id="x">x</a></div>', 'clobbering attribute in content'],
    [
      'clobbering name',
      '<span part="author"><img name="x"></span>',
      'clobbering attribute in content',
    ],
    ['script', '<div part="body"><script>1</script></div>', 'script element'],
    ['iframe', '<div part="body"><iframe></iframe></div>', 'foreign element in content'],
    ['form', '<div part="body"><form></form></div>', 'foreign element in content'],
    ['content svg', '<div part="body"><svg></svg></div>', 'foreign element in content'],
    ['math', '<div part="body"><math></math></div>', 'foreign element in content'],
    [
      'image without opt-in',
      '<div part="body"><img src="https://example.com/a.png"></div>',
      'image without allow-images',
    ],
    [
      'link without rel',
      '<div part="body"><a href="https://example.com/">x</a></div>',
      'content link without rel',
    ],
    [
      'named target',
      '<div part="body"><a href="https://e.com/" rel="nofollow ugc noopener noreferrer" target="x">x</a></div>',
      'content link with a named target',
    ],
    [
      'composer preview',
      '<div part="preview"><object data="x"></object></div>',
      'foreign element in content',
    ],
  ];
  for (const [name, markup, rule] of hostile) {
    it(`reports ${name}`, () => {
      const { root } = shadowWith(`<article data-comment-id="p-1">${markup}</article>`);
      const violations = auditShadowTree(root, { allowImages: false });
      expect(violations.map((v) => v.rule)).to.include(rule);
      expect(violations[0]!.commentId).to.equal('p-1');
    });
  }

  it('cannot be fooled or crashed by clobbered DOM properties', () => {
    const { root } = shadowWith(
      '<article data-comment-id="p-2"><div part="body"><form onsubmit="x"><input name="attributes">' +
        '<input name="localName"><input name="getAttribute"><input name="parentElement"></form></div></article>',
    );
    const rules = auditShadowTree(root, { allowImages: false }).map(
      (v) => `${v.commentId} ${v.rule}`,
    );
    expect(rules).to.include('p-2 event-handler attribute');
    expect(rules).to.include('p-2 foreign element in content');
  });

  it('looks into nested shadow roots (the composer)', () => {
    const { root } = shadowWith('<div></div>');
    const inner = root.querySelector('div')!.attachShadow({ mode: 'open' });
    const preview = document.createElement('div');
    preview.setAttribute('part', 'preview');
    const link = document.createElement('a');
    link.setAttribute('href', 'javascript:void 0');
    preview.append(link);
    inner.append(preview);
    expect(auditShadowTree(root, { allowImages: false }).map((v) => v.rule)).to.include(
      'dangerous URL',
    );
  });

  it('judges URLs the way the browser parses them', () => {
    for (const bad of [
      'javascript:x',
      '\u0001JaVaScRiPt:x',
      'java\tscript:x',
      'data:text/html,x',
      'vbscript:x',
      'file:///x',
    ])
      expect(dangerousUrl(bad), bad).to.be.a('string');
    for (const good of [
      'https://example.com/',
      'http://x.y/?q=javascript:',
      'mailto:a@b.c',
      '#comment-1',
      '/relative',
    ])
      expect(dangerousUrl(good), good).to.equal(null);
  });

  it('records trapped calls and changes outside the widget, then restores the globals', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const originalAlert = window.alert;
    const canary = installCanary(() => host);
    window.alert('pwned');
    (window as unknown as { __confabPwned(x: number): void }).__confabPwned(7);
    host.setAttribute('data-state', 'mine to change');
    const intruder = document.createElement('p');
    document.body.append(intruder);
    intruder.remove();
    const result = canary.uninstall();
    host.remove();
    expect(result.calls).to.deep.equal(['alert(pwned)', '__confabPwned(7)']);
    expect(result.outside).to.deep.equal(['added <p> to <body>', 'removed <p> from <body>']);
    expect(window.alert).to.equal(originalAlert);
    expect('__confabPwned' in window).to.equal(false);
  });
});
