/**
 * The web-test-runner plugin behind `testServer()` (test/support/server.ts): real reference servers
 * for the browser tests, one per scope, reached same-origin under `/api/<scope>/…` on the test
 * runner's own HTTP server through a fault-injecting proxy (scope.ts). The browser drives it with
 * the `confab-test-server` server command: open and close scopes, seed, inject faults, read the
 * request log and the stored comments, push and drop events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRewrite } from './rewrites.js';
import { Scope } from './scope.js';
import type { Command, OpenResult, SeededComment, SeedComment } from './types.js';

const PREFIX = '/api/';
export const COMMAND = 'confab-test-server';

interface StartArgs {
  config: { hostname?: string; port?: number };
  server?: Server;
}

/** How long scopes took to start, for the summary printed at the end of a run. */
const startTimes: number[] = [];

function summary(): string {
  if (startTimes.length === 0) return 'no test servers started';
  const sorted = [...startTimes].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return (
    `${sorted.length} test servers started: median ${at(0.5).toFixed(0)} ms, ` +
    `95th percentile ${at(0.95).toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms`
  );
}

export function testServerPlugin() {
  const scopes = new Map<string, Scope>();
  const closing = new Set<Promise<void>>();
  // Databases live on tmpfs when there is one: faster, and nothing to clean up after a crash.
  const base = process.platform === 'linux' ? '/dev/shm' : tmpdir();
  let dir: string | null = null;
  let origin = '';

  function scopeOf(id: string): Scope {
    const scope = scopes.get(id);
    if (!scope) throw new Error(`no open test server scope ${id}`);
    return scope;
  }

  function seed(scope: Scope, page: string, comments: SeedComment[], locked?: boolean) {
    const seeded: SeededComment[] = scope.database.seed(page, comments, locked);
    scope.seeded();
    comments.forEach((spec, index) => {
      const avatar = typeof spec.author === 'object' ? spec.author.avatar : undefined;
      if (avatar !== undefined && avatar !== null) {
        addRewrite(scope.rewrites, seeded[index]!.id, { author: { avatar } });
        seeded[index]!.author.avatar = avatar;
      }
    });
    return seeded;
  }

  async function open(setup: Command & { op: 'open' }): Promise<OpenResult> {
    dir ??= mkdtempSync(join(base, 'confab-test-servers-'));
    const id = randomUUID().replaceAll('-', '');
    const started = performance.now();
    const scope = await Scope.open(id, dir, origin, setup.setup);
    startTimes.push(performance.now() - started);
    scopes.set(id, scope);
    const seeded: SeededComment[] = [];
    for (const [page, thread] of Object.entries(setup.setup.threads ?? {})) {
      const { comments, locked } = Array.isArray(thread)
        ? { comments: thread, locked: false }
        : thread;
      seeded.push(...seed(scope, page, comments, locked));
    }
    return { scope: id, readerToken: scope.database.readerToken, seeded };
  }

  async function run(command: Command): Promise<unknown> {
    switch (command.op) {
      case 'open':
        return open(command);
      case 'close':
        // Answered at once: the test goes on while the servers shut down.
        for (const id of command.scopes) {
          const scope = scopes.get(id);
          if (!scope) continue;
          scopes.delete(id);
          const done = scope
            .close()
            .catch((error: unknown) => console.error('[test-server] close', error))
            .finally(() => closing.delete(done));
          closing.add(done);
        }
        return { closed: command.scopes.length };
      case 'seed':
        return seed(scopeOf(command.scope), command.page, command.comments, command.locked);
      case 'fault':
        scopeOf(command.scope).faults.push({ ...command.fault });
        return { ok: true };
      case 'rewrite': {
        const scope = scopeOf(command.scope);
        for (const [id, changes] of Object.entries(command.changes)) {
          addRewrite(scope.rewrites, id, changes);
        }
        return { ok: true };
      }
      case 'requests':
        return scopeOf(command.scope).log;
      case 'push':
        return scopeOf(command.scope).push(command.page, command.event, command.data);
      case 'drop-streams':
        return scopeOf(command.scope).dropStreams();
      case 'streams':
        return [...scopeOf(command.scope).streams].map((stream) => stream.page);
      case 'comments':
        return scopeOf(command.scope).database.comments(command.page);
      case 'moderator':
        return scopeOf(command.scope).addModerator(command.name);
      case 'mails':
        return scopeOf(command.scope).mails();
    }
  }

  return {
    name: 'confab-test-server',

    serverStart({ config, server }: StartArgs) {
      if (!server) return;
      origin = `http://${config.hostname ?? 'localhost'}:${config.port}`;
      // Koa's middleware chain is fixed before plugins start and its later stages would rewrite the
      // answers (status, etags, buffering of event streams), so the proxy takes its requests first.
      const others = server.listeners('request') as Array<(...args: unknown[]) => void>;
      server.removeAllListeners('request');
      server.on('request', (req, res) => {
        const url = req.url ?? '/';
        if (!url.startsWith(PREFIX)) {
          for (const listener of others) listener.call(server, req, res);
          return;
        }
        const slash = url.indexOf('/', PREFIX.length);
        const id = url.slice(PREFIX.length, slash < 0 ? undefined : slash);
        const scope = scopes.get(id);
        if (!scope) {
          const body = JSON.stringify({
            error: { code: 'not_found', message: `No open test server scope "${id}".` },
          });
          res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' }).end(body);
          return;
        }
        scope.handle(req, res, slash < 0 ? '/' : url.slice(slash)).catch((error: unknown) => {
          console.error('[test-server]', error);
          res.destroy();
        });
      });
    },

    async executeCommand({ command, payload }: { command: string; payload?: unknown }) {
      if (command !== COMMAND) return undefined;
      // A refusal (a bad seed, an unknown scope) is the test's to report, not the runner's to log.
      try {
        return { result: await run(payload as Command) };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },

    async serverStop() {
      const last = [...scopes.values()].map((scope) => scope.close());
      scopes.clear();
      await Promise.allSettled([...last, ...closing]);
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (process.env.CONFAB_TEST_SERVER_STATS) console.log(summary());
    },
  };
}
