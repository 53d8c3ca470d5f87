// axe on the demo's own pages, as a reader opens them: the built widget on the blog's light-only
// pages, with the operating system light and dark, at a desktop and a phone width, with the
// WCAG 2.2 AA rules (target-size among them) and axe's best practices.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoEnv, type DemoEnv } from './support/demo-env.js';
import { ThreadPage } from './support/thread-page.js';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const PAGES = ['/', '/articles/first.html', '/articles/second.html', '/theming.html'];
const VIEWPORTS = [
  { width: 1200, height: 1000 },
  { width: 320, height: 720 },
];

interface Violation {
  id: string;
  nodes: { target: unknown[] }[];
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
      nodes: nodes.map(({ target }) => ({ target })),
    }));
  }, AXE_TAGS);
  return violations.flatMap(({ id, nodes }) =>
    nodes.map(({ target }) => `${id}: ${JSON.stringify(target)}`),
  );
}

describe('the demo pages pass axe (WCAG 2.2 AA and best practices)', () => {
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
              // Everything below the fold rendered too (lazy widgets, load-more).
              await page.evaluate(() => window.scrollTo(0, 0));
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
