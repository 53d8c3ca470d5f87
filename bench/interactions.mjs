// The interaction part of `npm run bench`: what a reader does once the thread
// is there, each of which must stay under 100 ms per task (issue 10):
//   load more     the default page size, "load more" clicked until the whole
//                 thread is there (worst click per run)
//   sort          the sort switched to "top" (the thread loads again)
//   collapse /    the largest subtree of the whole thread (page-size 200)
//   expand        collapsed, then expanded again
//   hashchange    `#comment-<id>` set after load, naming the last reply of
//                 that subtree while it is collapsed
//   deep link     the page opened with `#comment-<id>` of the thread's last
//                 comment: from inserting the element until it is shown,
//                 scrolled to and marked (includes loading the thread); and
//                 its landing alone, from when the comment was rendered
// The in-page half is bench/pages/interactions.js.

const KINDS = ['loadMore', 'sort', 'collapse', 'expand', 'hashchange', 'deepLink', 'landing'];
const LABELS = {
  loadMore: 'load more (worst click)',
  sort: 'sort → top',
  collapse: 'collapse largest subtree',
  expand: 'expand it again',
  hashchange: 'hashchange into it',
  deepLink: 'deep link on load (the load included)',
  landing: 'deep link on load, from the comment rendered on',
};

/**
 * @param {object} o
 * @param {(url: string, fn: (page: any) => Promise<any>) => Promise<any>} o.withPage
 * @param {string} o.origin
 * @param {Array<{size: number, expected: number, firstPage: number, lastId: string}>} o.data
 * @param {number} o.runs
 */
export async function measureInteractions({ withPage, origin, data, runs, log }) {
  const results = [];
  for (const { size, expected, firstPage, lastId } of data) {
    for (let run = 0; run < runs; run++) {
      const paged = await withPage(
        `${origin}/bench/pages/shell.html?variant=paged&size=${size}`,
        async (page) => {
          await page.evaluate((o) => window.bench.run(o), { expected: firstPage });
          const sort = await page.evaluate(() => window.bench.interactions.sort('top'));
          const more = await page.evaluate(() => window.bench.interactions.loadMore());
          return { sort, more };
        },
      );
      const whole = await withPage(
        `${origin}/bench/pages/shell.html?variant=widget&size=${size}`,
        async (page) => {
          await page.evaluate((o) => window.bench.run(o), { expected });
          const toggled = await page.evaluate(() => window.bench.interactions.collapseAndExpand());
          const hash = await page.evaluate(() => window.bench.interactions.hashchange());
          return { toggled, hash };
        },
      );
      const deepLink = await withPage(
        `${origin}/bench/pages/shell.html?variant=widget&size=${size}`,
        (page) => page.evaluate((id) => window.bench.interactions.deepLinkOnLoad(id), lastId),
      );
      const clicks = paged.more.clicks;
      const worst = (key) =>
        clicks.length ? Math.max(...clicks.map((c) => c[key] ?? Infinity)) : null;
      const result = {
        size,
        run,
        loadMore: {
          ok: clicks.every((c) => c.ok) && paged.more.comments === expected,
          clicks: clicks.length,
          time: worst('time'),
          longestTask: worst('longestTask'),
        },
        sort: paged.sort,
        collapse: whole.toggled.collapse,
        expand: { ...whole.toggled.expand, size: whole.toggled.size },
        hashchange: whole.hash,
        deepLink,
        landing: { ok: deepLink.ok, time: null, longestTask: deepLink.landingTask ?? null },
      };
      results.push(result);
      log(
        `${size} interactions run ${run + 1}: ` +
          KINDS.map(
            (k) =>
              `${k} ${result[k].longestTask?.toFixed(0)}/${result[k].time?.toFixed(0)} ms${result[k].ok ? '' : ' (!)'}`,
          ).join(', '),
      );
    }
  }
  return results;
}

function stats(values) {
  const xs = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return {
    median: xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2,
    min: xs[0],
    max: xs.at(-1),
  };
}

export function summariseInteractions(results) {
  const sizes = [...new Set(results.map((r) => r.size))];
  const out = {};
  for (const size of sizes) {
    const runs = results.filter((r) => r.size === size);
    out[size] = {};
    for (const kind of KINDS) {
      out[size][kind] = {
        ok: runs.every((r) => r[kind].ok),
        longestTask: stats(runs.map((r) => r[kind].longestTask)),
        time: stats(runs.map((r) => r[kind].time)),
      };
    }
  }
  return out;
}

const ms = (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : 'n/a');

export function interactionsMarkdown(summary, runs) {
  const lines = ['## Interactions', ''];
  lines.push(
    `What a reader does once the thread is there (\`bench/interactions.mjs\`), ${runs} runs, ` +
      'each in a fresh browser context; cells are median (min–max) in ms. **longest task**: the ' +
      'longest `longtask` entry from the interaction until its result is laid out and the tree ' +
      'has been quiet for 0.7 s (0: none over 50 ms); **done**: until the frame after its last ' +
      'DOM change. Target: every longest task under 100 ms.',
    '',
  );
  lines.push('| comments | interaction | longest task | done | under 100 ms |');
  lines.push('|---:|---|---:|---:|---|');
  for (const [size, kinds] of Object.entries(summary)) {
    for (const kind of KINDS) {
      const s = kinds[kind];
      const met = s.longestTask && s.longestTask.median < 100;
      lines.push(
        `| ${size} | ${LABELS[kind]}${s.ok ? '' : ' (incomplete)'} | ${ms(s.longestTask)} | ${ms(s.time)} | ${met ? 'yes' : '**no**'} |`,
      );
    }
  }
  lines.push('');
  return lines;
}
