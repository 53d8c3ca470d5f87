import { sql } from 'kysely';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

/**
 * Addresses readers asked to be mailed at, what each follows (a subscription per thread, the
 * comments whose replies it is told of), nothing else: no rule lives here.
 */

const ADDRESS_COLUMNS = [
  'id',
  'email',
  'lang',
  'confirmed_at as confirmedAt',
  'confirm_sent_at as confirmSentAt',
  'confirmations_sent as confirmationsSent',
  'created_at as createdAt',
] as const;

const addressByKeyQuery = prepared((db, p: { key: string }) =>
  db.selectFrom('mail_addresses').select(ADDRESS_COLUMNS).where('email_key', '=', p.key),
);

const addressByIdQuery = prepared((db, p: { id: number }) =>
  db.selectFrom('mail_addresses').select(ADDRESS_COLUMNS).where('id', '=', p.id),
);

export function addressByKey(db: Db, key: string) {
  return addressByKeyQuery.first(db, { key });
}

export function addressById(db: Db, id: number) {
  return addressByIdQuery.first(db, { id });
}

export type AddressRecord = NonNullable<Awaited<ReturnType<typeof addressById>>>;

const insertAddressQuery = prepared(
  (db, p: { email: string; key: string; lang: string; now: number }) =>
    db
      .insertInto('mail_addresses')
      .values({ email: p.email, email_key: p.key, lang: p.lang, created_at: p.now })
      .returning('id'),
);

export async function insertAddress(
  db: Db,
  row: { email: string; key: string; lang: string; now: number },
): Promise<number> {
  const inserted = await insertAddressQuery.first(db, row);
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted.id;
}

const setLanguageQuery = prepared((db, p: { id: number; lang: string }) =>
  db.updateTable('mail_addresses').set({ lang: p.lang }).where('id', '=', p.id),
);

export async function setAddressLanguage(db: Db, id: number, lang: string) {
  await setLanguageQuery.run(db, { id, lang });
}

const confirmationSentQuery = prepared((db, p: { id: number; now: number }) =>
  db
    .updateTable('mail_addresses')
    .set({
      confirm_sent_at: p.now,
      confirmations_sent: sql<number>`confirmations_sent + 1`,
    })
    .where('id', '=', p.id),
);

/** Counts a confirmation mail queued for the address. */
export async function noteConfirmationQueued(db: Db, id: number, now: number) {
  await confirmationSentQuery.run(db, { id, now });
}

const confirmQuery = prepared((db, p: { id: number; now: number }) =>
  db
    .updateTable('mail_addresses')
    .set({ confirmed_at: p.now })
    .where('id', '=', p.id)
    .where('confirmed_at', 'is', null),
);

/** Marks the address confirmed; false when it already was (or is gone). */
export async function confirmAddress(db: Db, id: number, now: number): Promise<boolean> {
  return (await confirmQuery.run(db, { id, now })) > 0;
}

const subscriptionForQuery = prepared((db, p: { addressId: number; pageId: number }) =>
  db
    .selectFrom('subscriptions')
    .select('id')
    .where('address_id', '=', p.addressId)
    .where('page_id', '=', p.pageId),
);

const insertSubscriptionQuery = prepared(
  (db, p: { addressId: number; pageId: number; now: number }) =>
    db
      .insertInto('subscriptions')
      .values({ address_id: p.addressId, page_id: p.pageId, created_at: p.now })
      .onConflict((conflict) => conflict.columns(['address_id', 'page_id']).doNothing())
      .returning('id'),
);

/** The address's subscription to the page, created when there is none; returns its id. */
export async function ensureSubscription(
  db: Db,
  addressId: number,
  pageId: number,
  now: number,
): Promise<number> {
  const existing = await subscriptionForQuery.first(db, { addressId, pageId });
  if (existing) return existing.id;
  const inserted = await insertSubscriptionQuery.first(db, { addressId, pageId, now });
  if (inserted) return inserted.id;
  const raced = await subscriptionForQuery.first(db, { addressId, pageId });
  if (!raced) throw new Error('subscription neither inserted nor found');
  return raced.id;
}

