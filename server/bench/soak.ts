/**
 * `npm run soak`: a bounded soak of the reference server, then a crash.
 *
 * Phase 1: mixed reads, posts and votes from 50 connections for `--seconds`
 * (default 60) against the real command-line server on 127.0.0.1, sampling
 * its resident memory every second, with hostile traffic mixed in (issue 15,
 * item 14): edit floods, oversized and control-character bodies, forged
 * X-Forwarded-For headers, and a flood of event streams held open all along.
 * Passes when no answer is a 5xx, memory levels off, and the stopped server's
 * database passes integrity_check and the stored invariants.
 *
 * Phase 2: a burst of posts, the server SIGKILLed in the middle of it,
 * restarted on the same file: every comment that was answered 201 must be
 * there.
 *
 * Exits 1 when a check fails. Writes its figures to bench/server.md.
 *
 *   npm run soak -- --seconds 60 --connections 50
 */
import autocannon, { type Result } from 'autocannon';
import { get as httpGet, type ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Comment, ThreadResponse } from '../../src/protocol/index.js';
import { DbInspector } from '../test/support/db-snapshot.js';
import { ApiClient } from '../test/support/http.js';
import { storedProblems } from '../test/support/invariants.js';
import { ALLOWED_ORIGIN, startServer, type ServerProcess } from '../test/support/server-process.js';
import {
  flags,
  machine,
  postCommentRequest,
  rssMiB,
  seededRandom,
  sentence,
  table,
  writeSection,
} from './lib.js';

const options = flags({ seconds: 60, connections: 50, 'kill-after': 3, pages: 20 });
/** The event-stream flood watches this many pages (the edit floods' too). */
const STREAMED_PAGES = 3;
/** Memory "levels off" when the last third of the run grows less than this over the middle third. */
const MAX_LATE_GROWTH = 1.25;

const loadAtStart = loadavg()[0]!;
const dir = mkdtempSync(join(tmpdir(), 'confab-soak-'));
const dbPath = join(dir, 'soak.sqlite');
const pages = Array.from({ length: options.pages }, (_, i) => `https://soak.example/post-${i}`);
const failures: string[] = [];
const random = seededRandom(60);

function commentBody(n: number): string {
  return `${sentence(random, 5 + Math.floor(random() * 40))} #${n}`;
}

