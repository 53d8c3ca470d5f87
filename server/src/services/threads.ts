import type { SortOrder } from '../../../src/protocol/index.js';
import type { EventFeed } from '../feed.js';
import { commentsOfPage } from '../storage/comments.js';
import { pageByKey } from '../storage/pages.js';
import type { CommentRecord, Db, Storage, ViewerMarks } from '../storage/types.js';
import { viewerMarks } from '../storage/votes.js';
import {
  buildView,
  commentHead,
  commentTail,
  markOf,
  pagesThrough,
  slicePage,
  sortGroups,
  type Group,
  type PageSlice,
  type SortKey,
  type ThreadView,
} from '../thread-view.js';

const MAX_CACHED_RESPONSES_PER_PAGE = 64;

/** What the thread cache may hold, in bytes (config: `threadCacheBytes`, `threadCachePageBytes`). */
export interface CacheBudget {
  /** Every cached page together: rows, JSON heads and whole answers (default 64 MiB). */
  totalBytes: number;
  /** One page's cached whole answers (default 4 MiB); larger answers are sent, not kept. */
  pageAnswerBytes: number;
}

export const DEFAULT_CACHE_BUDGET: CacheBudget = {
  totalBytes: 64 * 1024 * 1024,
  pageAnswerBytes: 4 * 1024 * 1024,
};

/** A stored row's share of memory besides its strings (object, numbers, map entries). */
const ROW_OVERHEAD_BYTES = 200;

/** Memory a string takes, counted at two bytes a code unit (V8's worst case). */
function stringBytes(text: string | null): number {
  return text === null ? 0 : text.length * 2;
}

/** A page's thread as stored: every comment, whatever its status, oldest first. */
export interface ThreadRecord {
  /** null: no comment was ever posted on the page and it was never locked. */
  pageId: number | null;
  locked: boolean;
  comments: CommentRecord[];
}

/** Reads a page and its comments (in the caller's snapshot). */
export async function loadThread(db: Db, pageKey: string): Promise<ThreadRecord> {
  const page = await pageByKey(db, pageKey);
  if (!page) return { pageId: null, locked: false, comments: [] };
  return { pageId: page.id, locked: page.locked, comments: await commentsOfPage(db, page.id) };
}

/**
 * One page's thread as loaded from storage, with what is derived from it
 * kept until the page changes: the anonymous view, its sorted orders, the
 * JSON head of each comment and whole anonymous responses. A page with no
 * write since it was loaded answers an anonymous reader without touching
 * the database or serialising anything.
 */
export class PageModel {
  readonly key: string;
  readonly pageId: number | null;
  readonly locked: boolean;
  readonly rows: readonly CommentRecord[];
  #anonymous: ThreadView | null = null;
  readonly #sorted = new Map<SortOrder, Group[]>();
  /** By row object: a reader's own view may hold another version of a comment (their edit). */
  readonly #heads = new WeakMap<CommentRecord, string>();
  /** Encoded once: Node then writes the bytes as they are, with no UTF-8 encoding per answer. */
  readonly #responses = new Map<string, Buffer>();
  #responseBytes = 0;
  #bytes: number;
  readonly #pageAnswerBytes: number;
  readonly #grew: (model: PageModel, bytes: number) => void;

  /**
   * `grew` hears of each change to what the model keeps, so the cache can stay in budget;
   * `pageAnswerBytes` caps the whole answers kept for this page.
   */
  constructor(
    key: string,
    record: ThreadRecord,
    pageAnswerBytes = DEFAULT_CACHE_BUDGET.pageAnswerBytes,
    grew: (model: PageModel, bytes: number) => void = () => {},
  ) {
    this.key = key;
    this.pageId = record.pageId;
    this.locked = record.locked;
    this.rows = record.comments;
    this.#pageAnswerBytes = pageAnswerBytes;
    this.#grew = grew;
    let bytes = stringBytes(key);
    for (const row of record.comments) {
      bytes += ROW_OVERHEAD_BYTES + stringBytes(row.body) + stringBytes(row.authorName);
      bytes += stringBytes(row.authorUrl);
    }
    this.#bytes = bytes;
  }

  /** What this model keeps, in bytes: rows, JSON heads and whole answers, as counted. */
  get bytes(): number {
    return this.#bytes;
  }

