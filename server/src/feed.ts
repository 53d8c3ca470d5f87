import type { CommentWithPage } from './storage/comments.js';
import { eventsAfter, newestEventId, type EventRow } from './storage/events.js';
import { OutboxOrder } from './outbox-order.js';
import type { EventKind } from './storage/schema.js';
import type { CommitHorizon, ExternalChange, Storage } from './storage/types.js';

/** One change, as written to the outbox (the `events` table) in the change's transaction. */
export interface FeedEvent {
  /** Increasing in commit order; what `id:` and Last-Event-ID carry on the event stream. */
  id: number;
  pageKey: string;
  kind: EventKind;
  /** null for page-wide events (`page.locked`, `page.unlocked`). */
  commentId: number | null;
  /** Readers could see the comment before or after the change (false: pending, a report). */
  visible: boolean;
  createdAt: number;
  /**
   * The comment as it stood when the feed read the event: changes made after the event
   * (in the same batch or just before the read) are already in it. Null for page events.
   */
  comment: CommentWithPage | null;
}

/**
 * A consumer of the feed, in this process. `events` is called with every new batch of events,
 * in id order, each event once, after the transactions that wrote them have committed, and
 * before those transactions' promises settle (so the writer's answer comes after this call).
 * It is called synchronously: do quick work, or queue slow work (mail, webhooks) yourself.
 */
export interface FeedSubscriber {
  events(events: readonly FeedEvent[]): void;
  /**
   * Something changed that no event describes (another process wrote to the database without
   * the services): drop whatever was derived from the database.
   */
  reset?(): void;
}

export interface EventFeedOptions {
  /** How often to ask the store whether another process wrote (SQLite's data_version). */
  pollMs?: number;
  /**
   * Stores that notify (PostgreSQL): how often to read the outbox anyway, should a
   * notification be lost with its connection.
   */
  fallbackPollMs?: number;
  /** How long a missing event id may hold the feed (outbox-order.ts). */
  gapTimeoutMs?: number;
  /** Failures of a subscriber or of a background read; the feed itself goes on. */
  onError?: (error: unknown) => void;
}

/**
 * How often to ask the database whether another process wrote to it. The question takes
 * SQLite's shared-memory lock and cost 3% of a cached read when asked on every request;
 * asked at most every 50 ms, a change made by the admin command line shows within 50 ms.
 */
export const EXTERNAL_CHANGE_CHECK_MS = 50;

/** With NOTIFY, a read now and then in case one was lost (a dropped connection). */
const FALLBACK_POLL_MS = 1000;

/** Events read per query; a longer backlog is read in several. */
const BATCH = 500;

/** Someone waiting for the events committed before they asked. */
interface Waiter {
  /** Reads numbered up to this one started before the call. */
  after: number;
  /** The newest event id of the first read that started after the call. */
  target: number | null;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The event feed: reads the outbox after each commit of this process (storage's after-commit
 * hook) and after commits of other processes (SQLite: noticed by polling the store's change
 * marker; PostgreSQL: LISTEN/NOTIFY), and hands every new event to the subscribers, in id
 * order, each once. The thread cache, the live event streams and, later, webhooks and mail
 * are subscribers. Where ids may commit out of order (PostgreSQL), outbox-order.ts keeps the
 * cursor from passing an id that may still commit.
 */
export class EventFeed {
  readonly #storage: Storage;
  readonly #subscribers = new Set<FeedSubscriber>();
  readonly #pollMs: number;
  readonly #fallbackPollMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #order: OutboxOrder;
  #cursor = 0;
  #marker: number | null = null;
  #markerCheckedAt = 0;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #waiters: Waiter[] = [];
  #reads = 0;
  #external = false;
  #stopped = false;

  constructor(storage: Storage, options: EventFeedOptions = {}) {
    this.#storage = storage;
    this.#pollMs = options.pollMs ?? EXTERNAL_CHANGE_CHECK_MS;
    this.#fallbackPollMs = options.fallbackPollMs ?? FALLBACK_POLL_MS;
    this.#onError = options.onError ?? (() => {});
    this.#order = new OutboxOrder(options.gapTimeoutMs);
  }

