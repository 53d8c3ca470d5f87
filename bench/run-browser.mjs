#!/usr/bin/env node
// `npm run bench`: the browser benchmark of issue 5.
//
// For threads of 100, 1,000 and 5,000 generated comments it loads the same
// page shell in headless Chromium (playwright-core driving /usr/bin/chromium)
// and measures three variants, interleaved run by run in rotating order so
// drift on this shared machine hits them alike:
//   widget  <confab-comments> from dist/confab.js
//   static  the widget's own rendered markup assigned as one HTML string
//   lit     a minimal Lit element rendering the same comments as plain text
//   paged   the widget with its default page size: the first page only, for
//           the first-screen target on huge threads
// Then the lazy-start and layout-shift checks. Writes bench/RESULTS.md and
// the raw numbers to bench/results/latest.json.
//
// Then the interactions (bench/interactions.mjs) on the sizes of 1,000 and
// more: load more, sort, collapse and expand, hashchange, deep link.
//
// Options: --runs=N (default 5), --sizes=100,1000,5000,
// --variants=static,lit,widget,paged, --interaction-runs=N (default: runs;
// 0 skips them), --only=interactions (nothing else), --out=PATH (RESULTS.md
// elsewhere, e.g. for a quick look without touching the committed one),
// --dist=PATH (a widget built elsewhere, e.g. to compare before and after a
// change: `npx vite build --outDir /tmp/before`).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { createFixtureServer } from './fixture-server.mjs';
import { generateThread } from './fixtures/generate.mjs';
import {
  interactionsMarkdown,
  measureInteractions,
  summariseInteractions,
} from './interactions.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'node_modules', '.cache', 'confab-bench');

const options = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => /^--([^=]+)=(.*)$/.exec(arg))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
const RUNS = Number(options.runs ?? 5);
const SIZES = (options.sizes ?? '100,1000,5000').split(',').map(Number);
const OUT = options.out ?? join(root, 'bench', 'RESULTS.md');
const DIST = options.dist ?? join(root, 'dist');
const VARIANTS = (options.variants ?? 'static,lit,widget,paged').split(',');
const INTERACTION_RUNS = Number(options['interaction-runs'] ?? RUNS);
const ONLY_INTERACTIONS = options.only === 'interactions';

// What the heap figures need beyond the project's usual flags: exact numbers and a callable gc().
const BENCH_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];
const VIEWPORT = { width: 1280, height: 800 };

const log = (...args) => console.error('[bench]', ...args);
const loadAtStart = loadavg()[0];

function ensureWidgetBuilt() {
  if (existsSync(join(DIST, 'confab.js'))) return;
  if (options.dist) throw new Error(`${DIST}/confab.js is missing`);
  log('dist/confab.js is missing: running `npm run build`');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(join(root, 'dist', 'confab.js'))) {
    throw new Error('the widget did not build; fix `npm run build` first');
  }
}

// The Lit baseline goes through the same bundler, mode and target as the
// widget (vite.config.ts), so neither gets a better minifier.
async function buildLitBaseline() {
  mkdirSync(buildDir, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: buildDir,
      emptyOutDir: true,
      modulePreload: false,
      lib: {
        entry: join(root, 'bench', 'baselines', 'lit-list.js'),
        formats: ['es'],
        fileName: () => 'lit-list.js',
      },
    },
  });
}

async function withPage(browser, url, fn) {
  // A fresh context per measurement: empty HTTP cache, empty storage.
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  try {
    await page.goto(url);
    await page.evaluate(() => window.bench.ready);
    return await fn(page, errors);
  } finally {
    await context.close();
  }
}

async function measure(browser, origin, variant, size, expected) {
  const url = `${origin}/bench/pages/shell.html?variant=${variant}&size=${size}`;
  return withPage(browser, url, async (page, errors) => {
    const result = await page.evaluate((o) => window.bench.run(o), { expected });
    if (errors.length > 0) result.errors = errors.slice(0, 5);
    return result;
  });
}

async function snapshotWidget(browser, origin, size, expected) {
  const url = `${origin}/bench/pages/shell.html?variant=widget&size=${size}`;
  // The baseline must hold every comment: a run cut short (the harness gives up
  // after seconds without a DOM change) is retried, never used.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const markup = await withPage(browser, url, async (page, errors) => {
      const result = await page.evaluate((o) => window.bench.run(o), { expected });
      if (result.complete) return page.evaluate(() => window.bench.snapshot());
      log(`warning: widget showed ${result.comments} of ${expected} comments`, errors);
      return null;
    });
    if (markup !== null) return markup;
  }
  throw new Error(`the widget never showed all ${expected} comments; no static baseline`);
}

