// Runs inside the benchmark page: what a reader does once the thread is there.
// Each interaction is started in a task of its own and measured until its
// result is in the DOM and the shadow tree has been quiet for a while, with a
// laid-out frame after the last change:
//   time         ms from the interaction to that frame
//   longestTask  the longest `longtask` entry from the interaction on
//                (0 when no task exceeded 50 ms) until the final check of
//                the result, whose own query of the tree is not counted
// Used by bench/interactions.mjs through `window.bench.interactions`.

const COMMENT = '[part~="comment"]';

/** @param {{ longTasks: Array<{start: number, duration: number}>, sleep: (ms: number) => Promise<void>, insert: () => {host: Element} }} harness */
export function interactionBench({ longTasks, sleep, insert }) {
  const host = () => document.querySelector('#comments > confab-comments');
  const shadow = () => host().shadowRoot;
  const count = () => shadow().querySelectorAll(COMMENT).length;
  const article = (id) => shadow().querySelector(`${COMMENT}[data-comment-id="${CSS.escape(id)}"]`);

  async function measure(act, done, { quietMs = 700, timeoutMs = 60_000 } = {}) {
    await sleep(50);
    let lastChange = performance.now();
    let lastSettled = null;
    let framePending = false;
    let serial = 0;
    const settle = () => {
      if (framePending) return;
      framePending = true;
      requestAnimationFrame(() => {
        const seen = serial;
        host().getBoundingClientRect();
        void document.documentElement.scrollHeight;
        framePending = false;
        lastSettled = performance.now();
        if (seen !== serial) settle();
      });
    };
    const observer = new MutationObserver(() => {
      serial++;
      lastChange = performance.now();
      settle();
    });
    // Marks for bench/profile-interactions.mjs, which reads the window from its trace.
    performance.mark('interaction-start');
    const t0 = performance.now();
    observer.observe(shadow(), {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
    act();
    settle();
    // The final check queries the whole shadow tree (tens of ms at 5,000 comments on a busy
    // machine): its task is the harness's, not the widget's, and is not counted.
    let checked = Infinity;
    for (;;) {
      await sleep(100);
      const now = performance.now();
      const settled = !framePending && lastSettled !== null && lastSettled >= lastChange;
      if (settled && now - lastChange >= quietMs && done()) {
        checked = now;
        performance.mark('interaction-end');
        break;
      }
      if (now - t0 > timeoutMs) break;
    }
    observer.disconnect();
    // Long tasks are reported after they end: give the last ones time to arrive.
    await sleep(50);
    const tasks = longTasks.filter(
      (t) => t.start + t.duration >= t0 && t.start + t.duration <= checked,
    );
    return {
      ok: Boolean(done()),
      time: lastSettled === null ? null : lastSettled - t0,
      longestTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      blockingTime: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    };
  }

  /** The top-level or reply comment with the most replies below it, and its last descendant. */
  function largestSubtree() {
    let best = null;
    for (const node of shadow().querySelectorAll(COMMENT)) {
      const below = node.querySelectorAll(COMMENT);
      if (!best || below.length > best.size) {
        best = { id: node.dataset.commentId, size: below.length, last: below[below.length - 1] };
      }
    }
    return { id: best.id, size: best.size, lastId: best.last.dataset.commentId };
  }

  const toggleOf = (id) => {
    const own = [...article(id).querySelectorAll('[part~="toggle-replies"]')];
    return own.find((button) => button.closest(COMMENT) === article(id));
  };

  return {
    /** "Load more" until the whole thread is there: one result per click. */
    async loadMore() {
      const clicks = [];
      for (;;) {
        const button = shadow().querySelector('[part~="load-more"]');
        if (!button) break;
        const before = count();
        clicks.push(
          await measure(
            () => button.click(),
            () => {
              const next = shadow().querySelector('[part~="load-more"]');
              return count() > before && (!next || !next.disabled);
            },
          ),
        );
        if (clicks.length > 100) break;
      }
      return { clicks, comments: count() };
    },

    /** Collapses the largest subtree, then expands it again. */
    async collapseAndExpand() {
      const target = largestSubtree();
      const inside = () => article(target.id).querySelectorAll(COMMENT).length;
      const collapse = await measure(
        () => toggleOf(target.id).click(),
        () => inside() === 0,
      );
      const expand = await measure(
        () => toggleOf(target.id).click(),
        () => inside() === target.size,
      );
      return { size: target.size, collapse, expand };
    },

    /** Changes the sort order (the thread is loaded again). */
    async sort(value) {
      let loaded = false;
      host().addEventListener('confab-loaded', () => (loaded = true), { once: true });
      const select = shadow().querySelector('[part~="sort"]');
      return measure(
        () => {
          select.value = value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        },
        () => loaded && count() > 0,
      );
    },

    /**
     * A hashchange after load to the last reply of the largest subtree, collapsed first:
     * the widget must expand it, render it, scroll to and mark the comment.
     */
    async hashchange() {
      const target = largestSubtree();
      toggleOf(target.id).click();
      await sleep(300);
      const marked = () => {
        const node = article(target.lastId);
        if (!node || !node.getAttribute('part').includes('highlighted')) return false;
        const box = node.getBoundingClientRect();
        return box.top >= -1 && box.top < innerHeight;
      };
      const result = await measure(() => {
        location.hash = `#comment-${encodeURIComponent(target.lastId)}`;
      }, marked);
      history.replaceState(null, '', location.pathname + location.search);
      return { ...result, size: target.size };
    },

    /**
     * Opens the page with `#comment-<id>` already set: time until that comment is shown and
     * marked, the longest task of all that (the thread's load included) and of the landing (from
     * when the comment was rendered on).
     */
    async deepLinkOnLoad(id) {
      history.replaceState(null, '', `${location.pathname}${location.search}#comment-${id}`);
      await sleep(50);
      performance.mark('interaction-start');
      const t0 = performance.now();
      const { host: element } = insert();
      let rendered = null;
      for (;;) {
        await sleep(20);
        const node = element.shadowRoot.querySelector(
          `${COMMENT}[data-comment-id="${CSS.escape(id)}"]`,
        );
        if (node && rendered === null) rendered = performance.now();
        if (node && node.getAttribute('part').includes('highlighted')) {
          const box = node.getBoundingClientRect();
          if (box.top >= -1 && box.top < innerHeight) break;
        }
        if (performance.now() - t0 > 60_000) return { ok: false, time: null, longestTask: null };
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      performance.mark('interaction-end');
      const time = performance.now() - t0;
      // Landing: from the poll before the comment was first seen in the DOM.
      const landing = rendered - 20;
      await sleep(700);
      const tasks = longTasks.filter((t) => t.start + t.duration >= t0);
      return {
        ok: true,
        time,
        longestTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
        landingTask: tasks
          .filter((t) => t.start + t.duration >= landing)
          .reduce((m, t) => Math.max(m, t.duration), 0),
        blockingTime: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
      };
    },
  };
}
