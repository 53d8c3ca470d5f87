/**
 * The protocol's rules for what a reader may send, as pure functions: the widget checks drafts
 * with them before sending, the reference server checks requests with them before storing. One
 * copy, so the two sides cannot disagree about what is too long or what is a mention.
 *
 * Checks answer with a problem code, not a sentence: the server words it in English for the
 * error body, the widget in the reader's language.
 */
import { LIMITS } from './types.js';

export type FieldProblem =
  'empty' | 'too_long' | 'nul' | 'invalid_unicode' | 'not_http_url' | 'not_email';

/** Length in code points, as people count characters (an emoji is one). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The second half of a surrogate pair completes the character its first half started.
    if (unit < 0xdc00 || unit > 0xdfff) count += 1;
  }
  return count;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * A text field's problem: NUL, a lone surrogate (it cannot be stored as UTF-8, so the text read
 * back would differ from the text accepted), or a trimmed length outside [min, max].
 */
export function textProblem(value: string, min: number, max: number): FieldProblem | null {
  if (value.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'invalid_unicode';
  const length = codePointLength(value.trim());
  if (length < min) return 'empty';
  if (length > max) return 'too_long';
  return null;
}

/** A comment body: 1 to 10,000 characters once trimmed. */
export function bodyProblem(body: string): FieldProblem | null {
  return textProblem(body, 1, LIMITS.bodyMaxChars);
}

/** An author name: 1 to 64 characters once trimmed. */
export function nameProblem(name: string): FieldProblem | null {
  return textProblem(name, 1, LIMITS.nameMaxChars);
}

/** An optional note to a report: at most 500 characters once trimmed; empty is no note. */
export function reportNoteProblem(note: string): FieldProblem | null {
  return textProblem(note, 0, LIMITS.reportNoteMaxChars);
}

/** An optional website; empty is no website. Only absolute http(s) URLs of at most 512 characters. */
export function urlProblem(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return null;
  if (text.length > LIMITS.urlMaxChars) return 'too_long';
  return httpUrl(text) === null ? 'not_http_url' : null;
}

/** The absolute http(s) URL `value` names, or null for anything else (relative, javascript:, garbage). */
export function httpUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // Chromium takes "http://exa mple.com/" with the host "exa%20mple.com", Node refuses it: a
  // host holding an escape is no host on either side.
  if (url.hostname.includes('%')) return null;
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** Something, an @, something: the shape, not deliverability (only a sent mail proves that). */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** An optional email address; empty is none. */
export function emailProblem(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return null;
  if (text.length > LIMITS.emailMaxChars) return 'too_long';
  return EMAIL_SHAPE.test(text) ? null : 'not_email';
}

/**
 * One mailbox that mail can be sent to, as notifications need it: no display name, no spaces,
 * quotes, brackets, commas or control characters, a domain of dot-separated labels.
 */
const MAILBOX_SHAPE =
  /^[^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

/** The address of a reader who asks to be mailed about replies: required, one plain mailbox. */
export function notifyEmailProblem(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return 'empty';
  if (text.length > LIMITS.emailMaxChars) return 'too_long';
  return MAILBOX_SHAPE.test(text) ? null : 'not_email';
}

/**
 * Letters with their combining marks, and digits, continue a mentioned name; anything else ends
 * it, and an `@` right after one of them (an email address) starts no mention.
 */
export const MENTION_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Invisible format characters (zero-width, bidi controls): a name holding one could pose as another. */
const FORMAT_CHAR = /\p{Cf}/u;

/** Whether a name can be mentioned at all: not blank, and no invisible characters. */
export function isMentionableName(name: string): boolean {
  return name.trim() !== '' && !FORMAT_CHAR.test(name);
}

const UNRESERVED_ESCAPE = /%([0-9A-Fa-f]{2})/g;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * The thread key for a page ("Page identity"). A key that parses as an http(s) URL keeps only
 * scheme, host, port and path: scheme and host lower-cased, default port, query and fragment
 * dropped, percent-escapes of unreserved characters decoded, one trailing slash removed except
 * for the root path. Anything else is used as it is, so `post-42` and `Post-42` stay two threads.
 */
export function normalisePageKey(key: string): string {
  if (!/^https?:\/\//i.test(key)) return key;
  const url = httpUrl(key);
  if (!url) return key;
  // URL already lower-cases scheme and host and drops the scheme's default port; the explicit
  // check keeps that true whatever the parser does.
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  let path = url.pathname.replace(UNRESERVED_ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape;
  });
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return `${url.protocol}//${url.hostname}${port}${path}`;
}

export type PageKeyProblem = 'empty' | 'too_long' | 'control_characters' | 'invalid_unicode';

/** Why a page key is unusable, or null when it is fine. */
export function pageKeyProblem(key: string): PageKeyProblem | null {
  if (key.length === 0) return 'empty';
  if (key.length > LIMITS.pageKeyMaxChars) return 'too_long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'control_characters';
  // A lone surrogate would be stored as U+FFFD: another key than the one sent.
  if (LONE_SURROGATE.test(key)) return 'invalid_unicode';
  return null;
}
