import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, type CountsResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { pageKeyFrom } from '../validation.js';

const PageKey = Type.String({ minLength: 1, maxLength: LIMITS.pageKeyMaxChars });
const CountsQuery = Type.Object({
  page: Type.Union([
    PageKey,
    Type.Array(PageKey, { minItems: 1, maxItems: LIMITS.countsMaxPages }),
  ]),
});

/** GET /counts: visible totals of several pages, from the thread cache. */
export function countRoutes(app: FastifyInstance, { threads }: ServerContext): void {
  app.get<{ Querystring: Static<typeof CountsQuery> }>(
    '/counts',
    { schema: { querystring: CountsQuery } },
    async (request) => {
      const keys = Array.isArray(request.query.page) ? request.query.page : [request.query.page];
      const counts: CountsResponse['counts'] = {};
      for (const key of keys) {
        const model = await threads.get(pageKeyFrom(key));
        // Keyed by the keys as sent: the page asks with its own spelling.
        Object.defineProperty(counts, key, {
          value: model.total,
          enumerable: true,
          writable: true,
        });
      }
      const answer: CountsResponse = { counts };
      return answer;
    },
  );
}
