import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import type { PageModel } from '../services/threads.js';
import { threadHtml } from '../thread-html.js';
import { pageKeyFrom } from '../validation.js';

const ThreadHtmlQuery = Type.Object({
  page: Type.String({ minLength: 1, maxLength: LIMITS.pageKeyMaxChars }),
});

/** Short: a site that includes the fragment server-side shows a new comment within a minute. */
export const THREAD_HTML_CACHE = 'public, max-age=60';

interface Rendered {
  html: Buffer;
  etag: string;
}

/**
 * GET /threads.html: the thread as HTML (thread-html.ts), for crawlers, readers without
 * JavaScript and server-side includes. Rendered once per page model: the thread cache replaces
 * the model when the page changes, and the rendering goes with it.
 */
export function threadHtmlRoutes(app: FastifyInstance, { threads }: ServerContext): void {
  const rendered = new WeakMap<PageModel, Rendered>();
  app.get<{ Querystring: Static<typeof ThreadHtmlQuery> }>(
    '/threads.html',
    { schema: { querystring: ThreadHtmlQuery } },
    async (request, reply) => {
      const model = await threads.get(pageKeyFrom(request.query.page));
      let answer = rendered.get(model);
      if (!answer) {
        const html = Buffer.from(threadHtml(model.key, model.anonymousView));
        const hash = createHash('sha256').update(html).digest('base64url').slice(0, 27);
        answer = { html, etag: `"${hash}"` };
        rendered.set(model, answer);
      }
      reply
        .header('cache-control', THREAD_HTML_CACHE)
        .header('etag', answer.etag)
        .type('text/html; charset=utf-8');
      if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(answer.etag)) {
        return reply.code(304).send();
      }
      return reply.send(answer.html);
    },
  );
}
