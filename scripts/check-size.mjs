#!/usr/bin/env node
// The widget's weight budget (issue 5), enforced on the built `dist/`.
//
// Written as node:test cases so that `npm test` counts it like any other suite
// (`node scripts/check-size.mjs` prints the runner's `# pass N` / `# fail N`
// summary and exits 1 when a case fails).
//
// What counts:
// - the entry, `dist/confab.js`, is what the script tag loads: at most 20 KB gzip;
// - everything the widget can ever load in English: the entry, every chunk in
//   `dist/chunks/`, and any CSS in `dist/` — at most 40 KB gzip. Non-English
//   locale catalogues (and the table of their loaders) are left out because a
//   page loads at most one of them instead of nothing (issue 16);
// - each of those locale chunks: at most 2 KB gzip;
// - `dist/count.js`, the <confab-count> element of listing pages, loaded alone: at most 2 KB
//   gzip, and self-contained (it imports nothing, so it never pulls in the widget).
// Sizes are gzip at level 9, so the numbers are the same on every machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

// The targets of issue 5 are the ceilings: the build fails above either.
export const ENTRY_TARGET = 20 * 1024;
export const TOTAL_TARGET = 40 * 1024;
export const LOCALE_BUDGET = 2 * 1024;
export const ENTRY_BUDGET = ENTRY_TARGET;
export const TOTAL_BUDGET = TOTAL_TARGET;
export const COUNT_BUDGET = 2 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.CONFAB_DIST ?? join(root, 'dist');
const entryPath = join(dist, 'confab.js');
const countPath = join(dist, 'count.js');
const chunksDir = join(dist, 'chunks');

export function gzipSize(bytes) {
  return gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
}

// A chunk is a non-English locale when every source it was built from is a
// catalogue under src/i18n/locales/ other than en. The source map says so
// exactly; without one, fall back to the chunk name Rollup derives from the
// module (`de-<hash>.js`).
export function isForeignLocaleChunk(chunkPath) {
  const mapPath = `${chunkPath}.map`;
  if (existsSync(mapPath)) {
    const { sources = [] } = JSON.parse(readFileSync(mapPath, 'utf8'));
    const own = sources.filter((s) => !s.includes('node_modules'));
    return (
      own.length > 0 &&
      own.every((s) => /(^|\/)src\/i18n\/locales\/[^/]+\.ts$/.test(s) && !/\/en\.ts$/.test(s))
    );
  }
  const name = chunkPath.split('/').pop();
  const locale = /^([a-z]{2,3}(?:-[A-Za-z0-9]+)?)-[\w-]{8}\.js$/.exec(name);
  return locale !== null && locale[1] !== 'en';
}

function listFiles(dir, accept) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, accept));
    else if (accept(entry.name)) out.push(full);
  }
  return out.sort();
}

function measure(path) {
  const bytes = readFileSync(path);
  return { path, name: relative(dist, path), raw: bytes.length, gzip: gzipSize(bytes) };
}