async function readAll(api: ApiClient, page: string): Promise<Comment[]> {
  const out: Comment[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i += 1) {
    const query = new URLSearchParams({ page, limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const res = await api.call('GET', `/threads?${query}`);
    if (res.status !== 200) throw new Error(`GET /threads answered ${res.status}: ${res.text}`);
    const thread = res.json as ThreadResponse;
    out.push(...thread.comments);
    cursor = thread.nextCursor;
    if (!cursor) break;
  }
  return out;
}

async function soak(server: ServerProcess, api: ApiClient) {
  const tokens = await Promise.all(
    Array.from({ length: options.connections }, () => api.newToken()),
  );
  const knownIds: string[] = [];
  const idsByPage = new Map<string, string[]>(pages.map((page) => [page, []]));
  const remember = (page: string, id: string) => {
    if (knownIds.length >= 5000) return;
    knownIds.push(id);
    idsByPage.get(page)!.push(id);
  };
  /** The edit floods' targets: two comments on each page the flooded streams watch. */
  const floodTargets: { token: string; id: string }[] = [];
  for (const [i, page] of pages.entries()) {
    for (let j = 0; j < 5; j += 1) {
      const token = tokens[(i + j) % tokens.length]!;
      const res = await api.call('POST', '/comments', {
        token,
        body: { page, parentId: null, body: commentBody(j), author: { name: `Seed ${j}` } },
      });
      if (res.status !== 201) throw new Error(`seed post answered ${res.status}: ${res.text}`);
      const id = (res.json as { comment: Comment }).comment.id;
      remember(page, id);
      if (i < STREAMED_PAGES && j < 2) floodTargets.push({ token, id });
    }
  }

  const rss: { second: number; mib: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const mib = rssMiB(server.child.pid!);
    if (mib !== null) rss.push({ second: (Date.now() - started) / 1000, mib });
  }, 1000);

  const streams = await streamFlood(server.url, 300);

  let nextToken = 0;
  let sequence = 0;
  const mix = { read: 0, post: 0, vote: 0, hostile: 0, edited: 0 };
  const result: Result = await autocannon({
    url: server.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        setupRequest: (_request, context) => {
          context.token ??= tokens[nextToken++ % tokens.length];
          const headers = {
            'content-type': 'application/json',
            origin: ALLOWED_ORIGIN,
            authorization: `Bearer ${String(context.token)}`,
          };
          const page = pages[Math.floor(random() * pages.length)]!;
          const roll = random();
          sequence += 1;
          if (roll >= 0.8) return hostileRequest(headers, page, context);
          if (roll < 0.5) {
            mix.read += 1;
            const sort = ['oldest', 'newest', 'top'][sequence % 3]!;
            // Some reads anonymous, as a visitor who never posted.
            return {
              method: 'GET',
              path: `/threads?page=${encodeURIComponent(page)}&sort=${sort}&limit=50`,
              headers: roll < 0.3 ? { origin: ALLOWED_ORIGIN } : headers,
              body: undefined,
            };
          }
          if (roll < 0.7) {
            mix.post += 1;
            // 30% replies: nine in ten to a comment of the same page, one in ten to a
            // comment of another page, which must be refused (400) and store nothing.
            const replyRoll = random();
            const pool = replyRoll < 0.03 ? knownIds : idsByPage.get(page)!;
            const parentId = replyRoll < 0.3 ? pool[Math.floor(random() * pool.length)]! : null;
            context.page = page;
            return {
              method: 'POST',
              path: '/comments',
              headers,
              body: JSON.stringify({
                page,
                parentId,
                body: commentBody(sequence),
                author: { name: 'Soaker' },
              }),
            };
          }
          mix.vote += 1;
          const id = knownIds[Math.floor(random() * knownIds.length)]!;
          return {
            method: 'PUT',
            path: `/comments/${encodeURIComponent(id)}/vote`,
            headers,
            body: JSON.stringify({ value: [1, -1, 0][sequence % 3] }),
          };
        },
        onResponse: (status, body, context) => {
          if (status === 200 && context.editing) mix.edited += 1;
          if (status === 201) {
            const id = (JSON.parse(body) as { comment: Comment }).comment.id;
            remember(String(context.page), id);
          }
        },
      },
    ],
  });
  clearInterval(sampler);
  const streamAnswers = streams.close();
  return { result, rss, mix, streamAnswers, streamed: streams.received };

  /** One request of the attacks the hostile review found, in turn. */
  function hostileRequest(
    headers: Record<string, string>,
    page: string,
    context: Record<string, unknown>,
  ) {
    mix.hostile += 1;
    const forged = { ...headers, 'x-forwarded-for': `203.0.113.${sequence % 250}, 10.0.0.1` };
    const post = (body: string) => ({
      method: 'POST' as const,
      path: '/comments',
      headers: forged,
      body: JSON.stringify({ page, parentId: null, body, author: { name: 'Mallory' } }),
    });
    switch (sequence % 4) {
      case 0: {
        // Edit floods by their authors, on a few comments of the pages streams watch. (Not on
        // the connection's own comment: autocannon's context lasts one request, so that was
        // always a 403.)
        context.editing = true;
        const target = floodTargets[Math.floor(sequence / 4) % floodTargets.length]!;
        const author: Record<string, string> = {
          ...headers,
          authorization: `Bearer ${target.token}`,
        };
        return {
          method: 'PATCH' as const,
          path: `/comments/${target.id}`,
          headers: author,
          body: JSON.stringify({ body: `${'Edited again. '.repeat(600)}${sequence}` }),
        };
      }
      case 1:
        return post('x'.repeat(10_001)); // over the limit: 400
      case 2:
        return post('\u0001'.repeat(10_000)); // control characters: 400
      default:
        // Forged forwarding headers on a read, under a cursor and limit of its own.
        return {
          method: 'GET' as const,
          path: `/threads?page=${encodeURIComponent(page)}&limit=${1 + (sequence % 200)}`,
          headers: { origin: ALLOWED_ORIGIN, 'x-forwarded-for': `198.51.100.${sequence % 250}` },
          body: undefined,
        };
    }
  }
}

