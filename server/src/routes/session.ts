import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { SessionResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../app.js';
import { invalid } from '../errors.js';
import { hashToken, newToken, verifySso } from '../tokens.js';

const SessionBody = Type.Union([
  Type.Object({ sso: Type.Optional(Type.String({ maxLength: 4096 })) }),
  Type.Null(),
]);

export function sessionRoutes(
  app: FastifyInstance,
  { storage, config, limits }: ServerContext,
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
        const user = verifySso(sso, config.ssoSecret);
        if ('problem' in user) throw invalid('sso', user.problem);
        identity = { name: user.name, url: user.url, ssoSubject: user.id };
      }
      const token = newToken();
      await storage.createToken(hashToken(token), identity, Date.now());
      const answer: SessionResponse = { token, name: identity?.name ?? null };
      return reply.code(201).send(answer);
    },
  );
}
