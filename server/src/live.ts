import type { ServerResponse } from 'node:http';
import { EditMerger, type EditMergeOptions, type LiveMessage } from './edit-merge.js';
import { feedEvent, type EventFeed, type FeedEvent } from './feed.js';
import { eventsOfPageBetween } from './storage/events.js';
import type { Storage } from './storage/types.js';
import type { StreamHub } from './streams.js';
import { commentHead, commentTail, maskedForReview } from './thread-view.js';

/** At most this many events are read to replay one stream's missed changes. */
const REPLAY_LIMIT = 10_000;

/**
 * What readers' event streams receive, from the feed's events: for each comment a batch
 * touched, once, its state as an anonymous reader sees it. A `comment` message when a change
 * readers can see was made to it (created, edited, deleted, approved), otherwise a `vote`
 * message when its votes moved; the comment message carries the votes too. Pending comments
 * and reports are never sent; a comment hidden for review is sent as a tombstone. A lock or an
 * unlock is a `page` message (an extension: `{page, locked}`). Each message's id is the newest
 * event it reflects, so a stream that reconnects with it as Last-Event-ID misses nothing and
 * repeats little. Messages also say what edit-merge.ts needs: the comment, the oldest event,
 * whether only edits made it.
 */
export function messagesFor(events: readonly FeedEvent[]): LiveMessage[] {
  interface Touched {
    first: number;
    last: number;
    comment: FeedEvent['comment'];
    changed: boolean;
    /** Every change was an edit. */
    edits: boolean;
    voted: boolean;
    /** Hidden for review by reports: readers saw it and now must not. */
    hidden: boolean;
  }
  const touched = new Map<number, Touched>();
  const messages: LiveMessage[] = [];
  for (const event of events) {
    if (event.kind === 'page.locked' || event.kind === 'page.unlocked') {
      const data = JSON.stringify({ page: event.pageKey, locked: event.kind === 'page.locked' });
      messages.push({ id: event.id, event: 'page', data });
      continue;
    }
    if (event.commentId === null || !event.visible) continue;
    let entry = touched.get(event.commentId);
    if (!entry) {
      touched.set(
        event.commentId,
        (entry = {
          first: event.id,
          last: 0,
          comment: event.comment,
          changed: false,
          edits: true,
          voted: false,
          hidden: false,
        }),
      );
    }
    entry.last = event.id;
    if (event.kind === 'vote') entry.voted = true;
    else if (event.kind.startsWith('comment.')) entry.changed = true;
    if (event.kind !== 'vote' && event.kind !== 'comment.edited') entry.edits = false;
    if (event.kind === 'comment.hidden') entry.hidden = true;
  }
  for (const { first, last, comment, changed, edits, voted, hidden } of touched.values()) {
    if (!comment) continue;
    const about = { commentId: comment.id, first };
    if (comment.status === 'pending') {
      // Hidden for review: it leaves readers' threads as a deleted comment does.
      if (hidden) {
        const data = commentHead(maskedForReview(comment)) + commentTail(0, false);
        messages.push({ id: last, event: 'comment', data, ...about });
      }
      continue;
    }
    if (changed) {
      messages.push({
        id: last,
        event: 'comment',
        data: commentHead(comment) + commentTail(0, false),
        ...about,
        edit: edits,
      });
    } else if (voted && comment.status === 'published') {
      const data = JSON.stringify({
        id: String(comment.id),
        votes: { up: comment.up, down: comment.down },
      });
      messages.push({ id: last, event: 'vote', data, ...about, comment });
    }
  }
  return messages.sort((a, b) => a.id - b.id);
}

/**
 * Connects the feed to the open event streams (merging repeated edits, see edit-merge.ts), and
 * replays to a stream that reconnects with Last-Event-ID what its page changed meanwhile (as
 * far as the outbox still holds it).
 */
export class LiveUpdates {
  readonly #storage: Storage;
  readonly #feed: EventFeed;
  readonly #streams: StreamHub;
  readonly #edits: EditMerger;

  constructor(
    storage: Storage,
    feed: EventFeed,
    streams: StreamHub,
    editMerge: EditMergeOptions = {},
  ) {
    this.#storage = storage;
    this.#feed = feed;
    this.#streams = streams;
    this.#edits = new EditMerger(
      (page, messages, upTo) => streams.publish(page, messages, upTo),
      editMerge,
    );
    feed.subscribe({ events: (events) => this.#publish(events) });
  }

  /** Sends the held edits and stops their timers, for shutdown (before the streams close). */
  close(): void {
    this.#edits.close();
  }

  #publish(events: readonly FeedEvent[]): void {
    const byPage = new Map<string, FeedEvent[]>();
    for (const event of events) {
      // A page with a held edit still hears of a delete after its last stream left.
      const page = event.pageKey;
      if (this.#streams.streamsOf(page) === 0 && !this.#edits.holds(page)) continue;
      let list = byPage.get(page);
      if (!list) byPage.set(page, (list = []));
      list.push(event);
    }
    for (const [page, pageEvents] of byPage) {
      const messages = messagesFor(pageEvents);
      if (messages.length > 0) this.#edits.publish(page, messages);
    }
  }

  /**
   * Opens a stream on a response whose headers are written. With `lastEventId`, first sends
   * what the page changed after it; live changes that arrive meanwhile follow the replay.
   */
  async open(
    page: string,
    client: string,
    response: ServerResponse,
    lastEventId: number | null,
  ): Promise<void> {
    // Up to what the feed has delivered, no further: everything up to there has committed,
    // while a newer id may sit above one that is still to commit (outbox-order.ts).
    const delivered = this.#feed.cursor;
    // A new stream's first id is older than an edit held back: coming back with it replays
    // the edit.
    const stream = this.#streams.open(
      page,
      client,
      response,
      Math.min(delivered, this.#edits.upTo(page)),
      lastEventId !== null,
    );
    if (lastEventId === null) return;
    // A replay covers everything delivered, held-back edits included (their events are
    // stored); what comes after reaches the stream from the feed, held until this replay is sent.
    const upTo = delivered;
    const events = await this.#storage.read((db) =>
      eventsOfPageBetween(db, page, lastEventId, upTo, REPLAY_LIMIT),
    );
    this.#streams.replayed(stream, messagesFor(events.map(feedEvent)), upTo);
  }
}
