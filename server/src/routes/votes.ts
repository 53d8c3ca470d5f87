import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { VoteResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { commentIdOf, IdParams } from './comments.js';
import { refusal } from './reasons.js';

const VoteBody = Type.Object({
  value: Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)]),
});

/** PUT /comments/{id}/vote. */
export function voteRoutes(app: FastifyInstance, { services, readers, limits }: ServerContext) {
  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof VoteBody> }>(
    '/comments/:id/vote',
    { schema: { params: IdParams, body: VoteBody }, onRequest: limits.vote },
    async (request) => {
      const reader = await readers.required(request);
      const id = commentIdOf(request.params);
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
