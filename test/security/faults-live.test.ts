/**
 * Faults: event streams, offline posting and lost answers reconnect, lose
 * nothing and never post twice.
 * Each case runs the real element against the fake endpoint's fault injection.
 */
import { expect } from '@open-wc/testing';
import { fakeEndpoint } from '../support/fake.js';
import { PAGE, SEEDED, posts, shownIds, guardedIt } from './support/faults.js';
import { mount, newComposer, nextEvent, until, writeComment } from './support/widget.js';

describe('faults: event streams, offline posting and lost answers', function () {
  this.timeout(120_000);

  guardedIt('a garbage server-sent event is ignored; the stream keeps working', async (s) => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    s.mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    await until(async () => (await fake.openStreams()).length === 1, 'the event stream');
    await fake.pushEvent(PAGE, 'comment', { id: 42, body: { evil: true } });
    await fake.pushEvent(PAGE, 'vote', 'not an object');
    const [live] = await fake.seed(PAGE, [{ id: 'live', author: 'Cy', body: 'Live one' }]);
    await fake.pushEvent(PAGE, 'comment', live);
    await until(() => shownIds(s.mounted!).includes('live'), 'the valid event after the garbage');
    expect(shownIds(s.mounted)).to.deep.equal(['first', 'second', 'live']);
  });

  guardedIt('a dropped /events stream reconnects and live comments keep arriving', async (s) => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    s.mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    await until(async () => (await fake.openStreams()).length === 1, 'the event stream');
    const before = (await fake.requests()).filter((r) => r.path === '/events').length;
    await fake.dropStreams();
    await until(
      async () => (await fake.requests()).filter((r) => r.path === '/events').length > before,
      'a reconnect',
    );
    await until(async () => (await fake.openStreams()).length === 1, 'the stream to be open again');
    const [live] = await fake.seed(PAGE, [
      { id: 'after-drop', author: 'Cy', body: 'After the drop' },
    ]);
    await fake.pushEvent(PAGE, 'comment', live);
    await until(
      () => shownIds(s.mounted!).includes('after-drop'),
      'the comment pushed after reconnecting',
    );
    expect(await fake.openStreams()).to.have.length(1);
  });

  guardedIt(
    'offline: the post waits, the draft is kept; back online it is sent exactly once',
    async (s) => {
      const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
      s.mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
      // An own property shadows Navigator.prototype.onLine; deleting it restores the real one.
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        window.dispatchEvent(new Event('offline'));
        await writeComment(s.mounted.root, 'Dora', 'Written on a train');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(posts(await fake.requests()), 'nothing posted while offline').to.have.length(0);
        const composer = newComposer(s.mounted.root);
        const textarea =
          composer.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~="textarea"]')!;
        expect(textarea.value, 'the draft is still in the form').to.equal('Written on a train');
        const stored = Object.keys(localStorage)
          .filter((key) => key.startsWith('confab:') && key.includes(fake.endpoint))
          .map((key) => localStorage.getItem(key) ?? '');
        expect(
          stored.some((value) => value.includes('Written on a train')),
          'the draft is saved',
        ).to.equal(true);
      } finally {
        delete (navigator as unknown as Record<string, unknown>).onLine;
      }
      const posted = nextEvent<CustomEvent>(s.mounted.element, 'confab-posted');
      window.dispatchEvent(new Event('online'));
      const comment = (await posted).detail.comment as { id: string; body: string };
      expect(comment.body).to.equal('Written on a train');
      await until(
        () => shownIds(s.mounted!).includes(comment.id),
        'the posted comment in the thread',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(posts(await fake.requests())).to.have.length(1);
      expect(
        (await fake.comments(PAGE)).filter((c) => c.body === 'Written on a train'),
      ).to.have.length(1);
    },
  );

  for (const [name, fault] of [
    ['the answer is lost on the way back', { dropConnection: true }],
    [
      'the server answers 503 after storing it',
      { status: 503, error: { code: 'unavailable', message: 'busy' } },
    ],
  ] as const) {
    guardedIt(
      `a POST is retried only with the same Idempotency-Key when ${name}: stored once`,
      async (s) => {
        const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
        s.mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
        await fake.fault({ method: 'POST', path: '/comments', afterProcessing: true, ...fault });
        const posted = nextEvent<CustomEvent>(s.mounted.element, 'confab-posted', 30_000);
        await writeComment(s.mounted.root, 'Eve', 'Only once, please');
        const comment = (await posted).detail.comment as { id: string };
        const attempts = posts(await fake.requests());
        expect(attempts.length, 'the POST was retried').to.be.at.least(2);
        const keys = new Set(attempts.map((r) => r.headers['idempotency-key']));
        expect(keys.size, 'one Idempotency-Key for every attempt').to.equal(1);
        expect([...keys][0])
          .to.be.a('string')
          .and.not.equal('');
        expect(
          (await fake.comments(PAGE)).filter((c) => c.body === 'Only once, please'),
        ).to.have.length(1);
        await until(() => shownIds(s.mounted!).includes(comment.id), 'the comment in the thread');
        expect(shownIds(s.mounted).filter((id) => id === comment.id)).to.have.length(1);
      },
    );
  }
});
