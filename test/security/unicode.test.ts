/**
 * Unicode that deceives: bidirectional controls and right-to-left names must stay inside their own
 * isolate, and invisible or look-alike characters must not make a mention point at someone else.
 */
import { expect } from '@open-wc/testing';
import { testServer, type SeedComment, type TestServer } from '../support/server.js';
import { mount, parts, until, type Mounted } from './support/widget.js';

const LATIN = 'Alice';
const CYRILLIC = '\u0410lice'; // А (U+0410) looks like A
const ZERO_WIDTH = 'Al\u200Bice';
const JOINER = 'Alic\u200De';
const OVERRIDE = '\u202Eecila'; // shows as "alice" reversed… right to left
const MALLORY = 'Mallory \u202Egnp.exe'; // the classic file-name trick, never closed
const HEBREW = '\u05D3\u05D5\u05D3'; // דוד
const PAYPAL_LOOKALIKE = 'P\u0430ypal'; // Cyrillic а

const SEEDS: SeedComment[] = [
  { ref: 'latin', author: LATIN, body: 'I am the real Alice.' },
  { ref: 'cyrillic', author: CYRILLIC, body: 'I only look like Alice.' },
  { ref: 'zero-width', author: ZERO_WIDTH, body: 'So do I.' },
  { ref: 'joiner', author: JOINER, body: 'And I.' },
  { ref: 'override', author: OVERRIDE, body: 'Me too.' },
  { ref: 'mallory', author: MALLORY, body: 'Download my picture.' },
  { ref: 'hebrew', author: HEBREW, body: 'Shalom.' },
  { ref: 'lookalike-only', author: PAYPAL_LOOKALIKE, body: 'Your account is locked.' },
  { ref: 'm-latin', author: 'Bob', body: `@${LATIN} thanks` },
  { ref: 'm-cyrillic', author: 'Bob', body: `@${CYRILLIC} thanks` },
  { ref: 'm-zero-width', author: 'Bob', body: `@${ZERO_WIDTH} thanks` },
  { ref: 'm-joiner', author: 'Bob', body: `@${JOINER} thanks` },
  { ref: 'm-override', author: 'Bob', body: `@${OVERRIDE} thanks` },
  { ref: 'm-trailing-invisible', author: 'Bob', body: `@${LATIN}\u200B thanks` },
  { ref: 'm-paypal', author: 'Bob', body: '@Paypal please help' },
  { ref: 'm-hebrew', author: 'Bob', body: `@${HEBREW} 3 times!` },
  {
    ref: 'm-rich-latin',
    author: 'Bob',
    body: `**Hey** @${LATIN}, see [this](https://example.com/)`,
  },
  {
    ref: 'm-rich-zero-width',
    author: 'Bob',
    body: `**Hey** @${ZERO_WIDTH}, see [this](https://example.com/)`,
  },
  { ref: 'm-rich-cyrillic', author: 'Bob', body: `_Hey_ @${CYRILLIC}` },
  // A chain deep enough for "in reply to <name>" (shown past --confab-max-depth, default 4).
  { ref: 'deep-1', parent: 'mallory', author: 'Deep One', body: 'one' },
  { ref: 'deep-2', parent: 'deep-1', author: 'Deep Two', body: 'two' },
  { ref: 'deep-3', parent: 'deep-2', author: 'Deep Three', body: 'three' },
  { ref: 'deep-4', parent: 'deep-3', author: MALLORY, body: 'four' },
  { ref: 'deep-5', parent: 'deep-4', author: 'Deep Five', body: 'five' },
];

/** Where each mention must point; null: the text must stay plain (no link at all). */
const EXPECTED: Record<string, string | null> = {
  'm-latin': 'latin',
  'm-cyrillic': 'cyrillic',
  'm-zero-width': null,
  'm-joiner': null,
  'm-override': null,
  'm-trailing-invisible': 'latin',
  'm-paypal': null,
  'm-hebrew': 'hebrew',
  'm-rich-latin': 'latin',
  'm-rich-zero-width': null,
  'm-rich-cyrillic': 'cyrillic',
};

const ISOLATING = ['isolate', 'isolate-override', 'plaintext'];

/** True when some element from `node` up to `limit` isolates its content from the text around it. */
function isolated(node: Node, limit: Element): boolean {
  for (let element = node.parentElement; element; element = element.parentElement) {
    if (ISOLATING.includes(getComputedStyle(element).unicodeBidi)) return true;
    if (element === limit) break;
  }
  return false;
}

function textNodes(root: Node): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  while (walker.nextNode()) nodes.push(walker.currentNode as Text);
  return nodes;
}

function bodyOf(mounted: Mounted, id: string): Element {
  const body = mounted.root.querySelector(`[data-comment-id="${id}"] [part~="body"]`);
  if (!body) throw new Error(`no body for ${id}`);
  return body;
}

