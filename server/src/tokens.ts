import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored only as their SHA-256: a copy of the database does not
 * let anyone act as a reader. A plain hash suffices because the token itself
 * carries 256 bits of randomness; there is nothing to brute-force.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The token of an `Authorization: Bearer …` header, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const token = match?.[1];
  return token && TOKEN_SHAPE.test(token) ? token : null;
}

export interface SsoUser {
  id: string;
  name: string;
  url: string | null;
}

/**
 * Verifies a host site's single sign-on token: `<payload>.<signature>`, both
 * base64url, the payload JSON `{"id","name","url"?,"exp"}` (exp in seconds
 * since the epoch) and the signature HMAC-SHA256 of the payload part with the
 * shared secret. Returns the user, or a reason it was refused.
 */
export function verifySso(
  sso: string,
  secret: string,
  nowMs = Date.now(),
): SsoUser | { problem: string } {
  const [payloadPart, signaturePart, extra] = sso.split('.');
  if (!payloadPart || !signaturePart || extra !== undefined) {
    return { problem: 'must be <payload>.<signature>' };
  }
  const expected = createHmac('sha256', secret).update(payloadPart).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { problem: 'signature does not match' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { problem: 'payload is not JSON' };
  }
  if (typeof payload !== 'object' || payload === null)
    return { problem: 'payload is not an object' };
  const { id, name, url, exp } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) {
    return { problem: 'payload.id must be a non-empty string' };
  }
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 64) {
    return { problem: 'payload.name must be 1 to 64 characters' };
  }
  if (typeof exp !== 'number' || exp * 1000 < nowMs) return { problem: 'has expired' };
  const safeUrl =
    typeof url === 'string' && /^https?:\/\//i.test(url) && url.length <= 512 ? url : null;
  return { id, name: name.trim(), url: safeUrl };
}

/** Signs an SSO payload the way `verifySso` expects; for host sites' documentation and tests. */
export function signSso(
  user: { id: string; name: string; url?: string; exp: number },
  secret: string,
) {
  const payloadPart = Buffer.from(JSON.stringify(user)).toString('base64url');
  const signature = createHmac('sha256', secret).update(payloadPart).digest('base64url');
  return `${payloadPart}.${signature}`;
}
