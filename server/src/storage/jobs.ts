import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * The job queue's table: mail and webhook deliveries waiting, being tried, or given up. Every
 * query here is plain portable SQL (no SKIP LOCKED): a claim is one UPDATE that only takes
 * rows still due, so two workers on one database never hold the same job, whichever dialect.
 */

export interface NewJob {
  kind: string;
  /** At most one queued job per key; null: no such limit. */
  dedupeKey: string | null;
  payload: string;
  runAt: number;
  now: number;
}

const insertQuery = prepared((db, p: NewJob) =>
  db
    .insertInto('jobs')
    .values({
      kind: p.kind,
      dedupe_key: p.dedupeKey,
      payload: p.payload,
      run_at: p.runAt,
      created_at: p.now,
    })
    // A queued job with the same key already covers this one.
    .onConflict((conflict) => conflict.doNothing())
    .returning('id'),
);

/** Queues a job; false when a queued job with the same dedupe key exists already. */
export async function enqueueJob(db: Db, job: NewJob): Promise<boolean> {
  return (await insertQuery.first(db, job)) !== undefined;
}

const claimQuery = prepared(
  (db, p: { now: number; leaseUntil: number; claim: string; limit: number }) =>
    db
      .updateTable('jobs')
      .set({
        claimed_by: p.claim,
        run_at: p.leaseUntil,
        attempts: sql<number>`attempts + 1`,
      })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('jobs as due')
          .select('due.id')
          .where('due.state', '=', 'queued')
          .where('due.run_at', '<=', p.now)
          .orderBy('due.run_at')
          .orderBy('due.id')
          .limit(p.limit),
      )
      // Checked again on the row itself: a worker that lost the race for it updates nothing.
      .where('state', '=', 'queued')
      .where('run_at', '<=', p.now)
      .returning(['id', 'kind', 'payload', 'attempts', 'created_at as createdAt']),
);

/**
 * Takes up to `limit` due jobs for one worker: each is held (its run_at moved to the end of
 * the lease) until finished, retried, or the lease lapses (a crashed worker's jobs come due
 * again). Returns the jobs this call took.
 */
export function claimJobs(
  db: Db,
  claim: { now: number; leaseUntil: number; claim: string; limit: number },
) {
  return claimQuery.all(db, claim);
}

export type ClaimedJobRow = Awaited<ReturnType<typeof claimJobs>>[number];

const finishQuery = prepared((db, p: { id: number; claim: string }) =>
  db.deleteFrom('jobs').where('id', '=', p.id).where('claimed_by', '=', p.claim),
);

/** Removes a job done; false when the claim had lapsed and another worker holds it. */
export async function finishJob(db: Db, id: number, claim: string): Promise<boolean> {
  return (await finishQuery.run(db, { id, claim })) > 0;
}

const retryQuery = prepared((db, p: { id: number; claim: string; runAt: number; error: string }) =>
  db
    .updateTable('jobs')
    .set({ run_at: p.runAt, claimed_by: null, last_error: p.error })
    .where('id', '=', p.id)
    .where('claimed_by', '=', p.claim),
);

/** Puts a failed job back, due again at `runAt`. */
export async function retryJob(
  db: Db,
  job: { id: number; claim: string; runAt: number; error: string },
): Promise<boolean> {
  return (await retryQuery.run(db, job)) > 0;
}

const buryQuery = prepared((db, p: { id: number; claim: string; error: string; now: number }) =>
  db
    .updateTable('jobs')
    .set({ state: 'dead', claimed_by: null, last_error: p.error, run_at: p.now })
    .where('id', '=', p.id)
    .where('claimed_by', '=', p.claim),
);

/** Gives a job up: kept a while for the operator (`state = 'dead'`), never tried again. */
export async function buryJob(
  db: Db,
  job: { id: number; claim: string; error: string; now: number },
): Promise<boolean> {
  return (await buryQuery.run(db, job)) > 0;
}

const nextDueQuery = prepared((db, _p: object) =>
  db
    .selectFrom('jobs')
    .select(sql<number | null>`min(run_at)`.as('at'))
    .where('state', '=', 'queued'),
);

/** When the earliest queued job is due (or its claim lapses); null when none is queued. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const at = (await nextDueQuery.first(db, {}))?.at;
  return at === null || at === undefined ? null : Number(at);
}

const dropByKeyQuery = prepared((db, p: { key: string }) =>
  db.deleteFrom('jobs').where('dedupe_key', '=', p.key).where('state', '=', 'queued'),
);

/** Drops the queued job of a key (a digest nobody should get any more). */
export async function dropQueuedJob(db: Db, key: string) {
  await dropByKeyQuery.run(db, { key });
}

const pruneDeadQuery = prepared((db, p: { before: number }) =>
  db.deleteFrom('jobs').where('state', '=', 'dead').where('run_at', '<', p.before),
);

/** Forgets jobs given up before a time; returns how many. */
export function pruneDeadJobs(db: Db, before: number): Promise<number> {
  return pruneDeadQuery.run(db, { before });
}

const countsQuery = prepared((db, _p: object) =>
  db
    .selectFrom('jobs')
    .select(['kind', 'state', sql<number>`count(*)`.as('count')])
    .groupBy(['kind', 'state']),
);

/** How many jobs of each kind are queued or dead (operators, tests). */
export function jobCounts(db: Db) {
  return countsQuery.all(db, {});
}
