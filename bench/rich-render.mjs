#!/usr/bin/env node
// The rich renderer alone: `renderRich` (the lazy rich chunk of a build) over every Markdown body
// of the benchmark's 1,000-comment thread, in headless Chromium. Compares builds, e.g. before and
// after a change to the renderer:
//   node bench/rich-render.mjs --dist=/tmp/before --dist=dist
// Prints, per build, the median (min-max) over --runs (default 3) of one pass over the bodies, in
// ms, each run in a fresh page; the first pass of a page (module set-up, first compilation) is
// reported apart. Results go in docs/performance.md by hand.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { generateThread } from './fixtures/generate.mjs';

const args = process.argv.slice(2);
const dists = args.filter((a) => a.startsWith('--dist=')).map((a) => resolve(a.slice(7)));
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const passes = 5;
if (dists.length === 0) dists.push(resolve('dist'));

// The benchmark's own test for a Markdown body (bench/run-browser.mjs).
const MARKDOWN = /[*_`[\]>#]|^\s*([-+]|\d+\.)\s|https?:/m;
const bodies = generateThread(1000)
  .comments.map((c) => c.body)
  .filter((body) => MARKDOWN.test(body));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function serve(dist) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>rich</title>');
      return;
    }
    try {
      const file = await readFile(join(dist, path.replace(/^\/+/, '')));
      response.setHeader('content-type', 'text/javascript');
      response.end(file);
    } catch {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});
console.log(
  `${bodies.length} Markdown bodies, ${passes} passes per page, ${runs} pages per build; ` +
    `load average ${loadavg()[0].toFixed(1)} at the start`,
);
try {
  for (const dist of dists) {
    const chunk = (await readdir(join(dist, 'chunks'))).find((f) => /^rich-.*\.js$/.test(f));
    const server = await serve(dist);
    const origin = `http://127.0.0.1:${server.address().port}`;
    const firsts = [];
    const rest = [];
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      const times = await page.evaluate(
        async ({ url, bodies, passes }) => {
          const { renderRich } = await import(url);
          const findMentions = () => [];
          const holder = document.createElement('div');
          document.body.append(holder);
          const out = [];
          for (let pass = 0; pass < passes; pass++) {
            const started = performance.now();
            for (const body of bodies) {
              holder.replaceChildren(renderRich(body, { allowImages: false, findMentions }));
            }
            out.push(performance.now() - started);
          }
          return out;
        },
        { url: `${origin}/chunks/${chunk}`, bodies, passes },
      );
      firsts.push(times[0]);
      rest.push(median(times.slice(1)));
      await page.close();
    }
    const show = (values) =>
      `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
    console.log(`${dist} (${chunk}): first pass ${show(firsts)} ms, later passes ${show(rest)} ms`);
    server.close();
  }
} finally {
  await browser.close();
}
