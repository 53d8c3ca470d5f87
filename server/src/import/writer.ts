import { randomBytes, randomUUID } from 'node:crypto';
import { insertComment } from '../storage/comments.js';
import { recordEvent } from '../storage/events.js';
import {
  breakLoop,
  linkParents,
  markDuplicates,
  markExisting,
  markNextLevel,
  markRoots,
  markShown,
  markSkipped,
  markTombstones,
  resolvePages,
} from '../storage/import-resolve.js';
import {
  clearRun,
  clearStaleRuns,
  importedKeys,
  lockedThreadPages,
  pagesToWrite,
  rememberImport,
  rowsToReport,
  rowsToWrite,
  stageRows,
  type RowToWrite,
  type StagedRow,
} from '../storage/imports.js';
import { insertPage, pageByKey } from '../storage/pages.js';
import { insertToken, tokenByHash } from '../storage/tokens.js';
import type { Db, Storage } from '../storage/types.js';
import { setVote } from '../storage/votes.js';
import { convertBodies, type ConverterOptions } from './convert.js';
import type { CommentItem, ImportItem, Source, ThreadItem } from './items.js';
import type { PageKeys } from './pages.js';

/** Items staged per transaction while the file is read. */
const STAGE_BATCH = 5000;
/** Comments written per transaction; a thread is never split, so a longer one goes alone. */
const WRITE_BATCH = 5000;
/** Staged rows older than this belong to a run that was killed; the next run drops them. */
const STALE_AFTER_MS = 24 * 3600_000;

export interface ImportCounts {
  /** Comments written, tombstones included. */
  comments: number;
  /** Pages that received at least one. */
  pages: number;
  /** Comments of the file not written by this run (left out, failed, or imported before). */
  skipped: number;
}

/** One line of the report: a comment not imported as the file had it, and why. */
export interface ReportLine {
  line: number | null;
  sourceKey: string;
  page: string | null;
  outcome: 'skipped' | 'failed' | 'tombstone' | 'already imported' | 'imported';
  reason: string;
}

export interface RunOptions {
  now?: () => number;
  /** Items staged per transaction (default 5,000). */
  stageBatch?: number;
  /** Comments written per transaction, whole threads (default 5,000). */
  writeBatch?: number;
  /** The HTML converter threads (convert.ts). */
  converter?: ConverterOptions;
}

/** Raised between batches when the command was asked to stop. */
export class ImportStopped extends Error {}

/**
 * One run of the import command: stages the parsed items in the database, resolves pages,
 * parents and fates there with set-based queries, then writes the comments thread by thread.
 * The rules of what an import keeps are here; storage/imports.ts only runs the queries:
 *
 * - a comment the source marks deleted, spam, trash or a pingback, or whose data is unusable,
 *   is left out, unless a comment that is written replies to it (at any depth): then it is a
 *   tombstone, as a deleted comment with replies is in Confab;
 * - a reply whose parent is not in the file (nor imported before on the same page) is written
 *   at the top level, noted in the report;
 * - a comment imported by an earlier run (its source key is remembered) is not written again;
 * - the comments of one page are written in one transaction with one `page.imported` event:
 *   a thread is never half imported, and open event streams get no flood of events.
 */
export class ImportRun {
  readonly id = randomUUID();
  readonly #storage: Storage;
  readonly #source: Source;
  readonly #pages: PageKeys;
  readonly #now: () => number;
  readonly #stageBatch: number;
  readonly #writeBatch: number;
  readonly #converter: ConverterOptions;
  #stagedComments = 0;
  #stop = false;

  constructor(storage: Storage, source: Source, pages: PageKeys, options: RunOptions = {}) {
    this.#storage = storage;
    this.#source = source;
    this.#pages = pages;
    this.#now = options.now ?? Date.now;
    this.#stageBatch = options.stageBatch ?? STAGE_BATCH;
    this.#writeBatch = options.writeBatch ?? WRITE_BATCH;
    this.#converter = options.converter ?? {};
  }

  /** Asks the run to stop after the transaction under way (SIGINT). */
  stop(): void {
    this.#stop = true;
  }

  #checkStop(): void {
    if (this.#stop) throw new ImportStopped('stopped');
  }

  /** Reads every item into the staging table; throws whatever the parser throws. */
  async stage(items: AsyncIterable<ImportItem> | Iterable<ImportItem>): Promise<void> {
    const now = this.#now();
    await this.#storage.transaction((tx) => clearStaleRuns(tx, now - STALE_AFTER_MS));
    let batch: StagedRow[] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      this.#checkStop();
      await this.#storage.transaction((tx) => stageRows(tx, rows));
    };
    // HTML bodies are converted on other threads while this one parses and stages.
    for await (const item of convertBodies(items, this.#converter)) {
      batch.push(this.#row(item, now));
      if (item.kind === 'comment') this.#stagedComments += 1;
      if (batch.length >= this.#stageBatch) await flush();
    }
    if (batch.length > 0) await flush();
  }

  #row(item: ImportItem, now: number): StagedRow {
    return item.kind === 'thread' ? this.#threadRow(item, now) : this.#commentRow(item, now);
  }

  #threadRow(item: ThreadItem, now: number): StagedRow {
    const page = this.#pages.key(item.page);
    return {
      ...EMPTY_ROW,
      runId: this.id,
      stagedAt: now,
      kind: 'thread',
      line: item.line,
      sourceKey: item.key,
      pageKey: 'key' in page ? page.key : null,
      locked: item.locked ? 1 : 0,
    };
  }

