/**
 * The element against a misbehaving endpoint (the fake's fault injection): every failure ends in a
 * clear message or a recovery, never a crash, an uncaught error, a lost draft or a double post.
 */
import { expect } from '@open-wc/testing';
import { fakeEndpoint, type FakeEndpoint, type LoggedRequest } from '../support/fake.js';
import {
  mount,
  nextEvent,
  parts,
  newComposer,
  until,
  watchUncaught,
  writeComment,
  type Mounted,
} from './support/widget.js';

const PAGE = 'faults';
const SEEDED = [
  { id: 'first', author: 'Ann', body: 'First comment' },
  { id: 'second', author: 'Bob', body: 'Second comment' },
];

function threadRequests(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.method === 'GET' && r.path === '/threads');
}

function posts(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.method === 'POST' && r.path === '/comments');
}

function shownIds(mounted: Mounted): string[] {
  return parts(mounted.root, 'comment').map((c) => c.getAttribute('data-comment-id') ?? '');
}

/** Mounts without waiting for a successful load (the load is expected to fail first). */
async function mountFailing(
  fake: FakeEndpoint,
): Promise<{ mounted: Mounted; error: Promise<CustomEvent> }> {
  // The error event may fire before mount() returns, so listen on the body, where it bubbles to.
  const error = nextEvent<CustomEvent>(document.body, 'confab-error', 90_000);
  const mounted = await mount({ endpoint: fake.endpoint, page: PAGE, waitForRender: false });
  return { mounted, error };
}

