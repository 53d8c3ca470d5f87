import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildView } from './thread-view.js';
import { threadHtml } from './thread-html.js';
import { loadThread } from './services/threads.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/types.js';
import { checkedPageKey } from './validation.js';

export const RENDER_HELP = `Usage: confab-server render --db <db> --page <key>

Prints a thread's published comments as the HTML fragment that GET /threads.html
answers (the same bytes), for static-site generators: put it inside
<confab-comments> as the content readers without JavaScript and crawlers see.
--db takes the database the server uses (CONFAB_DB).
`;

/** `confab-server render`: one thread's HTML on standard output. */
export async function runRender(
  argv: readonly string[],
  out: Pick<Console, 'error'> & { write(text: string): void } = {
    error: console.error,
    write: (text) => process.stdout.write(text),
  },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        page: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    out.error(`confab-server render: ${(error as Error).message}\n\n${RENDER_HELP}`);
    return 2;
  }
  if (values.help) {
    out.write(RENDER_HELP);
    return 0;
  }
  if (values.page === undefined) {
    out.error(`confab-server render: give the thread's key with --page\n\n${RENDER_HELP}`);
    return 2;
  }
  let key: string;
  try {
    key = checkedPageKey(values.page);
  } catch (error) {
    out.error(`confab-server render: --page: ${(error as Error).message}`);
    return 2;
  }
  const db = values.db ?? process.env.CONFAB_DB ?? './confab.sqlite';
  // Reading must not leave an empty database behind where the caller mistyped a path.
  if (!/^postgres(?:ql)?:\/\//.test(db) && !existsSync(db)) {
    out.error(`confab-server render: no database at ${db}`);
    return 1;
  }
  let storage: Storage;
  try {
    storage = await openStorage(db);
  } catch (error) {
    // A PostgreSQL database that is missing or refuses the connection (the URL is shown without
    // its password).
    out.error(`confab-server render: ${(error as Error).message}`);
    return 1;
  }
  try {
    const record = await storage.read((db) => loadThread(db, key));
    out.write(threadHtml(key, buildView(record.comments, null)));
    return 0;
  } finally {
    await storage.close();
  }
}
