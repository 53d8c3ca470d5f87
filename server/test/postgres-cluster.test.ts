// The throwaway PostgreSQL the storage suites run on: it starts, answers on 127.0.0.1, keeps
// test runs apart, and leaves nothing behind.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { postgresBinDir, startPostgres } from './support/postgres.js';

const run = promisify(execFile);

async function query(url: string, sql: string): Promise<string> {
  const bin = postgresBinDir();
  const { stdout } = await run(bin ? join(bin, 'psql') : 'psql', [url, '-XAtqc', sql]);
  return stdout.trim();
}

test('a throwaway PostgreSQL starts on 127.0.0.1, answers, and leaves nothing once stopped', async () => {
  const pg = await startPostgres();
  const url = new URL(pg.url);
  assert.equal(url.protocol, 'postgres:');
  if (!process.env.CONFAB_TEST_PG) assert.equal(url.hostname, '127.0.0.1');
  assert.equal(await query(pg.url, 'SELECT 40 + 2'), '42');
  await query(pg.url, 'CREATE TABLE marker (n integer)');
  if (pg.folder) assert.equal(existsSync(pg.folder), true);
  await pg.stop();
  await assert.rejects(query(pg.url, 'SELECT 1'));
  if (pg.folder) assert.equal(existsSync(pg.folder), false, 'the cluster folder is removed');
});

test('two throwaway databases share nothing', async () => {
  const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
  try {
    assert.notEqual(a.url, b.url);
    await query(a.url, 'CREATE TABLE only_in_a (n integer)');
    assert.equal(await query(b.url, "SELECT to_regclass('only_in_a') IS NULL"), 't');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
