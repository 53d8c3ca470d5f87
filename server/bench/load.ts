/**
 * `npm run bench:server`: load test of the reference server with autocannon.
 *
 * 1. GET /threads of a deterministic 100-comment thread, against a bare
 *    node:http server that sends the very bytes the real server produced,
 *    both measured in the same run with the same connections, alternating
 *    order each round; medians of several rounds.
 * 2. POST /comments throughput with rate limits off, with the default
 *    `--sync full` (an fsync per commit) and with `--sync normal`, so the
 *    cost of the disk is visible apart from the cost of the server.
 *
 * 3. The same two measures on PostgreSQL (a throwaway cluster, as the tests start one): one
 *    server process, then two on the same database with the connections split between them.
 *
 * Targets (issue 5): ≥ 50% of bare req/s, p99 ≤ 20 ms at 50 connections,
 * ≥ 500 posts/s. Prints a table and writes bench/server.md.
 *
 *   npm run bench:server -- --rounds 5 --seconds 10 --connections 50 --post-seconds 10
 */
import autocannon, { type Result } from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, send } from '../test/support/http.js';
import { startPostgres } from '../test/support/postgres.js';
import { ALLOWED_ORIGIN, startServer, type ServerProcess } from '../test/support/server-process.js';
import {
  cpuMs,
  flags,
  machine,
  median,
  postCommentRequest,
  seedThread,
  startScript,
  stopChild,
  table,
  writeSection,
} from './lib.js';

const options = flags({ rounds: 5, seconds: 10, connections: 50, 'post-seconds': 10, warmup: 3 });
const TARGETS = { ratio: 0.5, p99Ms: 20, postsPerSecond: 500 };
const PAGE = 'https://bench.example/thread-100';

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** CPU time the server process spent per answered request, in microseconds. */
  cpuUs: number;
}

function sampleOf(result: Result, answered: number, seconds: number, cpuSpentMs: number): Sample {
  return {
    rps: answered / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuUs: answered ? (cpuSpentMs * 1000) / answered : 0,
  };
}

async function load(url: string, seconds: number, pid: number): Promise<Sample> {
  const cpuBefore = cpuMs(pid);
  const result: Result = await autocannon({
    url,
    connections: options.connections,
    duration: seconds,
  });
  return sampleOf(result, result['2xx'], result.duration, cpuMs(pid) - cpuBefore);
}

/** New top-level comments from `connections` readers, each with its own token. */
async function postLoad(
  baseUrl: string,
  pid: number,
  connections = options.connections,
): Promise<Sample> {
  const api = new ApiClient(baseUrl, ALLOWED_ORIGIN);
  const tokens = await Promise.all(Array.from({ length: connections }, () => api.newToken()));
  const cpuBefore = cpuMs(pid);
  const result: Result = await autocannon({
    url: baseUrl,
    connections,
    duration: options['post-seconds'],
    requests: [
      postCommentRequest(tokens, ALLOWED_ORIGIN, (sequence) => ({
        page: `https://bench.example/posts-${sequence % 20}`,
        body: `Load test comment number ${sequence}, with a little **Markdown**.`,
        author: 'Load Tester',
      })),
    ],
  });
  const created = result.statusCodeStats['201']?.count ?? 0;
  return sampleOf(result, created, result.duration, cpuMs(pid) - cpuBefore);
}

/**
 * Several servers loaded at once, the connections split between them (a load balancer's
 * work): requests per second summed, the worse p50 and p99, CPU per request over all.
 */
function combined(samples: Sample[]): Sample {
  const rps = samples.reduce((n, s) => n + s.rps, 0);
  return {
    rps,
    p50: Math.max(...samples.map((s) => s.p50)),
    p99: Math.max(...samples.map((s) => s.p99)),
    failures: samples.reduce((n, s) => n + s.failures, 0),
    cpuUs: rps ? samples.reduce((n, s) => n + s.cpuUs * s.rps, 0) / rps : 0,
  };
}

async function loadServers(servers: ServerProcess[], path: string, seconds: number) {
  const connections = Math.max(1, Math.floor(options.connections / servers.length));
  return combined(
    await Promise.all(
      servers.map(async (one) => {
        const cpuBefore = cpuMs(one.child.pid!);
        const result: Result = await autocannon({
          url: `${one.url}${path}`,
          connections,
          duration: seconds,
        });
        return sampleOf(result, result['2xx'], result.duration, cpuMs(one.child.pid!) - cpuBefore);
      }),
    ),
  );
}

async function postServers(servers: ServerProcess[]) {
  const connections = Math.max(1, Math.floor(options.connections / servers.length));
  return combined(
    await Promise.all(servers.map((one) => postLoad(one.url, one.child.pid!, connections))),
  );
}