/**
 * Lazy start: a default widget three screens below the fold must request
 * nothing (no API call, no chunk) until it comes within about a viewport;
 * then it loads. Layout shift is recorded throughout.
 */
async function lazyStart(browser, origin) {
  const url = `${origin}/bench/pages/shell.html?mode=lazy&size=${SIZES[0]}`;
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/') || path.startsWith('/dist/chunks/')) requests.push(path);
  });
  try {
    await page.goto(url);
    await page.evaluate(() => window.bench.ready);
    await page.waitForTimeout(1500);
    const before = requests.slice();
    const box = await page.evaluate(() => window.bench.hostBox());
    // Scroll until the widget's top is half a viewport below the fold:
    // inside a one-viewport margin, still out of sight.
    await page.evaluate((y) => window.scrollTo(0, y), box.top - box.viewport * 1.5);
    await page.waitForFunction(() => window.bench.shownComments() > 0, null, { timeout: 20_000 });
    await page.waitForTimeout(1000);
    const after = requests.slice();
    const shift = await page.evaluate(() => window.bench.layoutShift());
    return {
      requestsBeforeScroll: before,
      requestsAfterScroll: after.length,
      threadRequested: after.some((p) => p === '/api/threads'),
      distanceBelowFold: Math.round(box.top - box.viewport),
      cls: shift.cls,
    };
  } finally {
    await context.close();
  }
}

/**
 * Layout shift while the thread arrives below the fold, in two placements:
 * `eager` far below the fold, and `edge` with the loading placeholder's top
 * edge in view (the reader is about to reach it) when the thread arrives.
 */
async function layoutShift(browser, origin) {
  const out = {};
  for (const placement of ['eager', 'edge']) {
    const mode = placement === 'eager' ? 'below' : 'lazy';
    const size = SIZES.includes(1000) ? 1000 : SIZES[0];
    const url = `${origin}/bench/pages/shell.html?mode=${mode}&size=${size}`;
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    try {
      await page.goto(url);
      await page.evaluate(() => window.bench.ready);
      if (placement === 'edge') {
        const box = await page.evaluate(() => window.bench.hostBox());
        // The placeholder's top at 80% of the viewport height.
        await page.evaluate((y) => window.scrollTo(0, y), box.top - box.viewport * 0.8);
      }
      await page.waitForFunction(() => window.bench.shownComments() > 0, null, {
        timeout: 30_000,
      });
      await page.waitForTimeout(2500);
      const shift = await page.evaluate(() => window.bench.layoutShift());
      out[placement] = { cls: shift.cls, shifts: shift.shifts.length };
    } finally {
      await context.close();
    }
  }
  return out;
}

function stats(values) {
  const xs = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs.at(-1), n: xs.length };
}

function summarise(results) {
  const out = {};
  for (const size of SIZES) {
    out[size] = {};
    for (const variant of ['static', 'lit', 'widget', 'paged']) {
      const runs = results.filter((r) => r.size === size && r.variant === variant);
      const metric = (key) => stats(runs.map((r) => r[key]));
      out[size][variant] = {
        runs: runs.length,
        complete: runs.length > 0 && runs.every((r) => r.complete),
        comments: stats(runs.map((r) => r.comments)),
        firstScreen: metric('firstScreen'),
        allRendered: metric('allRendered'),
        longestTask: metric('longestTask'),
        blockingTime: metric('blockingTime'),
        heap: metric('heap'),
        heapDelta: metric('heapDelta'),
        domNodes: metric('domNodes'),
        errors: runs.flatMap((r) => r.errors ?? []).slice(0, 3),
      };
    }
  }
  return out;
}

const ms = (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : 'n/a');
const mb = (s) =>
  s
    ? `${(s.median / 1048576).toFixed(1)} (${(s.min / 1048576).toFixed(1)}–${(s.max / 1048576).toFixed(1)})`
    : 'n/a';
const count = (s) => (s ? `${Math.round(s.median)}` : 'n/a');
const ratio = (a, b) => (a && b && b.median > 0 ? a.median / b.median : null);
const x = (r) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);

