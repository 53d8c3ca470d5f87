/**
 * The server's thread HTML (GET /threads.html) as light-DOM content of <confab-comments>: shown
 * until the widget's thread is rendered, then taken over without moving anything on the page.
 * Layout shifts are measured by Chromium itself (PerformanceObserver, `layout-shift`), in a frame
 * that loads the widget the way a page does: the HTML (fallback included) first, the module after.
 */
import { expect } from '@open-wc/testing';
import { testServer, type SeedComment } from '../support/server.js';
import { container, until } from './helpers.js';

const PAGE = 'post-fallback';

function seeds(count: number): SeedComment[] {
  return Array.from({ length: count }, (_, index) => ({
    ref: `c${index}`,
    parent: index % 3 === 2 ? `c${index - 1}` : null,
    author: `Reader ${index}`,
    body: `Comment number ${index}, with **some** words.\n\nAnd a second paragraph.`,
  }));
}

async function fragment(endpoint: string): Promise<string> {
  const answer = await fetch(`${endpoint}/threads.html?page=${encodeURIComponent(PAGE)}`);
  expect(answer.status).to.equal(200);
  return answer.text();
}

const OBSERVER = `<script>
  window.shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
  }).observe({ type: 'layout-shift', buffered: true });
</script>`;

const STYLE = `<style>
  body { margin: 0; font: 16px/1.5 sans-serif; }
  .intro { height: 150px; }
  footer { height: 120px; background: #ddd; }
  .confab-fallback ol { list-style: none; padding-inline-start: 1.5rem; }
</style>`;

type ShiftWindow = Window & { shifts: number[] };

/** A same-origin frame of 800 × 600 with the given body; resolves once it has loaded. */
async function frame(body: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width: 800px; height: 600px; border: 0';
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  iframe.srcdoc = `<!doctype html><html lang="en"><head>${STYLE}${OBSERVER}</head><body>${body}</body></html>`;
  container().append(iframe);
  await loaded;
  return iframe;
}

/** Two frames of the frame's own: layout-shift entries of what was painted have been reported. */
async function settled(iframe: HTMLIFrameElement): Promise<number> {
  const view = iframe.contentWindow as ShiftWindow;
  for (let i = 0; i < 3; i++) await new Promise((resolve) => view.requestAnimationFrame(resolve));
  return view.shifts.reduce((sum, value) => sum + value, 0);
}

describe('the thread HTML inside <confab-comments>', () => {
  it('is taken over by the widget with no layout shift (CLS 0)', async () => {
    const server = await testServer({ threads: { [PAGE]: seeds(24) } });
    const html = await fragment(server.endpoint);
    const iframe = await frame(
      `<div class="intro">An article.</div>` +
        `<confab-comments endpoint="${server.endpoint}" page="${PAGE}" loading="eager">${html}</confab-comments>` +
        `<footer>Footer</footer>` +
        `<script type="module">import '/src/confab.ts';</script>`,
    );
    const doc = iframe.contentDocument!;
    const widget = doc.querySelector('confab-comments')!;
    // The fallback is on screen, taller than the frame: the footer starts below the fold.
    expect(doc.querySelector('footer')!.getBoundingClientRect().top).to.be.greaterThan(600);
    await until(
      () => widget.shadowRoot?.querySelectorAll('[part~="comment"]').length === 24,
      'the widget renders its thread',
      15_000,
    );
    await until(() => !widget.shadowRoot!.querySelector('slot'), 'the fallback gives way');
    expect(doc.querySelector('#comment-' + server.ids.c0)!.getClientRects().length).to.equal(0);
    expect(await settled(iframe)).to.equal(0);
  });

  it('the measurement sees a shift: a placeholder replacing the fallback moves the footer', async () => {
    // The control for the test above: what a takeover through a loading placeholder would do.
    const server = await testServer({ threads: { [PAGE]: seeds(24) } });
    const html = await fragment(server.endpoint);
    const iframe = await frame(
      `<div class="intro">An article.</div><div id="comments">${html}</div><footer>Footer</footer>`,
    );
    await settled(iframe);
    iframe.contentDocument!.getElementById('comments')!.innerHTML =
      '<p style="height: 200px">Loading comments…</p>';
    expect(await settled(iframe)).to.be.greaterThan(0.05);
  });

  it('stays, with the error and its retry above it, when the thread cannot be loaded', async () => {
    const server = await testServer({ threads: { [PAGE]: seeds(3) } });
    const html = await fragment(server.endpoint);
    await server.fault({ method: 'GET', path: '/threads', status: 503, times: 5 });
    const widget = document.createElement('confab-comments');
    widget.setAttribute('endpoint', server.endpoint);
    widget.setAttribute('page', PAGE);
    widget.setAttribute('loading', 'eager');
    widget.innerHTML = html;
    container().append(widget);
    await until(() => widget.shadowRoot?.querySelector('[part~="retry"]'), 'the error state');
    const retry = widget.shadowRoot!.querySelector<HTMLElement>('[part~="retry"]')!;
    expect(retry.getClientRects().length).to.equal(1);
    const slot = widget.shadowRoot!.querySelector('slot')!;
    expect(slot.assignedElements()).to.have.length(1);
    const first = widget.querySelector('#comment-' + server.ids.c0)!;
    expect(first.getClientRects().length).to.equal(1);
    expect(first.textContent).to.contain('Comment number 0');
    expect(retry.getBoundingClientRect().top).to.be.lessThan(first.getBoundingClientRect().top);
  });

  it('does not shrink at the swap while the reader has not acted', async () => {
    // Thirty comments in the fallback, the widget's first page holds three: shorter than the fallback.
    const server = await testServer({ threads: { [PAGE]: seeds(30) } });
    const html = await fragment(server.endpoint);
    const widget = document.createElement('confab-comments');
    widget.setAttribute('endpoint', server.endpoint);
    widget.setAttribute('page', PAGE);
    widget.setAttribute('loading', 'eager');
    widget.setAttribute('page-size', '2');
    widget.innerHTML = html;
    const loaded = new Promise((resolve) => widget.addEventListener('confab-loaded', resolve));
    container().append(widget);
    await widget.updateComplete;
    const before = widget.getBoundingClientRect().height;
    expect(before).to.be.greaterThan(1000);
    await loaded;
    expect(widget.shadowRoot!.querySelector('slot')).to.equal(null);
    expect(widget.getBoundingClientRect().height).to.equal(before);
    expect(parseFloat(widget.style.minHeight)).to.be.closeTo(before, 0.01);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }));
    expect(widget.style.minHeight).to.equal('');
    expect(widget.getBoundingClientRect().height).to.be.lessThan(before);
  });
});
