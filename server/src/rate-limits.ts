import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimits } from './config.js';
import { ApiError } from './errors.js';
import { clientNetwork } from './client-address.js';
import type { RateLimitStoreClass } from './rate-limit-store.js';
import { bearerToken, hashToken } from './tokens.js';

export type LimitedAction = 'session' | 'post' | 'vote' | 'report' | 'edit';

export type RateLimitHooks = Record<LimitedAction, onRequestAsyncHookHandler[]>;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Keys each limiter remembers (the plugin's own default is 5,000 per limiter). */
const LIMITER_CACHE = 50_000;

function byToken(request: FastifyRequest): string {
  // The token as the readers module parses it, so `bearer T` and `Bearer  T` are one key; by its
  // hash, so the limiter's memory never holds a usable token. Requests without a usable token
  // share their address's allowance (they are refused 401 anyway).
  const token = bearerToken(request.headers.authorization);
  return token ? hashToken(token).toString('base64url') : `anonymous ${clientNetwork(request.ip)}`;
}

/** The answer to a request over a limit. */
export function rateLimited(what: string, seconds: number): ApiError {
  return new ApiError('rate_limited', `Too many ${what}; try again in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
}

/**
 * How many tokens of one network (see client-address.ts) voted on each comment in the window:
 * sessions are free, so without this one address could buy `top` order a token at a time.
 * In memory, like the other limits; the least recently used entries are dropped first.
 */
export interface VoterCheck {
  /** Seconds until `tokenId` may vote on the comment from `address`, or 0 when it may now. */
  wait(address: string, commentId: number, tokenId: number): number | Promise<number>;
}

export class VoterLimit implements VoterCheck {
  readonly #limit: RateLimit;
  readonly #entries = new Map<string, { start: number; tokens: Set<number> }>();

  constructor(limit: RateLimit) {
    this.#limit = limit;
  }

  /** Seconds until `tokenId` may vote on the comment from `address`, or 0 when it may now. */
  wait(address: string, commentId: number, tokenId: number, now = Date.now()): number {
    const key = `${clientNetwork(address)} ${commentId}`;
    let entry = this.#entries.get(key);
    if (entry && now - entry.start >= this.#limit.windowMs) entry = undefined;
    if (!entry) entry = { start: now, tokens: new Set() };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > LIMITER_CACHE) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    // A token that voted here already may change or withdraw its vote.
    if (entry.tokens.has(tokenId)) return 0;
    if (entry.tokens.size >= this.#limit.max) {
      return Math.max(1, Math.ceil((entry.start + this.#limit.windowMs - now) / 1000));
    }
    entry.tokens.add(tokenId);
    return 0;
  }
}

/**
 * The onRequest hooks that limit sessions, posts, votes and reports, per client
 * address and per reader token. Each limit has its own counters (the
 * plugin's store, in memory) and every limit of an action must pass; the
 * answer is 429 with Retry-After in seconds and the protocol's error body.
 */
export async function rateLimitHooks(
  app: FastifyInstance,
  limits: RateLimits | null,
  /** Counters shared by every server process (rate-limit-store.ts); the plugin's memory when none. */
  store?: RateLimitStoreClass,
): Promise<RateLimitHooks> {
  if (!limits) return { session: [], post: [], vote: [], report: [], edit: [] };
  await app.register(rateLimit, {
    global: false,
    cache: LIMITER_CACHE,
    ...(store ? { store } : {}),
  });

  // Each limiter gets a store of its own, sized by its own options, not the plugin's. Without a
  // key generator the plugin keys by address, IPv6 by its /64.
  const limiter = (
    limit: RateLimit,
    keyGenerator?: (request: FastifyRequest) => string,
  ): Limiter => {
    // The plugin reads `cache` here too, though its types leave it out.
    const options = {
      max: limit.max,
      timeWindow: limit.windowMs,
      cache: LIMITER_CACHE,
      ...(keyGenerator ? { keyGenerator } : {}),
    };
    return app.createRateLimit(options);
  };
  const hook =
    (action: string, ...limiters: Limiter[]): onRequestAsyncHookHandler =>
    async (request) => {
      for (const check of limiters) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) {
          throw rateLimited(action, Math.max(1, result.ttlInSeconds));
        }
      }
    };
  return {
    session: [hook('new sessions', limiter(limits.sessionsPerIp))],
    // The token's own limit first: a request it refuses does not spend the
    // budget the address shares with other readers behind the same NAT.
    post: [hook('comments', limiter(limits.postsPerToken, byToken), limiter(limits.postsPerIp))],
    vote: [hook('votes', limiter(limits.votesPerToken, byToken), limiter(limits.votesPerIp))],
    report: [
      hook(
        'reports',
        limiter(limits.reportsPerToken ?? DEFAULT_RATE_LIMITS.reportsPerToken, byToken),
        limiter(limits.reportsPerIp ?? DEFAULT_RATE_LIMITS.reportsPerIp),
      ),
    ],
    edit: [
      hook(
        'edits and deletes',
        limiter(limits.editsPerToken ?? DEFAULT_RATE_LIMITS.editsPerToken, byToken),
        limiter(limits.editsPerIp ?? DEFAULT_RATE_LIMITS.editsPerIp),
      ),
    ],
  };
}
