import { dropQueuedJob, enqueueJob } from '../storage/jobs.js';
import { deleteNoticesOf } from '../storage/notices.js';
import {
  addressById,
  addressByKey,
  confirmAddress,
  deleteAddress,
  deleteSubscription,
  ensureSubscription,
  insertAddress,
  noteConfirmationQueued,
  setAddressLanguage,
  subscriptionById,
  subscriptionsOfAddress,
  unconfirmedAddressesBefore,
  watchComment,
  type AddressRecord,
  type SubscriptionRecord,
} from '../storage/subscriptions.js';
import type { Db, Storage } from '../storage/types.js';
import type { Clock } from './results.js';

/** How long a confirmation link works. */
export const CONFIRMATION_LINK_TTL_MS = 3 * 24 * 60 * 60 * 1000;
/** An address nobody confirmed is forgotten after this long, with everything it followed. */
export const UNCONFIRMED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Asking again sends another confirmation at most this often, and at most
 * MAX_CONFIRMATIONS in all: a stranger typing someone's address cannot mail them much.
 */
export const CONFIRMATION_RESEND_MS = 60 * 60 * 1000;
export const MAX_CONFIRMATIONS = 3;

export const CONFIRM_JOB = 'mail.confirm';

/** The queued confirmation of an address, one at a time. */
export function confirmationKey(addressId: number): string {
  return `confirm:${addressId}`;
}

/** Digest recipients: a subscription (a reader on one thread) or a moderator's address. */
export function subscriberRecipient(subscriptionId: number): string {
  return `s:${subscriptionId}`;
}

export function moderatorRecipient(address: string): string {
  return `m:${address}`;
}

export function digestKey(recipient: string): string {
  return `digest:${recipient}`;
}

/** What a reader asked for with `"notify": true`. */
export interface NotifyRequest {
  /** As written, trimmed; checked by the route. */
  email: string;
  /** A language mails and pages are written in (`en`, `de`). */
  lang: string;
}

/**
 * In the new comment's own transaction: keeps the address (once per mailbox), subscribes it to
 * the thread (once per thread), watches the comment for replies, and queues a confirmation
 * mail when the address is not confirmed yet (double opt-in). The mailbox itself is the only
 * place the address is stored; the comment holds none.
 */
export async function subscribeToReplies(
  tx: Db,
  request: NotifyRequest & { pageId: number; pageKey: string; commentId: number; now: number },
): Promise<{ subscriptionId: number; confirmationQueued: boolean }> {
  const { now } = request;
  const key = request.email.toLowerCase();
  let address = await addressByKey(tx, key);
  if (!address) {
    const id = await insertAddress(tx, { email: request.email, key, lang: request.lang, now });
    address = (await addressById(tx, id))!;
  } else if (address.lang !== request.lang) {
    await setAddressLanguage(tx, address.id, request.lang);
  }
  const subscriptionId = await ensureSubscription(tx, address.id, request.pageId, now);
  await watchComment(tx, request.commentId, subscriptionId);
  let confirmationQueued = false;
  if (address.confirmedAt === null && mayAskAgain(address, now)) {
    confirmationQueued = await enqueueJob(tx, {
      kind: CONFIRM_JOB,
      dedupeKey: confirmationKey(address.id),
      // The thread the mail names; any of the address's threads would do.
      payload: JSON.stringify({ addressId: address.id, pageKey: request.pageKey }),
      runAt: now,
      now,
    });
    if (confirmationQueued) await noteConfirmationQueued(tx, address.id, now);
  }
  return { subscriptionId, confirmationQueued };
}

function mayAskAgain(address: AddressRecord, now: number): boolean {
  if (address.confirmationsSent === 0 || address.confirmSentAt === null) return true;
  return (
    address.confirmationsSent < MAX_CONFIRMATIONS &&
    now - address.confirmSentAt >= CONFIRMATION_RESEND_MS
  );
}

/** Removes a subscription with everything queued for it, in the caller's transaction. */
async function dropSubscription(tx: Db, subscriptionId: number): Promise<boolean> {
  const recipient = subscriberRecipient(subscriptionId);
  await dropQueuedJob(tx, digestKey(recipient));
  await deleteNoticesOf(tx, recipient);
  return deleteSubscription(tx, subscriptionId);
}

async function eraseAddress(tx: Db, addressId: number): Promise<boolean> {
  for (const id of await subscriptionsOfAddress(tx, addressId)) await dropSubscription(tx, id);
  await dropQueuedJob(tx, confirmationKey(addressId));
  return deleteAddress(tx, addressId);
}

/**
 * What readers do from the links in their mails: confirm an address, leave a thread, erase
 * everything kept about an address. Each is one transaction; a link to something already gone
 * changes nothing and says so (`changed: false`).
 */
export class SubscriptionService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  address(addressId: number): Promise<AddressRecord | undefined> {
    return this.#storage.read((db) => addressById(db, addressId));
  }

  subscription(subscriptionId: number): Promise<SubscriptionRecord | undefined> {
    return this.#storage.read((db) => subscriptionById(db, subscriptionId));
  }

  /** Confirms an address: from now on replies are mailed to it. */
  confirm(addressId: number): Promise<{ found: boolean; changed: boolean }> {
    return this.#storage.transaction(async (tx) => {
      if (!(await addressById(tx, addressId))) return { found: false, changed: false };
      const changed = await confirmAddress(tx, addressId, this.#now());
      if (changed) await dropQueuedJob(tx, confirmationKey(addressId));
      return { found: true, changed };
    });
  }

  /**
   * Ends a subscription: no more mail about that thread. An address left with no
   * subscription is erased, since it no longer has a purpose.
   */
  unsubscribe(subscriptionId: number): Promise<{ changed: boolean; addressErased: boolean }> {
    return this.#storage.transaction(async (tx) => {
      const subscription = await subscriptionById(tx, subscriptionId);
      if (!subscription) return { changed: false, addressErased: false };
      await dropSubscription(tx, subscriptionId);
      const left = await subscriptionsOfAddress(tx, subscription.addressId);
      const addressErased = left.length === 0 && (await eraseAddress(tx, subscription.addressId));
      return { changed: true, addressErased };
    });
  }

  /** Erases an address and every subscription, notice and queued mail of it. */
  erase(addressId: number): Promise<{ changed: boolean }> {
    return this.#storage.transaction(async (tx) => ({
      changed: await eraseAddress(tx, addressId),
    }));
  }

  /** Forgets addresses nobody confirmed within UNCONFIRMED_RETENTION_MS; returns how many. */
  purgeUnconfirmed(): Promise<number> {
    return this.#storage.transaction(async (tx) => {
      const ids = await unconfirmedAddressesBefore(tx, this.#now() - UNCONFIRMED_RETENTION_MS, 500);
      for (const id of ids) await eraseAddress(tx, id);
      return ids.length;
    });
  }
}