  /** Starts after the newest event already stored: history is not replayed to subscribers. */
  async start(): Promise<void> {
    this.#cursor = await this.#storage.read((db) => newestEventId(db));
    this.#marker = this.#storage.externalChangeMarker();
    this.#storage.afterCommit(() => this.catchUp());
    if (this.#storage.notifies) {
      this.#storage.listen((change) => this.#notified(change), this.#onError);
      this.#timer = setInterval(() => this.catchUp().catch(this.#onError), this.#fallbackPollMs);
      this.#timer.unref();
    } else if (this.#marker !== null) {
      this.#timer = setInterval(() => {
        try {
          this.noticeExternalChanges()?.catch(this.#onError);
        } catch (error) {
          this.#onError(error);
        }
      }, this.#pollMs);
      this.#timer.unref();
    }
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The id of the newest event delivered to subscribers. */
  get cursor(): number {
    return this.#cursor;
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(subscriber: FeedSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /**
   * Asks the store whether another process committed, at most every `pollMs`: a promise
   * when it did (resolved once its events are delivered), undefined otherwise. Cheap enough
   * for every request; a read that waits on it sees another process's change within `pollMs`.
   * Stores that notify answer undefined: their changes arrive by themselves.
   */
  noticeExternalChanges(): Promise<void> | undefined {
    if (this.#marker === null) return undefined;
    const now = performance.now();
    // A change noticed a moment ago (by the timer) may still be on its way to the subscribers.
    if (now - this.#markerCheckedAt < this.#pollMs) return this.#externalUnderWay();
    this.#markerCheckedAt = now;
    const marker = this.#storage.externalChangeMarker();
    if (marker === this.#marker) return this.#externalUnderWay();
    this.#marker = marker;
    return this.catchUp(true);
  }

  #externalUnderWay(): Promise<void> | undefined {
    return this.#external ? (this.#running ?? undefined) : undefined;
  }

  #notified(change: ExternalChange): void {
    if (change.kind === 'event' && change.id <= this.#cursor) return; // delivered already
    if (change.kind !== 'event') this.#reset();
    this.catchUp().catch(this.#onError);
  }

  /**
   * Delivers every event committed before this call: resolves once the cursor has reached
   * the newest event a read that started after the call found (and every id below it has
   * been delivered or settled). Calls that overlap share one loop of reads.
   */
  catchUp(external = false): Promise<void> {
    this.#external ||= external;
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ after: this.#reads, target: null, resolve, reject });
      this.#running ??= this.#loop();
    });
  }

  async #loop(): Promise<void> {
    let delivered = 0;
    let pause = 0;
    try {
      while (this.#waiters.length > 0) {
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
        const read = ++this.#reads;
        let found: { rows: EventRow[]; newest: number; horizon: CommitHorizon | null };
        try {
          found = await this.#storage.read(async (db) => {
            const rows = await eventsAfter(db, this.#cursor, BATCH);
            const newest = await newestEventId(db);
            // Only a missing id needs the running transactions (the same snapshot: the read
            // is one transaction); usually there is none, and the query is saved.
            const gap = this.#order.openGaps > 0 || hasGap(this.#cursor, rows);
            return { rows, newest, horizon: gap ? await this.#storage.commitHorizon(db) : null };
          });
        } catch (error) {
          for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
          return;
        }
        const { rows, newest, horizon } = found;
        const step = this.#order.next(
          this.#cursor,
          rows.map((row) => row.id),
          read,
          horizon,
          Date.now(),
        );
        this.#cursor = Math.max(this.#cursor, step.cursor);
        if (step.deliver > 0) {
          delivered += step.deliver;
          this.#deliver(rows.slice(0, step.deliver).map(feedEvent));
        }
        if (step.abandoned.length > 0) {
          const ids = step.abandoned.map(([from, to]) => (from === to ? from : `${from}-${to}`));
          this.#onError(
            new Error(
              `event ids ${ids.join(', ')} were still uncommitted after the gap timeout; ` +
                'moving on (caches are dropped, a stream may have missed one of them)',
            ),
          );
          this.#reset();
        }
        for (const waiter of this.#waiters) {
          if (waiter.target === null && waiter.after < read) waiter.target = newest;
        }
        this.#waiters = this.#waiters.filter((waiter) => {
          if (waiter.target === null || waiter.target > this.#cursor) return true;
          waiter.resolve();
          return false;
        });
        if (this.#stopped && this.#waiters.length > 0 && step.waiting) {
          for (const waiter of this.#waiters.splice(0)) waiter.resolve();
        }
        // A gap that may still fill: look again soon, a little later each time.
        pause = step.waiting && rows.length < BATCH ? Math.min(50, Math.max(1, pause * 2)) : 0;
      }
      if (this.#external) {
        this.#external = false;
        if (delivered === 0) this.#reset();
      }
    } finally {
      // In the same turn as the last check of #waiters: a call after it starts a new loop.
      this.#running = null;
    }
  }

  #deliver(events: readonly FeedEvent[]): void {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber.events(events);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  #reset(): void {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber.reset?.();
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}

/** Whether ids are missing between the cursor and the rows read after it. */
function hasGap(cursor: number, rows: readonly EventRow[]): boolean {
  let expected = cursor + 1;
  for (const row of rows) {
    if (row.id !== expected) return true;
    expected += 1;
  }
  return false;
}

/** An outbox row with its comment, as the feed hands it on. */
export function feedEvent(row: EventRow): FeedEvent {
  const comment: CommentWithPage | null =
    row.rowId === null || row.status === null
      ? null
      : {
          id: row.rowId,
          pageId: row.pageId!,
          parentId: row.parentId,
          tokenId: row.tokenId!,
          authorName: row.authorName!,
          authorUrl: row.authorUrl,
          body: row.body!,
          status: row.status,
          createdAt: row.commentCreatedAt!,
          editedAt: row.editedAt,
          up: row.up!,
          down: row.down!,
          pinned: row.pinned!,
          authorVerified: row.authorVerified!,
          authorAvatar: row.authorAvatar,
          heldFor: row.heldFor,
          editBody: row.editBody,
          editAt: row.editAt,
          editHeldFor: row.editHeldFor,
          pageKey: row.pageKey,
        };
  return {
    id: row.id,
    pageKey: row.pageKey,
    kind: row.kind,
    commentId: row.commentId,
    visible: row.visible === 1,
    createdAt: row.createdAt,
    comment,
  };
}