async function expectErrorShownThenRetryWorks(mounted: Mounted): Promise<void> {
  const root = mounted.root;
  await until(
    () => parts(root, 'error').some((e) => e.textContent!.trim().length > 0),
    'an error message',
  );
  const message = parts(root, 'error')[0]!.textContent!.trim();
  expect(message).to.match(/\w{3,}/);
  expect(message).to.not.match(/undefined|null|\[object|NaN|Error:/);
  const retry = root.querySelector<HTMLButtonElement>('[part~="retry"]');
  expect(retry, 'a retry button').to.not.equal(null);
  const loaded = nextEvent(mounted.element, 'confab-loaded');
  retry!.click();
  await loaded;
  await until(() => shownIds(mounted).length === 2, 'the thread after retrying');
  expect(shownIds(mounted)).to.deep.equal(['first', 'second']);
  expect(parts(root, 'error')).to.have.length(0);
}

describe('faults: the endpoint misbehaving', function () {
  this.timeout(120_000);
  let mounted: Mounted | null = null;

  /** Each case also fails on an uncaught error or a change outside the widget. */
  const it = (name: string, body: () => Promise<void>) =>
    globalThis.it(name, async () => {
      const uncaught = watchUncaught();
      mounted = null;
      try {
        await body();
      } finally {
        const seen = (mounted as Mounted | null)?.unmount();
        const errors = uncaught.stop();
        expect(errors, 'uncaught errors').to.deep.equal([]);
        if (seen) expect(seen.outside, 'changes outside the widget').to.deep.equal([]);
      }
    });

  it('a server that never answers in time: timeout message after the retries, then Retry works', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    // Every attempt (the first and its three retries) outlasts the client's 10 s timeout.
    await fake.fault({ method: 'GET', path: '/threads', delayMs: 10_500, times: 4 });
    const started = await mountFailing(fake);
    mounted = started.mounted;
    const error = await started.error;
    expect(error.detail.code).to.equal('timeout');
    expect(threadRequests(await fake.requests())).to.have.length(4);
    await expectErrorShownThenRetryWorks(mounted);
  });

  it('a 500: an error message (not retried blindly), then Retry works', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    await fake.fault({
      method: 'GET',
      path: '/threads',
      status: 500,
      error: { code: 'internal', message: 'boom' },
    });
    const started = await mountFailing(fake);
    mounted = started.mounted;
    expect((await started.error).detail.code).to.equal('internal');
    expect(threadRequests(await fake.requests())).to.have.length(1);
    await expectErrorShownThenRetryWorks(mounted);
  });

  it('transient 503s are retried with backoff and the thread loads', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    await fake.fault({ method: 'GET', path: '/threads', status: 503, times: 2 });
    mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    expect(shownIds(mounted)).to.deep.equal(['first', 'second']);
    expect(threadRequests(await fake.requests())).to.have.length(3);
  });

  it('429 with Retry-After: the widget waits as told before asking again', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    await fake.fault({
      method: 'GET',
      path: '/threads',
      status: 429,
      retryAfter: 2,
      error: { code: 'rate_limited', message: 'Slow down.' },
    });
    performance.clearResourceTimings();
    mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    expect(shownIds(mounted)).to.deep.equal(['first', 'second']);
    expect(threadRequests(await fake.requests())).to.have.length(2);
    const starts = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(`${fake.endpoint}/threads`))
      .map((entry) => entry.startTime);
    expect(starts).to.have.length(2);
    // Told 2 s; allow for timer clamping, never much less (the default backoff would be ~0.5 s).
    expect(starts[1]! - starts[0]!).to.be.at.least(1900);
  });

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
    it(`${name}: a message, no crash`, async () => {
      const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
      await fake.fault({ method: 'GET', path: '/threads', body });
      const started = await mountFailing(fake);
      mounted = started.mounted;
      expect((await started.error).detail.code).to.equal('bad_response');
      await expectErrorShownThenRetryWorks(mounted);
    });
  }

  for (const chunked of [false, true]) {
    it(`a huge answer (${chunked ? 'streamed without' : 'with'} Content-Length) is refused with a message`, async () => {
      const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
      await fake.fault({ method: 'GET', path: '/threads', hugeBytes: 12 * 1024 * 1024, chunked });
      const started = await mountFailing(fake);
      mounted = started.mounted;
      expect((await started.error).detail.code).to.equal('bad_response');
      await expectErrorShownThenRetryWorks(mounted);
    });
  }

  it('a garbage server-sent event is ignored; the stream keeps working', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    await until(async () => (await fake.openStreams()).length === 1, 'the event stream');
    await fake.pushEvent(PAGE, 'comment', { id: 42, body: { evil: true } });
    await fake.pushEvent(PAGE, 'vote', 'not an object');
    const [live] = await fake.seed(PAGE, [{ id: 'live', author: 'Cy', body: 'Live one' }]);
    await fake.pushEvent(PAGE, 'comment', live);
    await until(() => shownIds(mounted!).includes('live'), 'the valid event after the garbage');
    expect(shownIds(mounted)).to.deep.equal(['first', 'second', 'live']);
  });

  it('a dropped /events stream reconnects and live comments keep arriving', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
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
      () => shownIds(mounted!).includes('after-drop'),
      'the comment pushed after reconnecting',
    );
    expect(await fake.openStreams()).to.have.length(1);
  });

  it('offline: the post waits, the draft is kept; back online it is sent exactly once', async () => {
    const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
    mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
    // An own property shadows Navigator.prototype.onLine; deleting it restores the real one.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await writeComment(mounted.root, 'Dora', 'Written on a train');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(posts(await fake.requests()), 'nothing posted while offline').to.have.length(0);
      const composer = newComposer(mounted.root);
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
    const posted = nextEvent<CustomEvent>(mounted.element, 'confab-posted');
    window.dispatchEvent(new Event('online'));
    const comment = (await posted).detail.comment as { id: string; body: string };
    expect(comment.body).to.equal('Written on a train');
    await until(() => shownIds(mounted!).includes(comment.id), 'the posted comment in the thread');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(posts(await fake.requests())).to.have.length(1);
    expect(
      (await fake.comments(PAGE)).filter((c) => c.body === 'Written on a train'),
    ).to.have.length(1);
  });

  for (const [name, fault] of [
    ['the answer is lost on the way back', { dropConnection: true }],
    [
      'the server answers 503 after storing it',
      { status: 503, error: { code: 'unavailable', message: 'busy' } },
    ],
  ] as const) {
    it(`a POST is retried only with the same Idempotency-Key when ${name}: stored once`, async () => {
      const fake = await fakeEndpoint({ threads: { [PAGE]: SEEDED } });
      mounted = await mount({ endpoint: fake.endpoint, page: PAGE });
      await fake.fault({ method: 'POST', path: '/comments', afterProcessing: true, ...fault });
      const posted = nextEvent<CustomEvent>(mounted.element, 'confab-posted', 30_000);
      await writeComment(mounted.root, 'Eve', 'Only once, please');
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
      await until(() => shownIds(mounted!).includes(comment.id), 'the comment in the thread');
      expect(shownIds(mounted).filter((id) => id === comment.id)).to.have.length(1);
    });
  }
});
