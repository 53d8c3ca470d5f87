import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimits } from './config.js';
import { ApiError } from './errors.js';
import type { RateLimitStoreClass } from './rate-limit-store.js';
import { hashToken } from './tokens.js';

export type LimitedAction = 'session' | 'post' | 'vote' | 'report';

export type RateLimitHooks = Record<LimitedAction, onRequestAsyncHookHandler[]>;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

function byToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  // Keyed by a hash so the limiter's memory never holds a usable token;
  // requests without one share the per-address limit only.
  return header ? hashToken(header).toString('base64url') : `anonymous ${request.ip}`;
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
  if (!limits) return { session: [], post: [], vote: [], report: [] };
  await app.register(rateLimit, { global: false, cache: 50_000, ...(store ? { store } : {}) });

  const limiter = (limit: RateLimit, keyGenerator?: (request: FastifyRequest) => string): Limiter =>
    app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowMs,
      ...(keyGenerator ? { keyGenerator } : {}),
    });
  const hook =
    (action: string, ...limiters: Limiter[]): onRequestAsyncHookHandler =>
    async (request) => {
      for (const check of limiters) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) {
          const seconds = Math.max(1, result.ttlInSeconds);
          throw new ApiError(
            'rate_limited',
            `Too many ${action}; try again in ${seconds} s`,
            undefined,
            { 'retry-after': String(seconds) },
          );
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
  };
}
