/**
 * The protocol's rules about text, URLs, mentions, page keys and names, as pure functions that
 * the widget and the reference server share, so the two sides cannot disagree. The checks of the
 * fields a reader fills in live in `fields.ts`: only the composer needs them, so they load with it.
 */
import { httpUrl } from './http-url.js';
import { LIMITS } from './types.js';

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Whether `text` holds half a surrogate pair: not storable as UTF-8, so never the text read back. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** C0 controls (NUL among them), DEL and C1 controls: terminal escapes, six bytes each in JSON. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether `text` holds a control character; `lineBreaks` allows tab, LF and CR. */
export function hasControlCharacters(text: string, lineBreaks = false): boolean {
  return CONTROL.test(lineBreaks ? text.replace(/[\t\n\r]/g, '') : text);
}

/** Kept in its own module (see there) and part of the rules all the same. */
export { httpUrl };

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
  if (hasControlCharacters(key)) return 'control_characters';
  // A lone surrogate would be stored as U+FFFD: another key than the one sent.
  if (hasLoneSurrogate(key)) return 'invalid_unicode';
  return null;
}

/**
 * Characters nobody sees: format characters (zero-width space and joiners, bidi controls, the
 * BOM, soft hyphen) and every other default-ignorable code point (variation selectors, the
 * combining grapheme joiner, Hangul fillers, tag characters).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Letters that look like Latin ones, after case folding, each followed by the letter it passes
 * for: Cyrillic and Greek look-alikes, and the Latin letters and digits easily taken for one
 * another (I, l, 1; O, 0). Upper-case look-alikes are covered through their lower case (Greek Η
 * folds to η, mapped to h).
 */
const LOOK_ALIKE_PAIRS =
  'аa вb ьb сc ԁd еe һh нh іl јj кk ӏl мm оo рp ԛq ѕs тt уy үy ԝw ѡw хx ѵv гr пn ' +
  'αa βb ϲc εe ηh ιl κk μm νn οo ρp τt υy χx ζz ωw ' +
  'ıl il 1l |l ǀl 0o ɡg ɑa';
// Built on first use: a table made at module level would stay in every bundle that imports these
// rules, the widget's entry among them, although only the server compares names.
let lookAlikes: { map: Map<string, string>; pattern: RegExp } | undefined;
function lookAlikeTable(): { map: Map<string, string>; pattern: RegExp } {
  if (lookAlikes) return lookAlikes;
  const map = new Map(LOOK_ALIKE_PAIRS.split(' ').map((pair) => [...pair] as [string, string]));
  const pattern = new RegExp(`[${[...map.keys()].join('').replace('|', '\\|')}]`, 'gu');
  return (lookAlikes = { map, pattern });
}

/**
 * The key under which names are compared: two names with the same key could pass for one
 * another. NFKC (full-width and styled letters become plain ones), invisible characters removed,
 * white space collapsed, full case folding (ß and SS, ς and Σ agree), then look-alike letters
 * mapped to one skeleton letter, and `rn` read as `m`, `vv` as `w`. The server reserves the names
 * of signed-in readers and of moderators by this key; it is for comparing, never for showing.
 */
export function nameKey(name: string): string {
  const plain = name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  // Upper then lower case folds what lower case alone keeps apart (ß → SS → ss).
  const folded = plain.toUpperCase().toLowerCase().normalize('NFKC');
  const { map, pattern } = lookAlikeTable();
  return folded
    .replace(pattern, (char) => map.get(char)!)
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
}