const watchQuery = prepared((db, p: { commentId: number; subscriptionId: number }) =>
  db
    .insertInto('watched_comments')
    .values({ comment_id: p.commentId, subscription_id: p.subscriptionId })
    .onConflict((conflict) => conflict.column('comment_id').doNothing()),
);

/** Replies to the comment are told to the subscription. */
export async function watchComment(db: Db, commentId: number, subscriptionId: number) {
  await watchQuery.run(db, { commentId, subscriptionId });
}

const subscriptionByIdQuery = prepared((db, p: { id: number }) =>
  db
    .selectFrom('subscriptions')
    .innerJoin('mail_addresses', 'mail_addresses.id', 'subscriptions.address_id')
    .innerJoin('pages', 'pages.id', 'subscriptions.page_id')
    .select([
      'subscriptions.id as id',
      'subscriptions.address_id as addressId',
      'subscriptions.page_id as pageId',
      'pages.key as pageKey',
      'mail_addresses.email as email',
      'mail_addresses.lang as lang',
      'mail_addresses.confirmed_at as confirmedAt',
    ])
    .where('subscriptions.id', '=', p.id),
);

export function subscriptionById(db: Db, id: number) {
  return subscriptionByIdQuery.first(db, { id });
}

export type SubscriptionRecord = NonNullable<Awaited<ReturnType<typeof subscriptionById>>>;

const watchersQuery = prepared((db, p: { commentId: number }) =>
  db
    .selectFrom('watched_comments')
    .innerJoin('subscriptions', 'subscriptions.id', 'watched_comments.subscription_id')
    .innerJoin('mail_addresses', 'mail_addresses.id', 'subscriptions.address_id')
    .select([
      'subscriptions.id as subscriptionId',
      'subscriptions.address_id as addressId',
      'mail_addresses.confirmed_at as confirmedAt',
    ])
    .where('watched_comments.comment_id', '=', p.commentId),
);

/** The subscription told of replies to a comment (at most one), with its address. */
export function watchersOf(db: Db, commentId: number) {
  return watchersQuery.all(db, { commentId });
}

const subscriptionsOfAddressQuery = prepared((db, p: { addressId: number }) =>
  db.selectFrom('subscriptions').select('id').where('address_id', '=', p.addressId),
);

export async function subscriptionsOfAddress(db: Db, addressId: number): Promise<number[]> {
  return (await subscriptionsOfAddressQuery.all(db, { addressId })).map((row) => row.id);
}

const unwatchAllQuery = prepared((db, p: { id: number }) =>
  db.deleteFrom('watched_comments').where('subscription_id', '=', p.id),
);
const deleteSubscriptionQuery = prepared((db, p: { id: number }) =>
  db.deleteFrom('subscriptions').where('id', '=', p.id),
);

/** Removes a subscription and what it watches; false when there was none. */
export async function deleteSubscription(db: Db, id: number): Promise<boolean> {
  await unwatchAllQuery.run(db, { id });
  return (await deleteSubscriptionQuery.run(db, { id })) > 0;
}

const deleteAddressQuery = prepared((db, p: { id: number }) =>
  db.deleteFrom('mail_addresses').where('id', '=', p.id),
);

/** Removes the address row itself (its subscriptions must be gone already). */
export async function deleteAddress(db: Db, id: number): Promise<boolean> {
  return (await deleteAddressQuery.run(db, { id })) > 0;
}

const unconfirmedBeforeQuery = prepared((db, p: { before: number; limit: number }) =>
  db
    .selectFrom('mail_addresses')
    .select('id')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', p.before)
    .limit(p.limit),
);

/** Addresses never confirmed and created before a time. */
export async function unconfirmedAddressesBefore(
  db: Db,
  before: number,
  limit: number,
): Promise<number[]> {
  return (await unconfirmedBeforeQuery.all(db, { before, limit })).map((row) => row.id);
}
