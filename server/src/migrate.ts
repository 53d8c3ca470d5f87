import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copyDatabase } from './storage/copy.js';
import { isPostgresUrl, openStorage } from './storage/open.js';
import { describeUrl } from './storage/postgres.js';
import type { Storage } from './storage/types.js';

export const MIGRATE_HELP = `Usage: confab-server migrate --from <file|url> --to <file|url>

Copies a whole Confab database into an empty one, for example from SQLite to
PostgreSQL:

  confab-server migrate --from ./confab.sqlite --to postgres://confab@db.example/confab

Both are first brought to this server's schema. Every table is copied with its
ids (pages, comments, votes, tokens as their hashes, reports, idempotency keys,
events, and the tables of later versions), each numbering set to go on where
the source's would, and the rows are counted in both before the copy commits:
it is all or nothing. A target holding any row is refused. The copy is one
snapshot of the source: stop the servers that write to it first.
`;

function named(location: string): string {
  return isPostgresUrl(location) ? describeUrl(location) : location;
}

/** `confab-server migrate`: returns the exit code. */
export async function runMigrate(
  argv: readonly string[],
  out: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    out.error(`confab-server migrate: ${(error as Error).message}\n\n${MIGRATE_HELP}`);
    return 2;
  }
  const { from, to, help } = parsed.values;
  if (help) {
    out.log(MIGRATE_HELP);
    return 0;
  }
  if (!from || !to) {
    out.error(`confab-server migrate: give both --from and --to\n\n${MIGRATE_HELP}`);
    return 2;
  }
  if (from === to) {
    out.error('confab-server migrate: --from and --to name the same database');
    return 2;
  }
  // Opening a SQLite file creates it: a mistyped source must not become an empty one.
  if (!isPostgresUrl(from) && !existsSync(from)) {
    out.error(`confab-server migrate: --from ${from}: no such file`);
    return 2;
  }
  let source: Storage | null = null;
  let target: Storage | null = null;
  try {
    source = await openStorage(from);
    target = await openStorage(to);
    const report = await copyDatabase(source, target);
    let total = 0;
    for (const table of report.tables) {
      out.log(`${table.name}\t${table.rows}`);
      total += table.rows;
    }
    out.log(
      `confab-server migrate: copied ${total} rows in ${report.tables.length} tables from ${named(from)} to ${named(to)}; the counts match.`,
    );
    return 0;
  } catch (error) {
    out.error(`confab-server migrate: ${(error as Error).message}`);
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }
}
