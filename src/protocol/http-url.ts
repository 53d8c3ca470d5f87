/*
 * The http(s) URL check, apart from the other rules (rules.ts re-exports it) because the rich
 * renderer's lazy chunk uses it too: a chunk that reached rules.ts made the bundler move the
 * modules it shares with the entry into a chunk of their own, one more request before
 * confab.js can run.
 */

/**
 * The absolute http(s) URL `value` names, resolved against `base` when one is given, or null for
 * anything else (relative without a base, javascript:, garbage).
 */
export function httpUrl(value: string | null | undefined, base?: string): URL | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  // Chromium takes "http://exa mple.com/" with the host "exa%20mple.com", Node refuses it: a
  // host holding an escape is no host on either side.
  if (url.hostname.includes('%')) return null;
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
