import { randomBytes } from 'node:crypto';
import type { Clock } from './services/results.js';
import {
  buryJob,
  claimJobs,
  finishJob,
  nextDueAt,
  retryJob,
  type ClaimedJobRow,
} from './storage/jobs.js';
import type { Db, Storage } from './storage/types.js';

/** A job as a handler gets it: the payload parsed, the attempt counted (1 the first time). */
export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  createdAt: number;
}

/**
 * What came of one attempt. Done: the job is removed, and `inTransaction` runs in that same
 * transaction (a digest marks its notices mailed there). Failed: tried again after a backoff,
 * or given up when `permanent` or too old.
 */
export type JobOutcome =
  | { ok: true; inTransaction?: (tx: Db) => Promise<void> }
  | { ok: false; error: string; permanent?: boolean };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface QueueOptions {
  now?: Clock;
  /** How often to look for due jobs besides wake-ups (a retry's time, another instance's job). */
  pollMs?: number;
  /** How long a claim holds a job; one held longer (a crashed worker) comes due again. */
  leaseMs?: number;
  /** Backoff after the first failure, doubled each time up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A job still failing this long after it was queued is given up. */
  giveUpAfterMs?: number;
  /** Jobs run at once (a receiver that hangs holds one slot until its timeout). */
  concurrency?: number;
  random?: () => number;
  onError?: (error: unknown) => void;
}

const DEFAULTS = {
  pollMs: 1000,
  leaseMs: 2 * 60_000,
  retryBaseMs: 5_000,
  retryMaxMs: 10 * 60_000,
  giveUpAfterMs: 3 * 24 * 60 * 60_000,
  concurrency: 8,
};

/**
 * The job queue's worker: mail and webhook deliveries kept in the `jobs` table. Jobs are claimed
 * with one atomic UPDATE (storage/jobs.ts), so any number of workers, in this process or in
 * other server instances on the same database, never run one job twice at the same time; a
 * job whose sender dies mid-way comes due again when its claim lapses (at least once, not
 * exactly once: a mail sent just before a crash may be sent again). Failures are retried
 * with exponential backoff and a little jitter; nothing is dropped before `giveUpAfterMs`.
 */
export class JobQueue {
  readonly #storage: Storage;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #now: Clock;
  readonly #options: Required<Omit<QueueOptions, 'now' | 'onError' | 'random'>>;
  readonly #random: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #worker = randomBytes(6).toString('base64url');
  readonly #inFlight = new Set<Promise<void>>();
  #claims = 0;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(storage: Storage, options: QueueOptions = {}) {
    this.#storage = storage;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError ?? (() => {});
    this.#options = {
      pollMs: options.pollMs ?? DEFAULTS.pollMs,
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      retryBaseMs: options.retryBaseMs ?? DEFAULTS.retryBaseMs,
      retryMaxMs: options.retryMaxMs ?? DEFAULTS.retryMaxMs,
      giveUpAfterMs: options.giveUpAfterMs ?? DEFAULTS.giveUpAfterMs,
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
    };
  }

  handle(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.#options.pollMs);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for due jobs now (after this process queued one). */
  wake(): void {
    this.pump().catch(this.#onError);
  }

  /** Claims and starts every due job there is room for; resolves once they are started. */
  pump(): Promise<void> {
    this.#again = true;
    this.#running ??= this.#loop().finally(() => (this.#running = null));
    return this.#running;
  }

  async #loop(): Promise<void> {
    while (this.#again && !this.#stopped) {
      this.#again = false;
      const room = this.#options.concurrency - this.#inFlight.size;
      if (room <= 0) return; // a finishing job pumps again
      const now = this.#now();
      // A read first: most wake-ups find nothing due, and a read takes no write lock.
      const due = await this.#storage.read((db) => nextDueAt(db));
      if (due === null || due > now) continue;
      const claim = `${this.#worker}.${++this.#claims}`;
      const rows = await this.#storage.transaction((tx) =>
        claimJobs(tx, { now, leaseUntil: now + this.#options.leaseMs, claim, limit: room }),
      );
      for (const row of rows) {
        const running: Promise<void> = this.#run(row, claim)
          .catch(this.#onError)
          .finally(() => {
            this.#inFlight.delete(running);
            if (!this.#stopped) this.wake();
          });
        this.#inFlight.add(running);
      }
      if (rows.length === room) this.#again = true;
    }
  }

  async #run(row: ClaimedJobRow, claim: string): Promise<void> {
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: JSON.parse(row.payload) as unknown,
      attempts: row.attempts,
      createdAt: row.createdAt,
    };
    const handler = this.#handlers.get(job.kind);
    let outcome: JobOutcome;
    try {
      outcome = handler
        ? await handler(job)
        : { ok: false, error: `no handler for ${job.kind} jobs in this process` };
    } catch (error) {
      outcome = { ok: false, error: (error as Error)?.message ?? String(error) };
    }
    const now = this.#now();
    await this.#storage.transaction(async (tx) => {
      if (outcome.ok) {
        if (await finishJob(tx, job.id, claim)) await outcome.inTransaction?.(tx);
        return;
      }
      const error = outcome.error.slice(0, 500);
      if (outcome.permanent || now - job.createdAt >= this.#options.giveUpAfterMs) {
        await buryJob(tx, { id: job.id, claim, error, now });
      } else {
        await retryJob(tx, { id: job.id, claim, runAt: now + this.backoff(job.attempts), error });
      }
    });
  }

  /** The wait after the `attempts`-th failure: doubling from retryBaseMs, at most retryMaxMs. */
  backoff(attempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.#options;
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts - 1, 30));
    // Up to 10% less, so that instances retrying the same receiver do not march in step.
    return Math.round(delay * (1 - 0.1 * this.#random()));
  }

  /**
   * Runs jobs until none is due and none is running (tests, with their own clock). Jobs
   * queued for later (a digest window, a retry's backoff) stay queued.
   */
  async settle(): Promise<void> {
    for (;;) {
      await this.pump();
      if (this.#inFlight.size === 0) {
        const due = await this.#storage.read((db) => nextDueAt(db));
        if (due === null || due > this.#now()) return;
        continue;
      }
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Stops claiming; waits up to `graceMs` for jobs under way (a lapsed claim is retried later). */
  async stop(graceMs = 5000): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight, this.#running]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }
}
