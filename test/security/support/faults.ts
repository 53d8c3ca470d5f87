/**
 * Shared by the fault tests: a seeded thread, request-log filters, and a guarded `it` that also
 * fails on any uncaught error or change outside the widget.
 */
import { expect } from '@open-wc/testing';
import type { LoggedRequest, TestServer } from '../../support/server.js';
import { mount, nextEvent, parts, until, watchUncaught, type Mounted } from './widget.js';

export const PAGE = 'faults';
export const SEEDED = [
  { ref: 'first', author: 'Ann', body: 'First comment' },
  { ref: 'second', author: 'Bob', body: 'Second comment' },
];

export function threadRequests(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.method === 'GET' && r.path === '/threads');
}

export function posts(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.method === 'POST' && r.path === '/comments');
}

export function shownIds(mounted: Mounted): string[] {
  return parts(mounted.root, 'comment').map((c) => c.getAttribute('data-comment-id') ?? '');
}

/** Mounts without waiting for a successful load (the load is expected to fail first). */
export async function mountFailing(
  server: TestServer,
): Promise<{ mounted: Mounted; error: Promise<CustomEvent> }> {
  // The error event may fire before mount() returns, so listen on the body, where it bubbles to.
  const error = nextEvent<CustomEvent>(document.body, 'confab-error', 90_000);
  const mounted = await mount({ endpoint: server.endpoint, page: PAGE, waitForRender: false });
  return { mounted, error };
}

export async function expectErrorShownThenRetryWorks(
  mounted: Mounted,
  server: TestServer,
): Promise<void> {
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
  expect(server.refs(shownIds(mounted))).to.deep.equal(['first', 'second']);
  expect(parts(root, 'error')).to.have.length(0);
}

/** The element a guarded test mounted, unmounted (and checked) after it. */
export interface Guarded {
  mounted: Mounted | null;
}

/** Like `it`, and the case also fails on an uncaught error or a change outside the widget. */
export function guardedIt(name: string, body: (state: Guarded) => Promise<void>): void {
  it(name, async () => {
    const uncaught = watchUncaught();
    const state: Guarded = { mounted: null };
    try {
      await body(state);
    } finally {
      const seen = state.mounted?.unmount();
      const errors = uncaught.stop();
      expect(errors, 'uncaught errors').to.deep.equal([]);
      if (seen) expect(seen.outside, 'changes outside the widget').to.deep.equal([]);
    }
  });
}
