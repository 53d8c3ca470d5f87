// Takes docs/i18n.md's pictures: the widget in Arabic, right to left, light and dark, on the demo
// site. A short Arabic discussion is posted through the real API first. Locally they overwrite
// docs/i18n-ar-light.png and docs/i18n-ar-dark.png; in CI (CI set) they go to test-results/.
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/demo-server.mjs';
import { startDemoEnv, type DemoEnv } from './support/demo-env.js';

const folder = process.env.CI ? join(REPO_ROOT, 'test-results') : join(REPO_ROOT, 'docs');
const PAGE_KEY = 'https://quiet-pages.example/ar/i18n-screenshot';

let env: DemoEnv;

before(async () => {
  env = await startDemoEnv();
});

after(async () => {
  await env?.close();
});

/** A short Arabic discussion (with one English reply) under PAGE_KEY, posted once. */
async function seed(endpoint: string): Promise<void> {
  const api = async (path: string, init: RequestInit = {}) => {
    const answer = await fetch(`${endpoint}${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Origin: env.siteUrl, ...init.headers },
    });
    assert.ok(answer.ok, `${path}: ${answer.status}`);
    return answer.json();
  };
  // A page nobody has written on yet is 404.
  const thread = await fetch(`${endpoint}/threads?page=${encodeURIComponent(PAGE_KEY)}`);
  if (thread.ok && (await thread.json()).total > 0) return;
  const { token } = await api('/session', { method: 'POST', body: '{}' });
  const post = async (name: string, body: string, parentId: string | null): Promise<string> => {
    const answer = await api('/comments', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({ page: PAGE_KEY, parentId, body, author: { name } }),
    });
    return answer.comment.id;
  };
  const first = await post(
    'ليلى',
    'مقال رائع! جرّبنا الفكرة نفسها في فريقنا وخفّضنا وقت البناء إلى النصف.',
    null,
  );
  await post('Sam', 'Thanks! Which bundler did you end up with?', first);
  await post('ليلى', 'بقينا على **Vite**، مع إعدادات أقل بكثير.', first);
  await post('يوسف', 'هل جرّبتم ذلك مع مشروع فيه أكثر من مئة حزمة؟', null);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot of the Arabic widget, ${scheme}`, { timeout: 180_000 }, async () => {
    const context = await env.browser.newContext({
      viewport: { width: 760, height: 900 },
      colorScheme: scheme,
      reducedMotion: 'reduce',
    });
    try {
      const page = await context.newPage();
      await page.goto(`${env.siteUrl}/articles/first.html`);
      const endpoint = env.apiUrl;
      await seed(env.apiUrl);
      // The demo's own widget makes way for an Arabic one on the seeded page.
      await page.evaluate(
        ({ endpoint, key }) => {
          const widget = document.createElement('confab-comments');
          widget.setAttribute('endpoint', endpoint);
          widget.setAttribute('page', key);
          widget.setAttribute('lang', 'ar');
          widget.setAttribute('loading', 'eager');
          widget.id = 'arabic';
          widget.style.cssText = 'display:block;max-width:720px;margin:16px auto;padding:16px';
          document.body.replaceChildren(widget);
        },
        { endpoint, key: PAGE_KEY },
      );
      const widget = page.locator('#arabic');
      await widget.locator('[part~="heading"]').filter({ hasText: 'تعليقات' }).waitFor();
      await widget.locator('[part~="submit"]').filter({ hasText: 'نشر التعليق' }).waitFor();
      assert.equal(
        await widget.locator('[part~="base"]').evaluate((node) => getComputedStyle(node).direction),
        'rtl',
      );
      await page.evaluate(() => document.fonts.ready);
      await mkdir(folder, { recursive: true });
      const target = join(folder, `i18n-ar-${scheme}.png`);
      await widget.screenshot({ path: target });
      assert.ok((await stat(target)).size > 10_000, 'a real picture was written');
    } finally {
      await context.close();
    }
  });
}
