import { httpUrl } from '../protocol/index.js';

/**
 * The one check for URLs that come from the server (author links, avatars):
 * only absolute http(s) URLs are used; anything else (javascript:, data:,
 * relative paths, garbage) is dropped.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  return httpUrl(value)?.href ?? null;
}
