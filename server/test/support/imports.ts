import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { DEFAULT_CONFIG } from '../../src/config.js';
import { runExport } from '../../src/export/command.js';
import { runImport } from '../../src/import/command.js';
import { capture } from '../support.js';
import { Writable } from 'node:stream';
import { openSyncDb } from './sync-db.js';

/** A fixture of server/test/fixtures/import/. */
export const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

/** `confab-server import …`, in this process: exit code, standard output and error. */
export async function importFile(args: string[]) {
  const { out, stdout, stderr } = capture();
  const code = await runImport(args, out);
  return { code, stdout: stdout(), stderr: stderr(), last: stdout().split('\n').at(-1) };
}

/** `confab-server export …`, in this process: exit code and the JSON text written. */
export async function exportText(args: string[]) {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const { out, stderr } = capture();
  const code = await runExport(args, sink, out);
  return { code, text, stderr: stderr() };
}

/** Reads the file back (for reports). */
export const readText = (path: string) => readFile(path, 'utf8');

export interface ThreadComment {
  id: string;
  parentId: string | null;
  author: { name: string; url: string | null };
  body: string;
  createdAt: string;
  status: string;
  votes: { up: number; down: number };
}

/** GET /threads of a page through the real server, as an anonymous reader sees it. */
export async function thread(db: string, page: string): Promise<ThreadComment[]> {
  const app = await buildApp({ ...DEFAULT_CONFIG, db, logLevel: 'silent', rateLimits: null });
  try {
    const answer = await app.inject({
      method: 'GET',
      url: `/threads?page=${encodeURIComponent(page)}&limit=200`,
    });
    if (answer.statusCode !== 200) throw new Error(`GET /threads: ${answer.statusCode}`);
    return (answer.json() as { comments: ThreadComment[] }).comments;
  } finally {
    await app.close();
  }
}

/** One SQL query on the test database (a SQLite file, read-only, or a PostgreSQL URL). */
export function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const database = openSyncDb(db, { readonly: true });
  try {
    return database.all<T>(sql, ...params);
  } finally {
    database.close();
  }
}

/** A thread as a tree of `author: body` lines, indented by depth: ids left out. */
export function outline(comments: readonly ThreadComment[]): string[] {
  const depth = new Map<string, number>();
  return comments.map((c) => {
    const level = c.parentId === null ? 0 : (depth.get(c.parentId) ?? 0) + 1;
    depth.set(c.id, level);
    return `${'  '.repeat(level)}${c.status === 'deleted' ? '[deleted]' : `${c.author.name}: ${c.body.slice(0, 30)}`}`;
  });
}
