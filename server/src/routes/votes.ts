import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { VoteResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { commentIdOf, IdParams } from './comments.js';
import { rateLimited } from '../rate-limits.js';
import { refusal } from './reasons.js';
import { unbannedWriter } from './writers.js';

const VoteBody = Type.Object({
  value: Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)]),
});

/** PUT /comments/{id}/vote. */
export function voteRoutes(app: FastifyInstance, context: ServerContext) {
  const { services, limits, voters } = context;
  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof VoteBody> }>(
    '/comments/:id/vote',
    { schema: { params: IdParams, body: VoteBody }, onRequest: limits.vote },
    async (request) => {
      const reader = await unbannedWriter(context, request);
      const id = commentIdOf(request.params);
      const wait =
        request.body.value !== 0 && voters ? await voters.wait(request.ip, id, reader.id) : 0;
      if (wait > 0) throw rateLimited('voters on this comment from your network', wait);
      const result = await services.votes.vote({
        id,
        tokenId: reader.id,
        value: request.body.value,
      });
      if (!result.ok) throw refusal(result.reason);
      const answer: VoteResponse = { votes: result.votes, myVote: result.myVote };
      return answer;
    },
  );
}
