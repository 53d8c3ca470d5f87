import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  HONEYPOT_FIELD,
  LIMITS,
  type ModSettings,
  type PageSummary,
} from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { invalid } from '../errors.js';
import { decodeQueueCursor, encodeQueueCursor, toAuditEntry } from '../mod-view.js';
import { actorOf } from '../moderator-auth.js';
import { isoTime } from '../thread-view.js';
import { pageKeyFrom, parseCommentId } from '../validation.js';
import { limitParam } from './admin-comments.js';

const LockBody = Type.Object({
  page: Type.String({ maxLength: LIMITS.pageKeyMaxChars }),
  locked: Type.Boolean(),
});

const PagesQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 2048 })),
  limit: Type.Optional(Type.String({ maxLength: 10 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});

const AuditQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 2048 })),
  commentId: Type.Optional(Type.String({ maxLength: 32 })),
  limit: Type.Optional(Type.String({ maxLength: 10 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});

/** The id a list's cursor ends at (lists ordered by id, newest first), or 400. */
export function beforeIdOf(cursor: string | undefined, list: string): number | null {
  if (cursor === undefined) return null;
  const key = decodeQueueCursor(cursor, list);
  if (!key) throw invalid('cursor', `is not a cursor of this list`);
  return key[0];
}

/** The next cursor of a list read one row beyond the limit. */
export function nextCursorOf(rows: ReadonlyArray<{ id: number }>, limit: number, list: string) {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return last ? encodeQueueCursor(list, [last.id, 0]) : null;
}

/** Threads (lock, list), the audit log and the rules' settings. */
export function adminPageRoutes(app: FastifyInstance, context: ServerContext): void {
  const { services, moderatorAuth, config } = context;

  app.put<{ Body: Static<typeof LockBody> }>(
    '/admin/pages/lock',
    { schema: { body: LockBody } },
    async (request) => {
      const session = await moderatorAuth.required(request);
      const page = pageKeyFrom(request.body.page);
      await services.moderation.lock(page, request.body.locked, actorOf(session));
      return { page, locked: request.body.locked };
    },
  );

  app.get<{ Querystring: Static<typeof PagesQuery> }>(
    '/admin/pages',
    { schema: { querystring: PagesQuery } },
    async (request) => {
      await moderatorAuth.required(request);
      const limit = limitParam(request.query.limit, 50, 100);
      let after = null;
      if (request.query.cursor !== undefined) {
        after = decodeQueueCursor(request.query.cursor, 'pages');
        if (!after) throw invalid('cursor', 'is not a cursor of this list');
      }
      const rows = await services.queries.pages(
        {
          pageKey: request.query.page === undefined ? null : pageKeyFrom(request.query.page),
          after,
        },
        limit + 1,
      );
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      const pages: PageSummary[] = rows.slice(0, limit).map((row) => ({
        page: row.pageKey,
        locked: Number(row.locked) === 1,
        published: Number(row.published ?? 0),
        pending: Number(row.pending ?? 0),
        lastCommentAt:
          row.lastCommentAt === null || row.lastCommentAt === undefined
            ? null
            : isoTime(Number(row.lastCommentAt)),
      }));
      return {
        pages,
        nextCursor: last ? encodeQueueCursor('pages', [Number(last.sortA), Number(last.id)]) : null,
      };
    },
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/admin/audit',
    { schema: { querystring: AuditQuery } },
    async (request) => {
      await moderatorAuth.required(request);
      const query = request.query;
      const limit = limitParam(query.limit, 50, 100);
      let commentId: number | null = null;
      if (query.commentId !== undefined) {
        commentId = parseCommentId(query.commentId);
        if (commentId === null) throw invalid('commentId', 'is not a comment id');
      }
      const rows = await services.queries.audit(
        {
          pageKey: query.page === undefined ? null : pageKeyFrom(query.page),
          commentId,
          beforeId: beforeIdOf(query.cursor, 'audit'),
        },
        limit + 1,
      );
      return {
        entries: rows.slice(0, limit).map(toAuditEntry),
        nextCursor: nextCursorOf(rows, limit, 'audit'),
      };
    },
  );

  app.get('/admin/settings', async (request) => {
    await moderatorAuth.required(request);
    const rules = services.hold.rules;
    const settings: ModSettings = {
      moderation: config.moderation,
      editWindowSeconds: Math.round(config.editWindowMs / 1000),
      sessionSeconds: Math.round(services.moderators.sessionMs / 1000),
      rules: {
        firstComment: rules.firstComment,
        maxLinks: rules.maxLinks,
        words: [...rules.words],
        hideAfterReports: rules.hideAfterReports,
        honeypotField: HONEYPOT_FIELD,
      },
    };
    return settings;
  });
}
