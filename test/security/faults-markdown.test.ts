/**
 * Faults: pathological Markdown. Every level of quote or list nesting is a recursive call in the
 * Markdown converter; one comment of ten thousand `>` must not overflow the stack and take the whole
 * thread down with it. All bodies are within the protocol's 10,000-character limit.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import { PAGE, guardedIt, shownIds } from './support/faults.js';
import { mount, until } from './support/widget.js';

describe('faults: pathological Markdown bodies', function () {
  this.timeout(115_000);

  guardedIt(
    'pathological Markdown within the 10,000-character limit renders every comment, no crash',
    async (s) => {
      const bodies: Record<string, string> = {
        quotes: '>'.repeat(9990) + ' x',
        'spaced-quotes': '> '.repeat(4990) + 'x',
        lists: '- '.repeat(4990) + 'x',
        'ordered-lists': '1. '.repeat(3300) + 'x',
        'nested-link-labels': '['.repeat(1400) + 'x' + '](https://a)'.repeat(700),
        brackets: '['.repeat(10_000),
        emphasis: '*_'.repeat(2400) + 'x' + '_*'.repeat(2400),
        fences: '```\nx\n'.repeat(1600),
        mentions: '@'.repeat(10_000),
      };
      const comments = Object.entries(bodies).map(([ref, body]) => ({
        ref,
        author: 'Mallory',
        body,
      }));
      for (const c of comments) expect(c.body.length, c.ref).to.be.at.most(10_000);
      const server = await testServer({ threads: { [PAGE]: comments } });
      s.mounted = await mount({ endpoint: server.endpoint, page: PAGE, loadTimeoutMs: 100_000 });
      await until(() => shownIds(s.mounted!).length === comments.length, 'every comment', 100_000);
      for (const { ref } of comments) {
        const body = s.mounted.root.querySelector(
          `[data-comment-id="${server.ids[ref]}"] [part~="body"]`,
        );
        expect(body?.textContent?.trim().length, `${ref} shows its text`).to.be.greaterThan(0);
      }
    },
  );
});
