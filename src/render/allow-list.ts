import { httpUrl } from '../protocol/http-url.js';

/*
 * What a rendered comment body may hold, for both back ends of the Markdown renderer: the
 * widget's (rich.ts, DOM nodes) and the server's (body-html.ts, a string for the thread's HTML
 * fragment). The converter (markdown.ts) builds a tree of these types only, and every attribute
 * value passes the checks below as it is created, so neither back end has anything to filter.
 */

/** Only with the site owner's `allow-images`. */
export const IMAGE_TAG = 'img';
export const BODY_TAGS = [
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
] as const;
export const BODY_ATTRIBUTES = ['href', 'start'] as const;
export const IMAGE_ATTRIBUTES = ['src', 'alt'] as const;

export type BodyTag = (typeof BODY_TAGS)[number] | typeof IMAGE_TAG;
export type BodyAttribute = (typeof BODY_ATTRIBUTES)[number] | (typeof IMAGE_ATTRIBUTES)[number];

/** An element of a rendered body; its text is only ever text (strings), never markup. */
export interface BodyElement {
  readonly tag: BodyTag;
  readonly attributes: Readonly<Partial<Record<BodyAttribute, string>>>;
  readonly children: readonly BodyNode[];
}
export type BodyNode = BodyElement | string;

/** What every link with a target gets, beside `target="_blank"`. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** A link target as written, if it is an absolute http(s) or mailto URL; otherwise null. */
export function linkHref(value: string): string | null {
  if (httpUrl(value)) return value;
  try {
    return new URL(value).protocol === 'mailto:' ? value : null;
  } catch {
    return null;
  }
}

/** An image address as written, if it is an absolute http(s) URL; otherwise null. */
export function imageSrc(value: string): string | null {
  return httpUrl(value) ? value : null;
}

/** A list's start number as an attribute value: digits only. */
export function listStart(value: number): string | null {
  const text = String(value);
  return /^\d{1,9}$/.test(text) ? text : null;
}

/**
 * The attributes an element is shown with, in this order in both back ends: its own, then what
 * the widget adds (links open apart and pass no referrer; images load lazily and pass none).
 */
export function shownAttributes(element: BodyElement): Array<[string, string]> {
  const shown = Object.entries(element.attributes);
  if (element.tag === 'a' && element.attributes.href !== undefined) {
    shown.push(['rel', LINK_REL], ['target', '_blank']);
  } else if (element.tag === IMAGE_TAG) {
    shown.push(['loading', 'lazy'], ['referrerpolicy', 'no-referrer']);
  }
  return shown;
}
