/*
 * What a rendered comment body may hold, for both back ends of the Markdown renderer: the
 * widget's (rich.ts: DOMPurify over the DOM) and the server's (body-html.ts: a string filter for
 * the thread's HTML fragment). One list, so the two cannot drift.
 */

export const BODY_TAGS: readonly string[] = [
  'p',
  'br',
  'em',
  'strong',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
];
export const BODY_ATTRIBUTES: readonly string[] = ['href', 'start'];
/** Only with the site owner's `allow-images`. */
export const IMAGE_TAG = 'img';
export const IMAGE_ATTRIBUTES: readonly string[] = ['src', 'alt'];

export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];
export const IMAGE_PROTOCOLS: readonly string[] = ['http:', 'https:'];
/** What every kept link gets, beside `target="_blank"`. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';
/** A list's start number, as the Markdown renderer writes it. */
export const LIST_START = /^\d{1,9}$/;

/**
 * An attribute value that could end markup in an XML context is dropped whole (DOMPurify does so
 * by default, SAFE_FOR_XML; the string back end copies it).
 */
export const MARKUP_IN_VALUE = /((--!?|])>)|<\/(style|title)/i;

/** Only absolute URLs of the given protocols survive; `value` is entity-decoded already. */
export function allowedUrl(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