function targets(summary, lazy, shift) {
  const list = [];
  const big = summary[1000];
  if (big) {
    const r = ratio(big.widget.allRendered, big.static.allRendered);
    list.push({
      name: '1,000 comments fully rendered ≤ 1.25× static HTML',
      value: x(r),
      met: r !== null && r <= 1.25 && big.widget.complete,
    });
    const h = ratio(big.widget.heap, big.lit.heap);
    list.push({
      name: '1,000 comments: heap after GC ≤ 1.5× minimal Lit',
      value: x(h),
      met: h !== null && h <= 1.5,
    });
  }
  if (summary[100] && summary[5000]) {
    const paged = ratio(summary[5000].paged.firstScreen, summary[100].paged.firstScreen);
    const whole = ratio(summary[5000].widget.firstScreen, summary[100].widget.firstScreen);
    list.push({
      name: '5,000-comment first screen ≤ 1.5× the 100-comment first screen (default page size)',
      value: `${x(paged)} (whole thread in one answer, page-size 200: ${x(whole)})`,
      met: paged !== null && paged <= 1.5,
    });
  }
  const worst = Math.max(...SIZES.map((s) => summary[s].widget.longestTask?.median ?? Infinity));
  const worstAny = Math.max(...SIZES.map((s) => summary[s].widget.longestTask?.max ?? Infinity));
  list.push({
    name: 'no long task > 100 ms (median over runs, every size)',
    value: `${worst.toFixed(0)} ms (worst single run ${worstAny.toFixed(0)} ms)`,
    met: worst <= 100,
  });
  if (lazy) {
    list.push({
      name: 'lazy start: nothing fetched until near the viewport, then the thread loads',
      value: `${lazy.requestsBeforeScroll.length} requests before scrolling, ${lazy.requestsAfterScroll} after`,
      met: lazy.requestsBeforeScroll.length === 0 && lazy.threadRequested,
    });
  }
  if (shift) {
    const worstCls = Math.max(lazy?.cls ?? 0, ...Object.values(shift).map((s) => s.cls));
    list.push({
      name: 'no layout shift when the thread arrives below the fold (CLS)',
      value: `eager far below: ${shift.eager.cls.toFixed(4)}; placeholder edge in view: ${shift.edge.cls.toFixed(4)}; lazy scroll-in: ${(lazy?.cls ?? 0).toFixed(4)}`,
      met: worstCls < 0.001,
    });
  }
  return list;
}

function machine(browserVersion) {
  const cpu = cpus()[0]?.model ?? 'unknown';
  let nproc = String(cpus().length);
  try {
    nproc = execSync('nproc').toString().trim();
  } catch {
    // nproc is coreutils; os.cpus() above is the fallback.
  }
  return {
    nproc,
    cpu,
    chromium: browserVersion,
    node: process.version,
    date: new Date(),
    loadAtStart,
    loadAtEnd: loadavg()[0],
  };
}

function sizeTable() {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'check-size.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CONFAB_DIST: DIST },
  });
  const lines = run.stdout.split('\n');
  const end = lines.findIndex((l) => l.startsWith('TAP version'));
  return lines
    .slice(0, end === -1 ? lines.length : end)
    .join('\n')
    .trim();
}

