import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, type VoteValue } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { invalid } from '../errors.js';
import type { CommentRecord } from '../storage/types.js';
import { commentHead, commentTail } from '../thread-view.js';
import {
  checkedBody,
  checkedEmail,
  checkedFields,
  checkedPageOrigin,
  checkedName,
  checkedNotify,
  checkedUrl,
  pageKeyFrom,
  parseCommentId,
} from '../validation.js';
import { refusal } from './reasons.js';
import { unbannedWriter } from './writers.js';

const NewCommentBody = Type.Object({
  page: Type.String({ maxLength: LIMITS.pageKeyMaxChars }),
  parentId: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  body: Type.String(),
  author: Type.Object({
    name: Type.String(),
    email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    url: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  // The honeypot (docs/protocol.md): people leave it empty; a filled one holds the comment.
  hp: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  // Extension (docs/protocol.md, "Notifications"): mail me about replies, in this language.
  notify: Type.Optional(Type.Boolean()),
  lang: Type.Optional(Type.String({ maxLength: 35 })),
});

const EditBody = Type.Object({ body: Type.String() });

export const IdParams = Type.Object({ id: Type.String() });

/** The comment of a path, or 404: an id that cannot be a comment's names none. */
export function commentIdOf(params: Static<typeof IdParams>): number {
  const id = parseCommentId(params.id);
  if (id === null) throw refusal('not_found');
  return id;
}

/** `{"comment": …}` as the author sees it. */
function commentAnswer(comment: CommentRecord, myVote: VoteValue): string {
  return `{"comment":${commentHead(comment)}${commentTail(myVote, true)}}`;
}

function idempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header) || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw invalid('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  }
  return header;
}

function json(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** POST /comments, PATCH and DELETE /comments/{id}. */
export function commentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { services, readers, limits } = context;
  const writer = (request: FastifyRequest) => unbannedWriter(context, request);

  app.post<{ Body: Static<typeof NewCommentBody> }>(
    '/comments',
    { schema: { body: NewCommentBody }, onRequest: limits.post },
    async (request, reply) => {
      const reader = await writer(request);
      const input = request.body;
      const pageKey = pageKeyFrom(input.page);
      if (context.config.pageOrigins) checkedPageOrigin(pageKey, context.config.origins);
      let parentId: number | null = null;
      if (input.parentId !== undefined && input.parentId !== null) {
        parentId = parseCommentId(input.parentId);
        if (parentId === null) throw refusal('parent_missing');
      }
      const { body, authorName, authorUrl, notify } = checkedFields({
        body: () => checkedBody(input.body),
        // A signed-in reader posts under the name the host site vouched for.
        authorName: () => reader.name ?? checkedName(input.author.name, 'author.name'),
        authorEmail: () => checkedEmail(input.author.email, 'author.email'),
        authorUrl: () => (reader.name ? reader.url : checkedUrl(input.author.url, 'author.url')),
        // The address is kept only with "notify": true, and only where a server sends mail.
        notify: () =>
          checkedNotify(input, context.config.mail != null, request.headers['accept-language']),
      });
      const key = idempotencyKey(request.headers['idempotency-key']);
      const result = await services.comments.post({
        pageKey,
        parentId,
        tokenId: reader.id,
        authorName,
        authorUrl,
        authorAvatar: reader.avatar,
        ssoSubject: reader.ssoSubject,
        body,
        honeypot: typeof input.hp === 'string' && input.hp !== '',
        notify,
        idempotency: key
          ? {
              key,
              fingerprint: createHash('sha256')
                .update(
                  JSON.stringify([
                    pageKey,
                    parentId,
                    body,
                    authorName,
                    authorUrl,
                    // Not the address itself unless it is kept anyway (a hash of it is data too).
                    notify?.email ?? null,
                    notify?.lang ?? null,
                  ]),
                )
                .digest(),
            }
          : null,
        answer: (comment) => commentAnswer(comment, 0),
      });
      if (!result.ok) throw refusal(result.reason);
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return json(reply, 201, result.answer);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof EditBody> }>(
    '/comments/:id',
    { schema: { params: IdParams, body: EditBody }, onRequest: limits.edit },
    async (request, reply) => {
      const reader = await writer(request);
      const id = commentIdOf(request.params);
      const body = checkedBody(request.body.body);
      const result = await services.comments.edit({ id, tokenId: reader.id, body });
      if (!result.ok) throw refusal(result.reason);
      return json(reply, 200, commentAnswer(result.comment, result.myVote));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/comments/:id',
    { schema: { params: IdParams }, onRequest: limits.edit },
    async (request, reply) => {
      const reader = await readers.required(request);
      const id = commentIdOf(request.params);
      const result = await services.comments.delete({ id, tokenId: reader.id });
      if (!result.ok) throw refusal(result.reason);
      return json(reply, 200, commentAnswer(result.comment, result.myVote));
    },
  );
}
