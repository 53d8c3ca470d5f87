// How the end-to-end tests look at a page with <confab-comments>: only through
// what a reader sees and the protocol's parts (Playwright's CSS locators pierce
// the open shadow roots).
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Comment, ThreadResponse } from '../../../src/protocol/index.js';

/** Retries `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((settle) => setTimeout(settle, 150));
    }
  }
}

/** The thread as the server has it, read without a token (so `myVote` is 0 everywhere). */
export async function fetchThread(
  apiUrl: string,
  page: string,
  origin: string,
): Promise<ThreadResponse> {
  const response = await fetch(`${apiUrl}/threads?page=${encodeURIComponent(page)}&limit=200`, {
    headers: { Origin: origin },
  });
  assert.equal(response.status, 200, `GET /threads answered ${response.status}`);
  return (await response.json()) as ThreadResponse;
}

/** The one comment of `thread` by `author` whose body starts with `bodyStart`. */
export function findComment(thread: ThreadResponse, author: string, bodyStart: string): Comment {
  const found = thread.comments.filter(
    (comment) => comment.author.name === author && comment.body.startsWith(bodyStart),
  );
  assert.equal(found.length, 1, `one comment by ${author} starting "${bodyStart}"`);
  return found[0]!;
}

/** A page showing one `<confab-comments>`, seen through its parts. */
export class ThreadPage {
  readonly widget: Locator;

  /** `widget` picks one of several widgets on the page; by default the only one. */
  constructor(
    readonly page: Page,
    widget?: Locator,
  ) {
    this.widget = widget ?? page.locator('confab-comments');
  }

  /** Opens `url`, records the widget's events, and waits until the thread is shown. */
  static async open(page: Page, url: string): Promise<ThreadPage> {
    await page.addInitScript(() => {
      const seen: { type: string; detail: unknown }[] = [];
      (window as unknown as { confabEvents: typeof seen }).confabEvents = seen;
      // Remember the widget's event streams, so a test can wait until one is open
      // instead of guessing how long connecting takes.
      const streams: EventSource[] = [];
      (window as unknown as { confabStreams: typeof streams }).confabStreams = streams;
      window.EventSource = class extends EventSource {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          streams.push(this);
        }
      };
      for (const type of ['confab-loaded', 'confab-posted', 'confab-voted', 'confab-error']) {
        document.addEventListener(type, (event) =>
          seen.push({ type, detail: (event as CustomEvent).detail }),
        );
      }
    });
    await page.goto(url);
    const thread = new ThreadPage(page);
    await thread.waitUntilShown();
    return thread;
  }

  /** Scrolls the widget near (it loads lazily) and waits for its heading to show a count. */
  async waitUntilShown(): Promise<void> {
    await this.widget.scrollIntoViewIfNeeded();
    await this.heading.filter({ hasText: /\d/ }).waitFor();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitUntilShown();
  }

  get heading(): Locator {
    return this.widget.locator('[part~="heading"]');
  }

  /** The number in the "N comments" heading. */
  async shownTotal(): Promise<number> {
    const text = (await this.heading.textContent()) ?? '';
    const match = /\d+/.exec(text.replace(/[\s,.\u202f\u00a0]/g, ''));
    assert.ok(match, `a number in the heading "${text}"`);
    return Number(match[0]);
  }

  /**
   * The text of `element`. Not innerText: comments off screen are skipped by
   * `content-visibility: auto`, and innerText of unrendered content is empty.
   */
  async text(element: Locator): Promise<string> {
    return ((await element.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  get comments(): Locator {
    return this.widget.locator('[part~="comment"]');
  }

  comment(id: string): Locator {
    return this.widget.locator(`[part~="comment"][data-comment-id="${id}"]`);
  }

  /** The comment whose own body contains `text` (replies' bodies do not count). */
  commentWithText(text: string): Locator {
    return this.comments.filter({
      has: this.page.locator(':scope > [part~="body"]', { hasText: text }),
    });
  }

  /** A comment's own control (its first one: those of its nested replies come after it). */
  own(comment: Locator, part: string): Locator {
    return comment.locator(`[part~="${part}"]`).first();
  }

  async score(comment: Locator): Promise<number> {
    return Number(
      ((await this.own(comment, 'score').textContent()) ?? '').trim().replace('−', '-'),
    );
  }

  async idOf(comment: Locator): Promise<string> {
    const id = await comment.getAttribute('data-comment-id');
    assert.ok(id, 'a rendered comment has data-comment-id');
    return id;
  }

  /** For each rendered comment: the id of the comment element it is nested in, or null. */
  async renderedParents(): Promise<Map<string, string | null>> {
    const pairs = await this.widget.evaluate((host) =>
      [...host.shadowRoot!.querySelectorAll('[data-comment-id]')].map((element) => [
        element.getAttribute('data-comment-id')!,
        element.parentElement?.closest('[data-comment-id]')?.getAttribute('data-comment-id') ??
          null,
      ]),
    );
    return new Map(pairs as [string, string | null][]);
  }

  get newCommentForm(): Locator {
    return this.widget.locator('[part~="form"]').first();
  }

  /** Fills a composer (the name only when the form asks for one) and submits it. */
  async submit(form: Locator, body: string, name?: string): Promise<void> {
    if (name !== undefined) await form.locator('input[part~="name"]').fill(name);
    await form.locator('textarea').fill(body);
    await form.locator('[type="submit"]').click();
  }

  async post(body: string, name: string): Promise<Locator> {
    await this.submit(this.newCommentForm, body, name);
    const posted = this.commentWithText(body);
    await posted.waitFor();
    return posted;
  }

  async reply(parent: Locator, body: string, name: string): Promise<Locator> {
    await this.own(parent, 'reply-button').click();
    const form = parent.locator('[part~="reply-form"]');
    await form.waitFor();
    await this.submit(form, body, name);
    const posted = parent.locator('[part~="comment"]').filter({
      has: this.page.locator(':scope > [part~="body"]', { hasText: body }),
    });
    await posted.waitFor();
    return posted;
  }

  /** Whether `element` is (at least partly) inside the browser's viewport. */
  async isInViewport(element: Locator): Promise<boolean> {
    return element.evaluate((node) => {
      const box = node.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight && box.height > 0;
    });
  }

  /** Resolves once the widget's live stream of /events is connected. */
  async waitForLiveStream(): Promise<void> {
    await this.page.waitForFunction(() =>
      (window as unknown as { confabStreams: EventSource[] }).confabStreams.some(
        (stream) => stream.readyState === EventSource.OPEN,
      ),
    );
  }

  async events(type: string): Promise<unknown[]> {
    return this.page.evaluate(
      (wanted) =>
        (window as unknown as { confabEvents: { type: string; detail: unknown }[] }).confabEvents
          .filter((event) => event.type === wanted)
          .map((event) => event.detail),
      type,
    );
  }
}
