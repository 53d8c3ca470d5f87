import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailProblem, nameProblem, urlProblem } from '../../src/protocol/index.js';

/** A user the host site vouched for. */
export interface SsoUser {
  /** `sub`: the host site's id of the user. */
  subject: string;
  name: string;
  url: string | null;
  avatar: string | null;
}

/** Longer tokens are refused before any parsing. */
const MAX_TOKEN_CHARS = 4096;
/** Unpadded base64url, as JWS compact serialisation writes it. */
const PART = /^[A-Za-z0-9_-]+$/;
/** Clocks of the host site and this server may differ by this much (only for `nbf` and `iat`). */
const SKEW_S = 60;

function decodePart(part: string): unknown {
  // Decoding is lenient: only the canonical spelling of the bytes is accepted.
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) throw new Error('not canonical base64url');
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalUrl(value: unknown): string | null | { problem: string } {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || urlProblem(value)) return { problem: 'is not an http(s) URL' };
  return value.trim() || null;
}

/**
 * Verifies a host site's single sign-on token: a JWT (JWS compact form) signed with HS256 and
 * the shared secret. Strict: the header must say `alg: "HS256"` (so `none` and every other
 * algorithm are refused before the signature is even looked at), `typ` may only be `JWT`, no
 * `crit`; the signature is compared in constant time; the payload needs `sub`, `name` and a
 * numeric `exp` in the future, and may carry `email`, `url`, `avatar` (http(s) URLs), `iat`
 * and `nbf`. Returns the user, or why the token was refused.
 */
export function verifySsoToken(
  token: string,
  secret: string,
  nowMs = Date.now(),
): SsoUser | { problem: string } {
  if (token.length > MAX_TOKEN_CHARS) return { problem: 'is too long' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => PART.test(part))) {
    return { problem: 'is not a JWT (three base64url parts)' };
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  try {
    header = decodePart(headerPart);
  } catch {
    return { problem: 'has a malformed header' };
  }
  if (!isObject(header) || header.alg !== 'HS256') {
    return { problem: 'must be signed with HS256' };
  }
  if ((header.typ !== undefined && header.typ !== 'JWT') || header.crit !== undefined) {
    return { problem: 'has an unsupported header' };
  }
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (
    given.length !== expected.length ||
    given.toString('base64url') !== signaturePart ||
    !timingSafeEqual(given, expected)
  ) {
    return { problem: 'signature does not match' };
  }
  let payload: unknown;
  try {
    payload = decodePart(payloadPart);
  } catch {
    return { problem: 'has a malformed payload' };
  }
  if (!isObject(payload)) return { problem: 'payload is not an object' };
  const { sub, name, email, url, avatar, exp, nbf, iat } = payload;
  const nowS = nowMs / 1000;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { problem: 'needs a numeric exp' };
  if (exp <= nowS) return { problem: 'has expired' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowS + SKEW_S)) {
    return { problem: 'is not valid yet (nbf)' };
  }
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowS + SKEW_S)) {
    return { problem: 'was issued in the future (iat)' };
  }
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256 || /\p{Cc}/u.test(sub)) {
    return { problem: 'sub must be a string of 1 to 256 characters' };
  }
  if (typeof name !== 'string' || nameProblem(name) || /\p{Cc}/u.test(name)) {
    return { problem: 'name must be 1 to 64 characters of text' };
  }
  if (email !== undefined && email !== null && (typeof email !== 'string' || emailProblem(email))) {
    return { problem: 'email is not an email address' };
  }
  const safeUrl = optionalUrl(url);
  if (typeof safeUrl === 'object' && safeUrl !== null) return { problem: `url ${safeUrl.problem}` };
  const safeAvatar = optionalUrl(avatar);
  if (typeof safeAvatar === 'object' && safeAvatar !== null) {
    return { problem: `avatar ${safeAvatar.problem}` };
  }
  // The email is checked but not kept: nothing here uses it (issue 15, item 10).
  return { subject: sub, name: name.trim(), url: safeUrl, avatar: safeAvatar };
}

/**
 * Signs a payload as an HS256 JWT, as a host site does (docs/sso.md shows the same in a few
 * lines of Node); for tests and examples.
 */
export function signSsoToken(payload: Record<string, unknown>, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const data = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}
