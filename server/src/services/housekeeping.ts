import { pruneEvents } from '../storage/events.js';
import { purgeIdempotencyKeys } from '../storage/idempotency.js';
import type { Storage } from '../storage/types.js';
import { IDEMPOTENCY_WINDOW_MS } from './comments.js';
import type { Clock } from './results.js';

/** How long the outbox keeps events: how far back a reconnecting stream can catch up. */
export const DEFAULT_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Forgets what has served its purpose: old idempotency keys and old events. */
export class Housekeeping {
  readonly #storage: Storage;
  readonly #now: Clock;
  readonly #eventRetentionMs: number;

  constructor(storage: Storage, now: Clock, eventRetentionMs = DEFAULT_EVENT_RETENTION_MS) {
    this.#storage = storage;
    this.#now = now;
    this.#eventRetentionMs = eventRetentionMs;
  }

  purge(): Promise<{ idempotencyKeys: number; events: number }> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      return {
        idempotencyKeys: await purgeIdempotencyKeys(tx, now - IDEMPOTENCY_WINDOW_MS),
        events: await pruneEvents(tx, now - this.#eventRetentionMs),
      };
    });
  }
}
