/**
 * Faults: event streams, offline posting and lost answers reconnect, lose
 * nothing and never post twice.
 * Each case runs the real element against the reference server, through the test proxy's fault
 * injection.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import { PAGE, SEEDED, posts, shownIds, guardedIt } from './support/faults.js';
import { mount, newComposer, nextEvent, until, writeComment } from './support/widget.js';

describe('faults: event streams, offline posting and lost answers', function () {
  this.timeout(120_000);

  guardedIt('a garbage server-sent event is ignored; the stream keeps working', async (s) => {
    const server = await testServer({ threads: { [PAGE]: SEEDED } });
    s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
    await until(async () => (await server.openStreams()).length === 1, 'the event stream');
    await server.pushEvent(PAGE, 'comment', { id: 42, body: { evil: true } });
    await server.pushEvent(PAGE, 'vote', 'not an object');
    const [live] = await server.seed(PAGE, [{ ref: 'live', author: 'Cy', body: 'Live one' }]);
    await server.pushEvent(PAGE, 'comment', live);
    await until(() => shownIds(s.mounted!).includes(live!.id), 'the valid event after the garbage');
    expect(server.refs(shownIds(s.mounted))).to.deep.equal(['first', 'second', 'live']);
  });

  guardedIt('a dropped /events stream reconnects and live comments keep arriving', async (s) => {
    const server = await testServer({ threads: { [PAGE]: SEEDED } });
    s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
    await until(async () => (await server.openStreams()).length === 1, 'the event stream');
    const before = (await server.requests()).filter((r) => r.path === '/events').length;
    await server.dropStreams();
    await until(
      async () => (await server.requests()).filter((r) => r.path === '/events').length > before,
      'a reconnect',
    );
    await until(
      async () => (await server.openStreams()).length === 1,
      'the stream to be open again',
    );
    const [live] = await server.seed(PAGE, [
      { ref: 'after-drop', author: 'Cy', body: 'After the drop' },
    ]);
    await server.pushEvent(PAGE, 'comment', live);
    await until(
      () => shownIds(s.mounted!).includes(live!.id),
      'the comment pushed after reconnecting',
    );
    expect(await server.openStreams()).to.have.length(1);
  });

  guardedIt(
    'offline: the post waits, the draft is kept; back online it is sent exactly once',
    async (s) => {
      const server = await testServer({ threads: { [PAGE]: SEEDED } });
      s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
      // An own property shadows Navigator.prototype.onLine; deleting it restores the real one.
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        window.dispatchEvent(new Event('offline'));
        await writeComment(s.mounted.root, 'Dora', 'Written on a train');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(posts(await server.requests()), 'nothing posted while offline').to.have.length(0);
        const composer = newComposer(s.mounted.root);
        const textarea =
          composer.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~="textarea"]')!;
        expect(textarea.value, 'the draft is still in the form').to.equal('Written on a train');
        const stored = Object.keys(localStorage)
          .filter((key) => key.startsWith('confab:') && key.includes(server.endpoint))
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
      expect(posts(await server.requests())).to.have.length(1);
      expect(
        (await server.comments(PAGE)).filter((c) => c.body === 'Written on a train'),
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
        const server = await testServer({ threads: { [PAGE]: SEEDED } });
        s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
        await server.fault({ method: 'POST', path: '/comments', afterProcessing: true, ...fault });
        const posted = nextEvent<CustomEvent>(s.mounted.element, 'confab-posted', 30_000);
        await writeComment(s.mounted.root, 'Eve', 'Only once, please');
        const comment = (await posted).detail.comment as { id: string };
        const attempts = posts(await server.requests());
        expect(attempts.length, 'the POST was retried').to.be.at.least(2);
        const keys = new Set(attempts.map((r) => r.headers['idempotency-key']));
        expect(keys.size, 'one Idempotency-Key for every attempt').to.equal(1);
        expect([...keys][0])
          .to.be.a('string')
          .and.not.equal('');
        expect(
          (await server.comments(PAGE)).filter((c) => c.body === 'Only once, please'),
        ).to.have.length(1);
        await until(() => shownIds(s.mounted!).includes(comment.id), 'the comment in the thread');
        expect(shownIds(s.mounted).filter((id) => id === comment.id)).to.have.length(1);
      },
    );
  }
});
