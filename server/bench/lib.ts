/**
 * Pieces shared by the load benchmark and the soak: a deterministic thread,
 * statistics, process memory, machine facts, and the results file.
 */
import type { RequestSpec } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { Comment } from '../../src/protocol/index.js';
import type { ApiClient } from '../test/support/http.js';

export const RESULTS_FILE = fileURLToPath(new URL('../../bench/server.md', import.meta.url));

/** mulberry32: a tiny seeded generator, so every run builds the same thread. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a comment thread reply markdown server widget page reader vote fast small safe ' +
  'render layout token sqlite fastify latency budget link **bold** _emphasis_ `code` ' +
  'agree disagree interesting point example question answer thanks indeed however'
).split(' ');
const NAMES = [
  'Ada',
  'Grace Hopper',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara Liskov',
  'Edsger',
  'Frances',
  'Dennis',
  'Radia',
];

export function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  return `${out.join(' ')}.`;
}

/**
 * Posts a thread of `size` comments (about 40% top level, the rest replies
 * to earlier comments) with votes from `voters` readers, the same every run
 * for a given seed. Returns the ids in posting order.
 */
export async function seedThread(
  api: ApiClient,
  page: string,
  size: number,
  options: { seed?: number; authors?: string[]; voters?: string[] } = {},
): Promise<string[]> {
  const random = seededRandom(options.seed ?? 100);
  const authors = options.authors ?? (await Promise.all(NAMES.map(() => api.newToken())));
  const ids: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const parentId = i > 0 && random() < 0.6 ? ids[Math.floor(random() * ids.length)]! : null;
    const who = Math.floor(random() * authors.length);
    const res = await api.call('POST', '/comments', {
      token: authors[who],
      body: {
        page,
        parentId,
        body: `${sentence(random, 8 + Math.floor(random() * 60))}\n\n${sentence(random, 10)}`,
        author: { name: NAMES[who % NAMES.length]!, url: `https://people.example/${who}` },
      },
    });
    if (res.status !== 201)
      throw new Error(`seeding post ${i} answered ${res.status}: ${res.text}`);
    ids.push((res.json as { comment: Comment }).comment.id);
  }
  for (const voter of options.voters ?? authors) {
    for (const id of ids) {
      if (random() < 0.3) continue;
      const value = random() < 0.75 ? 1 : -1;
      const res = await api.call('PUT', `/comments/${id}/vote`, { token: voter, body: { value } });
      if (res.status !== 200) throw new Error(`seeding vote answered ${res.status}: ${res.text}`);
    }
  }
  return ids;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system) a process has used, in milliseconds, from
 * /proc/<pid>/stat. On a shared machine the wall-clock rate depends on the
 * neighbours; the CPU time a request costs the server much less so.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** Starts `node --import tsx <script> ...args` and waits for the URL it prints. */
export async function startScript(
  script: string,
  args: string[],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout!.on('data', (chunk: string) => {
      printed += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(printed);
      if (found) resolve(found[0]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${printed}`)));
  });
  return { url, child };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Parses `--name value` flags against defaults of the same type. */
export function flags<T extends Record<string, number | string>>(defaults: T): T {
  const out: Record<string, number | string> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i]!.replace(/^--/, '');
    if (!(name in defaults))
      throw new Error(`unknown flag ${argv[i]}; known: ${Object.keys(defaults).join(', ')}`);
    const raw = argv[i + 1];
    if (raw === undefined) throw new Error(`${argv[i]} needs a value`);
    const value = typeof defaults[name] === 'number' ? Number(raw) : raw;
    if (typeof value === 'number' && !(value > 0))
      throw new Error(`${argv[i]} must be a positive number`);
    out[name] = value;
    i += 1;
  }
  return out as T;
}

/**
 * Replaces one `## heading` section of bench/server.md (or appends it), so
 * the load benchmark and the soak each keep their latest figures side by side.
 */
export async function writeSection(heading: string, markdown: string): Promise<void> {
  const header =
    '# Reference server: load and soak results\n\n' +
    'Written by `npm run bench:server` (server/bench/load.ts) and `npm run soak` (server/bench/soak.ts);\n' +
    'each run replaces its own section. Numbers from a shared 2-core machine are noisy: compare ratios\n' +
    'measured in the same run, not absolute figures across runs.\n';
  let text = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : header;
  const section = `## ${heading}\n\n${markdown.trim()}\n`;
  const start = text.indexOf(`## ${heading}\n`);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + section + (next === -1 ? '' : text.slice(next));
  }
  // Formatted as the repository's `prettier --check` expects (aligned table columns).
  const config = (await prettier.resolveConfig(RESULTS_FILE)) ?? {};
  writeFileSync(RESULTS_FILE, await prettier.format(text, { ...config, filepath: RESULTS_FILE }));
}

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * An autocannon request that posts new top-level comments, one reader token per
 * connection; `comment(n)` gives the page and body of the n-th post.
 */
export function postCommentRequest(
  tokens: readonly string[],
  origin: string,
  comment: (sequence: number) => { page: string; body: string; author: string },
): RequestSpec {
  let nextToken = 0;
  let sequence = 0;
  return {
    method: 'POST',
    path: '/comments',
    setupRequest: (request, context) => {
      context.token ??= tokens[nextToken++ % tokens.length];
      sequence += 1;
      const { page, body, author } = comment(sequence);
      return {
        ...request,
        headers: {
          'content-type': 'application/json',
          origin,
          authorization: `Bearer ${String(context.token)}`,
        },
        body: JSON.stringify({ page, parentId: null, body, author: { name: author } }),
      };
    },
  };
}
