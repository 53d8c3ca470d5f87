import { sql } from 'kysely';
import type { CommentStatus } from '../../../src/protocol/index.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * The import's reads and writes (server/src/import/ decides what they mean): a run's parsed
 * items wait in `import_staging` while set-based updates resolve their pages, parents and
 * fates, so that memory holds none of them; `imported_comments` remembers each comment's
 * source id across runs. Every function takes the run's id and touches only its rows.
 */

export interface StagedRow {
  runId: string;
  stagedAt: number;
  kind: 'thread' | 'comment';
  line: number;
  sourceKey: string;
  threadKey: string | null;
  parentKey: string | null;
  pageKey: string | null;
  locked: number;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  tokenHash: Buffer | null;
  body: string;
  status: CommentStatus;
  createdAt: number | null;
  editedAt: number | null;
  up: number;
  down: number;
  skipKind: 'skipped' | 'failed' | null;
  skipReason: string | null;
  note: string | null;
}

const columns = (p: StagedRow) => ({
  run_id: p.runId,
  staged_at: p.stagedAt,
  kind: p.kind,
  line: p.line,
  source_key: p.sourceKey,
  thread_key: p.threadKey,
  parent_key: p.parentKey,
  page_key: p.pageKey,
  locked: p.locked,
  author_name: p.authorName,
  author_email: p.authorEmail,
  author_url: p.authorUrl,
  token_hash: p.tokenHash,
  body: p.body,
  status: p.status,
  created_at: p.createdAt,
  edited_at: p.editedAt,
  up: p.up,
  down: p.down,
  skip_kind: p.skipKind,
  skip_reason: p.skipReason,
  note: p.note,
});

/** Rows per INSERT: one statement for many rows costs a fraction of one per row. */
const ROWS_PER_INSERT = 100;

/** Stages parsed items (any number; written in statements of 100 rows). */
export async function stageRows(db: Db, rows: readonly StagedRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const slice = rows.slice(start, start + ROWS_PER_INSERT);
    await db.insertInto('import_staging').values(slice.map(columns)).execute();
  }
}

const clearRunRows = prepared((db, p: { run: string }) =>
  db.deleteFrom('import_staging').where('run_id', '=', p.run),
);

/** Drops a run's staged rows. */
export function clearRun(db: Db, runId: string): Promise<number> {
  return clearRunRows.run(db, { run: runId });
}

const clearOld = prepared((db, p: { before: number }) =>
  db.deleteFrom('import_staging').where('staged_at', '<', p.before),
);

/** Drops rows that runs killed before they could clean up left behind. */
export function clearStaleRuns(db: Db, before: number): Promise<number> {
  return clearOld.run(db, { before });
}

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

const pages = prepared((db, p: { run: string; after: string; limit: number }) =>
  db
    .selectFrom('import_staging')
    .select(['page_key as pageKey', (eb) => eb.fn.countAll<number>().as('comments')])
    .where('run_id', '=', p.run)
    .where('outcome', 'in', ['comment', 'tombstone'])
    .where('page_key', '>', p.after)
    .groupBy('page_key')
    .orderBy('page_key')
    .limit(p.limit),
);

/** Pages with comments to write, in key order after `after`, with how many each. */
export async function pagesToWrite(db: Db, runId: string, after: string, limit: number) {
  const rows = await pages.all(db, { run: runId, after, limit });
  return rows.map((row) => ({ pageKey: row.pageKey!, comments: Number(row.comments) }));
}

const lockedPages = prepared((db, p: { run: string }) =>
  db
    .selectFrom('import_staging')
    .select('page_key as pageKey')
    .distinct()
    .where('run_id', '=', p.run)
    .where('kind', '=', 'thread')
    .where('locked', '=', 1)
    .where('page_key', 'is not', null),
);

/** Pages the file says are closed to new comments (Confab exports). */
export async function lockedThreadPages(db: Db, runId: string): Promise<string[]> {
  return (await lockedPages.all(db, { run: runId })).map((row) => row.pageKey!);
}

const toWrite = prepared(
  (db, p: { run: string; page: string; depth: number; seq: number; limit: number }) =>
    db
      .selectFrom('import_staging as s')
      .leftJoin('imported_comments as m', 'm.source_key', 's.parent_key')
      .select([
        's.seq as seq',
        's.depth as depth',
        's.source_key as sourceKey',
        's.parent_key as parentKey',
        'm.comment_id as parentId',
        's.outcome as outcome',
        's.author_name as authorName',
        's.author_email as authorEmail',
        's.author_url as authorUrl',
        's.token_hash as tokenHash',
        's.body as body',
        's.status as status',
        's.created_at as createdAt',
        's.edited_at as editedAt',
        's.up as up',
        's.down as down',
      ])
      .where('s.run_id', '=', p.run)
      .where('s.page_key', '=', p.page)
      .where('s.outcome', 'in', ['comment', 'tombstone'])
      .where((eb) => eb(eb.refTuple('s.depth', 's.seq'), '>', eb.tuple(p.depth, p.seq)))
      .orderBy('s.depth')
      .orderBy('s.seq')
      .limit(p.limit),
);

/**
 * The next rows of a page to write, parents before replies (by depth): `parentId` is the
 * parent's comment when it was written before this read (an earlier run, or an earlier batch).
 */
export function rowsToWrite(
  db: Db,
  runId: string,
  pageKey: string,
  after: { depth: number; seq: number },
  limit: number,
) {
  return toWrite.all(db, { run: runId, page: pageKey, ...after, limit });
}

export type RowToWrite = Awaited<ReturnType<typeof rowsToWrite>>[number];

/** Which of these source keys were imported already (by another run meanwhile). */
export async function importedKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('imported_comments')
    .select('source_key')
    .where('source_key', 'in', keys)
    .execute();
  return new Set(rows.map((row) => row.source_key));
}

const remember = prepared(
  (
    db,
    p: { commentId: number; source: string; sourceKey: string; email: string | null; now: number },
  ) =>
    db.insertInto('imported_comments').values({
      comment_id: p.commentId,
      source: p.source,
      source_key: p.sourceKey,
      author_email: p.email,
      imported_at: p.now,
    }),
);

/** Records where an imported comment came from, and its author's email as the source had it. */
export async function rememberImport(
  db: Db,
  row: { commentId: number; source: string; sourceKey: string; email: string | null; now: number },
): Promise<void> {
  await remember.run(db, row);
}

const reportRows = prepared((db, p: { run: string; after: number; limit: number }) =>
  db
    .selectFrom('import_staging')
    .select([
      'seq',
      'line',
      'source_key as sourceKey',
      'page_key as pageKey',
      'outcome',
      'skip_kind as skipKind',
      'skip_reason as skipReason',
      'note',
    ])
    .where('run_id', '=', p.run)
    .where('kind', '=', 'comment')
    .where('seq', '>', p.after)
    .where((eb) => eb.or([eb('outcome', '!=', 'comment'), eb('note', 'is not', null)]))
    .orderBy('seq')
    .limit(p.limit),
);

/** Items the report lists (everything not written as it was), in file order after `after`. */
export function rowsToReport(db: Db, runId: string, after: number, limit: number) {
  return reportRows.all(db, { run: runId, after, limit });
}
