import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { SessionResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { invalid } from '../errors.js';
import { verifySsoToken } from '../sso.js';

const SessionBody = Type.Union([
  Type.Object({ sso: Type.Optional(Type.String({ maxLength: 4096 })) }),
  Type.Null(),
]);

/** POST /session: a reader token, anonymous or for a user the host site signed. */
export function sessionRoutes(
  app: FastifyInstance,
  { services, config, limits }: ServerContext,
): void {
  app.post<{ Body: Static<typeof SessionBody> | undefined }>(
    '/session',
    { schema: { body: SessionBody }, onRequest: limits.session },
    async (request, reply) => {
      const sso = request.body?.sso;
      let identity = null;
      if (sso !== undefined) {
        if (!config.ssoSecret)
          throw invalid('sso', 'single sign-on is not configured on this server');
        const user = verifySsoToken(sso, config.ssoSecret);
        if ('problem' in user) throw invalid('sso', user.problem);
        identity = {
          name: user.name,
          url: user.url,
          avatar: user.avatar,
          ssoSubject: user.subject,
        };
      }
      const answer: SessionResponse = await services.sessions.open(identity);
      return reply.code(201).send(answer);
    },
  );
}