/**
 * `count` event streams opened at once on a few pages, with forged forwarding headers, held
 * open while the soak runs: `close()` ends them and tells how each was answered.
 */
async function streamFlood(base: string, count: number) {
  const answers = new Map<number, number>();
  const requests: ClientRequest[] = [];
  /** What the open streams were sent: bytes, and comment messages. */
  const received = { bytes: 0, comments: 0 };
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<void>((resolve) => {
          const url = new URL(
            `/events?page=${encodeURIComponent(pages[i % STREAMED_PAGES]!)}`,
            base,
          );
          const request = httpGet(
            url,
            { headers: { origin: ALLOWED_ORIGIN, 'x-forwarded-for': `192.0.2.${i % 250}` } },
            (response) => {
              answers.set(response.statusCode!, (answers.get(response.statusCode!) ?? 0) + 1);
              if (response.statusCode === 200) {
                // The tail of each chunk goes with the next: a marker may be cut in two.
                let tail = '';
                response.on('data', (chunk: Buffer) => {
                  received.bytes += chunk.length;
                  const text = tail + chunk.toString('latin1');
                  received.comments += text.split('event: comment\n').length - 1;
                  tail = text.slice(-14);
                });
              } else {
                response.resume();
              }
              resolve();
            },
          );
          request.on('error', () => resolve());
          requests.push(request);
        }),
    ),
  );
  return {
    received,
    close(): string {
      for (const request of requests) request.destroy();
      return [...answers].map(([status, n]) => `${status}: ${n}`).join(', ');
    },
  };
}

function third(samples: { mib: number }[], index: 0 | 1 | 2): number {
  const size = Math.max(1, Math.floor(samples.length / 3));
  const slice = samples.slice(index * size, index === 2 ? samples.length : (index + 1) * size);
  return Math.max(...slice.map((s) => s.mib));
}

async function killDuringBurst(api: ApiClient, first: ServerProcess) {
  const tokens = await Promise.all(
    Array.from({ length: options.connections }, () => api.newToken()),
  );
  const acknowledged: string[] = [];
  const burst = autocannon({
    url: first.url,
    connections: options.connections,
    duration: options['kill-after'] + 5,
    timeout: 2,
    requests: [
      {
        ...postCommentRequest(tokens, ALLOWED_ORIGIN, (sequence) => ({
          page: `https://soak.example/crash-${sequence % 5}`,
          body: `Written just before the crash #${sequence}`,
          author: 'Crash Tester',
        })),
        onResponse: (status, body) => {
          if (status !== 201) return;
          acknowledged.push((JSON.parse(body) as { comment: Comment }).comment.id);
        },
      },
    ],
  });
  await new Promise((resolve) => setTimeout(resolve, options['kill-after'] * 1000));
  const ackedAtKill = acknowledged.length;
  await first.kill();
  burst.stop();
  await burst;

  const second = await startServer({ dbPath });
  try {
    const api2 = new ApiClient(second.url, ALLOWED_ORIGIN);
    const present = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      for (const c of await readAll(api2, `https://soak.example/crash-${i}`)) present.add(c.id);
    }
    const missing = acknowledged.filter((id) => !present.has(id));
    const db = new DbInspector(dbPath);
    const integrity = db.integrity();
    db.close();
    return {
      acknowledged: acknowledged.length,
      ackedAtKill,
      missing: missing.length,
      integrity,
      second,
    };
  } catch (error) {
    await second.stop();
    throw error;
  }
}

