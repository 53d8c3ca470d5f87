import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../../../src/protocol/index.js';
import type { ServerContext } from '../app.js';
import { ApiError } from '../errors.js';
import { pageKeyFrom } from '../validation.js';

const EventsQuery = Type.Object({
  page: Type.String({ minLength: 1, maxLength: LIMITS.pageKeyMaxChars }),
});

export function eventRoutes(app: FastifyInstance, { events }: ServerContext): void {
  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/events',
    { schema: { querystring: EventsQuery } },
    async (request, reply) => {
      const page = pageKeyFrom(request.query.page);
      if (!events.hasRoomFor(request.ip)) {
        throw new ApiError(
          'unavailable',
          'Too many open event streams; try again later',
          undefined,
          {
            'retry-after': '30',
          },
        );
      }
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
      events.open(page, request.ip, reply.raw);
    },
  );
}
