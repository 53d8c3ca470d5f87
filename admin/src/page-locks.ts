import type { ModerationClient } from './api/client.js';

/**
 * Which threads are locked, as far as the console knows: asked of the API once per page shown,
 * then kept current by the live feed's `page` events and the moderator's own locking.
 */
export class PageLocks {
  readonly #client: ModerationClient;
  readonly #known = new Map<string, boolean>();
  readonly #asked = new Set<string>();
  readonly #onChange: () => void;

  constructor(client: ModerationClient, onChange: () => void) {
    this.#client = client;
    this.#onChange = onChange;
  }

  /** true or false, or undefined while not known yet. */
  get(page: string): boolean | undefined {
    return this.#known.get(page);
  }

  set(page: string, locked: boolean): void {
    if (this.#known.get(page) === locked) return;
    this.#known.set(page, locked);
    this.#onChange();
  }

  /** Looks up the pages not known yet; a failed look-up is asked again next time. */
  ensure(pages: Iterable<string>): void {
    for (const page of new Set(pages)) {
      if (this.#known.has(page) || this.#asked.has(page)) continue;
      this.#asked.add(page);
      this.#client
        .pages({ page, limit: 1 })
        .then(({ items }) => {
          const summary = items.find((item) => item.page === page);
          this.set(page, summary?.locked ?? false);
        })
        .catch(() => {
          // Left unknown (the button says so); asked again when the page is next shown.
        })
        .finally(() => this.#asked.delete(page));
    }
  }
}
