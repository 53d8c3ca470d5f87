/**
 * What the composer says about a draft's fields: the local checks before sending (the protocol's
 * rules from src/protocol/, worded in the reader's language) and the placing of a failed send's
 * error. Pure functions: no DOM, no element.
 */
import {
  bodyProblem,
  codePointLength,
  LIMITS,
  nameProblem,
  notifyEmailProblem,
  urlProblem,
} from '../../protocol/index.js';
import type { ConfabErrorCode } from '../../api/errors.js';
import type { MessageKey } from '../../i18n/localizer.js';

export type ComposerMode = 'new' | 'reply' | 'edit';
export type Field = 'body' | 'name' | 'email' | 'url';
/** The text fields, and whether the reader asks to be mailed about replies. */
export type FieldValues = Record<Field, string> & { notify: boolean };
export type FieldErrors = Partial<Record<Field, string>>;
/** The localizer's `t`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** In the order a reader meets them, so the first with an error is the one to focus. */
export const FIELDS: readonly Field[] = ['name', 'email', 'url', 'body'];

export interface ComposerAuthor {
  name: string;
  email?: string;
  url?: string;
}

/**
 * The author a submission sends: trimmed, without the optional fields left empty. The address
 * goes only with a request for reply mail: without one the server would not keep it, so it
 * does not travel at all.
 */
export function authorOf(values: FieldValues): ComposerAuthor {
  const author: ComposerAuthor = { name: values.name.trim() };
  const email = values.email.trim();
  const url = values.url.trim();
  if (values.notify && email) author.email = email;
  if (url) author.url = url;
  return author;
}

/** Messages for the fields that cannot be sent as they are; edits check only the body. */
export function localErrors(values: FieldValues, mode: ComposerMode, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  const body = bodyProblem(values.body);
  if (body === 'empty') errors.body = t('composer.bodyEmpty');
  else if (body === 'too_long') {
    errors.body = t('composer.bodyTooLong', {
      count: codePointLength(values.body.trim()) - LIMITS.bodyMaxChars,
      max: LIMITS.bodyMaxChars,
    });
  }
  if (mode !== 'edit') {
    const { name, url } = authorOf(values);
    const nameIs = nameProblem(name);
    if (nameIs === 'empty') errors.name = t('composer.nameEmpty');
    else if (nameIs === 'too_long') {
      errors.name = t('composer.nameTooLong', { max: LIMITS.nameMaxChars });
    }
    // The address is checked only when it is sent: with the request for reply mail.
    const emailIs = values.notify ? notifyEmailProblem(values.email) : null;
    if (emailIs === 'empty') errors.email = t('composer.emailNeeded');
    else if (emailIs) errors.email = t('composer.emailInvalid');
    const urlIs = url ? urlProblem(url) : null;
    if (urlIs === 'too_long') errors.url = t('composer.urlTooLong', { max: LIMITS.urlMaxChars });
    else if (urlIs) errors.url = t('composer.urlInvalid');
  }
  return errors;
}

interface ErrorLike {
  code: ConfabErrorCode;
  fields?: Record<string, string>;
  retryAfter?: number | null;
}

/** Duck-typed so that an error from another copy of the api module still reads right. */
function isConfabError(error: unknown): error is ErrorLike {
  return error instanceof Error && typeof (error as Partial<ErrorLike>).code === 'string';
}

/**
 * Where a failed send's reason goes: next to the fields the server named, when the form has them
 * all, else into the form's alert (with the promise that the text is kept).
 */
export function sendFailure(
  error: unknown,
  mode: ComposerMode,
  t: Translate,
): { fieldErrors: FieldErrors; formError: string } {
  const kept = t('composer.kept');
  if (!isConfabError(error))
    return { fieldErrors: {}, formError: `${t('composer.failed')} ${kept}` };
  const fieldErrors: FieldErrors = {};
  let unplaced = false;
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    // The server may name author fields with or without the `author.` prefix; a refused request
    // for mail (a server that sends none) goes to the address, next to its box.
    const field = (path === 'notify' ? 'email' : path.replace(/^author\./, '')) as Field;
    if (FIELDS.includes(field) && (field === 'body' || mode !== 'edit')) {
      fieldErrors[field] = t('composer.serverField', { message });
    } else unplaced = true;
  }
  if (Object.keys(fieldErrors).length && !unplaced) return { fieldErrors, formError: '' };
  const wait = error.retryAfter;
  const reason =
    error.code === 'rate_limited' && wait
      ? t('composer.rateLimited', { count: Math.ceil(wait) })
      : t(`error.${error.code}` as MessageKey);
  return { fieldErrors, formError: `${reason} ${kept}` };
}
