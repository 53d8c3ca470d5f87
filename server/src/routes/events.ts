import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { pageKeyFrom } from '../validation.js';

const EventsQuery = Type.Object({
  page: Type.String({ minLength: 1, maxLength: LIMITS.pageKeyMaxChars }),
  // For clients that reconnect by opening a new EventSource, which cannot send the header.
  lastEventId: Type.Optional(Type.String({ maxLength: 32 })),
});

/** An event id as sent back by a client; anything else is ignored, as if none was sent. */
function eventIdOf(text: string | string[] | undefined): number | null {
  return typeof text === 'string' && /^\d{1,15}$/.test(text.trim()) ? Number(text) : null;
}

/** GET /events: the page's live changes as server-sent events (live.ts decides what). */
export function eventRoutes(app: FastifyInstance, { streams, live }: ServerContext): void {
  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/events',
    { schema: { querystring: EventsQuery } },
    async (request, reply) => {
      const page = pageKeyFrom(request.query.page);
      if (!streams.hasRoomFor(request.ip, page)) {
        throw new ApiError(
          'unavailable',
          'Too many open event streams; try again later',
          undefined,
          { 'retry-after': '30' },
        );
      }
      const lastEventId =
        eventIdOf(request.headers['last-event-id']) ?? eventIdOf(request.query.lastEventId);
      // The stream outlives this handler: Fastify lets go of the response,
      // keeping the headers its hooks set (CORS, security headers).
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
      try {
        await live.open(page, request.ip, reply.raw, lastEventId);
      } catch (error) {
        // The replay could not be read (the server is closing): the client reconnects.
        request.log.warn({ err: error }, 'event stream replay failed');
        reply.raw.end();
      }
    },
  );
}
