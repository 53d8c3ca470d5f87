import { codePointLength, httpUrl, LIMITS } from '../../../src/protocol/index.js';

/** The export formats `confab-server import --from` reads. */
export const SOURCES = ['disqus', 'wordpress', 'commento', 'confab'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * A page as the source names it (Disqus threads). Comments name their thread by `key`; the
 * page key is normalised and mapped by the writer, not the parser.
 */
export interface ThreadItem {
  kind: 'thread';
  /** Unique in the file, for instance `disqus-thread:123`. */
  key: string;
  /** The page's URL or key as the source has it; null when it has none. */
  page: string | null;
  locked: boolean;
  line: number;
}

/** Why an item is not imported as written; `failed` items had data that could not be used. */
export interface Skip {
  kind: 'skipped' | 'failed';
  reason: string;
}

/** One comment of any source, as every parser yields it. */
export interface CommentItem {
  kind: 'comment';
  /**
   * The source's id for it, qualified by the source (`disqus:123`, `wordpress:<blog>#42`): what
   * makes a second run of the same import add nothing.
   */
  key: string;
  line: number;
  /** The page's URL or key; null when the comment's thread names it (`threadKey`). */
  page: string | null;
  threadKey: string | null;
  /** The parent's `key`; null at top level. */
  parentKey: string | null;
  author: { name: string; email: string | null; url: string | null };
  /** The author's reader token (its SHA-256), from a Confab export with private data only. */
  tokenHash: Buffer | null;
  /** Markdown; empty while `html` waits for conversion. */
  body: string;
  /**
   * The body as HTML, when it is still to become Markdown: the import converts it on its
   * converter threads (convert.ts), which then check it as `bodyCheck` does. Only set on a
   * comment with no `skip`, whose body will be written.
   */
  html?: string;
  /** Milliseconds since the epoch; null when the source's time could not be read. */
  createdAt: number | null;
  editedAt: number | null;
  status: 'published' | 'pending';
  /**
   * Set when the comment is not to be shown (deleted, spam, a pingback) or its data is unusable.
   * Such a comment that has replies in the import becomes a tombstone; otherwise it is left out.
   */
  skip: Skip | null;
  up: number;
  down: number;
  /** What was changed to fit (a name shortened, a URL dropped), for the report. */
  notes: string[];
}

export type ImportItem = ThreadItem | CommentItem;

/** A file that cannot be imported at all; nothing is written. Names the place when known. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
  }

  /** `file, line 3, column 7: message`. */
  describe(file: string): string {
    const where = [file];
    if (this.line !== null) where.push(`line ${this.line}`);
    if (this.line !== null && this.column !== null) where.push(`column ${this.column}`);
    return `${where.join(', ')}: ${this.message}`;
  }
}

/** Bodies longer than this are refused (the limit of new comments is 10,000 characters). */
export const IMPORT_BODY_MAX_CHARS = 100_000;

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /\p{Surrogate}/gu;

/** Text as it can be stored: no NUL or other control characters but tab and newline, no lone surrogate. */
export function storableText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Keeps the first `max` code points. */
function firstCodePoints(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

/** An author name as Confab stores it: one line, at most 64 characters, "Anonymous" when empty. */
export function authorName(raw: string | null | undefined, notes: string[]): string {
  const name = storableText(raw ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') return 'Anonymous';
  if (codePointLength(name) > LIMITS.nameMaxChars) {
    notes.push(`name shortened to ${LIMITS.nameMaxChars} characters`);
    return firstCodePoints(name, LIMITS.nameMaxChars).trim();
  }
  return name;
}

/** An http(s) URL of at most 512 characters, or null (anything else is dropped, with a note when it was not empty). */
export function authorUrl(raw: string | null | undefined, notes: string[]): string | null {
  const text = (raw ?? '').trim();
  // Commento writes "undefined" for commenters without a link; WordPress sometimes "http://".
  if (text === '' || text === 'undefined' || /^https?:\/\/$/i.test(text)) return null;
  const url = httpUrl(text);
  if (!url || text.length > LIMITS.urlMaxChars) {
    notes.push('website dropped (not an http(s) URL of at most 512 characters)');
    return null;
  }
  return text;
}

/** An email address kept only for the site owner's records: the shape of one, or null. */
export function authorEmail(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
  return text !== '' && text.length <= LIMITS.emailMaxChars && /^[^\s@]+@[^\s@]+$/.test(text)
    ? text
    : null;
}

const OFFSET = /(?:Z|[+-]\d\d:?\d\d)$/i;

/**
 * A time in RFC 3339 or `YYYY-MM-DD HH:MM:SS` form, in milliseconds; a time without an offset
 * is UTC (Disqus and WordPress's `_gmt` fields are). Null when it is no time at all.
 */
export function parseTime(raw: string | null | undefined): number | null {
  const text = (raw ?? '').trim();
  const match =
    /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(
      text,
    );
  if (!match) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? '00'}${
    match[7] ? match[7].slice(0, 4) : ''
  }${OFFSET.test(text) ? normaliseOffset(match[8]!) : 'Z'}`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2019-02-31 over to March; a time that does not read back is no time.
  if (!Number.isFinite(ms) || new Date(ms).getUTCFullYear() < 1970) return null;
  const day = new Date(Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`));
  if (Number.isNaN(day.getTime()) || day.getUTCDate() !== Number(match[3])) return null;
  return ms;
}

function normaliseOffset(offset: string): string {
  if (/^z$/i.test(offset)) return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** A vote or like count: a whole number from 0 to 1,000,000, else 0. */
export function count(raw: string | number | null | undefined): number {
  const value = typeof raw === 'number' ? raw : Number((raw ?? '').trim() || '0');
  return Number.isSafeInteger(value) && value >= 0 && value <= 1_000_000 ? value : 0;
}

/** Checks a converted body; a skip for an empty or oversized one. */
export function bodyCheck(body: string): Skip | null {
  if (body.trim() === '') return { kind: 'failed', reason: 'the body is empty' };
  if (codePointLength(body) > IMPORT_BODY_MAX_CHARS) {
    return {
      kind: 'failed',
      reason: `the body is longer than ${IMPORT_BODY_MAX_CHARS.toLocaleString('en')} characters`,
    };
  }
  return null;
}
