import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * The import's resolution (server/src/import/writer.ts runs them in order, in one transaction):
 * set-based updates over a run's staged rows that find each comment's page, parent, fate and
 * depth, so that no map of the file's ids is held in memory. Every function touches only the
 * rows of the run it is given.
 */

/** Appends to a row's note; `note` is an SQL expression's operand, not a column. */
function appendNote(note: string) {
  return sql<string>`coalesce(note || '; ', '') || ${note}`;
}

const threadPages = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set((eb) => ({
      page_key: eb
        .selectFrom('import_staging as t')
        .select('t.page_key')
        .where('t.run_id', '=', p.run)
        .where('t.kind', '=', 'thread')
        .whereRef('t.source_key', '=', 'import_staging.thread_key')
        .orderBy('t.seq')
        .limit(1),
    }))
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('page_key', 'is', null)
    .where('thread_key', 'is not', null),
);

const noPage = prepared((db, p: { run: string; reason: string }) =>
  db
    .updateTable('import_staging')
    .set({ skip_kind: 'failed', skip_reason: p.reason })
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('page_key', 'is', null)
    .where('skip_reason', 'is', null),
);

/** Comments named by their thread take its page; those still without one fail with `reason`. */
export async function resolvePages(db: Db, runId: string, reason: string): Promise<void> {
  await threadPages.run(db, { run: runId });
  await noPage.run(db, { run: runId, reason });
}

const duplicates = prepared((db, p: { run: string; reason: string }) =>
  db
    .updateTable('import_staging')
    .set({ skip_kind: 'failed', skip_reason: p.reason })
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('import_staging as o')
          .select('o.seq')
          .where('o.run_id', '=', p.run)
          .where('o.kind', '=', 'comment')
          .whereRef('o.source_key', '=', 'import_staging.source_key')
          .whereRef('o.seq', '<', 'import_staging.seq'),
      ),
    ),
);

/** A comment whose source key an earlier item of the file has fails with `reason`. */
export function markDuplicates(db: Db, runId: string, reason: string): Promise<number> {
  return duplicates.run(db, { run: runId, reason });
}

const existing = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set((eb) => ({
      comment_id: eb
        .selectFrom('imported_comments as m')
        .select('m.comment_id')
        .whereRef('m.source_key', '=', 'import_staging.source_key'),
      outcome: 'existing',
    }))
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('skip_kind', 'is distinct from', 'failed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('imported_comments as m')
          .select('m.comment_id')
          .whereRef('m.source_key', '=', 'import_staging.source_key'),
      ),
    ),
);

/** Comments an earlier run imported: their outcome is `existing`. */
export function markExisting(db: Db, runId: string): Promise<number> {
  return existing.run(db, { run: runId });
}

const parentsInRun = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set((eb) => ({
      parent_seq: eb
        .selectFrom('import_staging as parent')
        .select((inner) => inner.fn.min('parent.seq').as('seq'))
        .where('parent.run_id', '=', p.run)
        .where('parent.kind', '=', 'comment')
        .whereRef('parent.source_key', '=', 'import_staging.parent_key')
        .whereRef('parent.page_key', '=', 'import_staging.page_key'),
    }))
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('parent_key', 'is not', null),
);

const orphans = prepared((db, p: { run: string; note: string }) =>
  db
    .updateTable('import_staging')
    .set({ parent_key: null, note: appendNote(p.note) })
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('parent_key', 'is not', null)
    .where('parent_seq', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('imported_comments as m')
            .innerJoin('comments as c', 'c.id', 'm.comment_id')
            .innerJoin('pages as pg', 'pg.id', 'c.page_id')
            .select('m.comment_id')
            .whereRef('m.source_key', '=', 'import_staging.parent_key')
            .whereRef('pg.key', '=', 'import_staging.page_key'),
        ),
      ),
    ),
);

/**
 * Links each comment to its parent's row on the same page; one whose parent is neither there
 * nor imported earlier on the same page loses its parent (top level), noted with `note`.
 */
export async function linkParents(db: Db, runId: string, note: string): Promise<void> {
  await parentsInRun.run(db, { run: runId });
  await orphans.run(db, { run: runId, note });
}