  #commentRow(item: CommentItem, now: number): StagedRow {
    let skip = item.skip;
    let pageKey: string | null = null;
    if (item.page !== null) {
      const page = this.#pages.key(item.page);
      if ('key' in page) pageKey = page.key;
      else skip ??= { kind: 'failed', reason: page.problem };
    }
    return {
      runId: this.id,
      stagedAt: now,
      kind: 'comment',
      line: item.line,
      sourceKey: item.key,
      threadKey: item.threadKey,
      parentKey: item.parentKey === item.key ? null : item.parentKey,
      pageKey,
      locked: 0,
      authorName: item.author.name,
      authorEmail: item.author.email,
      authorUrl: item.author.url,
      tokenHash: item.tokenHash,
      body: item.body,
      status: item.status,
      createdAt: item.createdAt,
      editedAt: item.editedAt,
      up: item.up,
      down: item.down,
      skipKind: skip?.kind ?? null,
      skipReason: skip?.reason ?? null,
      note: item.notes.length > 0 ? item.notes.join('; ') : null,
    };
  }

  /** Decides every staged comment's fate, in one transaction. */
  async resolve(): Promise<void> {
    this.#checkStop();
    const run = this.id;
    await this.#storage.transaction(async (tx) => {
      await resolvePages(
        tx,
        run,
        'no page: its thread is missing from the file or has no usable address',
      );
      await markDuplicates(tx, run, 'the file has this comment twice; the first one counts');
      await markExisting(tx, run);
      await linkParents(tx, run, 'its parent is not in the file: imported at the top level');
      await markShown(tx, run);
      while ((await markTombstones(tx, run)) > 0);
      await markSkipped(tx, run);
      await markRoots(tx, run);
      for (;;) {
        for (let depth = 0; (await markNextLevel(tx, run, depth)) > 0; depth++);
        if (!(await breakLoop(tx, run, 'its parents form a loop: imported at the top level')))
          break;
      }
    });
  }

  /** Writes the resolved comments; returns what the summary line says. */
  async write(): Promise<ImportCounts> {
    const run = this.id;
    const now = this.#now();
    const state: WriteState = {
      run,
      now,
      source: this.#source,
      locked: new Set(await this.#storage.read((db) => lockedThreadPages(db, run))),
      authorToken: null,
      voters: [],
      comments: 0,
      pages: 0,
    };
    let after = '';
    for (;;) {
      const pages = await this.#storage.read((db) => pagesToWrite(db, run, after, 500));
      if (pages.length === 0) break;
      after = pages.at(-1)!.pageKey;
      // Whole threads per transaction, about WRITE_BATCH comments each.
      for (let start = 0; start < pages.length;) {
        let end = start;
        let size = 0;
        while (
          end < pages.length &&
          (end === start || size + pages[end]!.comments <= this.#writeBatch)
        )
          size += pages[end++]!.comments;
        const batch = pages.slice(start, end);
        start = end;
        this.#checkStop();
        const written = await this.#storage.transaction(async (tx) => {
          // Each attempt starts from what has committed: PostgreSQL runs a transaction again
          // after a serialization failure, and tokens a failed attempt made are gone.
          const attempt = { ...state, voters: [...state.voters], comments: 0, pages: 0 };
          for (const page of batch) {
            const n = await writePage(tx, attempt, page.pageKey);
            attempt.comments += n;
            if (n > 0) attempt.pages += 1;
          }
          return attempt;
        });
        state.authorToken = written.authorToken;
        state.voters = written.voters;
        state.comments += written.comments;
        state.pages += written.pages;
      }
    }
    // Locked threads with nothing to write still arrive locked (Confab exports).
    if (state.locked.size > 0) {
      await this.#storage.transaction(async (tx) => {
        for (const key of state.locked) {
          if (!(await pageByKey(tx, key))) await insertPage(tx, key, true, now);
        }
      });
    }
    return {
      comments: state.comments,
      pages: state.pages,
      skipped: this.#stagedComments - state.comments,
    };
  }

  /** Every comment not written as the file had it, in file order, with its reason. */
  async *report(): AsyncGenerator<ReportLine> {
    let after = 0;
    for (;;) {
      const rows = await this.#storage.read((db) => rowsToReport(db, this.id, after, 1000));
      if (rows.length === 0) return;
      for (const row of rows) {
        after = row.seq;
        const outcome =
          row.outcome === 'existing'
            ? 'already imported'
            : row.outcome === 'tombstone'
              ? 'tombstone'
              : row.outcome === 'comment'
                ? 'imported'
                : (row.skipKind ?? 'skipped');
        const reasons = [
          row.outcome === 'existing' ? 'an earlier import wrote it' : row.skipReason,
          row.outcome === 'tombstone' ? 'kept as a tombstone: replies to it are imported' : null,
          row.note,
        ].filter((reason): reason is string => !!reason);
        yield {
          line: row.line,
          sourceKey: row.sourceKey,
          page: row.pageKey,
          outcome,
          reason: reasons.join('; '),
        };
      }
    }
  }

  /** Drops the run's staged rows (always, at the end, whatever happened). */
  async discard(): Promise<void> {
    await this.#storage.transaction((tx) => clearRun(tx, this.id));
  }
}

