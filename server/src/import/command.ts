import { constants, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { openStorage } from '../storage/open.js';
import { parseCommento } from './commento.js';
import { parseConfab } from './confab.js';
import { parseDisqus } from './disqus.js';
import { textChunks, wholeText } from './input.js';
import { ImportFileError, SOURCES, type ImportItem, type Source } from './items.js';
import { PageKeys, parsePageMove, type PageMove } from './pages.js';
import { parseWordpress } from './wordpress.js';
import { ImportRun, ImportStopped, type ImportCounts, type ReportLine } from './writer.js';

export const IMPORT_HELP = `Usage: confab-server import --db <db> --from disqus|wordpress|commento|confab <file>

Imports the comments of an export file (plain or gzipped) and prints, as its last
line, "imported <N> comments on <M> pages, skipped <K>". Safe while the server
runs, and safe to repeat: comments imported before are recognised by their
source id and not added again, so an interrupted import can simply be run again.

  --db <db>            CONFAB_DB; default ./confab.sqlite
  --from <source>      disqus (XML export), wordpress (WXR), commento (JSON),
                       confab (what "confab-server export" writes)
  --map <from>=<to>    move pages: --map https://old.example=https://new.example
                       (repeatable; the longest matching <from> wins)
  --report <file>      write every comment not imported as it was, with the reason
                       (tab-separated: line, source id, page, outcome, reason)

Exit codes: 0 imported (some comments may be skipped: see --report), 1 the file
cannot be imported (nothing was written), 2 a usage error.
`;

class UsageError extends Error {}

function items(
  source: Source,
  file: string,
): Promise<AsyncIterable<ImportItem> | Iterable<ImportItem>> {
  switch (source) {
    case 'disqus':
      return textChunks(file).then(parseDisqus);
    case 'wordpress':
      return textChunks(file).then(parseWordpress);
    case 'commento':
      return wholeText(file).then(parseCommento);
    case 'confab':
      return wholeText(file).then(parseConfab);
  }
}

export function summaryLine(counts: ImportCounts): string {
  return `imported ${counts.comments} comments on ${counts.pages} pages, skipped ${counts.skipped}`;
}

const clean = (text: string) => text.replace(/[\t\r\n]+/g, ' ');

function reportLine(line: ReportLine): string {
  return `${[line.line ?? '', line.sourceKey, line.page ?? '', line.outcome, line.reason].map((field) => clean(String(field))).join('\t')}\n`;
}

/** Writes the report file line by line, honouring back-pressure. */
class ReportFile {
  readonly #stream;

  constructor(path: string) {
    this.#stream = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    this.#stream.end();
    await once(this.#stream, 'finish');
  }
}

/** `confab-server import`: returns the exit code. */
export async function runImport(
  argv: readonly string[],
  out: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    out.error(`confab-server import: ${(error as Error).message}\n\n${IMPORT_HELP}`);
    return 2;
  }
  if (options === 'help') {
    out.log(IMPORT_HELP);
    return 0;
  }
  const { db, source, file, moves, reportPath } = options;
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    out.error(
      `confab-server import: ${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}`,
    );
    return 1;
  }
  const report = reportPath ? new ReportFile(reportPath) : null;
  await report?.write('line\tsource id\tpage\toutcome\treason\n');
  const storage = await openStorage(db);
  const run = new ImportRun(storage, source, new PageKeys(moves));
  const stop = () => run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await run.stage(await items(source, file));
    await run.resolve();
    const counts = await run.write();
    if (report) for await (const line of run.report()) await report.write(reportLine(line));
    out.log(summaryLine(counts));
    return 0;
  } catch (error) {
    const message =
      error instanceof ImportFileError
        ? `${error.describe(file)}; nothing was imported`
        : error instanceof ImportStopped
          ? 'stopped; threads already written stay, run the same import again to finish'
          : (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${file}: no such file`
            : null;
    if (message === null) throw error;
    await report?.write(`\t\t\tfailed\t${clean(message)}\n`);
    out.error(`confab-server import: ${message}`);
    return error instanceof ImportStopped ? 130 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await run.discard().catch(() => {});
    await storage.close();
    await report?.close();
  }
}

function parseOptions(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string' },
      from: { type: 'string' },
      map: { type: 'string', multiple: true },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help' as const;
  const source = values.from as Source | undefined;
  if (!source) throw new UsageError('--from is required');
  if (!SOURCES.includes(source)) {
    throw new UsageError(`--from "${source}" is not one of ${SOURCES.join(', ')}`);
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one export file');
  const moves: PageMove[] = (values.map ?? []).map((value) => {
    const move = parsePageMove(value);
    if (!move) throw new UsageError(`--map "${value}" is not <from>=<to>`);
    return move;
  });
  return {
    db: values.db ?? process.env.CONFAB_DB ?? './confab.sqlite',
    source,
    file: positionals[0]!,
    moves,
    reportPath: values.report ?? null,
  };
}
