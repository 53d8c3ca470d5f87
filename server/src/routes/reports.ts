import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { REPORT_REASONS, type ReportResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { checkedReportNote } from '../validation.js';
import { commentIdOf, IdParams } from './comments.js';
import { refusal } from './reasons.js';
import { unbannedWriter } from './writers.js';

const ReportBody = Type.Object({
  reason: Type.Union(REPORT_REASONS.map((reason) => Type.Literal(reason))),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/** POST /comments/{id}/reports: a reader flags a comment for the moderators. */
export function reportRoutes(app: FastifyInstance, context: ServerContext) {
  const { services, limits } = context;
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReportBody> }>(
    '/comments/:id/reports',
    { schema: { params: IdParams, body: ReportBody }, onRequest: limits.report },
    async (request, reply) => {
      const reader = await unbannedWriter(context, request);
      const id = commentIdOf(request.params);
      const note = checkedReportNote(request.body.note, 'note');
      const result = await services.reports.report({
        id,
        tokenId: reader.id,
        reason: request.body.reason,
        note,
      });
      if (!result.ok) throw refusal(result.reason);
      const answer: ReportResponse = { reported: true };
      // The first report creates something; a repeat by the same reader changes nothing.
      return reply.code(result.created ? 201 : 200).send(answer);
    },
  );
}