/** GET /threads (medians of rounds) and POST /comments on PostgreSQL, with 1 and 2 servers. */
async function postgresRows(path: string, bareRps: number) {
  const cluster = await startPostgres();
  const servers: ServerProcess[] = [];
  try {
    const rows: Array<{ label: string; get: Sample; post: Sample; ratio: number }> = [];
    for (const count of [1, 2]) {
      while (servers.length < count) servers.push(await startServer({ dbPath: cluster.url }));
      if (count === 1) await seedThread(new ApiClient(servers[0]!.url, ALLOWED_ORIGIN), PAGE, 100);
      const label = `PostgreSQL, ${count} server${count > 1 ? 's' : ''}`;
      console.log(`${label}: warming up, then GET /threads …`);
      await loadServers(servers, path, options.warmup);
      const gets: Sample[] = [];
      for (let round = 0; round < options.rounds; round += 1) {
        gets.push(await loadServers(servers, path, options.seconds));
        console.log(`  round ${round + 1}: ${gets.at(-1)!.rps.toFixed(0)} req/s`);
      }
      const get = range(gets);
      console.log(`${label}: POST /comments for ${options['post-seconds']} s …`);
      const post = await postServers(servers);
      rows.push({
        label,
        get,
        post,
        ratio: get.rps / bareRps,
      });
    }
    return rows;
  } finally {
    for (const one of servers) await one.stop();
    await cluster.stop();
  }
}

const range = (samples: Sample[]) => ({
  rps: median(samples.map((s) => s.rps)),
  min: Math.min(...samples.map((s) => s.rps)),
  max: Math.max(...samples.map((s) => s.rps)),
  p50: median(samples.map((s) => s.p50)),
  p99: median(samples.map((s) => s.p99)),
  failures: samples.reduce((n, s) => n + s.failures, 0),
  cpuUs: median(samples.map((s) => s.cpuUs)),
});

