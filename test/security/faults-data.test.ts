/**
 * Faults: malformed, wrong-shaped, huge and hostile answers are validated before
 * use and end in a message, never a crash.
 * Each case runs the real element against the fake endpoint's fault injection.
 */
import { expect } from '@open-wc/testing';
import { fakeEndpoint } from '../support/fake.js';
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
      const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
      await fake.fault({ method: 'GET', path: '/threads', body });
      const started = await mountFailing(fake);
      s.mounted = started.mounted;
      expect((await started.error).detail.code).to.equal('bad_response');
      await expectErrorShownThenRetryWorks(s.mounted);
    });
  }

  for (const chunked of [false, true]) {
    guardedIt(
      `a huge answer (${chunked ? 'streamed without' : 'with'} Content-Length) is refused with a message`,
      async (s) => {
        const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
        await fake.fault({ method: 'GET', path: '/threads', hugeBytes: 12 * 1024 * 1024, chunked });
        const started = await mountFailing(fake);
        s.mounted = started.mounted;
        expect((await started.error).detail.code).to.equal('bad_response');
        await expectErrorShownThenRetryWorks(s.mounted);
      },
    );
  }

  guardedIt(
    'odd but well-formed data (hostile ids, self-parented, invalid dates, negative votes) renders safely',
    async (s) => {
      const hostileId = 'x" onmouseover="alert(1)';
      const fake = await fakeEndpoint({
        threads: {
          [PAGE]: [
            { id: hostileId, author: 'A', body: 'hostile id' },
            { id: 'reply', parentId: hostileId, author: 'B', body: '@A hi' },
            { id: 'self', parentId: 'self', author: 'C', body: 'my own parent' },
            { id: '__proto__', author: 'D', body: 'proto id', up: -5, down: -1e9 },
            { id: 'constructor', parentId: '__proto__', author: 'E', body: 'constructor id' },
            { id: 'bad-date', author: 'F', body: 'invalid date', createdAt: 'not a date' },
            {
              id: 'far-future',
              author: 'G',
              body: 'far future',
              createdAt: '+275760-09-13T00:00:00.000Z',
            },
          ],
        },
      });
      s.mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
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
