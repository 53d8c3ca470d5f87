import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import type { TokenRecord } from '../storage/types.js';
import { refusal } from './reasons.js';

/**
 * The reader behind a write (post, edit, vote, report): a valid reader token (401 otherwise)
 * that no ban in force covers, by token, signed-in identity or address (403 saying until when).
 */
export async function unbannedWriter(
  { readers, services }: ServerContext,
  request: FastifyRequest,
): Promise<TokenRecord> {
  const reader = await readers.required(request);
  const ban = await services.bans.check(
    { tokenId: reader.id, ssoSubject: reader.ssoSubject },
    request.ip,
  );
  if (ban) throw refusal('banned', { until: ban.until });
  return reader;
}
