import { nameKey } from '../../../src/protocol/index.js';
import { reserveName } from '../storage/moderation.js';
import {
  insertToken,
  tokenByHash,
  type TokenIdentity,
  type TokenRecord,
} from '../storage/tokens.js';
import type { Storage } from '../storage/types.js';
import { hashToken, newToken } from '../tokens.js';
import type { Clock } from './results.js';

/** Reader tokens: handed out once, stored only as their hash. */
export class SessionService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  /**
   * A new reader token, anonymous or bound to a user the host site vouched for. A signed-in
   * user's name is reserved (by its nameKey): anonymous readers cannot post under it, nor under
   * one that only looks the same.
   */
  async open(identity: TokenIdentity | null): Promise<{ token: string; name: string | null }> {
    const token = newToken();
    await this.#storage.transaction(async (tx) => {
      const now = this.#now();
      await insertToken(tx, hashToken(token), identity, now);
      if (identity) {
        const key = nameKey(identity.name);
        if (key !== '') {
          await reserveName(tx, { key, name: identity.name, subject: identity.ssoSubject, now });
        }
      }
    });
    return { token, name: identity?.name ?? null };
  }

  /** The token with this hash, or null when none was handed out. */
  async find(hash: Buffer): Promise<TokenRecord | null> {
    return (await this.#storage.read((db) => tokenByHash(db, hash))) ?? null;
  }
}
