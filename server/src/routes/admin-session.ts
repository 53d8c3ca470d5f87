import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ModeratorSessionResponse } from '../../../src/protocol/index.js';
import type { ServerContext } from '../context.js';
import { isoTime } from '../thread-view.js';
import { refusal } from './reasons.js';

const LoginBody = Type.Object({
  name: Type.String({ maxLength: 256 }),
  // scrypt hashes whatever it gets: a megabyte of password costs it real time.
  password: Type.String({ maxLength: 1024 }),
});

/** POST, GET and DELETE /admin/session: a moderator signs in, asks who they are, signs out. */
export function adminSessionRoutes(
  app: FastifyInstance,
  { services, moderatorAuth, consoleLive }: ServerContext,
): void {
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/admin/session',
    { schema: { body: LoginBody } },
    async (request, reply) => {
      const result = await services.moderators.login({
        name: request.body.name,
        password: request.body.password,
        address: request.ip,
      });
      if (!result.ok) throw refusal(result.reason, result.detail);
      const answer: ModeratorSessionResponse = {
        token: result.token,
        expiresAt: isoTime(result.expiresAt),
        moderator: { name: result.name },
      };
      return reply.code(201).header('cache-control', 'no-store').send(answer);
    },
  );

  app.get('/admin/session', async (request) => {
    const session = await moderatorAuth.required(request);
    return { moderator: { name: session.name }, expiresAt: isoTime(session.expiresAt) };
  });

  app.delete('/admin/session', async (request) => {
    const session = await moderatorAuth.required(request);
    await services.moderators.logout(session);
    consoleLive.endSession(session.id);
    return { revoked: true };
  });
}