describe('deceptive Unicode', function () {
  this.timeout(60_000);
  let mounted: Mounted;
  let server: TestServer;
  const authorsByRef = new Map(SEEDS.map((s) => [s.ref!, s.author as string]));
  const bodyOfRef = (ref: string) => bodyOf(mounted, server.ids[ref]);

  before(async () => {
    server = await testServer({ threads: { unicode: SEEDS } });
    mounted = await mount({ endpoint: server.endpoint, page: 'unicode' });
    await until(() => !!bodyOfRef('m-rich-latin').querySelector('strong'), 'rich rendering');
  });
  after(() => {
    const seen = mounted.unmount();
    expect(seen.calls).to.deep.equal([]);
    expect(seen.outside).to.deep.equal([]);
  });

  it('every author name sits in an isolate (<bdi> or dir=auto), so controls in it cannot leak', () => {
    const names = parts(mounted.root, 'author');
    expect(names.length).to.equal(SEEDS.length);
    for (const author of names) {
      const nameText = textNodes(author).filter((t) => t.data.trim());
      expect(nameText.length, author.outerHTML).to.be.greaterThan(0);
      for (const text of nameText)
        expect(isolated(text, author), JSON.stringify(text.data)).to.equal(true);
    }
  });

  it('"in reply to <name>" keeps the whole name, bidi controls included, in an isolate', () => {
    const line = mounted.root.querySelector(
      `[data-comment-id="${server.ids['deep-5']}"] [part~="in-reply-to"]`,
    );
    expect(line, 'the in-reply-to line of a deep reply').to.not.equal(null);
    const nameText = textNodes(line!).filter(
      (t) => /[\u202E\w]/u.test(t.data) && MALLORY.includes(t.data.trim()),
    );
    expect(nameText.map((t) => t.data).join(''), 'the name is shown').to.include('\u202E');
    for (const text of nameText)
      expect(isolated(text, line!), JSON.stringify(text.data)).to.equal(true);
  });

  it('an unterminated right-to-left override in a name does not reorder the header around it', async () => {
    const article = mounted.root.querySelector(`[data-comment-id="${server.ids.mallory}"]`)!;
    article.scrollIntoView({ block: 'center' });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const author = article.querySelector('[part~="author"]')!;
    const time = article.querySelector('[part~="time"]')!;
    expect(author.textContent).to.include('\u202E');
    // In a left-to-right page the time still follows the name on the same line, to its right.
    const a = author.getBoundingClientRect();
    const t = time.getBoundingClientRect();
    if (Math.abs(a.top - t.top) < a.height) expect(t.left).to.be.at.least(a.right - 1);
    else expect(t.top).to.be.at.least(a.top);
  });

  it('a mention of a right-to-left name is isolated: the text after it keeps its place', async () => {
    const body = bodyOfRef('m-hebrew');
    // Off-screen comments skip layout (content-visibility: auto); measure it on screen.
    body.scrollIntoView({ block: 'center' });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const link = body.querySelector('[part~="mention"]');
    expect(link, 'the Hebrew name is mentioned').to.not.equal(null);
    expect(
      isolated(link!.firstChild ?? link!, body) ||
        ISOLATING.includes(getComputedStyle(link!).unicodeBidi),
    ).to.equal(true);
    // Without an isolate the bidi algorithm would show "3" before the Hebrew name.
    const after = textNodes(body).find((t) => t.data.includes('3 times'))!;
    const range = document.createRange();
    range.selectNodeContents(after);
    expect(range.getBoundingClientRect().left).to.be.at.least(
      link!.getBoundingClientRect().right - 1,
    );
  });

  it('mentions link only to the author whose name is exactly the text; look-alikes and invisibles never hijack one', () => {
    for (const [id, target] of Object.entries(EXPECTED)) {
      const links = [...bodyOfRef(id).querySelectorAll('a')];
      const mentions = links.filter((a) => a.getAttribute('href')?.startsWith('#'));
      if (target === null) {
        expect(
          mentions.map((a) => a.outerHTML),
          `${id} must stay plain text`,
        ).to.deep.equal([]);
      } else {
        expect(mentions, `${id} links once`).to.have.length(1);
        expect(mentions[0]!.getAttribute('href'), id).to.equal(`#comment-${server.ids[target]}`);
        expect(mentions[0]!.getAttribute('part'), id).to.include('mention');
      }
    }
  });

  it('every rendered mention shows exactly the name of the person it links to', () => {
    // Mentions in bodies; the "in reply to" link names the parent whatever characters it has.
    const mentions = parts(mounted.root, 'mention').filter((m) => m.closest('[part~="body"]'));
    expect(mentions.length).to.equal(Object.values(EXPECTED).filter(Boolean).length);
    for (const mention of mentions) {
      const target = /^#comment-(.+)$/.exec(mention.getAttribute('href') ?? '')?.[1] ?? '';
      const shown = (mention.textContent ?? '').replace(/^@/, '');
      const [ref] = server.refs([target]);
      expect(shown, `mention of ${ref}`).to.equal(authorsByRef.get(ref!));
      expect(shown).to.not.match(/[\p{Cf}]/u);
    }
  });
});
