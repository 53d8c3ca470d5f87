/**
 * The thread key the widget sends, first that exists (protocol "Page identity"): the `page`
 * attribute; the href of `<link rel="canonical">`; `location.origin + location.pathname`.
 * The server normalises URL keys, so no normalisation happens here.
 */
import { httpUrl } from '../protocol/index.js';

export function resolvePageKey(pageAttribute: string | null | undefined, doc: Document): string {
  const attribute = pageAttribute?.trim();
  if (attribute) return attribute;
  const base = doc.location?.href ?? doc.URL;
  for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel]')) {
    const rels = link.rel.toLowerCase().split(/\s+/);
    const href = link.getAttribute('href')?.trim();
    if (!rels.includes('canonical') || !href) continue;
    // An unparsable or non-http(s) canonical link is skipped like a missing one.
    const url = httpUrl(href, base);
    if (url) return url.href;
  }
  const location = doc.location ?? new URL(doc.URL);
  return location.origin + location.pathname;
}