function markdown({ summary, lazy, shift, env, data, interactions }) {
  const lines = [];
  lines.push('# Browser benchmark results', '');
  lines.push(
    'Written by `npm run bench` (`bench/run-browser.mjs`); how it measures and why the numbers ' +
      'hold: `docs/performance.md`.',
    '',
  );
  lines.push(
    `- Machine: ${env.nproc} cores (${env.cpu}), shared with other work, so single runs are noisy ` +
      `(1-minute load average ${env.loadAtStart.toFixed(1)} at the start, ${env.loadAtEnd.toFixed(1)} at the end)`,
  );
  lines.push(`- Browser: ${env.chromium}, headless, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
  lines.push(`- Node ${env.node}; date ${env.date.toISOString()}`);
  lines.push(
    `- ${RUNS} runs per variant and size, interleaved in rotating order, each in a fresh browser ` +
      'context; cells are median (min–max)',
    '',
  );
  lines.push('## Threads', '');
  lines.push('| comments | top-level | max depth | Markdown bodies | JSON bytes |');
  lines.push('|---:|---:|---:|---:|---:|');
  for (const d of data) {
    lines.push(
      `| ${d.size} | ${d.topLevel} | ${d.maxDepth} | ${d.markdownShare} | ${d.jsonBytes} |`,
    );
  }
  lines.push('');
  lines.push('## Results', '');
  lines.push(
    'Times in ms from inserting the element (script already loaded; the thread request, the rich ' +
      'chunk and rendering all count). Heap: used JS heap after `gc()`, MB, whole page. ' +
      'DOM: every node of the document, shadow trees included.',
    '',
  );
  lines.push(
    '| comments | variant | first screen | all rendered | longest task | blocking time | heap MB | DOM nodes | shown |',
  );
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    for (const variant of VARIANTS) {
      const s = summary[size][variant];
      lines.push(
        `| ${size} | ${variant} | ${ms(s.firstScreen)} | ${ms(s.allRendered)} | ${ms(s.longestTask)} | ` +
          `${ms(s.blockingTime)} | ${mb(s.heap)} | ${count(s.domNodes)} | ${count(s.comments)}${s.complete ? '' : ' (incomplete)'} |`,
      );
    }
  }
  lines.push('');
  lines.push('## Ratios (medians)', '');
  lines.push(
    '| comments | all rendered widget/static | first screen widget/static | heap widget/lit | all rendered widget/lit |',
  );
  lines.push('|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    const s = summary[size];
    lines.push(
      `| ${size} | ${x(ratio(s.widget.allRendered, s.static.allRendered))} | ${x(ratio(s.widget.firstScreen, s.static.firstScreen))} | ` +
        `${x(ratio(s.widget.heap, s.lit.heap))} | ${x(ratio(s.widget.allRendered, s.lit.allRendered))} |`,
    );
  }
  lines.push('');
  lines.push('## Targets (issue 5)', '');
  lines.push('| target | measured | met |');
  lines.push('|---|---|---|');
  for (const t of targets(summary, lazy, shift)) {
    lines.push(`| ${t.name} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
  }
  lines.push('');
  if (lazy) {
    lines.push('## Lazy start', '');
    lines.push(
      `Default widget ${lazy.distanceBelowFold} px below the fold: ${lazy.requestsBeforeScroll.length} ` +
        `requests in 1.5 s after load${lazy.requestsBeforeScroll.length ? ` (${lazy.requestsBeforeScroll.join(', ')})` : ''}; ` +
        `after scrolling it to half a viewport below the fold: ${lazy.requestsAfterScroll} requests ` +
        `(thread requested: ${lazy.threadRequested ? 'yes' : 'no'}).`,
      '',
    );
  }
  if (interactions) lines.push(...interactionsMarkdown(interactions, INTERACTION_RUNS));
  lines.push('## Weight (`npm run size`)', '');
  lines.push('```', sizeTable(), '```', '');
  const errors = SIZES.flatMap((s) => VARIANTS.flatMap((v) => summary[s][v].errors));
  if (errors.length > 0) {
    lines.push('## Page errors seen', '');
    for (const e of errors) lines.push(`- ${e.replace(/\n/g, ' ')}`);
    lines.push('');
  }
  lines.push('## How it is measured', '');
  lines.push(
    "- **static**: the widget's own rendered shadow tree for the same thread, serialised once " +
      '(styles inlined, Lit marker comments dropped), fetched as one string and assigned with ' +
      '`setHTMLUnsafe` into a shadow root in the same place: the lower bound for this markup.',
    '- **lit**: `bench/baselines/lit-list.js`, a Lit element that fetches the same answer and ' +
      'renders every comment at once, nested, as plain text; bundled like the widget.',
    '- **widget** is `<confab-comments loading="eager" page-size="200">` (the whole thread in ' +
      'one answer); **paged** is the same with the default page size (50 top-level comments ' +
      'and their replies), what a reader of a huge thread gets first.',
    '- **first screen**: the frame after the first `[part~="comment"]` appeared (time taken in ' +
      'its requestAnimationFrame callback, after forcing layout). **all rendered**: the same ' +
      'for the frame after the last DOM change once every comment is present (late re-renders ' +
      'such as rich bodies count), detected after 0.7 s without change.',
    '- **longest task**: `longtask` PerformanceObserver entries after insertion (0 when none ' +
      'exceeded 50 ms); **blocking time**: the sum of their parts over 50 ms. Before each ' +
      'measurement the harness forces garbage collection (`gc()` twice) and inserts the variant ' +
      "in a new task after it, so that forced collection is not counted as the variant's task; " +
      "every task from the insertion on counts, the variant's own collections included.",
    '- Comment elements are counted from MutationObserver records by the same code for every ' +
      'variant.',
    '',
  );
  const server = join(root, 'bench', 'server.md');
  if (existsSync(server)) {
    lines.push('## Server', '');
    lines.push(
      'The server load benchmark (`npm run bench:server`, by the server engineers) records its ' +
        'figures in [server.md](server.md): `GET /threads` throughput against a bare `node:http` ' +
        'baseline, p99 latency at 50 connections, `POST /comments` per second.',
      '',
    );
  }
  return lines.join('\n');
}

