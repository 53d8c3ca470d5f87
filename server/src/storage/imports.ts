import type { CompiledQuery } from 'kysely';
import type { CommentStatus } from '../../../src/protocol/index.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * The import's reads and writes (server/src/import/ decides what they mean): a run's parsed
 * items wait in `import_staging` while set-based updates (import-resolve.ts) resolve their pages,
 * parents and fates, so that memory holds none of them; `imported_comments` remembers each comment's
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

/**
 * The INSERT of `count` staged rows, built and compiled by Kysely once per dialect and count:
 * building 100 rows of 22 values anew for every statement cost more than SQLite's work.
 */
const stageInserts = new WeakMap<object, Map<number, CompiledQuery>>();

function stageInsert(db: Db, sample: StagedRow, count: number): CompiledQuery {
  const adapter = db.getExecutor().adapter;
  let byCount = stageInserts.get(adapter);
  if (!byCount) stageInserts.set(adapter, (byCount = new Map()));
  let query = byCount.get(count);
  if (!query) {
    const row = columns(sample);
    query = db
      .insertInto('import_staging')
      .values(Array.from({ length: count }, () => row))
      .compile();
    // Every value a parameter, in column order: what stageRows fills in.
    if (query.parameters.length !== count * Object.keys(row).length) {
      throw new Error('import_staging: the compiled INSERT does not take one parameter a value');
    }
    byCount.set(count, query);
  }
  return query;
}

/** Stages parsed items (any number; written in statements of 100 rows). */
export async function stageRows(db: Db, rows: readonly StagedRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const end = Math.min(rows.length, start + ROWS_PER_INSERT);
    const query = stageInsert(db, rows[start]!, end - start);
    const parameters: unknown[] = [];
    for (let i = start; i < end; i++) parameters.push(...Object.values(columns(rows[i]!)));
    await db.executeQuery({ ...query, parameters });
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
