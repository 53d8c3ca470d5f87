import { cidrContains, parseAddress, parseCidr, type Cidr } from '../cidr.js';
import { commentById } from '../storage/comments.js';
import { recordAudit } from '../storage/moderation-audit.js';
import {
  banById,
  bansInForce,
  insertBan,
  liftBan,
  listBans,
  type BanRow,
} from '../storage/moderation-bans.js';
import { tokenSubject } from '../storage/tokens.js';
import type { Db, Storage } from '../storage/types.js';
import type { Actor } from './moderation.js';
import { refuse, type Clock, type Result } from './results.js';

export type BanTarget = { commentId: number } | { cidr: Cidr };

type InForce = Awaited<ReturnType<typeof bansInForce>>[number];

/** How long the bans in force are kept in memory before they are read again. */
export const BANS_TTL_MS = 2000;

/**
 * Bans: of the author of a comment (their reader token, or their signed-in identity whatever
 * token they use next), or of an address range, for a time or until lifted. Moderators never
 * see tokens or addresses of readers; they name a comment or type a range.
 */
export class BanService {
  readonly #storage: Storage;
  readonly #now: Clock;
  /** Parsed ranges by their text: the same few bans are matched on every write. */
  readonly #ranges = new Map<string, Cidr | null>();
  /**
   * The bans in force, read at most every BANS_TTL_MS: every write is checked against them, and
   * a read per write cost as much as a tenth of a post. This process's own bans and lifts apply
   * at once; another process's within BANS_TTL_MS.
   */
  #inForce: { at: number; bans: Promise<InForce[]> } | null = null;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  async ban(
    target: BanTarget,
    options: { durationMs: number | null; reason: string | null },
    actor: Actor,
  ): Promise<Result<{ ban: BanRow }, 'not_found'>> {
    const result = await this.#ban(target, options, actor);
    this.#inForce = null;
    return result;
  }

  #ban(
    target: BanTarget,
    options: { durationMs: number | null; reason: string | null },
    actor: Actor,
  ): Promise<Result<{ ban: BanRow }, 'not_found'>> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      const expiresAt = options.durationMs === null ? null : now + options.durationMs;
      let row: Parameters<typeof insertBan>[1];
      let pageKey: string | null = null;
      if ('commentId' in target) {
        const comment = await commentById(tx, target.commentId);
        if (!comment) return refuse('not_found');
        pageKey = comment.pageKey;
        row = {
          kind: 'reader',
          tokenId: comment.tokenId,
          ssoSubject: await tokenSubject(tx, comment.tokenId),
          commentId: comment.id,
          authorName: comment.authorName || null,
          cidr: null,
          reason: options.reason,
          createdBy: actor.name,
          now,
          expiresAt,
        };
      } else {
        row = {
          kind: 'address',
          tokenId: null,
          ssoSubject: null,
          commentId: null,
          authorName: null,
          cidr: target.cidr.text,
          reason: options.reason,
          createdBy: actor.name,
          now,
          expiresAt,
        };
      }
      const id = await insertBan(tx, row);
      await recordAudit(tx, {
        moderatorId: actor.id,
        moderator: actor.name,
        action: 'ban',
        commentId: row.commentId,
        pageKey,
        detail: {
          ban: String(id),
          kind: row.kind,
          cidr: row.cidr,
          seconds: options.durationMs === null ? null : Math.round(options.durationMs / 1000),
          reason: row.reason,
        },
        now,
      });
      return { ok: true, ban: (await banById(tx, id))! };
    });
  }

  /** Lifts a ban; lifting one already lifted changes nothing. */
  async lift(id: number, actor: Actor): Promise<Result<{ ban: BanRow }, 'ban_not_found'>> {
    const result = await this.#lift(id, actor);
    this.#inForce = null;
    return result;
  }

  #lift(id: number, actor: Actor): Promise<Result<{ ban: BanRow }, 'ban_not_found'>> {
    return this.#storage.transaction(async (tx) => {
      const ban = await banById(tx, id);
      if (!ban) return refuse('ban_not_found');
      const now = this.#now();
      if (await liftBan(tx, id, now)) {
        await recordAudit(tx, {
          moderatorId: actor.id,
          moderator: actor.name,
          action: 'unban',
          commentId: ban.commentId,
          pageKey: null,
          detail: { ban: String(id), kind: ban.kind, cidr: ban.cidr },
          now,
        });
      }
      return { ok: true, ban: (await banById(tx, id))! };
    });
  }

  list(filter: { active: boolean; beforeId: number | null }, limit: number): Promise<BanRow[]> {
    return this.#storage.read((db) =>
      listBans(
        db,
        { activeAt: filter.active ? this.#now() : null, beforeId: filter.beforeId },
        limit,
      ),
    );
  }

  /**
   * The ban that keeps a reader from writing now, if any: until when (null: until lifted). Of
   * several, the one that lasts longest.
   */
  async check(
    reader: { tokenId: number; ssoSubject: string | null },
    address: string,
  ): Promise<{ until: number | null } | null> {
    const now = this.#now();
    const bans = await this.#bansInForce(now);
    if (bans.length === 0) return null;
    const client = parseAddress(address);
    let until: number | null | undefined;
    for (const ban of bans) {
      if (ban.expiresAt !== null && ban.expiresAt <= now) continue;
      if (ban.kind === 'reader') {
        const bySubject = ban.ssoSubject !== null && ban.ssoSubject === reader.ssoSubject;
        if (ban.tokenId !== reader.tokenId && !bySubject) continue;
      } else {
        const range = this.#range(ban.cidr);
        if (!range || !client || !cidrContains(range, client)) continue;
      }
      if (ban.expiresAt === null || until === null) until = null;
      else until = Math.max(until ?? 0, ban.expiresAt);
    }
    return until === undefined ? null : { until };
  }

  #bansInForce(now: number): Promise<InForce[]> {
    if (!this.#inForce || now - this.#inForce.at >= BANS_TTL_MS || now < this.#inForce.at) {
      const bans = this.#storage.read((db) => bansInForce(db, now));
      this.#inForce = { at: now, bans };
      // A failed read is not kept: the next write reads again.
      bans.catch(() => (this.#inForce = null));
    }
    return this.#inForce.bans;
  }

  #range(text: string | null): Cidr | null {
    if (text === null) return null;
    let range = this.#ranges.get(text);
    if (range === undefined) {
      if (this.#ranges.size > 10_000) this.#ranges.clear();
      this.#ranges.set(text, (range = parseCidr(text)));
    }
    return range;
  }
}

/**
 * Whether a reader ban (of their token, or of their signed-in identity) is in force now for
 * the reader behind a token. Address-range bans need the client's address, which nothing
 * after the request keeps: mail decisions (services/dispatcher.ts) see reader bans only.
 */
export async function readerBanned(db: Db, tokenId: number, now: number): Promise<boolean> {
  const bans = (await bansInForce(db, now)).filter((ban) => ban.kind === 'reader');
  if (bans.length === 0) return false;
  const subject = await tokenSubject(db, tokenId);
  return bans.some(
    (ban) => ban.tokenId === tokenId || (ban.ssoSubject !== null && ban.ssoSubject === subject),
  );
}
