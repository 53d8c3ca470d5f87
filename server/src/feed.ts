import type { CommentWithPage } from './storage/comments.js';
import { eventsAfter, newestEventId, type EventRow } from './storage/events.js';
import type { EventKind } from './storage/schema.js';
import type { Storage } from './storage/types.js';

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
  /** Failures of a subscriber or of a background read; the feed itself goes on. */
  onError?: (error: unknown) => void;
}

/**
 * How often to ask the database whether another process wrote to it. The question takes
 * SQLite's shared-memory lock and cost 3% of a cached read when asked on every request;
 * asked at most every 50 ms, a change made by the admin command line shows within 50 ms.
 */
export const EXTERNAL_CHANGE_CHECK_MS = 50;

/** Events read per query; a longer backlog is read in several. */
const BATCH = 500;

/**
 * The event feed: reads the outbox after each commit of this process (storage's after-commit
 * hook) and after commits of other processes (noticed by polling the store's change marker),
 * and hands every new event to the subscribers. The thread cache, the live event streams and,
 * later, webhooks and mail are subscribers. With several server processes on one database
 * (PostgreSQL, LISTEN/NOTIFY), only what wakes the feed changes.
 */
export class EventFeed {
  readonly #storage: Storage;
  readonly #subscribers = new Set<FeedSubscriber>();
  readonly #pollMs: number;
  readonly #onError: (error: unknown) => void;
  #cursor = 0;
  #marker: number | null = null;
  #markerCheckedAt = 0;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #external = false;

  constructor(storage: Storage, options: EventFeedOptions = {}) {
    this.#storage = storage;
    this.#pollMs = options.pollMs ?? EXTERNAL_CHANGE_CHECK_MS;
    this.#onError = options.onError ?? (() => {});
  }

  /** Starts after the newest event already stored: history is not replayed to subscribers. */
  async start(): Promise<void> {
    this.#cursor = await this.#storage.read((db) => newestEventId(db));
    this.#marker = this.#storage.externalChangeMarker();
    this.#storage.afterCommit(() => this.catchUp());
    if (this.#marker !== null) {
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

  /**
   * Delivers every event committed before this call. Calls that overlap share one loop,
   * which reads again until a read started after the latest call has found everything.
   */
  catchUp(external = false): Promise<void> {
    this.#external ||= external;
    this.#again = true;
    this.#running ??= this.#loop();
    return this.#running;
  }

  async #loop(): Promise<void> {
    try {
      let delivered = 0;
      while (this.#again) {
        this.#again = false;
        const rows = await this.#storage.read((db) => eventsAfter(db, this.#cursor, BATCH));
        if (rows.length === BATCH) this.#again = true;
        if (rows.length === 0) continue;
        this.#cursor = rows.at(-1)!.id;
        delivered += rows.length;
        this.#deliver(rows.map(feedEvent));
      }
      if (this.#external) {
        this.#external = false;
        if (delivered === 0) this.#reset();
      }
    } finally {
      // In the same turn as the last check of #again: a call after it starts a new loop.
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
