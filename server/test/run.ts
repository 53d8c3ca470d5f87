/**
 * `npm test` in server/: the suite on each store. Every file runs on SQLite; the files whose
 * tests go through a database run again on PostgreSQL (CONFAB_TEST_STORE=postgres), each
 * test database created on one throwaway cluster started here (or on CONFAB_TEST_PG's
 * server) and stopped at the end. Arguments narrow the files: `npm test -- events feed`.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from './support/postgres.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Files whose subject does not depend on the store, or is SQLite's own: run once, on SQLite. */
const SQLITE_ONLY = new Set([
  'config', // parsing of flags and variables
  'cors', // HTTP headers
  'thread-view', // pure functions
  'import-html', // pure functions: HTML to Markdown, times, page keys
  'migrations', // the first release's SQLite file moving forward
  'postgres-cluster', // the test support itself
]);
/** Files about several processes on one PostgreSQL database, or about moving to it. */
const POSTGRES_ONLY = new Set(['multi-instance', 'postgres-store', 'migrate']);

const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => name.slice(0, -'.test.ts'.length))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

function runNode(store: 'sqlite' | 'postgres', names: string[], pg: string | null) {
  return new Promise<number>((resolve) => {
    if (names.length === 0) return resolve(0);
    console.log(`\n# store: ${store} (${names.length} files)`);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=1',
        ...names.map((name) => `test/${name}.test.ts`),
      ],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: 'inherit',
        env: {
          ...process.env,
          CONFAB_TEST_STORE: store,
          ...(pg ? { CONFAB_TEST_PG: pg } : {}),
        },
      },
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const onSqlite = files.filter((name) => !POSTGRES_ONLY.has(name));
const onPostgres = files.filter((name) => !SQLITE_ONLY.has(name));

let cluster: TestPostgres | null = null;
let failed: boolean;
try {
  failed = (await runNode('sqlite', onSqlite, null)) !== 0;
  if (onPostgres.length > 0) {
    let url = process.env.CONFAB_TEST_PG ?? null;
    if (!url) {
      cluster = await startPostgres();
      url = cluster.url;
    }
    failed = (await runNode('postgres', onPostgres, url)) !== 0 || failed;
  }
} finally {
  await cluster?.stop();
}
process.exitCode = failed ? 1 : 0;
