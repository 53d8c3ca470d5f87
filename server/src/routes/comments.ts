import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, type VoteResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../app.js';
import { ApiError, invalid } from '../errors.js';
import type { ChangeOutcome, CommentRecord } from '../storage/types.js';
import { commentHead, commentTail } from '../thread-view.js';
import {
  checkedBody,
  checkedEmail,
  checkedName,
  checkedUrl,
  pageKeyFrom,
  parseCommentId,
} from '../validation.js';

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

const NewCommentBody = Type.Object({
  page: Type.String({ maxLength: LIMITS.pageKeyMaxChars }),
  parentId: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  body: Type.String(),
  author: Type.Object({
    name: Type.String(),
    email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    url: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
});

const EditBody = Type.Object({ body: Type.String() });

const VoteBody = Type.Object({
  value: Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)]),
});

const IdParams = Type.Object({ id: Type.String() });

function commentResponse(comment: CommentRecord, myVote: -1 | 0 | 1, mine: boolean): string {
  return `{"comment":${commentHead(comment)}${commentTail(myVote, mine)}}`;
}

/** Visible to everyone reading the page, so worth a `comment` event. */
function broadcastable(
  outcome: ChangeOutcome,
): outcome is Extract<ChangeOutcome, { kind: 'changed' }> {
  return outcome.kind === 'changed' && outcome.previousStatus === 'published';
}

function failure(outcome: Exclude<ChangeOutcome, { kind: 'changed' | 'unchanged' }>): ApiError {
  return outcome.kind === 'not_found'
    ? new ApiError('not_found', 'No such comment')
    : new ApiError('forbidden', outcome.reason);
}

function idempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header) || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw invalid('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  }
  return header;
}

export function commentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { storage, threads, events, readers, config, limits } = context;

  /** An edit or a delete: refresh the page's cache and streams, then answer the comment as it stands. */
  function answerChange(outcome: ChangeOutcome, reply: FastifyReply): FastifyReply {
    if (outcome.kind !== 'changed' && outcome.kind !== 'unchanged') throw failure(outcome);
    if (outcome.kind === 'changed') {
      threads.invalidate(outcome.comment.pageKey);
      if (broadcastable(outcome)) {
        events.publish(
          outcome.comment.pageKey,
          'comment',
          commentHead(outcome.comment) + commentTail(0, false),
        );
      }
    }
    return reply
      .type('application/json; charset=utf-8')
      .send(commentResponse(outcome.comment, outcome.myVote, true));
  }

  app.post<{ Body: Static<typeof NewCommentBody> }>(
    '/comments',
    { schema: { body: NewCommentBody }, onRequest: limits.post },
    async (request, reply) => {
      const reader = await readers.required(request);
      const input = request.body;
      const pageKey = pageKeyFrom(input.page);
      let parentId: number | null = null;
      if (input.parentId !== undefined && input.parentId !== null) {
        parentId = parseCommentId(input.parentId);
        if (parentId === null) throw invalid('parentId', 'does not exist');
      }
      const body = checkedBody(input.body);
      // A signed-in reader posts under the name the host site vouched for.
      const authorName = reader.name ?? checkedName(input.author.name, 'author.name');
      const authorEmail = checkedEmail(input.author.email, 'author.email');
      const authorUrl = reader.name ? reader.url : checkedUrl(input.author.url, 'author.url');
      const key = idempotencyKey(request.headers['idempotency-key']);
      const now = Date.now();
      const outcome = await storage.createComment({
        pageKey,
        parentId,
        tokenId: reader.id,
        authorName,
        authorEmail,
        authorUrl,
        body,
        status: config.moderation === 'hold' ? 'pending' : 'published',
        now,
        idempotency: key
          ? {
              key,
              since: now - IDEMPOTENCY_WINDOW_MS,
              fingerprint: createHash('sha256')
                .update(
                  JSON.stringify([pageKey, parentId, body, authorName, authorEmail, authorUrl]),
                )
                .digest(),
            }
          : null,
        responseOf: (comment) => commentResponse(comment, 0, true),
      });
      switch (outcome.kind) {
        case 'created':
          threads.invalidate(pageKey);
          if (outcome.comment.status === 'published') {
            events.publish(
              pageKey,
              'comment',
              commentHead(outcome.comment) + commentTail(0, false),
            );
          }
          break;
        case 'replayed':
          reply.header('idempotent-replayed', 'true');
          return reply.code(201).type('application/json; charset=utf-8').send(outcome.response);
        case 'key_reused':
          throw new ApiError(
            'conflict',
            'This Idempotency-Key was already used for a different comment',
            { 'Idempotency-Key': 'was used for a different request' },
          );
        case 'locked':
          throw new ApiError('locked', 'This thread is closed for new comments');
        case 'bad_parent':
          throw invalid('parentId', outcome.reason);
      }
      return reply.code(201).type('application/json; charset=utf-8').send(outcome.response);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof EditBody> }>(
    '/comments/:id',
    { schema: { params: IdParams, body: EditBody } },
    async (request, reply) => {
      const reader = await readers.required(request);
      const id = parseCommentId(request.params.id);
      if (id === null) throw new ApiError('not_found', 'No such comment');
      const body = checkedBody(request.body.body);
      const outcome = await storage.editComment({
        id,
        tokenId: reader.id,
        body,
        now: Date.now(),
        editWindowMs: config.editWindowMs,
      });
      return answerChange(outcome, reply);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/comments/:id',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const reader = await readers.required(request);
      const id = parseCommentId(request.params.id);
      if (id === null) throw new ApiError('not_found', 'No such comment');
      const outcome = await storage.deleteComment({ id, tokenId: reader.id });
      return answerChange(outcome, reply);
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof VoteBody> }>(
    '/comments/:id/vote',
    { schema: { params: IdParams, body: VoteBody }, onRequest: limits.vote },
    async (request) => {
      const reader = await readers.required(request);
      const id = parseCommentId(request.params.id);
      if (id === null) throw new ApiError('not_found', 'No such comment');
      const outcome = await storage.vote({ id, tokenId: reader.id, value: request.body.value });
      if (outcome.kind === 'not_found') throw new ApiError('not_found', 'No such comment');
      if (outcome.kind === 'forbidden') throw new ApiError('forbidden', outcome.reason);
      const votes = { up: outcome.comment.up, down: outcome.comment.down };
      if (outcome.changed) {
        threads.invalidate(outcome.comment.pageKey);
        if (outcome.comment.status === 'published') {
          events.publish(
            outcome.comment.pageKey,
            'vote',
            JSON.stringify({ id: String(outcome.comment.id), votes }),
          );
        }
      }
      const answer: VoteResponse = { votes, myVote: outcome.myVote };
      return answer;
    },
  );
}
