import { createHmac, timingSafeEqual } from 'node:crypto';
import { nameKey } from '../../../src/protocol/index.js';
import { clientKey } from '../cidr.js';
import type { RateLimit } from '../config.js';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  newPassword,
  verifyPassword,
  type ScryptCost,
} from '../passwords.js';
import {
  activeModeratorSessionIds,
  deleteModerator,
  forgetLoginAttempt,
  insertModerator,
  insertModeratorSession,
  listModerators,
  loginAttempts,
  moderatorByKey,
  moderatorSessionByHash,
  moderatorSessionById,
  pruneLoginAttempts,
  pruneModeratorSessions,
  recordLoginAttempt,
  revokeModeratorSession,
  revokeSessionsOf,
  setPasswordHash,
  type ModeratorSessionRow,
} from '../storage/moderators.js';
import { setModeratorEmail } from '../storage/moderator-mail.js';
import type { Storage } from '../storage/types.js';
import { hashToken, newToken } from '../tokens.js';
import { refuse, type Clock, type Result } from './results.js';

/** How long a ticket for the console's event stream may be used to open one. */
export const TICKET_MS = 60_000;

export interface LoginLimits {
  perAddress: RateLimit;
  perName: RateLimit;
}

export interface ModeratorOptions {
  /** How long a moderator token lives. */
  sessionMs: number;
  /** null: logins are not throttled (--no-rate-limit). */
  loginLimits: LoginLimits | null;
  /** Cost of new password hashes (tests make it cheap; stored hashes keep their own). */
  scrypt?: ScryptCost;
}

/** A moderator's session, as a request with its token proves it. */
export type ModeratorSession = ModeratorSessionRow;

export type Authentication =
  { ok: true; session: ModeratorSession } | { ok: false; problem: 'unknown' | 'expired' };

export type LoginResult = Result<
  { token: string; expiresAt: number; name: string },
  'login_failed' | 'login_throttled'
>;

const TICKET = /^(\d{1,15})\.(\d{13,15})\.([A-Za-z0-9_-]{43})$/;

/**
 * Moderator accounts and sessions: passwords (scrypt, per-user salt and parameters), logins
 * throttled per client address and per name in the database (so every server process shares
 * the count), tokens stored as hashes that expire and can be revoked, and short-lived tickets
 * for the console's event stream.
 */
export class ModeratorService {
  readonly #storage: Storage;
  readonly #now: Clock;
  readonly #options: ModeratorOptions;
  #dummyHash: Promise<string> | null = null;

  constructor(storage: Storage, now: Clock, options: ModeratorOptions) {
    this.#storage = storage;
    this.#now = now;
    this.#options = options;
  }

  get sessionMs(): number {
    return this.#options.sessionMs;
  }

  /** Adds a moderator with a generated password, returned once (only its hash is kept). */
  async add(name: string): Promise<Result<{ password: string }, 'moderator_exists'>> {
    const password = newPassword();
    const passwordHash = await hashPassword(password, this.#options.scrypt ?? DEFAULT_SCRYPT);
    const id = await this.#storage.transaction((tx) =>
      insertModerator(tx, { name, key: nameKey(name), passwordHash, now: this.#now() }),
    );
    return id === null ? refuse('moderator_exists') : { ok: true, password };
  }

  /**
   * Where a moderator's mail goes (new pending and reported comments, when the server sends
   * mail); null: none. The address is checked by the caller (notifyEmailProblem).
   */
  setEmail(name: string, email: string | null): Promise<Result<object, 'moderator_not_found'>> {
    return this.#storage.transaction(async (tx) => {
      const moderator = await moderatorByKey(tx, nameKey(name));
      if (!moderator) return refuse('moderator_not_found');
      await setModeratorEmail(tx, moderator.id, email);
      return { ok: true };
    });
  }

  list(): Promise<Array<{ name: string; createdAt: number; email: string | null }>> {
    return this.#storage.read((db) => listModerators(db));
  }

