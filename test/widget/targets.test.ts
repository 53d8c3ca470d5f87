import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import { axeViolations } from './axe.js';
import { PAGE, mount, mustComment, mustOwn, root, until } from './helpers.js';
import { testServer } from '../support/server.js';

const DEPTH = 9;
const CODE =
  '```\nconst aVeryLongLineOfCodeThatCannotWrap = somethingElse(withArguments, andMore);\n```';

/** One conversation nested DEPTH deep (past --confab-max-depth), authors with websites, code. */
function deepThread() {
  const comments: {
    ref: string;
    parent?: string;
    author: { name: string; url: string };
    body: string;
    mine?: boolean;
    up?: number;
  }[] = [];
  for (let level = 0; level < DEPTH; level++) {
    comments.push({
      ref: `c${level}`,
      ...(level ? { parent: `c${level - 1}` } : {}),
      author: { name: `Person with a long name ${level}`, url: 'https://example.com/blog' },
      body: level % 3 === 0 ? `Level ${level}\n\n${CODE}` : `Level ${level}`,
      mine: level === DEPTH - 1,
      up: level,
    });
  }
  // A second conversation, on the next page (load more).
  comments.push({ ref: 'z', author: { name: 'Zed', url: 'https://example.com' }, body: 'z' });
  return comments;
}

/** Every control a reader can press or type in, through nested shadow roots too. */
function controls(element: ConfabComments): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (scope: ShadowRoot) => {
    for (const node of scope.querySelectorAll<HTMLElement>(
      'button, a[href], select, input, textarea, [tabindex]:not([tabindex="-1"])',
    ))
      found.push(node);
    // The composers' shadow roots, and any other form the thread nests.
    for (const host of scope.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
  };
  visit(root(element));
  // The composer's honeypot is no control: off screen, out of the tab order, hidden from
  // assistive technology (only bots fill it in).
  return found.filter(
    (node) => node.getClientRects().length > 0 && !node.closest('[aria-hidden="true"]'),
  );
}

/** Links in a sentence (comment text, "in reply to …") are inline targets: WCAG 2.5.8 exempts them. */
const inText = (node: HTMLElement) =>
  node.closest('[part~="body"], [part~="in-reply-to"]') !== null;

for (const width of [320, 1024]) {
  describe(`<confab-comments> targets and scrolling, ${width} px wide`, function () {
    this.timeout(60_000);
    before(() => setViewport({ width, height: 900 }));
    after(() => setViewport({ width: 800, height: 600 }));

    async function openThread(): Promise<ConfabComments> {
      const server = await testServer({ threads: { [PAGE]: deepThread() } });
      const element = await mount(server.endpoint, { pageSize: 1 });
      const deepest = mustComment(element, server.ids[`c${DEPTH - 1}`]!);
      mustOwn(deepest, 'reply-button').click();
      await element.updateComplete;
      mustOwn(deepest, 'delete-button').click();
      await element.updateComplete;
      await until(() => root(element).querySelector('confab-composer')?.shadowRoot, 'composer');
      return element;
    }

    it('gives every control at least 24 by 24 px, at every depth', async () => {
      const element = await openThread();
      const small = controls(element)
        .filter((node) => !inText(node))
        .map((node) => ({ node, box: node.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 24 || box.height < 24)
        .map(
          ({ node, box }) =>
            `${node.getAttribute('part') ?? node.localName} ${box.width}x${box.height}`,
        );
      expect(small).to.deep.equal([]);
      expect(controls(element).length).to.be.greaterThan(40);
      // Nothing pushed out of the widget sideways, however deep.
      const right = element.getBoundingClientRect().right;
      for (const node of controls(element))
        expect(node.getBoundingClientRect().right, node.outerHTML).to.be.at.most(right + 0.5);
    });

    it('passes axe target-size and scrollable-region-focusable', async () => {
      const element = await openThread();
      const rules = ['target-size', 'scrollable-region-focusable'];
      expect(await axeViolations(element, { runOnly: rules })).to.deep.equal([]);
    });
  });
}
