import { prepared } from './prepared.js';
import type { Db } from './schema.js';

export interface TokenIdentity {
  name: string;
  ssoSubject: string;
  url: string | null;
}

const insert = prepared(
  (
    db,
    p: { hash: Buffer; name: string | null; url: string | null; sso: string | null; now: number },
  ) =>
    db
      .insertInto('tokens')
      .values({ hash: p.hash, name: p.name, url: p.url, sso_subject: p.sso, created_at: p.now })
      .returning('id'),
);

const byHash = prepared((db, p: { hash: Buffer }) =>
  db.selectFrom('tokens').select(['id', 'name', 'url']).where('hash', '=', p.hash),
);

/** Stores a token by its hash; returns its id. */
export async function insertToken(
  db: Db,
  hash: Buffer,
  identity: TokenIdentity | null,
  now: number,
): Promise<number> {
  const row = await insert.first(db, {
    hash,
    name: identity?.name ?? null,
    url: identity?.url ?? null,
    sso: identity?.ssoSubject ?? null,
    now,
  });
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row.id;
}

export function tokenByHash(db: Db, hash: Buffer) {
  return byHash.first(db, { hash });
}

export type TokenRecord = NonNullable<Awaited<ReturnType<typeof tokenByHash>>>;
