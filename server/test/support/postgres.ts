/**
 * A real PostgreSQL for the tests: a throwaway cluster from Debian's `postgresql` package,
 * created in a temporary folder, listening on 127.0.0.1 only on a random port, and removed
 * when stopped. `CONFAB_TEST_PG=postgres://…` points the tests at an existing server instead;
 * each `startPostgres()` then gets a database of its own there, dropped when stopped.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** A connection URL for a database nobody else uses. */
  url: string;
  /** The cluster's folder, or null on CONFAB_TEST_PG's server. */
  folder: string | null;
  /** Stops the cluster (or drops the database) and removes what it wrote. */
  stop(): Promise<void>;
  /** The same, synchronously: for a process's exit hook. */
  stopNow(): void;
}

/** Debian keeps the server binaries out of PATH, one folder per major version; the newest wins. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

/** initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres user. */
async function asClusterOwner(
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string }> {
  if (userInfo().uid !== 0) return run(command, args);
  return run('runuser', ['-u', 'postgres', '--', command, ...args]);
}

/** Root runs hand the cluster's folder to the postgres user the package creates. */
function postgresIds(): { uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('postgres:'));
  if (!entry) {
    throw new Error('The tests run as root but there is no postgres user: install postgresql');
  }
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function createDatabaseOn(serverUrl: string): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const psql = bin ? join(bin, 'psql') : 'psql';
  const name = `confab_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await run(psql, [serverUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    folder: null,
    async stop() {
      await run(psql, [
        serverUrl,
        '-v',
        'ON_ERROR_STOP=1',
        '-qc',
        `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
      ]);
    },
    stopNow() {
      try {
        execFileSync(psql, [serverUrl, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], {
          stdio: 'ignore',
        });
      } catch {
        // The server is gone already: nothing left to drop.
      }
    },
  };
}

/** Starts a fresh cluster (or a fresh database on CONFAB_TEST_PG). */
export async function startPostgres(): Promise<TestPostgres> {
  const existing = process.env.CONFAB_TEST_PG;
  if (existing) return createDatabaseOn(existing);

  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      "PostgreSQL is not installed: `apt-get install -y postgresql` (Debian's package), " +
        'or set CONFAB_TEST_PG=postgres://… to use a running server',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'confab-pg-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await asClusterOwner(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
  } catch (error) {
    remove();
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? error}`, {
      cause: error,
    });
  }

  // A random port that another process may take between choosing and binding: on a refusal,
  // try another rather than fail the suite.
  let lastError = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      // Throwaway data: durability costs time and proves nothing here.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await asClusterOwner(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-o',
        options,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (error) {
      lastError = String((error as { stderr?: string }).stderr ?? error);
      continue;
    }
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      folder: dir,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await asClusterOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          remove();
        }
      },
      stopNow() {
        if (stopped) return;
        stopped = true;
        const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
        try {
          if (userInfo().uid === 0) {
            execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], {
              stdio: 'ignore',
            });
          } else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
        } catch {
          // Stopped already.
        } finally {
          remove();
        }
      },
    };
  }
  remove();
  throw new Error(`PostgreSQL did not start: ${lastError}`);
}
