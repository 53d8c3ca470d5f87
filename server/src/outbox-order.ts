import type { CommitHorizon } from './storage/types.js';

/**
 * How long the feed waits for a missing event id before it moves on anyway: long enough for
 * any transaction of the server's, short enough that a session left open in a transaction
 * (psql) holds live events back for seconds, not for ever.
 */
export const GAP_TIMEOUT_MS = 10_000;

/** Ids missing from a read, and what was running when they were first seen missing. */
interface Gap {
  from: number;
  /** Exclusive. */
  to: number;
  /** The read that first saw it: only a later snapshot can settle it. */
  read: number;
  /** Transaction ids this database's sessions held just after that read's snapshot. */
  writers: readonly number[];
  since: number;
}

export interface OrderStep {
  /** How many of the rows, from the first, may be delivered now. */
  deliver: number;
  /** The feed's cursor after them (past settled gaps too). */
  cursor: number;
  /** Stopped at a gap that may still fill: read again soon. */
  waiting: boolean;
  /** Ids given up on after GAP_TIMEOUT_MS; an event among them would never be delivered. */
  abandoned: Array<[number, number]>;
}

/**
 * Keeps the event feed's cursor from passing an event id whose transaction may still commit.
 *
 * PostgreSQL hands out sequence values at INSERT, not at COMMIT: event 10 may be visible
 * while event 9, taken earlier by a transaction still running, is not yet. A feed that read
 * `id > cursor`, delivered 10 and moved its cursor to 10 would never deliver 9, and a stream
 * resuming with Last-Event-ID 10 would miss it. So a missing id (a gap) stops the cursor
 * until it is settled: either its row shows up, or every transaction that could have taken
 * it has ended. Write transactions take their transaction id at BEGIN, before any event id
 * (storage/postgres.ts), so the one that took a missing id was running when the snapshot
 * that misses it was taken, and holds a transaction id in this database right after. Once
 * a later snapshot shows none of those still running, the gap is settled: if its row
 * committed, that snapshot shows it; if not, it never will (a rolled-back write, a retried
 * serialization failure). A session that keeps a transaction open holds the gap, and with
 * it the feed, for at most GAP_TIMEOUT_MS.
 *
 * With no horizon (SQLite: one writer, ids commit in order) a missing id is settled at once.
 */
export class OutboxOrder {
  readonly #timeoutMs: number;
  #gaps: Gap[] = [];

  constructor(timeoutMs = GAP_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
  }

  /** Gaps not yet settled (tests, diagnostics). */
  get openGaps(): number {
    return this.#gaps.length;
  }

  /**
   * Given the ids a read found after `cursor` (ascending), the read's number (increasing)
   * and its horizon: how far the feed may go.
   */
  next(
    cursor: number,
    ids: readonly number[],
    read: number,
    horizon: CommitHorizon | null,
    now: number,
  ): OrderStep {
    const abandoned: Array<[number, number]> = [];
    let expected = cursor + 1;
    let deliver = 0;
    let waiting = false;
    for (const id of ids) {
      while (expected < id) {
        const gap = this.#gapAt(expected, id, read, horizon, now);
        if (gap === null) {
          expected = id; // settled at once: nothing can commit below a visible id
          break;
        }
        if (gap.read < read && this.#settled(gap, horizon!)) {
          expected = Math.min(gap.to, id);
        } else if (now - gap.since >= this.#timeoutMs) {
          abandoned.push([expected, Math.min(gap.to, id) - 1]);
          expected = Math.min(gap.to, id);
        } else {
          waiting = true;
          break;
        }
      }
      if (waiting) break;
      deliver += 1;
      expected = id + 1;
    }
    const next = expected - 1;
    this.#gaps = this.#gaps.filter((gap) => gap.to > next + 1);
    return { deliver, cursor: next, waiting, abandoned };
  }

  /** The gap record covering `id`, made now when there is none; null when no gap can wait. */
  #gapAt(
    id: number,
    end: number,
    read: number,
    horizon: CommitHorizon | null,
    now: number,
  ): Gap | null {
    if (horizon === null) return null;
    const known = this.#gaps.find((gap) => gap.from <= id && id < gap.to);
    if (known) return known;
    const gap: Gap = { from: id, to: end, read, writers: horizon.writers, since: now };
    this.#gaps.push(gap);
    return gap;
  }

  #settled(gap: Gap, horizon: CommitHorizon): boolean {
    return gap.writers.every((xid) => !horizon.running.has(xid));
  }
}
