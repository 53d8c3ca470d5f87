/**
 * `npm run bench:server`: load test of the reference server with autocannon.
 *
 * 1. GET /threads of a deterministic 100-comment thread, against a bare
 *    node:http server that sends the very bytes the real server produced,
 *    both measured in the same run with the same connections, alternating
 *    order each round; medians of several rounds.
 * 2. POST /comments throughput with rate limits off.
 *
 * Targets (issue 5): ≥ 50% of bare req/s, p99 ≤ 20 ms at 50 connections,
 * ≥ 500 posts/s. Prints a table and writes bench/server.md.
 *
 *   npm run bench:server -- --rounds 5 --seconds 10 --connections 50 --post-seconds 10
 */
import autocannon, { type Result } from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, send } from '../test/support/http.js';
import { ALLOWED_ORIGIN, startServer } from '../test/support/server-process.js';
import {
  flags,
  machine,
  median,
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
  non2xx: number;
  errors: number;
}

async function load(url: string, seconds: number): Promise<Sample> {
  const result: Result = await autocannon({
    url,
    connections: options.connections,
    duration: seconds,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

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
  if (first.status !== 200 || first.text !== again.text)
    throw new Error('GET /threads is not stable');
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
  console.log(`warming up (${options.warmup} s each) …`);
  await load(targets.confab, options.warmup);
  await load(targets.bare, options.warmup);

  const samples: Record<keyof typeof targets, Sample[]> = { confab: [], bare: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order: (keyof typeof targets)[] = round % 2 ? ['bare', 'confab'] : ['confab', 'bare'];
    for (const name of order) {
      const sample = await load(targets[name], options.seconds);
      samples[name].push(sample);
      console.log(
        `round ${round + 1}/${options.rounds} ${name.padEnd(6)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  non-2xx ${sample.non2xx}  errors ${sample.errors}`,
      );
    }
  }
  const summary = (name: keyof typeof targets) => ({
    rps: median(samples[name].map((s) => s.rps)),
    rpsMin: Math.min(...samples[name].map((s) => s.rps)),
    rpsMax: Math.max(...samples[name].map((s) => s.rps)),
    p50: median(samples[name].map((s) => s.p50)),
    p99: median(samples[name].map((s) => s.p99)),
    failures: samples[name].reduce((n, s) => n + s.non2xx + s.errors, 0),
  });
  const confab = summary('confab');
  const bareSummary = summary('bare');
  const ratio = confab.rps / bareSummary.rps;

  console.log(`POST /comments for ${options['post-seconds']} s …`);
  const tokens = await Promise.all(
    Array.from({ length: options.connections }, () => api.newToken()),
  );
  let nextToken = 0;
  let sequence = 0;
  const posting: Result = await autocannon({
    url: server.url,
    connections: options.connections,
    duration: options['post-seconds'],
    requests: [
      {
        method: 'POST',
        path: '/comments',
        setupRequest: (request, context) => {
          context.token ??= tokens[nextToken++ % tokens.length];
          sequence += 1;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              origin: ALLOWED_ORIGIN,
              authorization: `Bearer ${String(context.token)}`,
            },
            body: JSON.stringify({
              page: `https://bench.example/posts-${sequence % 20}`,
              parentId: null,
              body: `Load test comment number ${sequence}, with a little **Markdown**.`,
              author: { name: 'Load Tester' },
            }),
          };
        },
      },
    ],
  });
  const created = posting.statusCodeStats['201']?.count ?? 0;
  const postsPerSecond = created / options['post-seconds'];

  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const rows: (string | number)[][] = [
    [
      'GET /threads (100 comments)',
      confab.rps.toFixed(0),
      `${confab.rpsMin.toFixed(0)}–${confab.rpsMax.toFixed(0)}`,
      confab.p50,
      confab.p99,
      confab.failures,
    ],
    [
      'bare node:http, same bytes',
      bareSummary.rps.toFixed(0),
      `${bareSummary.rpsMin.toFixed(0)}–${bareSummary.rpsMax.toFixed(0)}`,
      bareSummary.p50,
      bareSummary.p99,
      bareSummary.failures,
    ],
    [
      'POST /comments',
      postsPerSecond.toFixed(0),
      '',
      posting.latency.p50,
      posting.latency.p99,
      posting.non2xx + posting.errors + posting.timeouts,
    ],
  ];
  const results = table(
    ['', 'req/s (median)', 'min–max', 'p50 ms', 'p99 ms', 'non-2xx + errors'],
    rows,
  );
  const checks = table(
    ['target', 'measured', 'verdict'],
    [
      [
        `GET /threads ≥ ${TARGETS.ratio * 100}% of bare req/s`,
        `${(ratio * 100).toFixed(0)}%`,
        verdict(ratio >= TARGETS.ratio),
      ],
      [
        `GET /threads p99 ≤ ${TARGETS.p99Ms} ms`,
        `${confab.p99} ms`,
        verdict(confab.p99 <= TARGETS.p99Ms),
      ],
      [
        `POST /comments ≥ ${TARGETS.postsPerSecond}/s`,
        `${postsPerSecond.toFixed(0)}/s`,
        verdict(postsPerSecond >= TARGETS.postsPerSecond),
      ],
    ],
  );
  console.log(`\n${results}\n\n${checks}`);
  writeSection(
    'Load (npm run bench:server)',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}.\n` +
      `${options.connections} connections on 127.0.0.1, autocannon in the benchmark process, both servers as ` +
      `separate processes; ${options.rounds} rounds of ${options.seconds} s, order alternating, medians; ` +
      `response ${bytes} bytes (100 comments, limit=200, anonymous).\n\n${results}\n\n${checks}\n`,
  );
} finally {
  if (bare) await stopChild(bare.child);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
