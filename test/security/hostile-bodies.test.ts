/**
 * Hostile comment bodies through BOTH back ends of the Markdown renderer: the widget's (rich.ts,
 * DOM nodes) and the server's (body-html.ts, a string; parsed here with a <template>, in the test
 * only). Neither parses a body as HTML, so these check what that design promises: no element or
 * attribute outside the allow-list, no link or image address but absolute http(s) (and mailto for
 * links), markup in a body shown as the text it is, nesting bounded, and both back ends giving the
 * same DOM. The corpus is written for this project; the audit's own test shows each check fires.
 */
import { expect } from '@open-wc/testing';
import type { MentionMatch } from '../../src/model/mentions.js';
import { BODY_TAGS, IMAGE_TAG } from '../../src/render/allow-list.js';
import { bodyToHtml } from '../../src/render/body-html.js';
import { renderRich } from '../../src/render/rich.js';

/** [name, body, text the reader must see verbatim (markup shown as text), if any]. */
type Hostile = [name: string, body: string, shows?: string];

const SCRIPT = '<script>alert(1)</script>';

const corpus: Hostile[] = [
  // Script elements, in every spelling.
  ['script element', SCRIPT, SCRIPT],
  [
    'script with src',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<SCRIPT SRC=//evil.example/x.js>',
  ],
  ['split script', '<scr<script>ipt>alert(1)</scr</script>ipt>', '<scr<script>ipt>'],
  ['script in emphasis', `*${SCRIPT}*`, SCRIPT],
  ['script in link text', `[${SCRIPT}](https://a.example/)`, SCRIPT],
  ['script in code', `\`${SCRIPT}\``, SCRIPT],
  ['script in a fence', `\`\`\`\n</code></pre>${SCRIPT}\n\`\`\``, `</code></pre>${SCRIPT}`],
  ['script after a heading', `# ${SCRIPT}`, SCRIPT],
  // Event handlers.
  ['img onerror', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
  ['a onclick', '<a href="https://a.example" onclick="alert(1)">x</a>', 'onclick="alert(1)"'],
  ['p onmouseover', '<p onmouseover=alert(1)>hover</p>', '<p onmouseover=alert(1)>'],
  ['body onload', '<body onload=alert(1)>', '<body onload=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>', '<details open ontoggle=alert(1)>'],
  // URLs that run script or carry a document.
  ['javascript: link', '[x](javascript:alert(1))'],
  ['mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
  ['scheme after a space', '[x]( javascript:alert(1))'],
  ['javascript with a slash-slash', '[x](javascript://%0aalert(1))'],
  ['hex entity in the scheme', '[x](jav&#x61;script:alert(1))'],
  ['decimal entity scheme', '[x](&#106;avascript:alert(1))'],
  ['named entity colon', '<javascript&colon;alert(1)>', '<javascript&colon;alert(1)>'],
  ['padded entity', '[x](&#0000106&#0000097vascript:alert(1))'],
  ['tab entity in the scheme', '[x](java&#x09;script:alert(1))'],
  ['data: html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data: svg image', '![x](data:image/svg+xml,<svg onload=alert(1)>)'],
  ['vbscript: link', '[x](vbscript:msgbox(1))'],
  ['vbscript in angles', '<vbscript:msgbox(1)>', '<vbscript:msgbox(1)>'],
  ['protocol-relative link', '[x](//evil.example/)'],
  ['relative link', '[x](/admin)'],
  ['relative image', '![x](/avatar.png)'],
  ['www. with a scheme in it', 'www.javascript:alert(1)'],
  ['file: link', '[x](file:///etc/passwd)'],
  ['javascript image', '![x](javascript:alert(1))'],
  ['mailto image', '![x](mailto:a@b.example)'],
  ['percent host', '[x](https://exa%20mple.com/)'],
  // Foreign content and raw-text elements.
  ['svg onload', '<svg onload=alert(1)>', '<svg onload=alert(1)>'],
  ['svg script', '<svg><script>alert(1)</script></svg>', '<svg><script>'],
  ['svg use', '<svg><use href="data:image/svg+xml,x#a"/></svg>', '<svg><use'],
  ['svg in a link', '[<svg><a xlink:href="javascript:alert(1)">](https://a.example/)'],
  ['math mglyph', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['math href', '<math href="javascript:alert(1)">x</math>', '<math href="javascript:alert(1)">'],
  ['style element', '<style>*{display:none}</style>', '<style>*{display:none}</style>'],
  ['style attribute', '<p style="position:fixed;inset:0">x</p>', 'style="position:fixed;inset:0"'],
  ['template', `<template>${SCRIPT}</template>`, '<template>'],
  ['noscript title', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['iframe srcdoc', `<iframe srcdoc="${SCRIPT}">`, '<iframe srcdoc='],
  ['object data', '<object data="javascript:alert(1)">', '<object data='],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>', '<form'],
  ['base href', '<base href="https://evil.example/">', '<base href='],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<meta'],
  // Comment and CDATA breakers.
  ['comment breaker', `<!-- -->${SCRIPT} -->`, `<!-- -->${SCRIPT}`],
  ['bang comment close', '--!><img src=x onerror=alert(1)>', '--!><img'],
  ['CDATA breaker', '<![CDATA[><img src=x onerror=alert(1)>]]>', '<![CDATA[><img'],
  ['comment close in a URL', 'https://a.example/--><img src=x onerror=alert(1)>'],
  ['CDATA close in alt', '![a]]><img src=x onerror=alert(1)>](https://a.example/i.png)'],
  ['comment close in alt', '![--><script>alert(1)</script>](https://a.example/i.png)'],
  ['processing instruction', '<?xml-stylesheet href="javascript:alert(1)"?>', '<?xml-stylesheet'],
  // Quotes that try to leave an attribute.
  ['quote in a link', '[x](https://a.example/"onmouseover="alert(1))'],
  ['quote in a title', '[x](https://a.example/ "\\"><img src=x onerror=alert(1)>")'],
  ['quote in alt', '![a" onerror="alert(1)](https://a.example/i.png)'],
  ['single quote in alt', "![a' onerror='alert(1)](https://a.example/i.png)"],
  ['backtick attribute', '<img src=`x` onerror=`alert(1)`>', '<img src='],
  ['entity-encoded markup', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;'],
  ['NUL in a tag', '<scr\0ipt>alert(1)</script>', '<scr\uFFFDipt>'],
  ['NUL in a scheme', '[x](java\0script:alert(1))'],
  // Unicode: shown as it is, never a way out of text.
  ['lone high surrogate', 'before \uD800 after', 'before \uD800 after'],
  ['lone low surrogate in emphasis', '*a\uDC00b*', 'a\uDC00b'],
  ['lone surrogate in a URL', '[x](https://a.example/\uD800)'],
  ['right-to-left override', 'user\u202Egnp.exe', 'user\u202Egnp.exe'],
  ['isolates', '\u2066a\u2067b\u2068c\u2069', '\u2066a\u2067b\u2068c\u2069'],
  ['bidi in a link', '[\u202Ehttps://good.example](https://evil.example/)', '\u202E'],
  ['bidi in a URL', 'https://a.example/\u202Egnp.exe'],
  ['zero-width in a scheme', '[x](java\u200Bscript:alert(1))'],
];

/** Beyond the converter's nesting limit, and far beyond what a stack holds one call per level. */
const DEEP: Hostile[] = [
  ['10,000 quotes', '>'.repeat(10_000) + ' x'],
  ['10,000 spaced quotes', '> '.repeat(10_000) + 'x'],
  ['10,000 bullets', '- '.repeat(10_000) + 'x'],
  ['10,000 numbers', '1. '.repeat(10_000) + 'x'],
  [
    '10,000 indented items',
    Array.from({ length: 10_000 }, (_, i) => '  '.repeat(i % 40) + '- x').join('\n'),
  ],
  [
    '10,000 quote lines',
    Array.from({ length: 10_000 }, (_, i) => '>'.repeat(i % 50) + ' x').join('\n'),
  ],
  ['10,000 emphasis levels', '*_'.repeat(5_000) + 'x' + '_*'.repeat(5_000)],
  ['10,000 link labels', '['.repeat(5_000) + 'x' + '](https://a)'.repeat(5_000)],
];

const MB = 1 << 20;
const fill = (piece: string) => piece.repeat(Math.ceil(MB / piece.length)).slice(0, MB);
// Each takes seconds on a loaded machine (the protocol caps bodies at 10,000 characters; the
// renderers must still not fail beyond it), so three kinds only.
const HUGE: Hostile[] = [
  ['1 MB of text', fill('lorem ipsum ')],
  ['1 MB of script tags', fill(SCRIPT), SCRIPT],
  [
    '1 MB of links',
    fill('[x](javascript:alert(1)) [a](https://a.example/) ![b](https://b.example/i.png) '),
  ],
];

const ALLOWED = new Set<string>(BODY_TAGS);
/** Attributes each element may carry, the back ends' own additions included. */
const ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'rel', 'target'],
  ol: ['start'],
  img: ['src', 'alt', 'loading', 'referrerpolicy'],
};
/** A mention link, in the widget's and the server's forms; its name sits in a <bdi>. */
const MENTION_ATTRIBUTES = ['part', 'class', 'href', 'data-target'];

function safeUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Every way a rendered body breaks the allow-list; empty when it holds. */
function audit(root: ParentNode, allowImages: boolean): string[] {
  const problems: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    const mention = tag === 'a' && element.classList.contains('mention');
    const inMention = tag === 'bdi' && element.parentElement?.classList.contains('mention');
    if (!ALLOWED.has(tag) && !(allowImages && tag === IMAGE_TAG) && !inMention) {
      problems.push(`element <${tag}>`);
    }
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`namespace ${tag}`);
    const allowed = mention ? MENTION_ATTRIBUTES : (ATTRIBUTES[tag] ?? []);
    for (const { name, value } of element.attributes) {
      if (!allowed.includes(name)) problems.push(`attribute ${name} on <${tag}>`);
      if (
        name === 'href' &&
        !(mention ? value.startsWith('#comment-') : safeUrl(value, ['http:', 'https:', 'mailto:']))
      ) {
        problems.push(`href ${value}`);
      }
      if (name === 'src' && !safeUrl(value, ['http:', 'https:'])) problems.push(`src ${value}`);
      if (name === 'start' && !/^\d+$/.test(value)) problems.push(`start ${value}`);
    }
  }
  return problems;
}

function depth(node: Node): number {
  let deepest = 0;
  for (const child of node.childNodes) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

/** Every `@word` is a mention, of a comment id that tries to leave its attribute. */
const mentionEveryone = (text: string): MentionMatch[] =>
  [...text.matchAll(/@\S+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    name: m[0].slice(1),
    targetId: `x" onmouseover="alert(1)`,
  }));
const noMentions = (_text: string): MentionMatch[] => [];

function widget(body: string, allowImages: boolean, findMentions = noMentions): HTMLElement {
  const holder = document.createElement('div');
  holder.append(renderRich(body, { allowImages, findMentions }));
  return holder;
}

function server(body: string, allowImages: boolean, findMentions = noMentions): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = bodyToHtml(body, { allowImages, findMentions });
  return template.content;
}

