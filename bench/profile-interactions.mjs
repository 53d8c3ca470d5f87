#!/usr/bin/env node
// Where the interactions' long tasks go (bench/interactions.mjs measures how long they are).
// Runs one interaction at a time in headless Chromium with a Chromium trace and a CPU profile,
// then prints, for every task over 50 ms (--over), its time by kind (script, style, layout, paint, GC)
// and the functions with the most self time across the interaction.
//
//   node bench/profile-interactions.mjs [--size=5000] [--only=loadMore,sort,toggle,hashchange,deepLink,load:widget,load:paged]
//                                       [--dist=PATH] [--over=MS (tasks broken down; 50)]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, existsSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { createFixtureServer } from './fixture-server.mjs';
import { generateThread } from './fixtures/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => /^--([^=]+)=(.*)$/.exec(arg))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
const SIZE = Number(options.size ?? 5000);
const ONLY = (options.only ?? 'loadMore,sort,toggle,hashchange').split(',');
const DIST = options.dist ?? join(root, 'dist');
// Tasks longer than this (ms) get a breakdown.
const OVER_MS = Number(options.over ?? 50);

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'toplevel',
  'blink',
  'loading',
].join(',');

/** Trace event names grouped into what the main thread spent the time on. */
const KIND = {
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  CompositeLayers: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  BlinkGC: 'gc',
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  ParseHTML: 'parse',
};

/** Self time per function within [from, to) µs, from the CPU profile's samples. */
function functionsIn(profile, from, to, n = 6) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t >= to) continue;
    const f = byId.get(profile.samples[i]).callFrame;
    const key =
      (f.url.includes('/dist/') && original(f.url, f.lineNumber, f.columnNumber)) ||
      `${f.functionName || '(anon)'} ${f.url.split('/').pop()}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${k.trim()} ${(us / 1000).toFixed(0)}`)
    .join('; ');
}

function breakdown(events, mainTid, pid, profile) {
  const main = events
    .filter((e) => e.pid === pid && e.tid === mainTid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > OVER_MS * 1000);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end);
    // Self time per kind: an event's time minus that of the classified events inside it.
    const byKind = {};
    const stack = [];
    const classified = inside.filter((e) => KIND[e.name]);
    for (const e of classified) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      byKind[KIND[e.name]] = (byKind[KIND[e.name]] ?? 0) + e.dur;
      if (parent) byKind[KIND[parent.name]] -= e.dur;
      stack.push(e);
    }
    const parts = Object.entries(byKind)
      .filter(([, us]) => us > 500)
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => `${k} ${(us / 1000).toFixed(1)}`)
      .join(', ');
    const names = {};
    for (const e of inside) names[e.name] = (names[e.name] ?? 0) + e.dur;
    const top = Object.entries(names)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, us]) => `${k} ${(us / 1000).toFixed(0)}`)
      .join(', ');
    return `task ${(task.dur / 1000).toFixed(0)} ms (cpu ${((task.tdur ?? 0) / 1000).toFixed(0)}): ${parts} | ${top}\n    js: ${functionsIn(profile, task.ts, end)}`;
  });
}

const maps = new Map();
/** The source position of a minified one, through the build's source map. */
function original(url, line, column) {
  const file = url.split('/').pop();
  if (!maps.has(file)) {
    const path = join(DIST, url.includes('/chunks/') ? 'chunks' : '', `${file}.map`);
    maps.set(
      file,
      existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null,
    );
  }
  const map = maps.get(file);
  if (!map) return null;
  const pos = map.originalPositionFor({ line: line + 1, column });
  return pos.source ? `${pos.name ?? ''} ${pos.source.split('/src/').pop()}:${pos.line}` : null;
}

function topFunctions(profile, n = 25) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    counts.set(id, (counts.get(id) ?? 0) + (dt[i + 1] ?? 0));
  }
  let total = 0;
  for (const [id, us] of counts) {
    const f = byId.get(id).callFrame;
    const key =
      (f.url.includes('/dist/') && original(f.url, f.lineNumber, f.columnNumber)) ||
      `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    if (f.functionName !== '(idle)') total += us;
  }
  return [...self]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `  ${(us / 1000).toFixed(1).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
    );
}

/**
 * Per measured window (the harness's interaction-start and interaction-end marks): the most CPU
 * time one main-thread task took, and that task's wall time. CPU time is what the widget costs;
 * on the shared machine a task's wall time is often several times it.
 */