const load1 = loadavg()[0]!;
const dir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
const server = await startServer({ dbPath: join(dir, 'bench.sqlite') });
let bare: Awaited<ReturnType<typeof startScript>> | undefined;
try {
  const api = new ApiClient(server.url, ALLOWED_ORIGIN);
  console.log(`seeding a 100-comment thread on ${server.url} …`);
  await seedThread(api, PAGE, 100);
  const path = `/threads?page=${encodeURIComponent(PAGE)}&limit=200`;
  const first = await send(server.url, { method: 'GET', path });
  const again = await send(server.url, { method: 'GET', path });
  if (first.status !== 200 || first.text !== again.text) {
    throw new Error('GET /threads is not stable');
  }
  const total = (first.json as { total: number }).total;
  if (total !== 100) throw new Error(`expected 100 comments, the thread has ${total}`);
  const bodyFile = join(dir, 'thread.json');
  writeFileSync(bodyFile, first.text);
  bare = await startScript(fileURLToPath(new URL('./bare-server.ts', import.meta.url)), [
    bodyFile,
    String(first.headers['content-type']),
  ]);
  const check = await send(bare.url, { method: 'GET', path });
  if (check.text !== first.text) throw new Error('the bare server does not send the same bytes');
  const bytes = Buffer.byteLength(first.text);

  const targets = { confab: `${server.url}${path}`, bare: `${bare.url}${path}` } as const;
  const pids = { confab: server.child.pid!, bare: bare.child.pid! } as const;
  console.log(`warming up (${options.warmup} s each) …`);
  await load(targets.confab, options.warmup, pids.confab);
  await load(targets.bare, options.warmup, pids.bare);

  const samples: Record<keyof typeof targets, Sample[]> = { confab: [], bare: [] };
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const order: (keyof typeof targets)[] = round % 2 ? ['bare', 'confab'] : ['confab', 'bare'];
    for (const name of order) {
      const sample = await load(targets[name], options.seconds, pids[name]);
      samples[name].push(sample);
      console.log(
        `round ${round + 1}/${options.rounds} ${name.padEnd(6)} ${sample.rps.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${sample.p50} ms  p99 ${sample.p99} ms  CPU ${sample.cpuUs.toFixed(0)} µs/req  ` +
          `non-2xx+errors ${sample.failures}`,
      );
    }
    // The ratio of each round's neighbouring measurements cancels some of the machine's drift.
    ratios.push(samples.confab.at(-1)!.rps / samples.bare.at(-1)!.rps);
  }
  const confab = range(samples.confab);
  const bareSummary = range(samples.bare);
  const ratio = median(ratios);

  console.log(`POST /comments for ${options['post-seconds']} s (--sync full, the default) …`);
  const posts = await postLoad(server.url, server.child.pid!);
  // The same load without an fsync per commit shows what the disk costs.
  const relaxed = await startServer({
    dbPath: join(dir, 'bench-normal.sqlite'),
    extraArgs: ['--sync', 'normal'],
  });
  let postsNormal: Sample;
  try {
    console.log(`POST /comments for ${options['post-seconds']} s (--sync normal) …`);
    postsNormal = await postLoad(relaxed.url, relaxed.child.pid!);
  } finally {
    await relaxed.stop();
  }

  const postgres = await postgresRows(path, bareSummary.rps);

  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const row = (label: string, s: ReturnType<typeof range>, spread: boolean) => [
    label,
    s.rps.toFixed(0),
    spread ? `${s.min.toFixed(0)}–${s.max.toFixed(0)}` : '',
    s.p50,
    s.p99,
    s.cpuUs.toFixed(0),
    s.failures,
  ];
  const results = table(
    ['', 'req/s (median)', 'min–max', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'non-2xx + errors'],
    [
      row('GET /threads (100 comments)', confab, true),
      row('bare node:http, same bytes', bareSummary, true),
      row('POST /comments (--sync full, default)', range([posts]), false),
      row('POST /comments (--sync normal)', range([postsNormal]), false),
      ...postgres.flatMap(({ label, get, post }) => [
        row(`GET /threads, ${label}`, range([get]), false),
        row(`POST /comments, ${label}`, range([post]), false),
      ]),
    ],
  );
  const stores = table(
    ['store', 'GET /threads ÷ bare req/s', 'GET p99 ms', 'POST /comments/s', 'POST p99 ms'],
    [
      [
        'SQLite, 1 server',
        `${(ratio * 100).toFixed(0)}%`,
        confab.p99,
        posts.rps.toFixed(0),
        posts.p99,
      ],
      ...postgres.map(({ label, get, post, ratio: r }) => [
        label,
        `${(r * 100).toFixed(0)}%`,
        get.p99,
        post.rps.toFixed(0),
        post.p99,
      ]),
    ],
  );
  const checks = table(
    ['target', 'measured', 'verdict'],
    [
      [
        `GET /threads ≥ ${TARGETS.ratio * 100}% of bare req/s`,
        `${(ratio * 100).toFixed(0)}% (median of per-round ratios ${ratios.map((r) => (r * 100).toFixed(0)).join(', ')})`,
        verdict(ratio >= TARGETS.ratio),
      ],
      [
        `GET /threads, CPU per request: bare ÷ confab (load-independent)`,
        `${((bareSummary.cpuUs / confab.cpuUs) * 100).toFixed(0)}% (${bareSummary.cpuUs.toFixed(0)} vs ${confab.cpuUs.toFixed(0)} µs)`,
        verdict(bareSummary.cpuUs / confab.cpuUs >= TARGETS.ratio),
      ],
      [
        `GET /threads p99 ≤ ${TARGETS.p99Ms} ms`,
        `${confab.p99} ms (bare: ${bareSummary.p99} ms)`,
        verdict(confab.p99 <= TARGETS.p99Ms),
      ],
      [
        `POST /comments ≥ ${TARGETS.postsPerSecond}/s`,
        `${posts.rps.toFixed(0)}/s (--sync normal: ${postsNormal.rps.toFixed(0)}/s); ` +
          `CPU-bound capacity ${(1e6 / posts.cpuUs).toFixed(0)}/s`,
        verdict(posts.rps >= TARGETS.postsPerSecond),
      ],
    ],
  );
  console.log(`\n${results}\n\n${stores}\n\n${checks}`);
  await writeSection(
    'Load (npm run bench:server)',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}, ` +
      `load average ${load1.toFixed(1)} at the start.\n` +
      `${options.connections} connections on 127.0.0.1, autocannon in the benchmark process, each server a ` +
      `separate process; ${options.rounds} rounds of ${options.seconds} s, order alternating, medians; ` +
      `response ${bytes} bytes (100 comments, limit=200, anonymous). POST: ${options['post-seconds']} s, ` +
      `one token per connection, rate limits off. PostgreSQL: a throwaway local cluster ` +
      `(fsync off: it measures the server, not the disk), GET rows medians of the rounds, POST rows one measurement each; two servers ` +
      `share the connections, their req/s summed, the worse p99 shown; the ratio is to the bare ` +
      `server's median.\n\n${results}\n\n${stores}\n\n${checks}\n`,
  );
} finally {
  if (bare) await stopChild(bare.child);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
