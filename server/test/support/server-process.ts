/**
 * Runs the real `confab-server` command line as a child process, the way a
 * site owner runs it, so hostile, property and load runs exercise the same
 * startup, flags, HTTP stack and SQLite file as production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `CONFAB_SERVER_BIN` points the suites at another build of the command line (a branch, a patched copy). */
export const SERVER_BIN =
  process.env.CONFAB_SERVER_BIN ??
  fileURLToPath(new URL('../../bin/confab-server.js', import.meta.url));

/** The site origin every helper-started server allows. */
export const ALLOWED_ORIGIN = 'http://localhost:5173';

export interface ServerOptions {
  /** SQLite file; a fresh temporary one when omitted. */
  dbPath?: string;
  origins?: string[];
  /** On by default: hostile and load runs must not be cut short by 429s. */
  noRateLimit?: boolean;
  extraArgs?: string[];
  /** How long to wait for the "listening" line; generous because the machine is slow and shared. */
  startupTimeoutMs?: number;
}

export interface ServerProcess {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  dbPath: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit: a crash, not a shutdown. */
  kill(): Promise<void>;
}

export function tempDbPath(prefix = 'confab-test-'): { dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dbPath: join(dir, 'confab.sqlite'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const dbPath = options.dbPath ?? tempDbPath().dbPath;
  const args = [SERVER_BIN, '--port', '0', '--host', '127.0.0.1', '--db', dbPath];
  for (const origin of options.origins ?? [ALLOWED_ORIGIN]) args.push('--origin', origin);
  if (options.noRateLimit ?? true) args.push('--no-rate-limit');
  args.push(...(options.extraArgs ?? []));

  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let printed = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (printed += chunk));
  child.stderr.on('data', (chunk: string) => (printed += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`confab-server did not start:\n${printed}`));
    }, options.startupTimeoutMs ?? 60_000);
    const look = () => {
      const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(printed);
      if (found && Number(found[1]) > 0) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve(found[0]);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`confab-server exited with ${code} before listening:\n${printed}`));
    });
  });

  return {
    url,
    port: Number(new URL(url).port),
    dbPath,
    child,
    output: () => printed,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
