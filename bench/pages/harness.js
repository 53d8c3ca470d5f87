// Runs inside the benchmark page. One page load measures one variant once:
//   ?variant=widget  <confab-comments> from /dist/confab.js, page-size="200"
//                    (the whole generated thread in one answer)
//   ?variant=paged   the same with the widget's default page size (what a
//                    reader of a huge thread gets first)
//   ?variant=lit     the minimal Lit list (bench/baselines/lit-list.js)
//   ?variant=static  the widget's own rendered markup, fetched as one HTML
//                    string and assigned (the lower bound)
// All three render into a shadow root inside #comments and are observed by
// exactly the same code, so the observer's own cost is the same for each.
//
// Other modes (`?mode=`): `lazy` puts a default (lazy) widget far below the
// fold at load, for the lazy-start and layout-shift checks; `below` does the
// same with loading="eager".

import { interactionBench } from './interactions.js';

const params = new URLSearchParams(location.search);
const variant = params.get('variant') ?? 'widget';
const size = Number(params.get('size') ?? '100');
const mode = params.get('mode') ?? 'measure';
const page = `bench-${size}`;
const COMMENT = '[part~="comment"]';

// Buffered observers from the start, so nothing before t0 is missed either.
const longTasks = [];
const shifts = [];
// Layout shifts count from the moment the page is ready (article filled,
// variant loaded): earlier ones are the harness building the page.
let readyAt = Infinity;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput && e.startTime >= readyAt) {
      shifts.push({ start: e.startTime, value: e.value });
    }
  }
}).observe({ type: 'layout-shift', buffered: true });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
// A task queued from a frame callback runs after that frame has been painted
// (used only while preparing the page, where nothing competes with it).
const afterPaint = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    requestAnimationFrame(() => channel.port2.postMessage(null));
  });

/** Resolves in a new task (after the current one and its microtasks have finished). */
const freshTask = () => sleep(0);

async function collectGarbage() {
  if (typeof window.gc !== 'function') return;
  window.gc();
  await sleep(30);
  window.gc();
}

function heapUsed() {
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}

/** Every node of the document, shadow trees included. */
function countNodes() {
  let nodes = 0;
  let elements = 0;
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes++;
      if (node.nodeType === Node.ELEMENT_NODE) {
        elements++;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    }
  };
  walk(document);
  return { nodes, elements };
}

function widgetElement(loading, paged = false) {
  const el = document.createElement('confab-comments');
  el.setAttribute('endpoint', '/api');
  el.setAttribute('page', page);
  // The whole thread in one answer (the fixture keeps top-level comments at
  // most 200), so "all rendered" means every comment of the thread.
  if (!paged) el.setAttribute('page-size', '200');
  if (loading) el.setAttribute('loading', loading);
  return el;
}

async function loadVariant() {
  if (variant === 'widget' || variant === 'paged') {
    await import('/dist/confab.js');
    await customElements.whenDefined('confab-comments');
  } else if (variant === 'lit') {
    await import('/bench/build/lit-list.js');
    await customElements.whenDefined('bench-lit-list');
  }
}

function fillArticle(paragraphs) {
  const filler = document.getElementById('filler');
  const text = filler.previousElementSibling.textContent.trim();
  for (let i = 0; i < paragraphs; i++) {
    const p = document.createElement('p');
    p.textContent = text;
    filler.append(p);
  }
}

/** Inserts the variant into #comments; returns the host and its shadow root. */
function insert() {
  const slot = document.getElementById('comments');
  if (variant === 'widget' || variant === 'paged') {
    const el = widgetElement('eager', variant === 'paged');
    slot.append(el);
    return { host: el, root: el.shadowRoot, start: () => {} };
  }
  if (variant === 'lit') {
    const el = document.createElement('bench-lit-list');
    el.setAttribute('src', `/api/threads?page=${encodeURIComponent(page)}&limit=200`);
    slot.append(el);
    return { host: el, root: el.shadowRoot, start: () => {} };
  }
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  slot.append(host);
  return {
    host,
    root,
    // Same work as the others: fetch, then put the markup into the document.
    start: () =>
      fetch(`/bench/static/${size}`)
        .then((response) => response.text())
        .then((markup) => root.setHTMLUnsafe(markup)),
  };
}

/**
 * Counts comment elements currently in `root`, exactly, from mutation records:
 * each comment element is counted once while it is connected, whether it came
 * in alone or inside a larger subtree, and moves are not double counted.
 */
function commentCounter(root, onChange) {
  const present = new WeakSet();
  let count = 0;
  const each = (node, fn) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(COMMENT)) fn(node);
    for (const el of node.querySelectorAll(COMMENT)) fn(el);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        each(node, (el) => {
          if (el.isConnected && !present.has(el)) {
            present.add(el);
            count++;
          }
        });
      }
      for (const node of record.removedNodes) {
        each(node, (el) => {
          if (!el.isConnected && present.has(el)) {
            present.delete(el);
            count--;
          }
        });
      }
    }
    onChange(count);
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  return { stop: () => observer.disconnect(), count: () => count };
}

