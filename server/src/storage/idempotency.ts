import { prepared } from './prepared.js';
import type { Db } from './schema.js';

const find = prepared((db, p: { tokenId: number; key: string; since: number }) =>
  db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response'])
    .where('token_id', '=', p.tokenId)
    .where('key', '=', p.key)
    .where('created_at', '>=', p.since),
);

const store = prepared(
  (
    db,
    p: {
      tokenId: number;
      key: string;
      fingerprint: Buffer;
      commentId: number;
      response: string;
      now: number;
    },
  ) =>
    db
      .insertInto('idempotency_keys')
      .values({
        token_id: p.tokenId,
        key: p.key,
        fingerprint: p.fingerprint,
        comment_id: p.commentId,
        response: p.response,
        created_at: p.now,
      })
      // An expired key may be used again; the new result replaces the old one.
      .onConflict((conflict) =>
        conflict.columns(['token_id', 'key']).doUpdateSet({
          fingerprint: p.fingerprint,
          comment_id: p.commentId,
          response: p.response,
          created_at: p.now,
        }),
      ),
);

const forget = prepared((db, p: { commentId: number }) =>
  db.deleteFrom('idempotency_keys').where('comment_id', '=', p.commentId),
);

const purge = prepared((db, p: { before: number }) =>
  db.deleteFrom('idempotency_keys').where('created_at', '<', p.before),
);

/** The stored result of a key used by a token since a time, or undefined. */
export function findIdempotencyKey(db: Db, tokenId: number, key: string, since: number) {
  return find.first(db, { tokenId, key, since });
}

export async function storeIdempotencyKey(
  db: Db,
  entry: {
    tokenId: number;
    key: string;
    fingerprint: Buffer;
    commentId: number;
    response: string;
    now: number;
  },
) {
  await store.run(db, entry);
}

/** Drops the stored answers naming a comment (they hold its text). */
export async function forgetIdempotencyKeysOf(db: Db, commentId: number) {
  await forget.run(db, { commentId });
}

/** Drops keys older than a time; returns how many. */
export function purgeIdempotencyKeys(db: Db, before: number): Promise<number> {
  return purge.run(db, { before });
}
