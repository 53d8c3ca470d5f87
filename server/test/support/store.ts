/**
 * Which store the server suite runs on: `CONFAB_TEST_STORE=sqlite` (the default) or
 * `postgres`. `npm test` in server/ runs the suite once on each (test/run.ts). Every test
 * that needs a database asks freshDatabase() for one: a file in a temporary folder, or a new
 * database on the PostgreSQL server of CONFAB_TEST_PG (the runner starts a throwaway
 * cluster and sets it); run alone without it, a file starts its own cluster, stopped when
 * the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from './postgres.js';
import { openSyncDb } from './sync-db.js';

export type TestStore = 'sqlite' | 'postgres';

export const TEST_STORE: TestStore =
  process.env.CONFAB_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** What `--db` takes: a file path or a postgres:// URL. */
  location: string;
  /** A folder of the test's own, for backups and the like; removed with the database. */
  dir: string;
  remove(): Promise<void>;
}

let ownCluster: Promise<TestPostgres> | null = null;

/** The PostgreSQL server tests create their databases on. */
export async function postgresServer(): Promise<string> {
  if (process.env.CONFAB_TEST_PG) return process.env.CONFAB_TEST_PG;
  if (!ownCluster) {
    ownCluster = startPostgres();
    const cluster = await ownCluster;
    process.once('exit', () => cluster.stopNow());
  }
  return (await ownCluster).url;
}

let databases = 0;

/** A new, empty PostgreSQL database on the test server; dropped by remove(). */
export async function freshPostgres(): Promise<{ url: string; drop(): void }> {
  const server = await postgresServer();
  const name = `confab_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openSyncDb(server);
  admin.run(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => {
      openSyncDb(url.href).close();
      admin.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A fresh database of the store under test (or of the one named). */
export async function freshDatabase(store: TestStore = TEST_STORE): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'confab-server-test-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (store === 'sqlite') {
    return { location: join(dir, 'confab.sqlite'), dir, remove: async () => removeDir() };
  }
  const database = await freshPostgres();
  return {
    location: database.url,
    dir,
    remove: async () => {
      database.drop();
      removeDir();
    },
  };
}
