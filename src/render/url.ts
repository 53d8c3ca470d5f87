/**
 * The one check for URLs that come from the server (author links, avatars):
 * only absolute http(s) URLs are used; anything else (javascript:, data:,
 * relative paths, garbage) is dropped.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}
