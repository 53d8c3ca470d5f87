/**
 * Faults: a hostile thread shape. Replying to a reply a thousand times is cheap for a troll (or a
 * bot); the widget must still render the thread, not overflow the call stack and go blank.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import { PAGE, guardedIt, shownIds } from './support/faults.js';
import { mount, until } from './support/widget.js';

describe('faults: a hostile reply chain', function () {
  this.timeout(115_000);

  guardedIt(
    'a hostile 1,000-deep reply chain renders (flat past the nesting limit) instead of overflowing the stack',
    async (s) => {
      const depth = 1000;
      const chain = Array.from({ length: depth }, (_, i) => ({
        ref: `d${i}`,
        parent: i ? `d${i - 1}` : null,
        author: `Troll ${i % 2}`,
        body: `@Troll ${(i + 1) % 2} no, you (${i})`,
      }));
      const server = await testServer({ threads: { [PAGE]: chain } });
      // Rendering a chain this deep is slow on a loaded machine; the point is that it renders at all.
      s.mounted = await mount({ endpoint: server.endpoint, page: PAGE, loadTimeoutMs: 100_000 });
      await until(
        () => shownIds(s.mounted!).length === depth,
        'every comment of the chain',
        100_000,
      );
      let nesting = 0;
      for (
        let node: Element | null = s.mounted.root.querySelector(
          `[data-comment-id="${server.ids.d999}"]`,
        );
        node;
      ) {
        nesting++;
        node = node.parentElement?.closest('[part~="comment"]') ?? null;
      }
      expect(nesting, 'comment elements nested around the last reply').to.be.within(2, 40);
    },
  );
});
