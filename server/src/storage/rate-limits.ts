import { prepared } from './prepared.js';
import type { Db } from './schema.js';

// One row per limiter and client. A hit in a window that has ended starts a new one; the
// upsert does it in one statement, atomic however many servers count the same key at once.
const hit = prepared((db, p: { key: string; now: number; windowMs: number }) =>
  db
    .insertInto('rate_limits')
    .values({ key: p.key, window_start: p.now, window_ms: p.windowMs, hits: 1 })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => {
        const ended = eb(
          eb('rate_limits.window_start', '+', eb.ref('rate_limits.window_ms')),
          '<=',
          eb.ref('excluded.window_start'),
        );
        return {
          hits: eb
            .case()
            .when(ended)
            .then(1)
            .else(eb('rate_limits.hits', '+', 1))
            .end(),
          window_start: eb
            .case()
            .when(ended)
            .then(eb.ref('excluded.window_start'))
            .else(eb.ref('rate_limits.window_start'))
            .end(),
          window_ms: eb.ref('excluded.window_ms'),
        };
      }),
    )
    .returning(['hits', 'window_start']),
);

const peek = prepared((db, p: { key: string }) =>
  db
    .selectFrom('rate_limits')
    .select(['hits', 'window_start', 'window_ms'])
    .where('key', '=', p.key),
);

const purge = prepared((db, p: { now: number }) =>
  db
    .deleteFrom('rate_limits')
    .where((eb) => eb(eb('window_start', '+', eb.ref('window_ms')), '<=', p.now)),
);

/** Counts a hit; returns the hits of the key's window, this one included, and its start. */
export async function countHit(
  db: Db,
  key: string,
  now: number,
  windowMs: number,
): Promise<{ hits: number; windowStart: number }> {
  const row = await hit.first(db, { key, now, windowMs });
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return { hits: row.hits, windowStart: row.window_start };
}

/** The key's window as it stands, without counting, or undefined. */
export function peekHits(db: Db, key: string) {
  return peek.first(db, { key });
}

/** Drops the windows that have ended; returns how many. */
export function purgeRateLimits(db: Db, now: number): Promise<number> {
  return purge.run(db, { now });
}

const setWindow = prepared((db, p: { key: string; windowStart: number; windowMs: number }) =>
  db
    .insertInto('rate_limits')
    .values({ key: p.key, window_start: p.windowStart, window_ms: p.windowMs, hits: 1 })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({ window_start: p.windowStart, window_ms: p.windowMs, hits: 1 }),
    ),
);

/** Makes the key's window the one given (a marker that lasts as long as another key's window). */
export async function markWindow(
  db: Db,
  key: string,
  windowStart: number,
  windowMs: number,
): Promise<void> {
  await setWindow.run(db, { key, windowStart, windowMs });
}
