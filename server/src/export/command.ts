import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { normalisePageKey, pageKeyProblem } from '../../../src/protocol/index.js';
import {
  commentsToExport,
  pageToExport,
  pagesToExport,
  type ExportCommentRow,
  type ExportPage,
} from '../storage/exports.js';
import { openStorage } from '../storage/open.js';
import type { Db } from '../storage/types.js';
import { isoTime } from '../thread-view.js';

export const EXPORT_HELP = `Usage: confab-server export --db <db> [--page <key>] [--include-private]

Writes every thread (or one) in Confab's export format, JSON described by
docs/export-format.schema.json, to standard output. "confab-server import
--from confab <file>" reads it back.

  --db <db>            CONFAB_DB; default ./confab.sqlite
  --page <key>         only this thread
  --include-private    also authors' email addresses and the hashes of reader
                       tokens (so readers keep their comments after a move);
                       without it the file holds only what readers can see
`;

/** Rows read per query: the export holds no more than this many in memory. */
const BATCH = 1000;

class UsageError extends Error {}

/** The export format's comment; the key order is the file's. */
export function exportComment(row: ExportCommentRow, includePrivate: boolean) {
  const deleted = row.status === 'deleted';
  return {
    id: String(row.id),
    parentId: row.parentId === null ? null : String(row.parentId),
    author: {
      name: deleted ? '' : row.authorName,
      url: deleted ? null : row.authorUrl,
      ...(includePrivate ? { email: deleted ? null : row.authorEmail } : {}),
      // Reply mail confirmed for this comment: private, like the address it goes to.
      ...(includePrivate && !deleted && row.notifyConfirmedAt !== null ? { notify: true } : {}),
    },
    body: deleted ? '' : row.body,
    createdAt: isoTime(Number(row.createdAt)),
    editedAt: row.editedAt === null ? null : isoTime(Number(row.editedAt)),
    status: row.status,
    votes: { up: row.up, down: row.down },
    ...(row.sourceKey === null ? {} : { sourceKey: row.sourceKey }),
    ...(includePrivate ? { token: Buffer.from(row.tokenHash).toString('hex') } : {}),
  };
}

/** Writes with back-pressure: a slow pipe holds the export, not memory. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function writeThread(db: Db, out: Writable, page: ExportPage, includePrivate: boolean) {
  await write(out, `{"page":${JSON.stringify(page.key)},"locked":${page.locked},"comments":[`);
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await commentsToExport(db, page.id, after, BATCH);
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.id);
    const text = rows.map((row) => JSON.stringify(exportComment(row, includePrivate))).join(',\n');
    await write(out, `${first ? '\n' : ',\n'}${text}`);
    first = false;
  }
  await write(out, ']}');
}

/**
 * Writes the export of `pageKey` (or of every page) to `out`, from one read snapshot, so the
 * file is consistent while a server keeps writing; returns how many threads it holds.
 */
export async function writeExport(
  db: Db,
  out: Writable,
  options: { pageKey: string | null; includePrivate: boolean; now: number },
): Promise<number> {
  await write(
    out,
    `{"format":"confab-export","version":1,"exportedAt":${JSON.stringify(isoTime(options.now))},"includesPrivate":${options.includePrivate},"threads":[`,
  );
  let threads = 0;
  const one = async (page: ExportPage) => {
    await write(out, threads === 0 ? '\n' : ',\n');
    await writeThread(db, out, page, options.includePrivate);
    threads += 1;
  };
  if (options.pageKey !== null) {
    const page = await pageToExport(db, options.pageKey);
    if (page) await one(page);
  } else {
    let after = '';
    for (;;) {
      const pages = await pagesToExport(db, after, BATCH);
      if (pages.length === 0) break;
      after = pages.at(-1)!.key;
      for (const page of pages) await one(page);
    }
  }
  await write(out, '\n]}\n');
  return threads;
}

/** `confab-server export`: returns the exit code. */
export async function runExport(
  argv: readonly string[],
  out: Writable = process.stdout,
  err: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    err.error(`confab-server export: ${(error as Error).message}\n\n${EXPORT_HELP}`);
    return 2;
  }
  if (options === 'help') {
    await write(out, EXPORT_HELP);
    return 0;
  }
  const storage = await openStorage(options.db);
  try {
    const threads = await storage.read((db) =>
      writeExport(db, out, {
        pageKey: options.pageKey,
        includePrivate: options.includePrivate,
        now: Date.now(),
      }),
    );
    if (options.pageKey !== null && threads === 0) {
      err.error(`confab-server export: no thread has the page key ${options.pageKey}`);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

function parseOptions(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string' },
      page: { type: 'string' },
      'include-private': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help' as const;
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"`);
  let pageKey: string | null = null;
  if (values.page !== undefined) {
    const problem = pageKeyProblem(values.page);
    if (problem) throw new UsageError(`--page: the page key is ${problem.replace('_', ' ')}`);
    pageKey = normalisePageKey(values.page);
  }
  return {
    db: values.db ?? process.env.CONFAB_DB ?? './confab.sqlite',
    pageKey,
    includePrivate: values['include-private'] === true,
  };
}
