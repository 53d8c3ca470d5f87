import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import type { ModeratorService, ModeratorSession } from './services/moderators.js';
import { bearerToken } from './tokens.js';

/**
 * Who is calling the moderation API, from `Authorization: Bearer <moderator token>`. Reader
 * tokens are not moderator tokens (they live in another table), so they are unknown here, and
 * moderator tokens are unknown to the reader endpoints.
 */
export class ModeratorAuth {
  readonly #moderators: ModeratorService;

  constructor(moderators: ModeratorService) {
    this.#moderators = moderators;
  }

  /** The caller's live session, or 401 saying whether the token is missing, expired or unknown. */
  async required(request: FastifyRequest): Promise<ModeratorSession> {
    if (!request.headers.authorization) {
      throw new ApiError(
        'unauthorized',
        'This needs a moderator token: POST /admin/session, then send Authorization: Bearer <token>',
      );
    }
    const token = bearerToken(request.headers.authorization);
    const result = token ? await this.#moderators.authenticate(token) : null;
    if (result?.ok) return result.session;
    if (result?.problem === 'expired') {
      throw new ApiError('unauthorized', 'The moderator token has expired; sign in again');
    }
    throw new ApiError(
      'unauthorized',
      'The moderator token is unknown or was revoked (a reader token is not a moderator token)',
    );
  }
}

/** The audit log's actor for a session. */
export function actorOf(session: ModeratorSession): { id: number; name: string } {
  return { id: session.moderatorId, name: session.name };
}
