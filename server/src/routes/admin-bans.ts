import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { parseCidr } from '../cidr.js';
import type { ServerContext } from '../context.js';
import { ApiError, invalid } from '../errors.js';
import { toBan } from '../mod-view.js';
import { actorOf } from '../moderator-auth.js';
import type { BanTarget } from '../services/moderation-bans.js';
import { parseCommentId } from '../validation.js';
import { limitParam } from './admin-comments.js';
import { beforeIdOf, nextCursorOf } from './admin-pages.js';
import { refusal } from './reasons.js';

const MIN_SECONDS = 60;
const MAX_SECONDS = 315_360_000;
const MAX_REASON_CHARS = 500;

const BanBody = Type.Object({
  commentId: Type.Optional(Type.String({ maxLength: 32 })),
  cidr: Type.Optional(Type.String({ maxLength: 64 })),
  duration: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

const BansQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('all')])),
  limit: Type.Optional(Type.String({ maxLength: 10 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});

const BanParams = Type.Object({ id: Type.String() });

function targetOf(body: Static<typeof BanBody>): BanTarget {
  if ((body.commentId === undefined) === (body.cidr === undefined)) {
    throw new ApiError('invalid_request', 'Give exactly one of commentId and cidr', {
      commentId: 'exactly one of commentId and cidr',
      cidr: 'exactly one of commentId and cidr',
    });
  }
  if (body.commentId !== undefined) {
    const commentId = parseCommentId(body.commentId);
    if (commentId === null) throw invalid('commentId', 'is not a comment id');
    return { commentId };
  }
  const cidr = parseCidr(body.cidr!);
  if (!cidr) throw invalid('cidr', 'must be an IP address or a range like 203.0.113.0/24');
  if (cidr.prefix < (cidr.family === 4 ? 8 : 32)) {
    throw invalid('cidr', 'is too wide: IPv4 ranges must be /8 or narrower, IPv6 /32 or narrower');
  }
  return { cidr };
}

/** Bans of readers (by a comment they wrote) and address ranges, for a time or until lifted. */
export function adminBanRoutes(app: FastifyInstance, { services, moderatorAuth }: ServerContext) {
  app.post<{ Body: Static<typeof BanBody> }>(
    '/admin/bans',
    { schema: { body: BanBody } },
    async (request, reply) => {
      const session = await moderatorAuth.required(request);
      const body = request.body;
      const target = targetOf(body);
      const duration = body.duration ?? null;
      if (duration !== null && (duration < MIN_SECONDS || duration > MAX_SECONDS)) {
        throw invalid('duration', `must be from ${MIN_SECONDS} to ${MAX_SECONDS} seconds`);
      }
      const reason = body.reason?.trim() || null;
      if (reason !== null && ([...reason].length > MAX_REASON_CHARS || reason.includes('\0'))) {
        throw invalid('reason', `must be at most ${MAX_REASON_CHARS} characters`);
      }
      const result = await services.bans.ban(
        target,
        { durationMs: duration === null ? null : duration * 1000, reason },
        actorOf(session),
      );
      if (!result.ok) throw refusal(result.reason);
      return reply.code(201).send({ ban: toBan(result.ban, Date.now()) });
    },
  );

  app.get<{ Querystring: Static<typeof BansQuery> }>(
    '/admin/bans',
    { schema: { querystring: BansQuery } },
    async (request) => {
      await moderatorAuth.required(request);
      const limit = limitParam(request.query.limit, 50, 100);
      const rows = await services.bans.list(
        {
          active: (request.query.state ?? 'active') === 'active',
          beforeId: beforeIdOf(request.query.cursor, 'bans'),
        },
        limit + 1,
      );
      const now = Date.now();
      return {
        bans: rows.slice(0, limit).map((row) => toBan(row, now)),
        nextCursor: nextCursorOf(rows, limit, 'bans'),
      };
    },
  );

  app.delete<{ Params: Static<typeof BanParams> }>(
    '/admin/bans/:id',
    { schema: { params: BanParams } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const id = parseCommentId(request.params.id);
      if (id === null) throw refusal('ban_not_found');
      const result = await services.bans.lift(id, actorOf(session));
      if (!result.ok) throw refusal(result.reason);
      return { ban: toBan(result.ban, Date.now()) };
    },
  );
}
