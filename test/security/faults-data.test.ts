/**
 * Faults: malformed, wrong-shaped, huge and hostile answers are validated before
 * use and end in a message, never a crash.
 * Each case runs the real element against the reference server, through the test proxy's fault
 * injection.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import {
  PAGE,
  SEEDED,
  shownIds,
  mountFailing,
  expectErrorShownThenRetryWorks,
  guardedIt,
} from './support/faults.js';
import { mount, parts, until } from './support/widget.js';

describe('faults: malformed, wrong-shaped, huge and hostile answers', function () {
  this.timeout(120_000);

  const badBodies: Array<[string, string]> = [
    ['malformed JSON', '{"page": "faults", "comments": ['],
    ['HTML error page with status 200', '<html><body>Gateway says hi</body></html>'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    [
      'comments not an array',
      '{"page":"faults","locked":false,"total":1,"comments":"x","nextCursor":null}',
    ],
    [
      'a comment without an author',
      '{"page":"faults","locked":false,"total":1,"nextCursor":null,"comments":[{"id":"x","parentId":null,"body":"b","createdAt":"2024-01-01T00:00:00Z","editedAt":null,"status":"published","votes":{"up":0,"down":0},"myVote":0,"mine":false}]}',
    ],
    [
      'numbers where strings belong',
      '{"page":"faults","locked":false,"total":1,"nextCursor":null,"comments":[{"id":5,"parentId":null,"author":{"name":7,"url":null,"avatar":null},"body":{"html":"<img src=x onerror=alert(1)>"},"createdAt":"2024-01-01T00:00:00Z","editedAt":null,"status":"published","votes":{"up":0,"down":0},"myVote":0,"mine":false}]}',
    ],
  ];
  for (const [name, body] of badBodies) {
    guardedIt(`${name}: a message, no crash`, async (s) => {
      const server = await testServer({ threads: { [PAGE]: SEEDED } });
      await server.fault({ method: 'GET', path: '/threads', body });
      const started = await mountFailing(server);
      s.mounted = started.mounted;
      expect((await started.error).detail.code).to.equal('bad_response');
      await expectErrorShownThenRetryWorks(s.mounted, server);
    });
  }

  for (const chunked of [false, true]) {
    guardedIt(
      `a huge answer (${chunked ? 'streamed without' : 'with'} Content-Length) is refused with a message`,
      async (s) => {
        const server = await testServer({ threads: { [PAGE]: SEEDED } });
        await server.fault({
          method: 'GET',
          path: '/threads',
          hugeBytes: 12 * 1024 * 1024,
          chunked,
        });
        const started = await mountFailing(server);
        s.mounted = started.mounted;
        expect((await started.error).detail.code).to.equal('bad_response');
        await expectErrorShownThenRetryWorks(s.mounted, server);
      },
    );
  }

  guardedIt(
    'odd but well-formed data (hostile ids, self-parented, invalid dates) renders safely',
    async (s) => {
      const hostileId = 'x" onmouseover="alert(1)';
      const server = await testServer({
        threads: {
          [PAGE]: [
            { ref: 'hostile', author: 'A', body: 'hostile id' },
            { ref: 'reply', parent: 'hostile', author: 'B', body: '@A hi' },
            { ref: 'self', author: 'C', body: 'my own parent' },
            { ref: 'proto', author: 'D', body: 'proto id' },
            { ref: 'ctor', parent: 'proto', author: 'E', body: 'constructor id' },
            { ref: 'bad-date', author: 'F', body: 'invalid date' },
            { ref: 'far-future', author: 'G', body: 'far future' },
          ],
        },
      });
      const { ids } = server;
      // Ids and dates the reference server never sends: another server's answers. (Negative vote
      // counts are not well-formed: the client refuses the answer, see test/unit/validate.test.ts.)
      await server.rewrite({
        [ids.hostile]: { id: hostileId },
        [ids.reply]: { id: 'reply', parentId: hostileId },
        [ids.self]: { id: 'self', parentId: 'self' },
        [ids.proto]: { id: '__proto__' },
        [ids.ctor]: { id: 'constructor', parentId: '__proto__' },
        [ids['bad-date']]: { createdAt: 'not a date' },
        [ids['far-future']]: { createdAt: '+275760-09-13T00:00:00.000Z' },
      });
      s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
      expect(shownIds(s.mounted)).to.include.members([
        hostileId,
        'reply',
        '__proto__',
        'constructor',
      ]);
      expect(shownIds(s.mounted), 'a comment that is its own parent has no place').to.not.include(
        'self',
      );
      const mention = s.mounted.root.querySelector('[data-comment-id="reply"] [part~="mention"]');
      expect(mention?.getAttribute('href')).to.equal(`#comment-${hostileId}`);
      location.hash = `#comment-${encodeURIComponent(hostileId)}`;
      try {
        await until(
          () =>
            parts(s.mounted!.root, 'highlighted').some(
              (c) => c.getAttribute('data-comment-id') === hostileId,
            ),
          'the fragment to reveal the comment with the hostile id',
        );
      } finally {
        history.replaceState(history.state, '', location.pathname + location.search);
      }
    },
  );
});
