/**
 * The server's string back end of the Markdown renderer (body-html.ts) against the widget's own
 * (rich.ts, DOM nodes): for every XSS corpus payload and every Markdown construct, both give the
 * same DOM. So the thread HTML that crawlers and readers without JavaScript get holds exactly what
 * the widget would show, no more.
 */
import { expect } from '@open-wc/testing';
import type { MentionMatch } from '../../src/model/mentions.js';
import { bodyToHtml } from '../../src/render/body-html.js';
import { renderRich } from '../../src/render/rich.js';

interface Attack {
  id: string;
  payload: string;
}

const corpus: Attack[] = await (
  await fetch(new URL('../fixtures/xss-corpus.json', import.meta.url))
).json();

const MARKDOWN = [
  'plain text\nsecond line\n\nsecond paragraph',
  '*em* _em_ **strong** __strong__ ~~del~~ `code` ***both***',
  '# heading\n\nSetext\n---\n\n> quote\n> > nested\n\n- a\n- b\n\n3. three\n4. four',
  '```\n<script>alert(1)</script>\n```\n\n    indented <b>code</b>',
  '[link](https://example.com/?a=1&b="2") <https://auto.example/x> www.bare.example/path',
  '[js](javascript:alert(1)) [data](data:text/html,x) [rel](/relative) [mail](mailto:a@b.example)',
  '![image](https://img.example/a.png "t") ![bad](javascript:x) ![rel](/a.png)',
  '<b onmouseover="x">raw</b> &amp; &#64; &lt;script&gt; "quotes" \'single\'',
  '* loose\n\n* list\n\n  with a paragraph',
  'a\\\nb \\*not em\\* [nested [link](https://a.example)](https://b.example)',
  '1) one\n2) two\n\n999999999. big start',
  '>'.repeat(40) + ' deep',
];

const noMentions = (): MentionMatch[] => [];

/** The DOM a string of HTML gives, serialised by the browser. */
function parsed(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.innerHTML;
}

function widgetRendering(body: string, allowImages: boolean): string {
  const holder = document.createElement('div');
  holder.append(renderRich(body, { allowImages, findMentions: noMentions }));
  return holder.innerHTML;
}

describe('bodyToHtml (the server’s back end)', () => {
  for (const allowImages of [false, true]) {
    it(`gives the widget’s DOM for every Markdown construct (images ${allowImages ? 'on' : 'off'})`, () => {
      for (const source of MARKDOWN) {
        expect(
          parsed(bodyToHtml(source, { allowImages, findMentions: noMentions })),
          source,
        ).to.equal(widgetRendering(source, allowImages));
      }
    });

    it(`gives the widget’s DOM for all ${corpus.length} XSS corpus payloads (images ${allowImages ? 'on' : 'off'})`, () => {
      for (const { id, payload } of corpus) {
        expect(parsed(bodyToHtml(payload, { allowImages, findMentions: noMentions })), id).to.equal(
          widgetRendering(payload, allowImages),
        );
      }
    });
  }

  it('writes nothing that could run: no script, handler or javascript: URL', () => {
    for (const { id, payload } of corpus) {
      for (const allowImages of [false, true]) {
        const html = bodyToHtml(payload, { allowImages, findMentions: noMentions });
        const template = document.createElement('template');
        template.innerHTML = html;
        for (const element of template.content.querySelectorAll('*')) {
          expect(
            ['p', 'br', 'em', 'strong', 'del', 'a', 'code', 'pre', 'blockquote'].concat(
              ['ul', 'ol', 'li', 'hr'],
              allowImages ? ['img'] : [],
            ),
            id,
          ).to.include(element.localName);
          for (const attribute of element.attributes) {
            expect(attribute.name, id).not.to.match(/^on/i);
            expect(attribute.value, id).not.to.match(/^\s*(?:javascript|data|vbscript):/i);
          }
        }
      }
    }
  });

  it('links @mentions outside links and code, with the name isolated', () => {
    const findMentions = (text: string): MentionMatch[] => {
      const at = text.indexOf('@Ada Lovelace');
      return at === -1 ? [] : [{ start: at, end: at + 13, name: 'Ada Lovelace', targetId: '7' }];
    };
    const html = bodyToHtml(
      'Thanks @Ada Lovelace! `@Ada Lovelace` [@Ada Lovelace](https://x.example)',
      {
        allowImages: false,
        findMentions,
      },
    );
    const template = document.createElement('template');
    template.innerHTML = html;
    const mentions = template.content.querySelectorAll('a.mention');
    expect(mentions.length).to.equal(1);
    expect(mentions[0]!.getAttribute('href')).to.equal('#comment-7');
    expect(mentions[0]!.querySelector('bdi')!.textContent).to.equal('Ada Lovelace');
    expect(template.content.querySelector('code')!.textContent).to.equal('@Ada Lovelace');
  });

  it('closes what it opens and escapes stray markup', () => {
    // Text is only ever text: written out, the characters of markup are escaped.
    expect(bodyToHtml('a < b > c & d', { allowImages: false, findMentions: noMentions })).to.equal(
      '<p>a &lt; b &gt; c &amp; d</p>',
    );
  });
});
