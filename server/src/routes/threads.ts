import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { invalid } from '../errors.js';
import { decodeCursor } from '../thread-view.js';
import { pageKeyFrom, parseCommentId } from '../validation.js';

const ThreadQuery = Type.Object({
  page: Type.String({ minLength: 1, maxLength: LIMITS.pageKeyMaxChars }),
  sort: Type.Optional(
    Type.Union([Type.Literal('oldest'), Type.Literal('newest'), Type.Literal('top')]),
  ),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  // Extension (docs/protocol.md, "Deep links"): the pages through this comment's.
  around: Type.Optional(Type.String({ maxLength: 200 })),
});

/** GET /threads: served from the thread cache; a reader's own marks are laid over it. */
export function threadRoutes(app: FastifyInstance, { threads, readers }: ServerContext): void {
  app.get<{ Querystring: Static<typeof ThreadQuery> }>(
    '/threads',
    { schema: { querystring: ThreadQuery } },
    async (request, reply) => {
      const query = request.query;
      const page = pageKeyFrom(query.page);
      const sort = query.sort ?? 'oldest';
      const limit = query.limit === undefined ? LIMITS.threadDefaultLimit : Number(query.limit);
      if (limit < 1 || limit > LIMITS.threadMaxLimit) {
        throw invalid('limit', `must be between 1 and ${LIMITS.threadMaxLimit}`);
      }
      const cursor = query.cursor || null;
      const cursorKey = cursor === null ? null : decodeCursor(cursor, sort);
      if (cursor !== null && !cursorKey) {
        throw invalid('cursor', 'is not a cursor of this thread in this sort order');
      }
      if (query.around !== undefined && cursor !== null) {
        throw invalid('around', 'cannot be combined with cursor');
      }
      // An id that names no comment (ids are opaque) finds nothing: the first page.
      const around = query.around === undefined ? null : (parseCommentId(query.around) ?? 0);
      const model = await threads.get(page);
      const reader = request.headers.authorization ? await readers.optional(request) : null;
      const viewer =
        reader && model.pageId !== null
          ? { tokenId: reader.id, marks: await threads.viewerMarks(model.pageId, reader.id) }
          : null;
      return reply
        .type('application/json; charset=utf-8')
        .send(model.render(sort, limit, cursor, cursorKey, viewer, around));
    },
  );
}
