/**
 * The protocol's checks of the fields a reader fills in: the widget checks drafts with them
 * before sending, the reference server checks requests with them before storing. One copy, so the
 * two sides cannot disagree about what is too long or empty.
 *
 * Checks answer with a problem code, not a sentence: the server words it in English for the
 * error body, the widget in the reader's language.
 */
import { hasControlCharacters, hasLoneSurrogate, httpUrl } from './rules.js';
import { LIMITS } from './types.js';

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

export type FieldProblem =
  'empty' | 'too_long' | 'control_characters' | 'invalid_unicode' | 'not_http_url' | 'not_email';

/**
 * White space and what renders as nothing: format characters (zero-width, joiners, BOM, bidi
 * controls), default-ignorable code points (variation selectors, Hangul fillers) and the blank
 * braille pattern, which fonts draw empty.
 */
const BLANK = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** Whether `text` shows nothing at all to a reader. */
export function isBlank(text: string): boolean {
  return text.replace(BLANK, '') === '';
}

/**
 * A text field's problem: control characters (NUL among them), a lone surrogate (it cannot be stored as
 * UTF-8, so the text read back would differ from the text accepted), nothing visible when
 * something is required, or a trimmed length outside [min, max].
 */
export function textProblem(
  value: string,
  min: number,
  max: number,
  lineBreaks = true,
): FieldProblem | null {
  if (hasControlCharacters(value, lineBreaks)) return 'control_characters';
  if (hasLoneSurrogate(value)) return 'invalid_unicode';
  const length = codePointLength(value.trim());
  if (length < min || (min > 0 && isBlank(value))) return 'empty';
  if (length > max) return 'too_long';
  return null;
}

/** A comment body: 1 to 10,000 characters once trimmed, something visible, lines allowed. */
export function bodyProblem(body: string): FieldProblem | null {
  return textProblem(body, 1, LIMITS.bodyMaxChars);
}

/** An author name: 1 to 64 characters once trimmed, something visible, on one line. */
export function nameProblem(name: string): FieldProblem | null {
  return textProblem(name, 1, LIMITS.nameMaxChars, false);
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