  #grow(bytes: number): void {
    this.#bytes += bytes;
    this.#grew(this, bytes);
  }

  get anonymousView(): ThreadView {
    return (this.#anonymous ??= buildView(this.rows, null));
  }

  /** Visible comments for an anonymous reader: what `/counts` reports. */
  get total(): number {
    return this.anonymousView.total;
  }

  /**
   * The thread as `GET /threads` answers it. A reader whose token holds no
   * pending comment here sees the anonymous view with their marks laid over
   * it; one with pending comments gets a view of their own.
   */
  render(
    sort: SortOrder,
    limit: number,
    cursor: string | null,
    cursorKey: SortKey | null,
    viewer: { tokenId: number; marks: ViewerMarks } | null,
    around: number | null = null,
  ): string | Buffer {
    if (around !== null) return this.#renderAround(sort, limit, around, viewer);
    if (!viewer) {
      const cacheKey = `${sort}\u0000${limit}\u0000${cursor ?? ''}`;
      const cached = this.#responses.get(cacheKey);
      if (cached !== undefined) return cached;
      const body = Buffer.from(
        this.#renderView(this.anonymousView, true, sort, limit, cursorKey, null),
      );
      // Every limit and cursor is another key: the answers kept are capped in count and in
      // bytes, or a few dozen GETs of one big thread would pin hundreds of megabytes.
      if (body.length > this.#pageAnswerBytes) return body;
      if (
        this.#responses.size >= MAX_CACHED_RESPONSES_PER_PAGE ||
        this.#responseBytes + body.length > this.#pageAnswerBytes
      ) {
        this.#grow(-this.#responseBytes);
        this.#responses.clear();
        this.#responseBytes = 0;
      }
      this.#responses.set(cacheKey, body);
      this.#responseBytes += body.length;
      this.#grow(body.length);
      return body;
    }
    const ownPending = this.rows.some(
      (row) =>
        row.tokenId === viewer.tokenId && (row.status === 'pending' || row.editBody !== null),
    );
    const view = ownPending ? buildView(this.rows, viewer.tokenId) : this.anonymousView;
    return this.#renderView(view, !ownPending, sort, limit, cursorKey, viewer.marks);
  }

  /**
   * `around=<id>` (deep links): every page from the first through the one holding the
   * comment's top-level ancestor, as if the reader had followed `nextCursor` until it came;
   * `nextCursor` goes on from there. A comment the reader cannot see (or none) changes
   * nothing: the first page. Not cached: each id would be another answer to keep.
   */
  #renderAround(
    sort: SortOrder,
    limit: number,
    id: number,
    viewer: { tokenId: number; marks: ViewerMarks } | null,
  ): string {
    const ownPending =
      viewer !== null &&
      this.rows.some((row) => row.status === 'pending' && row.tokenId === viewer.tokenId);
    const view = ownPending ? buildView(this.rows, viewer.tokenId) : this.anonymousView;
    const sorted = this.#sortedOf(view, !ownPending, sort);
    const index = sorted.findIndex((group) => group.items.some((row) => row.id === id));
    const slice =
      index < 0 ? slicePage(sorted, sort, limit, null) : pagesThrough(sorted, sort, limit, index);
    return this.#renderSlice(view, slice, viewer?.marks ?? null);
  }

  #sortedOf(view: ThreadView, shared: boolean, sort: SortOrder): Group[] {
    let sorted = shared ? this.#sorted.get(sort) : undefined;
    if (!sorted) {
      sorted = sortGroups(view.groups, sort);
      if (shared) this.#sorted.set(sort, sorted);
    }
    return sorted;
  }

  #renderView(
    view: ThreadView,
    shared: boolean,
    sort: SortOrder,
    limit: number,
    cursorKey: SortKey | null,
    marks: ViewerMarks | null,
  ): string {
    const sorted = this.#sortedOf(view, shared, sort);
    return this.#renderSlice(view, slicePage(sorted, sort, limit, cursorKey), marks);
  }

  #renderSlice(view: ThreadView, slice: PageSlice, marks: ViewerMarks | null): string {
    const parts: string[] = [];
    for (const group of slice.groups) {
      for (const row of group.items) {
        const [myVote, mine] = markOf(marks, row.id);
        parts.push(this.#head(row) + commentTail(myVote, mine));
      }
    }
    return (
      `{"page":${JSON.stringify(this.key)},"locked":${this.locked},"total":${view.total},` +
      `"comments":[${parts.join(',')}],"nextCursor":${slice.nextCursor === null ? 'null' : JSON.stringify(slice.nextCursor)}}`
    );
  }

  #head(row: CommentRecord): string {
    let head = this.#heads.get(row);
    if (head === undefined) {
      this.#heads.set(row, (head = commentHead(row)));
      this.#grow(stringBytes(head) + 50);
    }
    return head;
  }
}