const EMPTY_ROW = {
  threadKey: null,
  parentKey: null,
  authorName: '',
  authorEmail: null,
  authorUrl: null,
  tokenHash: null,
  body: '',
  status: 'published',
  createdAt: null,
  editedAt: null,
  up: 0,
  down: 0,
  skipKind: null,
  skipReason: null,
  note: null,
} as const;

interface WriteState {
  run: string;
  now: number;
  source: Source;
  locked: Set<string>;
  /** The token imported comments belong to: created for the run, held by nobody. */
  authorToken: number | null;
  /** Tokens held by nobody whose votes stand for the source's likes (as the seed's do). */
  voters: number[];
  comments: number;
  pages: number;
}

/** Writes one page's staged comments, parents first; returns how many. */
async function writePage(tx: Db, state: WriteState, pageKey: string): Promise<number> {
  const page = await pageByKey(tx, pageKey);
  const pageId = page?.id ?? (await insertPage(tx, pageKey, state.locked.has(pageKey), state.now));
  const written = new Map<string, number>();
  let after = { depth: -1, seq: 0 };
  for (;;) {
    const rows = await rowsToWrite(tx, state.run, pageKey, after, 1000);
    if (rows.length === 0) break;
    // Another run may have written some meanwhile: never twice.
    const done = await importedKeys(
      tx,
      rows.map((row) => row.sourceKey),
    );
    for (const row of rows) {
      after = { depth: row.depth!, seq: row.seq };
      if (done.has(row.sourceKey)) continue;
      const parentId =
        row.parentKey === null ? null : (row.parentId ?? written.get(row.parentKey) ?? null);
      const id = await writeComment(tx, state, pageId, row, parentId);
      written.set(row.sourceKey, id);
    }
  }
  if (written.size > 0) {
    await recordEvent(tx, {
      pageKey,
      kind: 'page.imported',
      commentId: null,
      visible: true,
      now: state.now,
    });
  }
  return written.size;
}

async function writeComment(
  tx: Db,
  state: WriteState,
  pageId: number,
  row: RowToWrite,
  parentId: number | null,
): Promise<number> {
  const tombstone = row.outcome === 'tombstone';
  const tokenId = row.tokenHash
    ? ((await tokenByHash(tx, row.tokenHash))?.id ??
      (await insertToken(tx, row.tokenHash, null, state.now)))
    : (state.authorToken ??= await insertToken(tx, randomBytes(32), null, state.now));
  const id = await insertComment(tx, {
    pageId,
    parentId,
    tokenId,
    // A tombstone keeps nothing its author wrote, as a deletion in Confab does.
    authorName: tombstone ? '' : row.authorName,
    authorUrl: tombstone ? null : row.authorUrl,
    // Imported authors are not signed in here; a pending import waits in the moderation queue.
    authorVerified: false,
    authorAvatar: null,
    heldFor: !tombstone && row.status === 'pending' ? 'moderation' : null,
    body: tombstone ? '' : row.body,
    status: tombstone ? 'deleted' : row.status,
    createdAt: row.createdAt ?? state.now,
    editedAt: tombstone ? null : row.editedAt,
    up: row.up,
    down: row.down,
  });
  await rememberImport(tx, {
    commentId: id,
    // A Confab export's comment imported from Disqus before is still Disqus's.
    source: row.sourceKey.slice(0, row.sourceKey.indexOf(':')) || state.source,
    sourceKey: row.sourceKey,
    email: tombstone ? null : row.authorEmail,
    now: state.now,
  });
  for (let i = 0; i < row.up + row.down; i++) {
    while (state.voters.length <= i) {
      state.voters.push(await insertToken(tx, randomBytes(32), null, state.now));
    }
    await setVote(tx, {
      commentId: id,
      tokenId: state.voters[i]!,
      pageId,
      value: i < row.up ? 1 : -1,
    });
  }
  return id;
}
