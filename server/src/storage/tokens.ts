import { prepared } from './prepared.js';
import type { Db } from './schema.js';

export interface TokenIdentity {
  name: string;
  ssoSubject: string;
  url: string | null;
  avatar: string | null;
}

const insert = prepared(
  (
    db,
    p: {
      hash: Buffer;
      name: string | null;
      url: string | null;
      avatar: string | null;
      sso: string | null;
      now: number;
    },
  ) =>
    db
      .insertInto('tokens')
      .values({
        hash: p.hash,
        name: p.name,
        url: p.url,
        avatar: p.avatar,
        sso_subject: p.sso,
        created_at: p.now,
      })
      .returning('id'),
);

const byHash = prepared((db, p: { hash: Buffer }) =>
  db
    .selectFrom('tokens')
    .select(['id', 'name', 'url', 'avatar', 'sso_subject as ssoSubject'])
    .where('hash', '=', p.hash),
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
    avatar: identity?.avatar ?? null,
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

const identityById = prepared((db, p: { id: number }) =>
  db.selectFrom('tokens').select(['id', 'sso_subject as ssoSubject']).where('id', '=', p.id),
);

/** A token's signed-in identity (null for an anonymous one), by id. */
export async function tokenSubject(db: Db, id: number): Promise<string | null> {
  return (await identityById.first(db, { id }))?.ssoSubject ?? null;
}
