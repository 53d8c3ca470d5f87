import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { isoTime } from '../thread-view.js';

const EventsQuery = Type.Object({
  ticket: Type.Optional(Type.String({ maxLength: 200 })),
  lastEventId: Type.Optional(Type.String({ maxLength: 32 })),
});

function eventIdOf(text: string | string[] | undefined): number | null {
  return typeof text === 'string' && /^\d{1,15}$/.test(text.trim()) ? Number(text) : null;
}

/**
 * The console's live feed. EventSource cannot send headers and a moderator token must never
 * be in a URL, so a stream opens with a ticket: short-lived, good for nothing else.
 */
export function adminEventRoutes(app: FastifyInstance, context: ServerContext): void {
  const { services, moderatorAuth, consoleLive } = context;

  app.post('/admin/events/ticket', async (request, reply) => {
    const session = await moderatorAuth.required(request);
    const { ticket, expiresAt } = services.moderators.issueTicket(session);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ ticket, expiresAt: isoTime(expiresAt) });
  });

  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/admin/events',
    { schema: { querystring: EventsQuery } },
    async (request, reply) => {
      const ticket = request.query.ticket;
      const session = ticket ? await services.moderators.redeemTicket(ticket) : null;
      if (!session) {
        throw new ApiError(
          'unauthorized',
          ticket
            ? 'The ticket is invalid or has expired: POST /admin/events/ticket for a new one'
            : 'This needs ?ticket=…: POST /admin/events/ticket with the moderator token',
        );
      }
      if (!consoleLive.hasRoomFor(session.id)) {
        throw new ApiError('unavailable', 'Too many open console streams', undefined, {
          'retry-after': '30',
        });
      }
      const lastEventId =
        eventIdOf(request.headers['last-event-id']) ?? eventIdOf(request.query.lastEventId);
      reply.hijack();
      const inherited: Record<string, string | number | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) inherited[name] = value;
      }
      reply.raw.writeHead(200, {
        ...inherited,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      consoleLive.open(reply.raw, session, lastEventId);
    },
  );
}