const shown = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set({ outcome: 'comment' })
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('outcome', 'is', null)
    .where('skip_kind', 'is', null),
);

/** Comments with nothing against them will be written as they are. */
export function markShown(db: Db, runId: string): Promise<number> {
  return shown.run(db, { run: runId });
}

const tombstones = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set((eb) => ({
      outcome: 'tombstone',
      // A tombstone whose own time was unreadable takes its first reply's.
      created_at: eb.fn.coalesce(
        'created_at',
        eb
          .selectFrom('import_staging as child')
          .select((inner) => inner.fn.min('child.created_at').as('t'))
          .where('child.run_id', '=', p.run)
          .whereRef('child.parent_seq', '=', 'import_staging.seq')
          .where('child.outcome', 'in', ['comment', 'tombstone']),
      ),
    }))
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('outcome', 'is', null)
    .where('skip_kind', 'is not', null)
    .where('page_key', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('import_staging as child')
          .select('child.seq')
          .where('child.run_id', '=', p.run)
          .whereRef('child.parent_seq', '=', 'import_staging.seq')
          .where('child.outcome', 'in', ['comment', 'tombstone']),
      ),
    ),
);

/**
 * One step up the trees: comments left out (deleted, spam …) with a reply that is written
 * become tombstones. Call until it changes nothing; returns how many it marked.
 */
export function markTombstones(db: Db, runId: string): Promise<number> {
  return tombstones.run(db, { run: runId });
}

const rest = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set({ outcome: 'skip' })
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('outcome', 'is', null),
);

/** Whatever is neither written nor a tombstone nor imported before is left out. */
export function markSkipped(db: Db, runId: string): Promise<number> {
  return rest.run(db, { run: runId });
}

const roots = prepared((db, p: { run: string }) =>
  db
    .updateTable('import_staging')
    .set({ depth: 0 })
    .where('run_id', '=', p.run)
    .where('outcome', 'in', ['comment', 'tombstone'])
    .where('depth', 'is', null)
    .where((eb) =>
      eb.or([
        eb('parent_seq', 'is', null),
        eb.exists(
          eb
            .selectFrom('import_staging as parent')
            .select('parent.seq')
            .whereRef('parent.seq', '=', 'import_staging.parent_seq')
            .where('parent.outcome', '=', 'existing'),
        ),
      ]),
    ),
);

const nextLevel = prepared((db, p: { run: string; depth: number; next: number }) =>
  db
    .updateTable('import_staging')
    .set({ depth: p.next })
    .where('run_id', '=', p.run)
    .where('outcome', 'in', ['comment', 'tombstone'])
    .where('depth', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('import_staging as parent')
          .select('parent.seq')
          .whereRef('parent.seq', '=', 'import_staging.parent_seq')
          .where('parent.depth', '=', p.depth),
      ),
    ),
);

/** Top-level rows, and replies to comments imported before, are at depth 0. */
export function markRoots(db: Db, runId: string): Promise<number> {
  return roots.run(db, { run: runId });
}

/** Replies to rows at `depth` are at depth + 1; returns how many. */
export function markNextLevel(db: Db, runId: string, depth: number): Promise<number> {
  return nextLevel.run(db, { run: runId, depth, next: depth + 1 });
}

const firstUnplaced = prepared((db, p: { run: string }) =>
  db
    .selectFrom('import_staging')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('run_id', '=', p.run)
    .where('outcome', 'in', ['comment', 'tombstone'])
    .where('depth', 'is', null),
);

const toTopLevel = prepared((db, p: { seq: number; note: string }) =>
  db
    .updateTable('import_staging')
    .set({ parent_key: null, parent_seq: null, depth: 0, note: appendNote(p.note) })
    .where('seq', '=', p.seq),
);

/**
 * Rows left without a depth are in a loop of parents (A replies to B, B to A). The first of
 * them moves to the top level, noted with `note`; returns false when there is none.
 */
export async function breakLoop(db: Db, runId: string, note: string): Promise<boolean> {
  const seq = (await firstUnplaced.first(db, { run: runId }))?.seq;
  if (seq === null || seq === undefined) return false;
  await toTopLevel.run(db, { seq: Number(seq), note });
  return true;
}
