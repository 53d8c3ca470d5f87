import { prepared } from './prepared.js';
import type { Db, EventKind } from './schema.js';

/** Which outbox events were turned into jobs, and small values the server keeps for itself. */

const undispatchedQuery = prepared((db, p: { after: number; since: number; limit: number }) =>
  db
    .selectFrom('events')
    .leftJoin('event_dispatch', 'event_dispatch.event_id', 'events.id')
    .select([
      'events.id as id',
      'events.kind as kind',
      'events.comment_id as commentId',
      'events.page_key as pageKey',
      'events.created_at as createdAt',
    ])
    .where('events.id', '>', p.after)
    .where('events.created_at', '>=', p.since)
    .where('event_dispatch.event_id', 'is', null)
    .where('events.kind', 'in', [
      'comment.created',
      'comment.edited',
      'comment.deleted',
      'comment.approved',
      'comment.reported',
    ] satisfies EventKind[])
    .orderBy('events.id')
    .limit(p.limit),
);

/** Comment events after an id and since a time that no one has dispatched yet, oldest first. */
export function undispatchedEvents(db: Db, range: { after: number; since: number; limit: number }) {
  return undispatchedQuery.all(db, range);
}

export type UndispatchedEvent = Awaited<ReturnType<typeof undispatchedEvents>>[number];

const markQuery = prepared((db, p: { eventId: number; now: number }) =>
  db
    .insertInto('event_dispatch')
    .values({ event_id: p.eventId, created_at: p.now })
    .onConflict((conflict) => conflict.column('event_id').doNothing())
    .returning('event_id'),
);

/** Claims an event for dispatch: true for exactly one caller, whatever the race. */
export async function markDispatched(db: Db, eventId: number, now: number): Promise<boolean> {
  return (await markQuery.first(db, { eventId, now })) !== undefined;
}

const pruneMarksQuery = prepared((db, _p: object) =>
  db
    .deleteFrom('event_dispatch')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('events')
            .select('events.id')
            .whereRef('events.id', '=', 'event_dispatch.event_id'),
        ),
      ),
    ),
);

/**
 * Forgets the marks of events the outbox no longer holds. A mark lives exactly as long as its
 * event: one dropped earlier would let a restarted dispatcher take the event for new.
 */
export function pruneDispatchMarks(db: Db): Promise<number> {
  return pruneMarksQuery.run(db, {});
}

const stateQuery = prepared((db, p: { name: string }) =>
  db.selectFrom('server_state').select('value').where('name', '=', p.name),
);

const initStateQuery = prepared((db, p: { name: string; value: string; now: number }) =>
  db
    .insertInto('server_state')
    .values({ name: p.name, value: p.value, created_at: p.now })
    .onConflict((conflict) => conflict.column('name').doNothing()),
);

/**
 * The value kept under `name`, storing `initial` first when there is none: every instance on
 * one database ends up with the same value, whichever stored it.
 */
export async function serverState(
  db: Db,
  name: string,
  initial: string,
  now: number,
): Promise<string> {
  await initStateQuery.run(db, { name, value: initial, now });
  const row = await stateQuery.first(db, { name });
  if (!row) throw new Error(`server_state ${name} neither inserted nor found`);
  return row.value;
}

const openReportsQuery = prepared((db, p: { commentId: number }) =>
  db
    .selectFrom('reports')
    .select(['reason', (eb) => eb.fn.countAll<number>().as('count')])
    .where('comment_id', '=', p.commentId)
    .where('state', '=', 'open')
    .groupBy('reason'),
);

/** A comment's open reports, counted by reason (what a `comment.reported` webhook tells). */
export async function openReportsOf(
  db: Db,
  commentId: number,
): Promise<{ count: number; reasons: Record<string, number> }> {
  const rows = await openReportsQuery.all(db, { commentId });
  const reasons: Record<string, number> = {};
  let count = 0;
  for (const row of rows) {
    reasons[row.reason] = Number(row.count);
    count += Number(row.count);
  }
  return { count, reasons };
}

const announceQuery = prepared((db, p: { commentId: number; now: number }) =>
  db
    .insertInto('announced_replies')
    .values({ comment_id: p.commentId, created_at: p.now })
    .onConflict((conflict) => conflict.column('comment_id').doNothing())
    .returning('comment_id'),
);

/** Records that a reply's notices were made: true the first time only. */
export async function markReplyAnnounced(db: Db, commentId: number, now: number) {
  return (await announceQuery.first(db, { commentId, now })) !== undefined;
}

const importedQuery = prepared((db, p: { commentId: number }) =>
  db.selectFrom('imported_comments').select('comment_id').where('comment_id', '=', p.commentId),
);

/** Whether a comment came in through `confab-server import`. */
export async function isImported(db: Db, commentId: number): Promise<boolean> {
  return (await importedQuery.first(db, { commentId })) !== undefined;
}