// The widget's default page (no page-size attribute): the first 50 top-level
// comments with their replies; comments are in document order.
const DEFAULT_PAGE_ROOTS = 50;
function firstPageLength(comments) {
  let roots = 0;
  const end = comments.findIndex((c) => c.parentId === null && ++roots > DEFAULT_PAGE_ROOTS);
  return end === -1 ? comments.length : end;
}

function describeData(size) {
  const { comments } = generateThread(size);
  const depth = new Map();
  let maxDepth = 0;
  let markdown = 0;
  for (const c of comments) {
    const d = c.parentId === null ? 0 : depth.get(c.parentId) + 1;
    depth.set(c.id, d);
    maxDepth = Math.max(maxDepth, d);
    if (/[*_`[\]>#]|^\s*([-+]|\d+\.)\s|https?:/m.test(c.body)) markdown++;
  }
  return {
    size,
    topLevel: comments.filter((c) => c.parentId === null).length,
    maxDepth,
    markdownShare: `${Math.round((markdown / comments.length) * 100)}%`,
    jsonBytes: JSON.stringify({ comments }).length,
    expected: comments.length,
    firstPage: firstPageLength(comments),
    lastId: comments.at(-1).id,
  };
}

async function main() {
  ensureWidgetBuilt();
  await buildLitBaseline();
  const data = SIZES.map(describeData);
  const server = createFixtureServer({ root, dist: DIST, buildDir, sizes: SIZES });
  const origin = await server.listen();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: BENCH_CHROMIUM_ARGS,
  });
  const results = [];
  try {
    const interact = async () => {
      if (INTERACTION_RUNS <= 0) return null;
      const big = data.filter((d) => d.size >= 1000);
      if (big.length === 0) return null;
      log('interactions');
      const raw = await measureInteractions({
        withPage: (url, fn) => withPage(browser, url, fn),
        origin,
        data: big,
        runs: INTERACTION_RUNS,
        log,
      });
      return { raw, summary: summariseInteractions(raw) };
    };
    if (ONLY_INTERACTIONS) {
      const interactions = await interact();
      const env = machine(`Chromium ${browser.version()}`);
      const report = [
        '# Interaction benchmark',
        '',
        `- ${env.nproc} cores (${env.cpu}), shared; 1-minute load average ${env.loadAtStart.toFixed(1)} at the start, ${env.loadAtEnd.toFixed(1)} at the end`,
        `- ${env.chromium}; ${env.date.toISOString()}; widget from ${relative(root, DIST) || '.'}`,
        '',
        ...interactionsMarkdown(interactions.summary, INTERACTION_RUNS),
      ].join('\n');
      writeFileSync(OUT, `${report}\n`);
      writeFileSync(
        OUT.replace(/\.md$/, '') + '.json',
        `${JSON.stringify(interactions, null, 2)}\n`,
      );
      console.log(report);
      return;
    }
    for (const { size, expected, firstPage } of data) {
      const expectedOf = (variant) => (variant === 'paged' ? firstPage : expected);
      log(`${size} comments: warming up and taking the static baseline's markup`);
      server.staticMarkup.set(size, await snapshotWidget(browser, origin, size, expected));
      for (const variant of VARIANTS.filter((v) => v !== 'widget')) {
        await measure(browser, origin, variant, size, expectedOf(variant));
      }
      for (let run = 0; run < RUNS; run++) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
        for (const variant of order) {
          const result = await measure(browser, origin, variant, size, expectedOf(variant));
          results.push({ ...result, run });
          log(
            `${size} ${variant.padEnd(6)} run ${run + 1}: first ${result.firstScreen?.toFixed(0)} ms, ` +
              `all ${result.allRendered?.toFixed(0)} ms, longest task ${result.longestTask.toFixed(0)} ms, ` +
              `${result.comments}/${expectedOf(variant)} shown`,
          );
        }
      }
    }
    log('lazy start and layout shift');
    const lazy = await lazyStart(browser, origin);
    const shift = await layoutShift(browser, origin);
    const interactions = await interact();
    const summary = summarise(results);
    const env = machine(`Chromium ${browser.version()}`);
    const report = markdown({
      summary,
      lazy,
      shift,
      env,
      data,
      interactions: interactions?.summary,
    });
    writeFileSync(OUT, `${report}\n`);
    const rawDir = join(root, 'bench', 'results');
    mkdirSync(rawDir, { recursive: true });
    writeFileSync(
      join(rawDir, 'latest.json'),
      `${JSON.stringify({ env, data, summary, lazy, shift, results, interactions }, null, 2)}\n`,
    );
    console.log(report);
    log(`wrote ${relative(root, OUT)} and bench/results/latest.json`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
