import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { clientNetwork } from './client-address.js';
import type { RateLimit } from './config.js';
import { VoterLimit, type VoterCheck } from './rate-limits.js';
import { countHit, markWindow, peekHits, purgeRateLimits } from './storage/rate-limits.js';
import type { Storage } from './storage/types.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** What @fastify/rate-limit constructs from its `store` option. */
export type RateLimitStoreClass = FastifyRateLimitStoreCtor;

/** Ended windows are deleted at most this often, by whichever hit comes after. */
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * The rate limits' counters, where every server process counts: a store for
 * @fastify/rate-limit over the database's `rate_limits` table (migration 007), so the 11th
 * post of a minute from one token is refused whichever instance it reaches. SQLite has one
 * process, and keeps the plugin's own memory store: this answers undefined for it.
 *
 * The plugin makes one store per limiter (child()); each gets a prefix from its place in the
 * order the limiters are created (the same in every process running the same version) and
 * its rate, so two limiters that key by the same token count apart.
 */
export function sharedRateLimitStore(storage: Storage): RateLimitStoreClass | undefined {
  if (storage.dialect === 'sqlite') return undefined;
  let limiters = 0;
  let purgedAt = Date.now();

  const purgeNowAndThen = (now: number) => {
    if (now - purgedAt < PURGE_EVERY_MS) return;
    purgedAt = now;
    // Only housekeeping: a failure leaves a few more rows for the next time.
    storage.single((db) => purgeRateLimits(db, now)).catch(() => {});
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string;

    constructor(_globalParams: unknown, prefix = 'global') {
      this.#prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      purgeNowAndThen(now);
      storage
        .single((db) => countHit(db, `${this.#prefix}:${key}`, now, timeWindow))
        .then(
          ({ hits, windowStart }) =>
            callback(null, { current: hits, ttl: Math.max(0, windowStart + timeWindow - now) }),
          (error: Error) => callback(error),
        );
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      storage
        .single((db) => peekHits(db, `${this.#prefix}:${key}`))
        .then(
          (row) =>
            callback(
              null,
              !row || row.window_start + timeWindow <= now
                ? { current: 0, ttl: 0 }
                : { current: row.hits, ttl: row.window_start + timeWindow - now },
            ),
          (error: Error) => callback(error),
        );
    }

    // The plugin hands a limiter's merged options, typed as route options.
    child(options: Parameters<FastifyRateLimitStore['child']>[0]): DatabaseRateLimitStore {
      const { max, timeWindow } = options as unknown as { max: unknown; timeWindow: unknown };
      limiters += 1;
      return new DatabaseRateLimitStore(null, `${limiters}:${String(max)}/${String(timeWindow)}`);
    }
  }
  return DatabaseRateLimitStore;
}

/**
 * The voters limit (rate-limits.ts, VoterLimit) counted in the database, for several server
 * processes: one counter of the tokens of a network that voted on a comment in the window,
 * and a marker per token lasting as long as that window, so a token that voted may change its
 * vote. One SERIALIZABLE transaction each: concurrent voters through different instances let
 * exactly the limit through.
 */
export class SharedVoterLimit implements VoterCheck {
  readonly #storage: Storage;
  readonly #limit: RateLimit;

  constructor(storage: Storage, limit: RateLimit) {
    this.#storage = storage;
    this.#limit = limit;
  }

  wait(address: string, commentId: number, tokenId: number): Promise<number> {
    const counter = `voters:${clientNetwork(address)} ${commentId}`;
    const { max, windowMs } = this.#limit;
    return this.#storage.transaction(async (tx) => {
      const now = Date.now();
      const open = (row: { window_start: number; window_ms: number } | undefined) =>
        row !== undefined && row.window_start + row.window_ms > now;
      if (open(await peekHits(tx, `${counter} ${tokenId}`))) return 0;
      const current = await peekHits(tx, counter);
      if (open(current) && current!.hits >= max) {
        return Math.max(1, Math.ceil((current!.window_start + current!.window_ms - now) / 1000));
      }
      const { windowStart } = await countHit(tx, counter, now, windowMs);
      await markWindow(tx, `${counter} ${tokenId}`, windowStart, windowMs);
      return 0;
    });
  }
}

/** The voters limit where every server process counts: memory on SQLite (one process). */
export function voterLimit(storage: Storage, limit: RateLimit): VoterCheck {
  return storage.dialect === 'sqlite'
    ? new VoterLimit(limit)
    : new SharedVoterLimit(storage, limit);
}