function serialised(root: ParentNode): string {
  const holder = document.createElement('div');
  holder.append(root.cloneNode(true));
  return holder.innerHTML;
}

function check([name, body, shows]: Hostile, allowImages: boolean): void {
  const shown = widget(body, allowImages);
  const written = server(body, allowImages);
  expect(audit(shown, allowImages), `${name}: the widget`).to.deep.equal([]);
  expect(audit(written, allowImages), `${name}: the server`).to.deep.equal([]);
  expect(serialised(written), `${name}: the same DOM`).to.equal(shown.innerHTML);
  if (shows !== undefined) {
    expect(shown.textContent, `${name}: shown as text`).to.contain(shows);
    expect(written.textContent, `${name}: written as text`).to.contain(shows);
  }
}

describe('hostile bodies through both back ends', function () {
  this.timeout(300_000);

  for (const allowImages of [false, true]) {
    const images = allowImages ? 'images on' : 'images off';
    it(`keep to the allow-list, show markup as text and agree (${corpus.length} bodies, ${images})`, () => {
      for (const hostile of corpus) check(hostile, allowImages);
    });

    it(`stay shallow however deep the nesting, and agree (${images})`, () => {
      for (const hostile of DEEP) {
        check(hostile, allowImages);
        // The converter's limit is 16 levels of quotes and lists; each list level is two elements.
        expect(depth(widget(hostile[1], allowImages)), hostile[0]).to.be.below(64);
      }
    });
  }

  it('render 1 MB bodies, keep to the allow-list and agree', () => {
    for (const hostile of HUGE) check(hostile, true);
  });

  it('link mentions only as mentions, whatever the comment id holds', () => {
    const body =
      '@<img_src=x_onerror=alert(1)> and @a"b and `@code` and [@link](https://a.example/)';
    for (const [where, root] of [
      ['widget', widget(body, false, mentionEveryone)],
      ['server', server(body, false, mentionEveryone)],
    ] as const) {
      expect(audit(root, false), where).to.deep.equal([]);
      const mentions = [...root.querySelectorAll('a.mention')];
      expect(mentions.length, where).to.equal(2);
      for (const mention of mentions) {
        expect(mention.getAttribute('href'), where).to.equal('#comment-x" onmouseover="alert(1)');
        expect(mention.hasAttribute('onmouseover'), where).to.equal(false);
      }
      expect(mentions[0]!.querySelector('bdi')!.textContent, where).to.equal(
        '<img_src=x_onerror=alert(1)>',
      );
      expect(root.querySelector('code')!.textContent, where).to.equal('@code');
    }
  });

  it('is checked by an audit that fires on each kind of breach', () => {
    const cases: Array<[string, string, boolean]> = [
      ['<script></script>', 'element <script>', false],
      ['<img src="https://a.example/i.png">', 'element <img>', false],
      ['<p onclick="x"></p>', 'attribute onclick on <p>', false],
      ['<p style="x"></p>', 'attribute style on <p>', false],
      ['<a href="javascript:alert(1)"></a>', 'href javascript:alert(1)', false],
      ['<a href="/relative"></a>', 'href /relative', false],
      ['<img src="data:image/png,x">', 'src data:image/png,x', true],
      ['<img src="mailto:a@b.example">', 'src mailto:a@b.example', true],
      ['<ol start="1x"></ol>', 'start 1x', false],
      ['<a class="mention" href="https://a.example/"></a>', 'href https://a.example/', false],
      ['<svg></svg>', 'namespace svg', false],
    ];
    for (const [markup, problem, allowImages] of cases) {
      const template = document.createElement('template');
      template.innerHTML = markup;
      expect(audit(template.content, allowImages), markup).to.include(problem);
    }
    const template = document.createElement('template');
    template.innerHTML =
      '<p><a href="https://a.example/" rel="x" target="_blank">a</a><a class="mention" href="#comment-1"><bdi>b</bdi></a></p><ol start="3"><li>c</li></ol>';
    expect(audit(template.content, false)).to.deep.equal([]);
  });
});
