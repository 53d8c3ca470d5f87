/**
 * Where the console is, in the URL's fragment, so reloads, the back button and links from mail
 * (`/admin/#comment=<id>`, docs/protocol.md) land on the same view. Pure.
 */
import type { ModQueue } from '../../../src/protocol/index.js';

export type View = ModQueue | 'bans' | 'audit';

export const VIEWS: readonly View[] = [
  'pending',
  'reported',
  'published',
  'deleted',
  'bans',
  'audit',
];

export type Route = { view: View } | { view: 'comment'; id: string };

export function isQueue(view: View | 'comment'): view is ModQueue {
  return view === 'pending' || view === 'reported' || view === 'published' || view === 'deleted';
}

/** The route a fragment names; anything unknown is the pending queue. */
export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '');
  const comment = /^comment=(.+)$/.exec(fragment);
  if (comment) {
    let id: string;
    try {
      id = decodeURIComponent(comment[1]!);
    } catch {
      return { view: 'pending' };
    }
    return id ? { view: 'comment', id } : { view: 'pending' };
  }
  return { view: (VIEWS as readonly string[]).includes(fragment) ? (fragment as View) : 'pending' };
}

export function routeHash(route: Route): string {
  return route.view === 'comment' ? `#comment=${encodeURIComponent(route.id)}` : `#${route.view}`;
}
