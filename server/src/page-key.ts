import { LIMITS } from '../../src/protocol.js';

const UNRESERVED_ESCAPE = /%([0-9A-Fa-f]{2})/g;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * The thread key for a page, as PROTOCOL.md "Page identity" defines it.
 *
 * A key that parses as an http(s) URL keeps only scheme, host, port and path:
 * scheme and host lower-cased, default port, query and fragment dropped,
 * percent-escapes of unreserved characters decoded, one trailing slash
 * removed except for the root path. Anything else is used as it is, so that
 * `post-42` and `Post-42` stay two threads.
 */
export function normalisePageKey(key: string): string {
  if (!/^https?:\/\//i.test(key)) return key;
  let url: URL;
  try {
    url = new URL(key);
  } catch {
    return key;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return key;
  // URL already lower-cases scheme and host and drops the scheme's default
  // port; the explicit check keeps that true whatever the parser does.
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  let path = url.pathname.replace(UNRESERVED_ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape;
  });
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return `${url.protocol}//${url.hostname}${port}${path}`;
}

/** Why a page key is unusable, or null when it is fine. */
export function pageKeyProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (key.length > LIMITS.pageKeyMaxChars) {
    return `must be at most ${LIMITS.pageKeyMaxChars} characters`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'must not contain control characters';
  // A lone surrogate would be stored as U+FFFD: another key than the one sent.
  if (/\p{Surrogate}/u.test(key)) return 'must be valid Unicode text';
  return null;
}