/**
 * Page models of recently read pages, least recently used dropped first: the reading
 * service. A page's model is dropped when the event feed reports a change to it, whichever
 * process made the change; the feed's reset (a change no event describes) drops them all.
 * At most `capacity` pages and `budget.totalBytes` bytes are kept.
 */
export class ThreadCache {
  readonly #storage: Storage;
  readonly #feed: EventFeed;
  readonly #capacity: number;
  readonly #budget: CacheBudget;
  readonly #models = new Map<string, PageModel>();
  readonly #generations = new Map<string, number>();
  /** Counts resets: a load that started before one is not kept. */
  #epoch = 0;
  #bytes = 0;

  constructor(
    storage: Storage,
    feed: EventFeed,
    capacity = 1000,
    budget: CacheBudget = DEFAULT_CACHE_BUDGET,
  ) {
    this.#storage = storage;
    this.#feed = feed;
    this.#capacity = capacity;
    this.#budget = budget;
    feed.subscribe({
      events: (events) => {
        for (const event of events) {
          // A report changes nothing a reader sees of the thread.
          if (event.kind !== 'comment.reported') this.invalidate(event.pageKey);
        }
      },
      reset: () => this.clear(),
    });
  }

  async get(pageKey: string): Promise<PageModel> {
    // A change by another process shows in the next read 50 ms after it at the latest.
    const external = this.#feed.noticeExternalChanges();
    if (external) await external;
    const cached = this.#models.get(pageKey);
    if (cached) {
      this.#models.delete(pageKey);
      this.#models.set(pageKey, cached);
      return cached;
    }
    const generation = this.#generations.get(pageKey) ?? 0;
    const epoch = this.#epoch;
    const record = await this.#storage.read((db) => loadThread(db, pageKey));
    const model = new PageModel(pageKey, record, this.#budget.pageAnswerBytes, (grown, bytes) =>
      this.#grew(grown, bytes),
    );
    // A change that landed while this load was in flight makes it stale: use it for this
    // request, but do not keep it. Neither is a page bigger than the whole budget.
    if (
      (this.#generations.get(pageKey) ?? 0) === generation &&
      this.#epoch === epoch &&
      model.bytes <= this.#budget.totalBytes
    ) {
      this.#models.set(pageKey, model);
      this.#bytes += model.bytes;
      this.#trim(model);
    }
    return model;
  }

  /** What the kept models hold, in bytes, as they count it. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Pages kept. */
  get size(): number {
    return this.#models.size;
  }

  #grew(model: PageModel, bytes: number): void {
    // A model no longer kept (dropped, or never kept) grows for its last request only.
    if (this.#models.get(model.key) !== model) return;
    this.#bytes += bytes;
    this.#trim(model);
  }

  /** Drops least recently used pages until the cache is within its budget again. */
  #trim(keep: PageModel): void {
    for (const [key, model] of this.#models) {
      if (this.#models.size <= this.#capacity && this.#bytes <= this.#budget.totalBytes) return;
      if (model === keep && this.#models.size === 1) {
        this.#drop(key);
        return;
      }
      if (model !== keep) this.#drop(key);
    }
  }

  #drop(pageKey: string): void {
    const model = this.#models.get(pageKey);
    if (!model) return;
    this.#models.delete(pageKey);
    this.#bytes -= model.bytes;
  }

  /** The comments a reader wrote and the votes they hold on a page. */
  viewerMarks(pageId: number, tokenId: number): Promise<ViewerMarks> {
    return this.#storage.read((db) => viewerMarks(db, pageId, tokenId));
  }

  invalidate(pageKey: string): void {
    this.#drop(pageKey);
    this.#generations.set(pageKey, (this.#generations.get(pageKey) ?? 0) + 1);
    if (this.#generations.size > this.#capacity * 4) this.clear();
  }

  clear(): void {
    this.#models.clear();
    this.#bytes = 0;
    this.#generations.clear();
    this.#epoch += 1;
  }
}