  /** Removes a moderator; their tokens stop working at once. */
  remove(name: string): Promise<Result<object, 'moderator_not_found'>> {
    return this.#storage.transaction(async (tx) => {
      const moderator = await moderatorByKey(tx, nameKey(name));
      if (!moderator) return refuse('moderator_not_found');
      await deleteModerator(tx, moderator.id);
      return { ok: true };
    });
  }

  /** A new generated password; the moderator's tokens are revoked. */
  async resetPassword(name: string): Promise<Result<{ password: string }, 'moderator_not_found'>> {
    const password = newPassword();
    const passwordHash = await hashPassword(password, this.#options.scrypt ?? DEFAULT_SCRYPT);
    return this.#storage.transaction(async (tx) => {
      const moderator = await moderatorByKey(tx, nameKey(name));
      if (!moderator) return refuse('moderator_not_found');
      await setPasswordHash(tx, moderator.id, passwordHash);
      await revokeSessionsOf(tx, moderator.id, this.#now());
      return { ok: true, password };
    });
  }

  /**
   * Checks a name and password. Every attempt counts against the client address and the name
   * until it succeeds; over either limit the password is not even checked. An unknown name is
   * checked against a dummy hash, so it takes as long as a wrong password.
   */
  async login(input: { name: string; password: string; address: string }): Promise<LoginResult> {
    const key = nameKey(input.name);
    const attempt = await this.#countAttempt(key, input.address);
    if (!attempt.ok) return attempt;
    const moderator = await this.#storage.read((db) => moderatorByKey(db, key));
    const stored = moderator?.passwordHash ?? (await this.#dummy());
    const matches = await verifyPassword(input.password, stored);
    if (!moderator || !matches) return refuse('login_failed');
    const token = newToken();
    const now = this.#now();
    const expiresAt = now + this.#options.sessionMs;
    await this.#storage.transaction(async (tx) => {
      for (const id of attempt.ids) await forgetLoginAttempt(tx, id);
      await insertModeratorSession(tx, {
        moderatorId: moderator.id,
        hash: hashToken(token),
        now,
        expiresAt,
      });
    });
    return { ok: true, token, expiresAt, name: moderator.name };
  }

  async #countAttempt(
    key: string,
    address: string,
  ): Promise<Result<{ ids: number[] }, 'login_throttled'>> {
    const limits = this.#options.loginLimits;
    if (!limits) return { ok: true, ids: [] };
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      const keys: Array<['address' | 'name', string, RateLimit]> = [
        ['address', `address:${clientKey(address)}`, limits.perAddress],
        ['name', `name:${key}`, limits.perName],
      ];
      for (const [scope, attemptKey, limit] of keys) {
        const { count, oldest } = await loginAttempts(tx, attemptKey, now - limit.windowMs);
        if (count >= limit.max) {
          const retryAfterMs = (oldest ?? now) + limit.windowMs - now;
          return refuse('login_throttled', { scope, retryAfterMs });
        }
      }
      const ids: number[] = [];
      for (const [, attemptKey] of keys) ids.push(await recordLoginAttempt(tx, attemptKey, now));
      return { ok: true, ids };
    });
  }

  #dummy(): Promise<string> {
    return (this.#dummyHash ??= hashPassword(
      newPassword(),
      this.#options.scrypt ?? DEFAULT_SCRYPT,
    ));
  }

  /** The session a moderator token belongs to, if it is neither unknown, revoked nor expired. */
  async authenticate(token: string): Promise<Authentication> {
    const session = await this.#storage.read((db) => moderatorSessionByHash(db, hashToken(token)));
    if (!session || session.revokedAt !== null) return { ok: false, problem: 'unknown' };
    if (session.expiresAt <= this.#now()) return { ok: false, problem: 'expired' };
    return { ok: true, session };
  }

  /** Whether a token (by its hash) is, or was, a moderator token: reader endpoints refuse those. */
  async isModeratorToken(hash: Buffer): Promise<boolean> {
    return (await this.#storage.read((db) => moderatorSessionByHash(db, hash))) !== undefined;
  }

  /** Logout: the token stops working at once. */
  logout(session: ModeratorSession): Promise<void> {
    return this.#storage.transaction((tx) => revokeModeratorSession(tx, session.id, this.#now()));
  }

  /**
   * A ticket to open the console's event stream: `<session id>.<expiry>.<MAC>`, the MAC an
   * HMAC-SHA256 keyed with the session token's hash, which only the database and the token's
   * holder can compute. Any server process on the same database can check it; revoking the
   * session voids it. Good for opening streams only, never as a bearer token.
   */
  issueTicket(session: ModeratorSession): { ticket: string; expiresAt: number } {
    const expiresAt = Math.min(this.#now() + TICKET_MS, session.expiresAt);
    const data = `${session.id}.${expiresAt}`;
    return { ticket: `${data}.${ticketMac(session.hash, data)}`, expiresAt };
  }

  /** The session of a ticket that is well-formed, authentic and unexpired, with a live session. */
  async redeemTicket(ticket: string): Promise<ModeratorSession | null> {
    const match = TICKET.exec(ticket);
    if (!match) return null;
    const now = this.#now();
    if (Number(match[2]) <= now) return null;
    const session = await this.#storage.read((db) => moderatorSessionById(db, Number(match[1])));
    if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
    const expected = Buffer.from(ticketMac(session.hash, `${match[1]}.${match[2]}`), 'base64url');
    const given = Buffer.from(match[3]!, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? session : null;
  }

  /** Ids of sessions still valid: open console streams of other sessions are ended. */
  activeSessionIds(): Promise<Set<number>> {
    return this.#storage.read((db) => activeModeratorSessionIds(db, this.#now()));
  }

  /** Forgets expired sessions and old login attempts (housekeeping). */
  purge(): Promise<{ sessions: number; loginAttempts: number }> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      const window = Math.max(
        this.#options.loginLimits?.perAddress.windowMs ?? 0,
        this.#options.loginLimits?.perName.windowMs ?? 0,
        60 * 60_000,
      );
      return {
        sessions: await pruneModeratorSessions(tx, now - 24 * 60 * 60_000),
        loginAttempts: await pruneLoginAttempts(tx, now - window),
      };
    });
  }
}

function ticketMac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}