function collect() {
  const entry = existsSync(entryPath) ? measure(entryPath) : null;
  const chunks = listFiles(chunksDir, (n) => n.endsWith('.js')).map((p) => ({
    ...measure(p),
    foreignLocale: isForeignLocaleChunk(p),
  }));
  const css = listFiles(dist, (n) => n.endsWith('.css')).map(measure);
  const counted = [...(entry ? [entry] : []), ...chunks.filter((c) => !c.foreignLocale), ...css];
  const count = existsSync(countPath) ? measure(countPath) : null;
  return { entry, chunks, css, counted, count };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

function printTable({ entry, chunks, css, counted, count }) {
  const rows = [
    ...(entry ? [{ ...entry, note: 'entry' }] : []),
    ...chunks.map((c) => ({
      ...c,
      note: c.foreignLocale ? `locale (not counted; at most ${LOCALE_BUDGET})` : 'chunk',
    })),
    ...css.map((c) => ({ ...c, note: 'css' })),
    ...(count ? [{ ...count, note: `<confab-count>, alone (budget ${kb(COUNT_BUDGET)})` }] : []),
  ];
  const width = Math.max(20, ...rows.map((r) => r.name.length));
  const line = (a, b, c, d) => `${a.padEnd(width)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d}`;
  const out = [line('file', 'raw', 'gzip -9', '')];
  for (const r of rows) out.push(line(r.name, String(r.raw), String(r.gzip), r.note));
  const totalGzip = counted.reduce((n, f) => n + f.gzip, 0);
  const totalRaw = counted.reduce((n, f) => n + f.raw, 0);
  out.push(line('total (counted)', String(totalRaw), String(totalGzip), ''));
  out.push(
    `budgets: dist/confab.js ${entry ? kb(entry.gzip) : 'missing'} of ${kb(ENTRY_BUDGET)} gzip; ` +
      `everything loadable ${kb(totalGzip)} of ${kb(TOTAL_BUDGET)} gzip`,
  );
  const gaps = [
    entry && entry.gzip > ENTRY_TARGET
      ? `dist/confab.js is ${entry.gzip - ENTRY_TARGET} B over the ${kb(ENTRY_TARGET)} target`
      : null,
    totalGzip > TOTAL_TARGET
      ? `everything loadable is ${totalGzip - TOTAL_TARGET} B over the ${kb(TOTAL_TARGET)} target`
      : null,
  ].filter(Boolean);
  out.push(
    gaps.length
      ? `not yet at the issue 5 targets: ${gaps.join('; ')}`
      : 'within the issue 5 targets',
  );
  console.log(out.join('\n'));
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const sizes = collect();
  printTable(sizes);

  test('dist/confab.js exists (run `npm run build` first)', () => {
    assert.ok(sizes.entry, `${entryPath} is missing`);
  });

  // A budget is only meaningful for a real bundle: a build that tree-shakes
  // the registration away weighs nothing and would pass every budget.
  test('dist/confab.js registers <confab-comments>', () => {
    assert.ok(sizes.entry, `${entryPath} is missing`);
    const text = readFileSync(sizes.entry.path, 'utf8');
    assert.match(text, /confab-comments/, 'the entry does not mention confab-comments');
    assert.match(text, /customElements/, 'the entry does not define any custom element');
  });

  // The entry must run on its own: a chunk it imports statically is one more request, in series,
  // before the widget can start (and its lazy start, the point of the split, is lost).
  test('dist/confab.js imports no chunk statically (chunks load only through import())', () => {
    assert.ok(sizes.entry, `${entryPath} is missing`);
    const text = readFileSync(sizes.entry.path, 'utf8');
    const staticImports = [...text.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(staticImports, [], `dist/confab.js imports ${staticImports.join(', ')}`);
  });

  test(`dist/confab.js is at most ${kb(ENTRY_BUDGET)} gzip`, () => {
    assert.ok(sizes.entry, `${entryPath} is missing`);
    assert.ok(
      sizes.entry.gzip <= ENTRY_BUDGET,
      `dist/confab.js is ${kb(sizes.entry.gzip)} gzip, over the ${kb(ENTRY_BUDGET)} budget by ${
        sizes.entry.gzip - ENTRY_BUDGET
      } bytes`,
    );
  });

  test(`every locale chunk is at most ${kb(LOCALE_BUDGET)} gzip`, () => {
    const locales = sizes.chunks.filter((c) => c.foreignLocale);
    // German alone was a chunk before issue 16; fewer means the separation stopped working.
    assert.ok(locales.length >= 13, `only ${locales.length} locale chunks in ${chunksDir}`);
    const over = locales.filter((c) => c.gzip > LOCALE_BUDGET);
    assert.deepEqual(
      over.map((c) => `${c.name} ${c.gzip} B`),
      [],
      `locale chunks over ${LOCALE_BUDGET} B gzip`,
    );
  });

  test(`everything the widget can load (English) is at most ${kb(TOTAL_BUDGET)} gzip`, () => {
    assert.ok(sizes.entry, `${entryPath} is missing`);
    const total = sizes.counted.reduce((n, f) => n + f.gzip, 0);
    assert.ok(
      total <= TOTAL_BUDGET,
      `entry + chunks + css are ${kb(total)} gzip, over the ${kb(TOTAL_BUDGET)} budget by ${
        total - TOTAL_BUDGET
      } bytes: ${sizes.counted.map((f) => `${f.name} ${f.gzip}`).join(', ')}`,
    );
  });

  test('dist/count.js exists and registers <confab-count>', () => {
    assert.ok(sizes.count, `${countPath} is missing`);
    const text = readFileSync(sizes.count.path, 'utf8');
    assert.match(text, /confab-count/);
    assert.match(text, /customElements/);
  });

  test('dist/count.js imports nothing (it never loads the widget)', () => {
    assert.ok(sizes.count, `${countPath} is missing`);
    const text = readFileSync(sizes.count.path, 'utf8');
    assert.doesNotMatch(text, /\bimport\s*[\s{*"'(]|\bfrom\s*["']/);
  });

  test(`dist/count.js is at most ${kb(COUNT_BUDGET)} gzip`, () => {
    assert.ok(sizes.count, `${countPath} is missing`);
    assert.ok(
      sizes.count.gzip <= COUNT_BUDGET,
      `dist/count.js is ${kb(sizes.count.gzip)} gzip, over ${kb(COUNT_BUDGET)} by ${
        sizes.count.gzip - COUNT_BUDGET
      } bytes`,
    );
  });
}
