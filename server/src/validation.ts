import { LIMITS } from '../../src/protocol.js';
import { invalid } from './errors.js';
import { normalisePageKey, pageKeyProblem } from './page-key.js';

/** Comment ids are positive integers written in decimal; anything else names no comment. */
export function parseCommentId(text: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : null;
}

const MAX_REMEMBERED_KEYS = 10_000;
const normalisedKeys = new Map<string, string>();

/**
 * The normalised thread key of a `page` field or parameter; throws 400 naming
 * the field. Busy pages ask with the same few spellings again and again, so
 * good answers are remembered (parsing a URL is the dearest step of a cached
 * thread read).
 */
export function pageKeyFrom(raw: string, field = 'page'): string {
  const known = normalisedKeys.get(raw);
  if (known !== undefined) return known;
  const key = checkedPageKey(raw, field);
  if (normalisedKeys.size >= MAX_REMEMBERED_KEYS) normalisedKeys.clear();
  normalisedKeys.set(raw, key);
  return key;
}

function checkedPageKey(raw: string, field: string): string {
  const problem = pageKeyProblem(raw);
  if (problem) throw invalid(field, problem);
  const key = normalisePageKey(raw);
  const normalisedProblem = pageKeyProblem(key);
  if (normalisedProblem) throw invalid(field, normalisedProblem);
  return key;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Length in code points, as people count characters (an emoji is one). */
function characters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The first half of a surrogate pair starts a character its second half completes.
    if (unit < 0xdc00 || unit > 0xdfff) count += 1;
  }
  return count;
}

/** Checks a text field: no NUL, between min and max characters once trimmed. Returns it trimmed. */
export function checkedText(value: string, field: string, min: number, max: number): string {
  if (value.includes('\u0000')) throw invalid(field, 'must not contain NUL characters');
  // A lone surrogate (a JSON "\ud800" escape) cannot be stored as UTF-8: SQLite
  // would keep U+FFFD, and the text read back would differ from the text accepted.
  if (LONE_SURROGATE.test(value)) throw invalid(field, 'must be valid Unicode text');
  const trimmed = value.trim();
  const length = characters(trimmed);
  if (length < min)
    throw invalid(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  if (length > max) throw invalid(field, `must be at most ${max} characters`);
  return trimmed;
}

/** The body as written (Markdown keeps its leading spaces); the limits apply once trimmed. */
export function checkedBody(body: string, field = 'body'): string {
  checkedText(body, field, 1, LIMITS.bodyMaxChars);
  return body;
}

export function checkedUrl(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const text = value.trim();
  if (text.length > LIMITS.urlMaxChars)
    throw invalid(field, `must be at most ${LIMITS.urlMaxChars} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, 'must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(field, 'must be an http(s) URL');
  return text;
}

export function checkedEmail(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const text = value.trim();
  if (text.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(text))
    throw invalid(field, 'must be an email address');
  return text;
}
