// axe on the demo's own pages, as a reader opens them: the built widget on the blog's light-only
// pages, with the operating system light and dark, at a desktop and a phone width, with the
// WCAG 2.0-2.2 A and AA rules (target-size among them).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoEnv, type DemoEnv } from './support/demo-env.js';
import { ThreadPage } from './support/thread-page.js';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PAGES = ['/', '/articles/first.html', '/articles/second.html', '/theming.html'];
const VIEWPORTS = [
  { width: 1200, height: 1000 },
  { width: 320, height: 720 },
];

interface Violation {
  id: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The violations axe finds on the whole page (shadow roots included), one line each. */
async function audit(page: Page, axeSource: string): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: Violation[];
    };
    return result.violations.map(({ id, nodes }) => ({
      id,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  }, AXE_TAGS);
  return violations.flatMap(({ id, nodes }) =>
    nodes.map(({ target, failureSummary }) => `${id}: ${JSON.stringify(target)} ${failureSummary}`),
  );
}

describe('the demo pages pass axe (WCAG 2.2 AA)', () => {
  let env: DemoEnv;
  let axeSource: string;

  before(async () => {
    const require = createRequire(import.meta.url);
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    env = await startDemoEnv();
  });

  after(async () => {
    await env?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of VIEWPORTS) {
      test(
        `${colorScheme} operating system, ${viewport.width} px wide`,
        { timeout: 180_000 },
        async () => {
          const context = await env.browser.newContext({
            viewport,
            colorScheme,
            reducedMotion: 'reduce',
          });
          try {
            const found: string[] = [];
            for (const path of PAGES) {
              const page = await context.newPage();
              await page.goto(env.siteUrl + path);
              for (const widget of await page.locator('confab-comments').all()) {
                await new ThreadPage(page, widget).waitUntilShown();
              }
              // Read to the end, as a reader does: top-level comments far from the viewport skip
              // layout (content-visibility: auto) and keep a 9rem placeholder until first shown,
              // which axe's target-size check would take for comments overlapping each other.
              await page.evaluate(async () => {
                // (No named helpers here: the test's transpiler would wrap them in __name.)
                for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
                  window.scrollTo(0, y);
                  for (let frames = 0; frames < 2; frames++)
                    await new Promise((done) => requestAnimationFrame(done));
                }
                window.scrollTo(0, 0);
              });
              for (const line of await audit(page, axeSource)) found.push(`${path} ${line}`);
              await page.close();
            }
            assert.deepEqual(found, []);
          } finally {
            await context.close();
          }
        },
      );
    }
  }
});
