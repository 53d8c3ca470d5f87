import {
  bodyProblem,
  emailProblem,
  httpUrl,
  LIMITS,
  nameProblem,
  normalisePageKey,
  notifyEmailProblem,
  pageKeyProblem,
  reportNoteProblem,
  urlProblem,
  type FieldProblem,
  type PageKeyProblem,
} from '../../src/protocol/index.js';
import { ApiError, invalid } from './errors.js';
import { acceptedLanguage, LANGUAGE_TAG, mailLanguage } from './mail/messages.js';
import type { NotifyRequest } from './services/subscriptions.js';

/** Comment ids are positive integers written in decimal; anything else names no comment. */
export function parseCommentId(text: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : null;
}

/** The English wording of a rule's problem, for the error body's `fields`. */
export function describeProblem(problem: FieldProblem | PageKeyProblem, max: number): string {
  switch (problem) {
    case 'empty':
      return 'must not be empty';
    case 'too_long':
      return `must be at most ${max} characters`;
    case 'control_characters':
      return 'must not contain control characters';
    case 'invalid_unicode':
      return 'must be valid Unicode text';
    case 'not_http_url':
      return 'must be an http(s) URL';
    case 'not_email':
      return 'must be an email address';
  }
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

/** A page key as written and normalised, or throws 400 naming the field. */
export function checkedPageKey(raw: string, field = 'page'): string {
  const problem = pageKeyProblem(raw);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.pageKeyMaxChars));
  const key = normalisePageKey(raw);
  const normalisedProblem = pageKeyProblem(key);
  if (normalisedProblem) {
    throw invalid(field, describeProblem(normalisedProblem, LIMITS.pageKeyMaxChars));
  }
  return key;
}

/**
 * With `--page-origins`: a page key that is an http(s) URL must be a page of one of the allowed
 * origins, so no one posts threads under another site's addresses. Other keys (`post-42`) pass.
 */
export function checkedPageOrigin(key: string, origins: readonly string[], field = 'page'): string {
  if (!/^https?:\/\//i.test(key)) return key;
  const origin = httpUrl(key)?.origin;
  if (origin === undefined || !origins.includes(origin)) {
    throw invalid(field, 'must be a page of a site this server serves');
  }
  return key;
}

/** An author name, trimmed. */
export function checkedName(value: string, field: string): string {
  const problem = nameProblem(value);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.nameMaxChars));
  return value.trim();
}

/** The body as written (Markdown keeps its leading spaces); the limits apply once trimmed. */
export function checkedBody(body: string, field = 'body'): string {
  const problem = bodyProblem(body);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.bodyMaxChars));
  return body;
}

export function checkedUrl(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  const problem = urlProblem(value);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.urlMaxChars));
  return value.trim() || null;
}

export function checkedEmail(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  const problem = emailProblem(value);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.emailMaxChars));
  return value.trim() || null;
}

/**
 * What `"notify": true` asks for: the address (required then, one plain mailbox) and the
 * language of the mails (`lang`, a BCP 47 tag, else the request's Accept-Language; English
 * unless it names one mails are written in). Null without `notify`: the address, if any, is then not kept.
 */
export function checkedNotify(
  input: { author: { email?: string | null }; notify?: boolean; lang?: string },
  serverSendsMail: boolean,
  acceptLanguage?: string,
): NotifyRequest | null {
  if (input.lang !== undefined && !LANGUAGE_TAG.test(input.lang)) {
    throw invalid('lang', 'must be a language tag like en or de-AT');
  }
  if (input.notify !== true) return null;
  if (!serverSendsMail) {
    throw invalid('notify', 'this server does not send notifications');
  }
  const email = input.author.email ?? '';
  const problem = notifyEmailProblem(email);
  if (problem === 'empty') throw invalid('author.email', 'is needed to be notified of replies');
  if (problem) throw invalid('author.email', describeProblem(problem, LIMITS.emailMaxChars));
  // Without `lang`, the browser's own preference (which the widget's request carries).
  const lang =
    input.lang !== undefined ? mailLanguage(input.lang) : acceptedLanguage(acceptLanguage);
  return { email: email.trim(), lang };
}

/** A report's optional note, trimmed; empty is none. */
export function checkedReportNote(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  const problem = reportNoteProblem(value);
  if (problem) throw invalid(field, describeProblem(problem, LIMITS.reportNoteMaxChars));
  return value.trim() || null;
}

/**
 * Runs every check and answers one 400 naming every field at fault ("fields" in the protocol's
 * error body), so a reader who made two mistakes hears of both at once.
 */
export function checkedFields<T extends Record<string, unknown>>(checks: {
  [K in keyof T]: () => T[K];
}): T {
  const values: Partial<T> = {};
  const refusals: ApiError[] = [];
  for (const key in checks) {
    try {
      values[key] = checks[key]();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'invalid_request') throw error;
      refusals.push(error);
    }
  }
  if (refusals.length === 1) throw refusals[0];
  if (refusals.length > 1) {
    const fields = Object.assign({}, ...refusals.map((refusal) => refusal.fields));
    const list = Object.entries(fields as Record<string, string>)
      .map(([name, message]) => `${name} ${message}`)
      .join('; ');
    throw new ApiError('invalid_request', `Invalid request: ${list}`, fields);
  }
  return values as T;
}