function cpuSummary(events, tid, pid) {
  const marks = events
    .filter((e) => e.pid === pid && /^interaction-(start|end)$/.test(e.name) && e.ph !== 'X')
    .sort((a, b) => a.ts - b.ts);
  const tasks = events.filter(
    (e) => e.pid === pid && e.tid === tid && e.name === 'RunTask' && e.ph === 'X',
  );
  const windows = [];
  for (let i = 0; i < marks.length; i++) {
    if (marks[i].name !== 'interaction-start') continue;
    const end = marks.slice(i + 1).find((m) => m.name === 'interaction-end');
    if (!end) continue;
    // The task that sets the start mark is the one that acts (a click, a sort change): it counts.
    // The one that sets the end mark is the harness's final check, which the bench leaves out.
    const inside = tasks.filter((t) => t.ts + t.dur >= marks[i].ts && t.ts + t.dur <= end.ts);
    const worst = inside.reduce((w, t) => ((t.tdur ?? 0) > (w?.tdur ?? -1) ? t : w), null);
    const over50 = inside.filter((t) => (t.tdur ?? 0) > 50_000).length;
    windows.push(
      worst
        ? `${((worst.tdur ?? 0) / 1000).toFixed(0)} cpu/${(worst.dur / 1000).toFixed(0)} wall (${over50} over 50 cpu)`
        : 'no task',
    );
  }
  return `  most CPU in one task, per measured window: ${windows.join('; ')}`;
}

async function profiled(browser, page, name, act) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  await cdp.send('Profiler.start');
  // Starting a trace repaints the whole page in the next frames: not the interaction's cost.
  await page.waitForTimeout(1500);
  const result = await act();
  const { profile } = await cdp.send('Profiler.stop');
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString());
  if (process.env.DUMP) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.DUMP, JSON.stringify(traceEvents));
  }
  const thread = traceEvents.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  console.log(`\n== ${SIZE} ${name}: ${JSON.stringify(result)}`);
  if (thread) {
    for (const line of breakdown(traceEvents, thread.tid, thread.pid, profile)) console.log(line);
    console.log(cpuSummary(traceEvents, thread.tid, thread.pid));
  }
  for (const line of topFunctions(profile)) console.log(line);
}

async function main() {
  const { comments } = generateThread(SIZE);
  const lastId = comments.at(-1).id;
  let roots = 0;
  const firstEnd = comments.findIndex((c) => c.parentId === null && ++roots > 50);
  const firstPage = firstEnd === -1 ? comments.length : firstEnd;
  const server = createFixtureServer({ root, dist: DIST, buildDir: '/nonexistent', sizes: [SIZE] });
  const origin = await server.listen();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const open = async (variant) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${origin}/bench/pages/shell.html?variant=${variant}&size=${SIZE}`);
    await page.evaluate(() => window.bench.ready);
    return page;
  };
  try {
    if (ONLY.includes('loadMore') || ONLY.includes('sort')) {
      const page = await open('paged');
      await page.evaluate((o) => window.bench.run(o), { expected: firstPage });
      if (ONLY.includes('sort')) {
        await profiled(browser, page, 'sort', () =>
          page.evaluate(() => window.bench.interactions.sort('top')),
        );
      }
      if (ONLY.includes('loadMore')) {
        await profiled(browser, page, 'loadMore', () =>
          page.evaluate(async () => {
            const r = await window.bench.interactions.loadMore();
            return r.clicks.map((c) => Math.round(c.longestTask));
          }),
        );
      }
      await page.context().close();
    }
    if (ONLY.includes('toggle') || ONLY.includes('hashchange')) {
      const page = await open('widget');
      await page.evaluate((o) => window.bench.run(o), { expected: comments.length });
      if (ONLY.includes('toggle')) {
        await profiled(browser, page, 'collapse+expand', () =>
          page.evaluate(() => window.bench.interactions.collapseAndExpand()),
        );
      }
      if (ONLY.includes('hashchange')) {
        await profiled(browser, page, 'hashchange', () =>
          page.evaluate(() => window.bench.interactions.hashchange()),
        );
      }
      await page.context().close();
    }
    for (const variant of ['widget', 'paged']) {
      if (!ONLY.includes(`load:${variant}`)) continue;
      const page = await open(variant);
      await profiled(browser, page, `load ${variant}`, () =>
        page.evaluate(
          async (o) => {
            performance.mark('interaction-start');
            const r = await window.bench.run(o);
            performance.mark('interaction-end');
            return r.longestTask;
          },
          { expected: variant === 'paged' ? firstPage : comments.length },
        ),
      );
      await page.context().close();
    }
    if (ONLY.includes('deepLink')) {
      const page = await open('widget');
      await profiled(browser, page, 'deepLink', () =>
        page.evaluate((id) => window.bench.interactions.deepLinkOnLoad(id), lastId),
      );
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