/**
 * One measurement: from inserting the variant (t0) until its DOM stops
 * changing. Times are relative to t0, in ms.
 * - firstScreen: the frame (laid out in its callback) after the first comment
 *   element appeared;
 * - allRendered: the frame (laid out in its callback) after the last DOM
 *   change, once every expected comment is present (a re-render of rich
 *   bodies that arrives later counts, so this is "done", not "started");
 * - longestTask: the longest `longtask` entry after t0 (0 when none > 50 ms).
 */
async function run({ expected, quietMs = 700, giveUpMs = 5000, timeoutMs = 120_000 }) {
  await collectGarbage();
  const heapBefore = heapUsed();
  // Insert in a task of its own: collectGarbage() resumes us in the task of its last forced
  // gc(), and the long-task filter below would count that collection as the variant's task.
  await freshTask();
  let firstScreen = null;
  let lastChange = null;
  let lastSettled = null;
  let framePending = false;
  let serial = 0;

  // After every batch of changes: in the next frame, force layout and note
  // the time; that frame then paints what was laid out. The time is taken in
  // the frame callback itself, not in a task queued after it, because a
  // widget that yields with scheduler.yield() (whose continuations outrank
  // ordinary tasks) would delay such a task, not the paint. A change made
  // after the callback schedules another frame.
  const settleFrame = () => {
    if (framePending) return;
    framePending = true;
    requestAnimationFrame(() => {
      const seen = serial;
      target.host.getBoundingClientRect();
      void document.documentElement.scrollHeight;
      const now = performance.now();
      framePending = false;
      if (firstScreen === null && counter.count() > 0) firstScreen = now;
      lastSettled = now;
      if (seen !== serial) settleFrame();
    });
  };

  const t0 = performance.now();
  const target = insert();
  const counter = commentCounter(target.root, () => {
    serial++;
    lastChange = performance.now();
    settleFrame();
  });
  await target.start();

  const deadline = t0 + timeoutMs;
  for (;;) {
    await sleep(100);
    const now = performance.now();
    const quietFor = lastChange === null ? 0 : now - lastChange;
    const settled = !framePending && lastSettled !== null && lastSettled >= lastChange;
    if (settled && counter.count() >= expected && quietFor >= quietMs) break;
    if (settled && counter.count() > 0 && quietFor >= giveUpMs) break;
    if (now > deadline) break;
  }
  counter.stop();
  const comments = counter.count();
  const after = longTasks.filter((t) => t.start + t.duration >= t0);
  const dom = countNodes();
  await collectGarbage();
  const heapAfter = heapUsed();
  return {
    variant,
    size,
    expected,
    comments,
    complete: comments >= expected,
    firstScreen: firstScreen === null ? null : firstScreen - t0,
    allRendered: lastSettled === null ? null : lastSettled - t0,
    longestTask: after.reduce((m, t) => Math.max(m, t.duration), 0),
    longTasks: after.length,
    blockingTime: after.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    heap: heapAfter,
    heapDelta: heapAfter !== null && heapBefore !== null ? heapAfter - heapBefore : null,
    domNodes: dom.nodes,
    domElements: dom.elements,
    cls: shifts.reduce((s, e) => s + e.value, 0),
  };
}

/**
 * The static baseline's markup: the widget's rendered shadow tree as one HTML
 * string, its adopted style sheets inlined as <style>, nested shadow roots as
 * declarative shadow DOM, and Lit's empty marker comments dropped (a hand-
 * written page would not have them, so the lower bound stays a lower bound).
 */
function snapshot() {
  const host = document.querySelector('#comments > *');
  const roots = [];
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        find(el.shadowRoot);
      }
    }
  };
  find(host.shadowRoot);
  const styles = [];
  for (const root of [host.shadowRoot, ...roots]) {
    const css = root.adoptedStyleSheets
      .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
      .join('\n');
    if (!css) continue;
    const style = document.createElement('style');
    style.textContent = css;
    root.prepend(style);
    styles.push(style);
  }
  const html = host.shadowRoot.getHTML({ shadowRoots: roots });
  for (const style of styles) style.remove();
  return html.replace(/<!--\?lit\$\d+\$-->|<!---->/g, '');
}

/** How many comment elements the page shows now (lazy-start checks). */
function shownComments() {
  const host = document.querySelector('#comments > *');
  return host && host.shadowRoot ? host.shadowRoot.querySelectorAll(COMMENT).length : 0;
}

/** The widget host's box, for the layout-shift checks. */
function hostBox() {
  const host = document.querySelector('#comments > *');
  const rect = host.getBoundingClientRect();
  return { top: rect.top + scrollY, height: rect.height, viewport: innerHeight };
}

function layoutShift() {
  return { cls: shifts.reduce((s, e) => s + e.value, 0), shifts: shifts.slice() };
}

async function prepare() {
  // Lazy/below modes: several screens of article above the thread, as on a long post.
  if (mode === 'lazy' || mode === 'below') fillArticle(30);
  await loadVariant();
  await afterPaint();
  readyAt = performance.now();
  if (mode === 'lazy' || mode === 'below') {
    document.getElementById('comments').append(widgetElement(mode === 'lazy' ? null : 'eager'));
    await afterPaint();
  }
}

window.bench = {
  ready: prepare(),
  run,
  snapshot,
  shownComments,
  hostBox,
  layoutShift,
  heapUsed,
  collectGarbage,
  nextFrame,
  interactions: interactionBench({ longTasks, sleep, insert }),
};
