import { commentById, type CommentWithPage } from '../storage/comments.js';
import {
  isImported,
  markDispatched,
  markReplyAnnounced,
  openReportsOf,
  serverState,
  undispatchedEvents,
  type UndispatchedEvent,
} from '../storage/dispatch.js';
import { newestEventId } from '../storage/events.js';
import { enqueueJob } from '../storage/jobs.js';
import { moderatorAddresses } from '../storage/moderator-mail.js';
import { watchersOf } from '../storage/subscriptions.js';
import type { NoticeReason } from '../storage/schema.js';
import type { Db, Storage } from '../storage/types.js';
import { addNotice } from './digests.js';
import { readerBanned } from './moderation-bans.js';
import type { Clock } from './results.js';
import { moderatorRecipient, subscriberRecipient } from './subscriptions.js';

export const WEBHOOK_JOB = 'webhook';

export interface DispatchSettings {
  /** Reply notices for subscribers, and moderator mail to the moderators with an address. */
  replies: boolean;
  webhooks: readonly string[];
  digestWindowMs: number;
  /** A webhook's JSON body for an event (built once: every retry sends the same bytes). */
  webhookBody(
    event: UndispatchedEvent,
    comment: CommentWithPage,
    reports: { count: number; reasons: Record<string, number> } | null,
  ): string;
}

/** Events read per transaction. */
const BATCH = 200;
/**
 * How far back a sweep looks for events nobody dispatched. On PostgreSQL an event id can
 * commit after a higher one (ids are handed out at insert), so the quick pass, which reads
 * after the highest id it saw, may step over it; the sweep finds it.
 */
const SWEEP_LOOKBACK_MS = 10 * 60_000;

/**
 * Turns the outbox's comment events into work: webhook deliveries, reply notices for the
 * author of the comment replied to, notices for moderators. Runs in a transaction of its own
 * after the change committed, and marks each event dispatched in that transaction, so an
 * event becomes jobs exactly once whatever crashes, and whichever of several server
 * instances on one database gets to it first. Changes made by another process (the admin
 * command line) are dispatched too: they are events like any other.
 */
export class Dispatcher {
  readonly #storage: Storage;
  readonly #settings: DispatchSettings;
  readonly #now: Clock;
  /** Events up to this id were dispatched when the feature first ran: never dispatched. */
  #origin = 0;
  /** The highest id a quick pass has seen. */
  #floor = 0;

  constructor(storage: Storage, settings: DispatchSettings, now: Clock) {
    this.#storage = storage;
    this.#settings = settings;
    this.#now = now;
  }

  get active(): boolean {
    const settings = this.#settings;
    return settings.replies || settings.webhooks.length > 0;
  }

  /**
   * Reads where dispatching started: the first start on a database records the newest event
   * then, so turning webhooks on does not deliver a day of history. Events after it that no
   * instance dispatched (the server was down) are dispatched by the first pass.
   */
  async start(): Promise<void> {
    const origin = await this.#storage.transaction(async (tx) =>
      serverState(tx, 'dispatch_origin', String(await newestEventId(tx)), this.#now()),
    );
    this.#origin = this.#floor = Number(origin);
  }

  /**
   * Dispatches what is new (or, `sweep`, what a recent window still holds undispatched);
   * returns how many jobs were queued.
   */
  async run(sweep = false): Promise<number> {
    let queued = 0;
    for (;;) {
      const after = sweep ? this.#origin : this.#floor;
      const since = sweep ? this.#now() - SWEEP_LOOKBACK_MS : 0;
      const pass = await this.#storage.transaction(async (tx) => {
        const events = await undispatchedEvents(tx, { after, since, limit: BATCH });
        let jobs = 0;
        for (const event of events) {
          if (await markDispatched(tx, event.id, this.#now())) jobs += await this.#plan(tx, event);
        }
        return { jobs, count: events.length, last: events.at(-1)?.id ?? null };
      });
      queued += pass.jobs;
      if (!sweep && pass.last !== null) this.#floor = Math.max(this.#floor, pass.last);
      if (pass.count < BATCH) return queued;
    }
  }

  async #plan(tx: Db, event: UndispatchedEvent): Promise<number> {
    if (event.commentId === null) return 0;
    const comment = await commentById(tx, event.commentId);
    if (!comment) return 0;
    const { webhooks, replies, digestWindowMs } = this.#settings;
    const now = this.#now();
    let jobs = 0;
    if (webhooks.length > 0) {
      const reports =
        event.kind === 'comment.reported' ? await openReportsOf(tx, comment.id) : null;
      const body = this.#settings.webhookBody(event, comment, reports);
      for (const url of webhooks) {
        const payload = JSON.stringify({ url, event: event.kind, body });
        await enqueueJob(tx, { kind: WEBHOOK_JOB, dedupeKey: null, payload, runAt: now, now });
        jobs += 1;
      }
    }
    const becameVisible = event.kind === 'comment.created' || event.kind === 'comment.approved';
    if (
      replies &&
      becameVisible &&
      comment.status === 'published' &&
      comment.parentId !== null &&
      (await this.#firstAppearance(tx, comment, now))
    ) {
      for (const recipient of await this.#repliedTo(tx, comment, comment.parentId, now)) {
        const notice = { recipient, commentId: comment.id, reason: 'reply' as const, now };
        if (await addNotice(tx, notice, digestWindowMs)) jobs += 1;
      }
    }
    const reason: NoticeReason | null =
      event.kind === 'comment.created' && comment.status === 'pending'
        ? 'pending'
        : event.kind === 'comment.reported' && comment.status !== 'deleted'
          ? 'reported'
          : null;
    if (replies && reason) {
      for (const address of await moderatorAddresses(tx)) {
        const notice = {
          recipient: moderatorRecipient(address),
          commentId: comment.id,
          reason,
          now,
        };
        if (await addNotice(tx, notice, digestWindowMs)) jobs += 1;
      }
    }
    return jobs;
  }

  /**
   * Whether readers learn of this reply now: once in its life, when it first becomes visible
   * (posted, or approved after being held). An approved edit, or a comment approved after
   * reports hid it, was announced before. An imported comment is never announced: its author
   * and the people it answers never asked this server for mail about it.
   */
  async #firstAppearance(tx: Db, reply: CommentWithPage, now: number): Promise<boolean> {
    if (await isImported(tx, reply.id)) return false;
    return markReplyAnnounced(tx, reply.id, now);
  }

  /**
   * Who is told of a reply: the confirmed subscription watching its parent, unless the reply
   * is the parent author's own (same token, or the same address asking for notifications),
   * or the parent's author is banned (a banned reader gets no mail).
   */
  async #repliedTo(
    tx: Db,
    reply: CommentWithPage,
    parentId: number,
    now: number,
  ): Promise<string[]> {
    const parent = await commentById(tx, parentId);
    if (!parent || parent.status === 'deleted' || parent.tokenId === reply.tokenId) return [];
    if (await readerBanned(tx, parent.tokenId, now)) return [];
    const watchers = await watchersOf(tx, parentId);
    if (watchers.length === 0) return [];
    const ownAddresses = new Set((await watchersOf(tx, reply.id)).map((w) => w.addressId));
    return watchers
      .filter((w) => w.confirmedAt !== null && !ownAddresses.has(w.addressId))
      .map((w) => subscriberRecipient(w.subscriptionId));
  }
}
