/**
 * Faults: slow, failing and rate-limiting servers give a clear message,
 * retry as told and offer a working Retry button.
 * Each case runs the real element against the reference server, through the test proxy's fault
 * injection.
 */
import { expect } from '@open-wc/testing';
import { testServer } from '../support/server.js';
import {
  PAGE,
  SEEDED,
  threadRequests,
  shownIds,
  mountFailing,
  expectErrorShownThenRetryWorks,
  guardedIt,
} from './support/faults.js';
import { mount } from './support/widget.js';

describe('faults: slow, failing and rate-limiting servers', function () {
  this.timeout(120_000);

  guardedIt(
    'a server that never answers in time: timeout message after the retries, then Retry works',
    async (s) => {
      const server = await testServer({ threads: { [PAGE]: SEEDED } });
      // Every attempt (the first and its three retries) outlasts the client's 10 s timeout.
      await server.fault({ method: 'GET', path: '/threads', delayMs: 10_500, times: 4 });
      const started = await mountFailing(server);
      s.mounted = started.mounted;
      const error = await started.error;
      expect(error.detail.code).to.equal('timeout');
      expect(threadRequests(await server.requests())).to.have.length(4);
      await expectErrorShownThenRetryWorks(s.mounted, server);
    },
  );

  guardedIt('a 500: an error message (not retried blindly), then Retry works', async (s) => {
    const server = await testServer({ threads: { [PAGE]: SEEDED } });
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 500,
      error: { code: 'internal', message: 'boom' },
    });
    const started = await mountFailing(server);
    s.mounted = started.mounted;
    expect((await started.error).detail.code).to.equal('internal');
    expect(threadRequests(await server.requests())).to.have.length(1);
    await expectErrorShownThenRetryWorks(s.mounted, server);
  });

  guardedIt('transient 503s are retried with backoff and the thread loads', async (s) => {
    const server = await testServer({ threads: { [PAGE]: SEEDED } });
    await server.fault({ method: 'GET', path: '/threads', status: 503, times: 2 });
    s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
    expect(server.refs(shownIds(s.mounted))).to.deep.equal(['first', 'second']);
    expect(threadRequests(await server.requests())).to.have.length(3);
  });

  guardedIt('429 with Retry-After: the widget waits as told before asking again', async (s) => {
    const server = await testServer({ threads: { [PAGE]: SEEDED } });
    await server.fault({
      method: 'GET',
      path: '/threads',
      status: 429,
      retryAfter: 2,
      error: { code: 'rate_limited', message: 'Slow down.' },
    });
    performance.clearResourceTimings();
    s.mounted = await mount({ endpoint: server.endpoint, page: PAGE });
    expect(server.refs(shownIds(s.mounted))).to.deep.equal(['first', 'second']);
    expect(threadRequests(await server.requests())).to.have.length(2);
    const starts = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(`${server.endpoint}/threads`))
      .map((entry) => entry.startTime);
    expect(starts).to.have.length(2);
    // Told 2 s; allow for timer clamping, never much less (the default backoff would be ~0.5 s).
    expect(starts[1]! - starts[0]!).to.be.at.least(1900);
  });
});
