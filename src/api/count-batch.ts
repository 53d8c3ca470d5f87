/**
 * Every `<confab-count>` of a document asks through one CountBatch, which turns the requests of
 * one task into one `GET /counts` per endpoint (in pieces of at most 100 pages, the protocol's
 * limit). Per document, not per element: sharing the request is the point; nothing else is shared.
 */

/** The protocol's limit of pages per `GET /counts` (LIMITS.countsMaxPages; a unit test checks). */
export const COUNTS_MAX_PAGES = 100;
const TIMEOUT_MS = 10_000;

interface Waiter {
  resolve: (count: number) => void;
  reject: (error: unknown) => void;
}

export class CountBatch {
  /** endpoint → page key → who waits for it */
  #pending = new Map<string, Map<string, Waiter[]>>();
  #scheduled = false;

  count(endpoint: string, page: string): Promise<number> {
    return new Promise((resolve, reject) => {
      let pages = this.#pending.get(endpoint);
      if (!pages) this.#pending.set(endpoint, (pages = new Map()));
      let waiters = pages.get(page);
      if (!waiters) pages.set(page, (waiters = []));
      waiters.push({ resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // Elements upgraded or added together share the request: those of a page still being
        // parsed (a script that is neither deferred nor a module) once it is parsed, others a
        // task later.
        if (document.readyState === 'loading') {
          document.addEventListener('DOMContentLoaded', () => this.#flush(), { once: true });
        } else setTimeout(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = new Map();
    for (const [endpoint, pages] of pending) {
      const keys = [...pages.keys()];
      for (let start = 0; start < keys.length; start += COUNTS_MAX_PAGES) {
        const piece = keys.slice(start, start + COUNTS_MAX_PAGES);
        void fetchCounts(endpoint, piece).then(
          (counts) => {
            for (const key of piece) {
              const count = counts[key];
              for (const waiter of pages.get(key)!) {
                if (Number.isSafeInteger(count) && (count as number) >= 0) {
                  waiter.resolve(count as number);
                } else waiter.reject(new Error(`no count for ${key}`));
              }
            }
          },
          (error: unknown) => {
            for (const key of piece) for (const waiter of pages.get(key)!) waiter.reject(error);
          },
        );
      }
    }
  }
}

async function fetchCounts(endpoint: string, keys: string[]): Promise<Record<string, unknown>> {
  const url = new URL(`${endpoint.replace(/\/+$/, '')}/counts`, document.baseURI);
  for (const key of keys) url.searchParams.append('page', key);
  const response = await fetch(url, {
    credentials: 'omit',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GET /counts answered ${response.status}`);
  const body = (await response.json()) as { counts?: unknown };
  if (typeof body?.counts !== 'object' || body.counts === null) {
    throw new Error('GET /counts answered without counts');
  }
  return body.counts as Record<string, unknown>;
}
