import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import type { SessionService } from './services/sessions.js';
import type { TokenRecord } from './storage/types.js';
import { bearerToken, hashToken } from './tokens.js';

const CACHE_SIZE = 10_000;

/**
 * Who is calling, from `Authorization: Bearer <token>` (cookies are never
 * read). Known tokens are remembered by hash, so a busy reader costs one
 * SHA-256 per request and no query.
 */
export class Readers {
  readonly #sessions: SessionService;
  readonly #isModeratorToken: (hash: Buffer) => Promise<boolean>;
  readonly #known = new Map<string, TokenRecord>();

  constructor(
    sessions: SessionService,
    isModeratorToken: (hash: Buffer) => Promise<boolean> = async () => false,
  ) {
    this.#sessions = sessions;
    this.#isModeratorToken = isModeratorToken;
  }

  /**
   * The caller's token, or null when there is none or it is unknown (reads work without one).
   * A moderator token is refused (401) even on reads: it is not a reader token, and a moderator
   * who sent one by mistake should hear so rather than read as nobody.
   */
  async optional(request: FastifyRequest): Promise<TokenRecord | null> {
    const token = bearerToken(request.headers.authorization);
    if (!token) return null;
    const hash = hashToken(token);
    const key = hash.toString('base64url');
    const cached = this.#known.get(key);
    if (cached) return cached;
    const record = await this.#sessions.find(hash);
    if (record) {
      if (this.#known.size >= CACHE_SIZE) this.#known.clear();
      this.#known.set(key, record);
    } else if (await this.#isModeratorToken(hash)) {
      throw new ApiError(
        'unauthorized',
        'This is a moderator token; reader endpoints need a reader token (POST /session)',
      );
    }
    return record;
  }

  async required(request: FastifyRequest): Promise<TokenRecord> {
    if (!request.headers.authorization) {
      throw new ApiError(
        'unauthorized',
        'This needs a reader token: POST /session, then send Authorization: Bearer <token>',
      );
    }
    const record = await this.optional(request);
    if (!record) throw new ApiError('unauthorized', 'The reader token is malformed or unknown');
    return record;
  }
}
