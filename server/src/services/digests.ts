import { commentById, type CommentWithPage } from '../storage/comments.js';
import { enqueueJob } from '../storage/jobs.js';
import { moderatorAddresses } from '../storage/moderator-mail.js';
import {
  deleteNotice,
  insertNotice,
  lastMailedAt,
  markNoticeMailed,
  unsentNotices,
} from '../storage/notices.js';
import type { NoticeReason } from '../storage/schema.js';
import { subscriptionById } from '../storage/subscriptions.js';
import type { Db, Storage } from '../storage/types.js';
import { readerBanned } from './moderation-bans.js';
import type { Clock } from './results.js';
import { digestKey } from './subscriptions.js';

export const DIGEST_JOB = 'mail.digest';

/** At most this many comments in one mail; the rest go in the next. */
const MAX_ITEMS_PER_MAIL = 50;

/**
 * Queues the recipient's next digest, unless one is queued already (which will carry the new
 * notice too). The first mail after a quiet spell goes out at once; one within the digest
 * window of the previous mail waits for the window's end, gathering what comes meanwhile.
 */
export async function scheduleDigest(
  tx: Db,
  recipient: string,
  now: number,
  windowMs: number,
): Promise<boolean> {
  const last = await lastMailedAt(tx, recipient);
  const runAt = last !== null && last + windowMs > now ? last + windowMs : now;
  return enqueueJob(tx, {
    kind: DIGEST_JOB,
    dedupeKey: digestKey(recipient),
    payload: JSON.stringify({ recipient }),
    runAt,
    now,
  });
}

/** Records a notice and makes sure a digest will carry it; false when it was known already. */
export async function addNotice(
  tx: Db,
  notice: { recipient: string; commentId: number; reason: NoticeReason; now: number },
  windowMs: number,
): Promise<boolean> {
  if (!(await insertNotice(tx, notice))) return false;
  await scheduleDigest(tx, notice.recipient, notice.now, windowMs);
  return true;
}

export interface DigestItem {
  reason: NoticeReason;
  comment: CommentWithPage;
}

interface NoticeRef {
  commentId: number;
  reason: NoticeReason;
}

/** What one digest mail is to say, read when it is sent (so nothing is told that is gone). */
export type Digest = { recipient: string; items: DigestItem[]; stale: NoticeRef[] } & (
  | {
      to: 'subscriber';
      subscriptionId: number;
      addressId: number;
      email: string;
      lang: string;
      pageKey: string;
    }
  | { to: 'moderator'; email: string }
  /** No one to mail any more (unsubscribed, not a moderator any more), or nothing left to say. */
  | { to: 'nobody' }
);

/**
 * Digests: what the next mail of a recipient says, and what changes once it went out. Only
 * comments still visible are told of (a reply deleted before its mail is dropped); a
 * subscriber is told only once confirmed.
 */
export class DigestService {
  readonly #storage: Storage;
  readonly #now: Clock;
  readonly #windowMs: number;

  constructor(storage: Storage, now: Clock, windowMs: number) {
    this.#storage = storage;
    this.#now = now;
    this.#windowMs = windowMs;
  }

  load(recipient: string): Promise<Digest> {
    return this.#storage.read(async (db): Promise<Digest> => {
      const notices = await unsentNotices(db, recipient, MAX_ITEMS_PER_MAIL);
      const items: DigestItem[] = [];
      const stale: NoticeRef[] = [];
      for (const notice of notices) {
        const comment = await commentById(db, notice.commentId);
        const current =
          comment &&
          (notice.reason === 'reply'
            ? comment.status === 'published'
            : notice.reason === 'pending'
              ? comment.status === 'pending'
              : comment.status !== 'deleted');
        // A reader banned since the notice was made gets no mail about replies to them.
        const banned =
          current &&
          notice.reason === 'reply' &&
          (await this.#parentAuthorBanned(db, comment.parentId));
        if (current && !banned) items.push({ reason: notice.reason, comment });
        else stale.push({ commentId: notice.commentId, reason: notice.reason });
      }
      if (recipient.startsWith('s:')) {
        const subscription = await subscriptionById(db, Number(recipient.slice(2)));
        if (subscription?.confirmedAt != null && items.length > 0) {
          return {
            recipient,
            items,
            stale,
            to: 'subscriber',
            subscriptionId: subscription.id,
            addressId: subscription.addressId,
            email: subscription.email,
            lang: subscription.lang,
            pageKey: subscription.pageKey,
          };
        }
      } else if (recipient.startsWith('m:')) {
        const email = recipient.slice(2);
        // Moderator mail goes to the moderators' own addresses (admin moderator-email).
        if (items.length > 0 && (await moderatorAddresses(db)).includes(email)) {
          return { recipient, items, stale, to: 'moderator', email };
        }
      }
      return { recipient, items: [], stale: [...stale, ...items.map(ref)], to: 'nobody' };
    });
  }

  async #parentAuthorBanned(db: Db, parentId: number | null): Promise<boolean> {
    const parent = parentId === null ? undefined : await commentById(db, parentId);
    return parent !== undefined && (await readerBanned(db, parent.tokenId, this.#now()));
  }

  /**
   * In the transaction that finishes the digest's job: the notices told of are marked mailed
   * (`mailedAt`; null when no mail went out), those with nothing to tell are dropped, and a
   * next digest is queued for notices that arrived meanwhile.
   */
  async complete(tx: Db, digest: Digest, mailedAt: number | null): Promise<void> {
    for (const notice of digest.stale)
      await deleteNotice(tx, { recipient: digest.recipient, ...notice });
    for (const item of digest.items) {
      const notice = { recipient: digest.recipient, ...ref(item) };
      if (mailedAt === null) await deleteNotice(tx, notice);
      else await markNoticeMailed(tx, { ...notice, now: mailedAt });
    }
    if ((await unsentNotices(tx, digest.recipient, 1)).length > 0) {
      await scheduleDigest(tx, digest.recipient, this.#now(), this.#windowMs);
    }
  }
}

function ref(item: DigestItem): NoticeRef {
  return { commentId: item.comment.id, reason: item.reason };
}