const server = await startServer({ dbPath });
try {
  const api = new ApiClient(server.url, ALLOWED_ORIGIN);
  console.log(
    `soaking ${server.url} for ${options.seconds} s with ${options.connections} connections …`,
  );
  const { result, rss, mix, streamAnswers, streamed } = await soak(server, api);
  const fiveXX = result['5xx'];
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(', ');
  if (fiveXX > 0) failures.push(`${fiveXX} answers were 5xx`);
  if (result.errors + result.timeouts > 0)
    failures.push(`${result.errors} errors, ${result.timeouts} timeouts`);
  const [early, middle, late] = [third(rss, 0), third(rss, 1), third(rss, 2)];
  const growth = late / middle;
  if (growth > MAX_LATE_GROWTH)
    failures.push(`memory still growing: ${middle.toFixed(0)} → ${late.toFixed(0)} MiB`);

  // Consistency is checked on the file while the server still holds it, and again after the crash phase.
  const db = new DbInspector(dbPath);
  const problems = storedProblems(db);
  const commentRows = db.all<{ n: number }>('SELECT count(*) AS n FROM comments')[0]!.n;
  db.close();
  if (problems.length) failures.push(`database: ${problems.slice(0, 5).join('; ')}`);

  console.log(`SIGKILL during a burst of posts, after ${options['kill-after']} s …`);
  const crash = await killDuringBurst(api, server);
  await crash.second.stop();
  if (crash.missing > 0) failures.push(`${crash.missing} acknowledged comments lost in the crash`);
  if (crash.integrity !== 'ok') failures.push(`integrity after crash: ${crash.integrity}`);
  if (crash.acknowledged === 0)
    failures.push('no post was acknowledged before the kill: the crash test proved nothing');

  const summary = table(
    ['measure', 'value'],
    [
      ['duration, connections', `${options.seconds} s, ${options.connections}`],
      [
        'requests (read / post / vote / hostile issued)',
        `${result.requests.total} (${mix.read} / ${mix.post} / ${mix.vote} / ${mix.hostile})`,
      ],
      ['event streams flooded (answers)', streamAnswers],
      ['edits answered 200', mix.edited],
      [
        'sent to the open streams',
        `${(streamed.bytes / 2 ** 20).toFixed(1)} MiB, ${streamed.comments} comment messages`,
      ],
      [
        'throughput',
        `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
      ],
      ['status codes', codes],
      ['5xx answers', fiveXX],
      [
        'RSS max of first / middle / last third',
        `${early.toFixed(1)} / ${middle.toFixed(1)} / ${late.toFixed(1)} MiB (last/middle ${growth.toFixed(2)})`,
      ],
      ['comments stored', commentRows],
      ['integrity_check + invariants', problems.length ? problems.slice(0, 3).join('; ') : 'ok'],
      [
        'posts acknowledged before SIGKILL / in burst',
        `${crash.ackedAtKill} / ${crash.acknowledged}`,
      ],
      ['acknowledged posts missing after restart', crash.missing],
      ['integrity_check after crash', crash.integrity],
      ['verdict', failures.length ? `**FAIL**: ${failures.join('; ')}` : 'pass'],
    ],
  );
  console.log(`\n${summary}`);
  await writeSection(
    'Soak (npm run soak)',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}, ` +
      `load average ${loadAtStart.toFixed(1)} at the start.\n` +
      `Real \`confab-server\` process with \`--no-rate-limit\`, autocannon in the soak process on 127.0.0.1; ` +
      `mix of about 50% reads (most anonymous), 20% posts (30% of them replies, a tenth of those to ` +
      `another page's comment: 400 by design), 10% votes over ${options.pages} pages, and 20% ` +
      `hostile: edit floods of 8 KB bodies on 6 comments of the streamed pages, oversized and control-character bodies (400), reads ` +
      `with forged X-Forwarded-For and a limit each; 300 event streams held open throughout. ` +
      `RSS sampled every second.\n\n${summary}\n`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`soak FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
}
