import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  MOD_QUEUES,
  type BulkResult,
  type ModCommentResponse,
  type ModQueue,
  type ModQueueResponse,
  type ModReport,
} from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { invalid } from '../errors.js';
import { decodeQueueCursor, encodeQueueCursor, toModComment, type ModView } from '../mod-view.js';
import { actorOf } from '../moderator-auth.js';
import { isoTime } from '../thread-view.js';
import { pageKeyFrom, parseCommentId } from '../validation.js';
import { commentIdOf, IdParams } from './comments.js';
import { refusal, refusalBody } from './reasons.js';

const QueueQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 2048 })),
  q: Type.Optional(Type.String({ maxLength: 1000 })),
  author: Type.Optional(Type.String({ maxLength: 1000 })),
  limit: Type.Optional(Type.String({ maxLength: 10 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});

const PinBody = Type.Object({ pinned: Type.Boolean() });

const BulkBody = Type.Object({
  action: Type.Union([Type.Literal('approve'), Type.Literal('delete')]),
  ids: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 100 }),
});

/** A whole number from a query parameter, or 400 naming it. */
export function limitParam(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw invalid('limit', `must be a whole number from 1 to ${max}`);
  }
  return Number(text);
}

/** A search text from a query parameter: 1 to 200 characters, or 400 naming it. */
function searchParam(text: string | undefined, field: string): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || [...trimmed].length > 200 || /\p{Cc}/u.test(trimmed)) {
    throw invalid(field, 'must be 1 to 200 characters of text');
  }
  return trimmed;
}

function one(comment: ModView): ModCommentResponse {
  return { comment: toModComment(comment) };
}

/**
 * The review queues and what a moderator does to a comment: approve, delete, reject an edit,
 * pin, and the same in bulk. Every action is the moderation service's (audit entry and event in
 * the same transaction); this only checks the request and shapes the answer.
 */
export function adminCommentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { services, moderatorAuth } = context;

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/admin/comments',
    { schema: { querystring: QueueQuery } },
    async (request) => {
      await moderatorAuth.required(request);
      const query = request.query;
      const status = (query.status ?? 'pending') as ModQueue;
      if (!MOD_QUEUES.includes(status)) {
        throw invalid('status', `must be one of ${MOD_QUEUES.join(', ')}`);
      }
      const limit = limitParam(query.limit, 50, 100);
      let after = null;
      if (query.cursor !== undefined) {
        after = decodeQueueCursor(query.cursor, status);
        if (!after) throw invalid('cursor', 'is not a cursor of this queue');
      }
      const { comments, last } = await services.queries.queue({
        status,
        pageKey: query.page === undefined ? null : pageKeyFrom(query.page),
        text: searchParam(query.q, 'q'),
        author: searchParam(query.author, 'author'),
        after,
        limit,
      });
      const answer: ModQueueResponse = {
        comments: comments.map(toModComment),
        nextCursor: last ? encodeQueueCursor(status, last) : null,
      };
      return answer;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id',
    { schema: { params: IdParams } },
    async (request) => {
      await moderatorAuth.required(request);
      const result = await services.queries.comment(commentIdOf(request.params));
      if (!result.ok) throw refusal(result.reason);
      return one(result.comment);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id/reports',
    { schema: { params: IdParams } },
    async (request) => {
      await moderatorAuth.required(request);
      const result = await services.queries.reports(commentIdOf(request.params));
      if (!result.ok) throw refusal(result.reason);
      const reports: ModReport[] = result.reports.map((report) => ({
        id: String(report.id),
        reason: report.reason,
        note: report.note,
        createdAt: isoTime(report.createdAt),
        state: report.state,
      }));
      return { reports };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id/approve',
    { schema: { params: IdParams } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const id = commentIdOf(request.params);
      const result = await services.moderation.approve(id, actorOf(session));
      if (!result.ok) throw refusal(result.reason);
      return one(result.comment);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id',
    { schema: { params: IdParams } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const id = commentIdOf(request.params);
      const result = await services.moderation.delete(id, actorOf(session));
      if (!result.ok) throw refusal(result.reason);
      return one(result.comment);
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/admin/comments/:id/reject-edit',
    { schema: { params: IdParams } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const id = commentIdOf(request.params);
      const result = await services.moderation.rejectEdit(id, actorOf(session));
      if (!result.ok) throw refusal(result.reason);
      return one(result.comment);
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof PinBody> }>(
    '/admin/comments/:id/pin',
    { schema: { params: IdParams, body: PinBody } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const id = commentIdOf(request.params);
      const result = await services.moderation.pin(id, request.body.pinned, actorOf(session));
      if (!result.ok) throw refusal(result.reason);
      return one(result.comment);
    },
  );

  app.post<{ Body: Static<typeof BulkBody> }>(
    '/admin/comments/bulk',
    { schema: { body: BulkBody } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const actor = actorOf(session);
      const results: BulkResult[] = [];
      // One at a time, in the order given: each its own transaction, so one failing changes
      // nothing for the others.
      for (const raw of request.body.ids) {
        const id = parseCommentId(raw);
        if (id === null) {
          results.push({ id: raw, error: refusalBody('not_found') });
          continue;
        }
        const result =
          request.body.action === 'approve'
            ? await services.moderation.approve(id, actor)
            : await services.moderation.delete(id, actor);
        results.push(
          result.ok
            ? { id: raw, comment: toModComment(result.comment) }
            : { id: raw, error: refusalBody(result.reason) },
        );
      }
      return { results };
    },
  );
}
