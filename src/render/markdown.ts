import {
  imageSrc,
  linkHref,
  listStart,
  type BodyElement,
  type BodyNode,
  type BodyTag,
} from './allow-list.js';

/**
 * A compact Markdown converter for comment bodies: paragraphs (every line break kept, as comment
 * boxes do), emphasis, strong, strikethrough, inline and fenced/indented code, links and
 * autolinks, blockquotes, lists, rules; headings become strong paragraphs; images only when the
 * site owner allows them.
 *
 * Written for this widget instead of a general parser to keep the rich chunk small. It gives a
 * tree, not HTML: elements of the allow-listed tags only (allow-list.ts), attribute values checked
 * as they are made, and the source's text as strings. Nothing is ever parsed as HTML, so the back
 * ends (rich.ts, body-html.ts) have nothing to sanitise.
 */

export interface MarkdownOptions {
  allowImages: boolean;
}

function node(
  tag: BodyTag,
  children: BodyNode[] = [],
  attributes: BodyElement['attributes'] = {},
): BodyElement {
  return { tag, attributes, children };
}

/** Appends to `nodes`, joining adjacent text into one string (one text node, as a parser gives). */
function add(nodes: BodyNode[], item: BodyNode): void {
  if (item === '') return;
  const last = nodes.length - 1;
  if (typeof item === 'string' && typeof nodes[last] === 'string') nodes[last] += item;
  else nodes.push(item);
}

/** A link: its href only when it is an absolute http(s) or mailto URL, else a link to nowhere. */
function link(href: string, children: BodyNode[]): BodyElement {
  const valid = linkHref(href);
  return node('a', children, valid === null ? {} : { href: valid });
}

function codeBlock(text: string): BodyElement {
  return node('pre', [node('code', text ? [text] : [])]);
}

// A backtick fence's info string may not hold a backtick (that line is inline code); a tilde one may.
const FENCE = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const INDENTED = /^(?: {4}|\t)/;
const SETEXT = /^ {0,3}(?:=+|-+) *$/;
const BLANK = /^[ \t]*$/;

function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    RULE.test(line) ||
    HEADING.test(line) ||
    QUOTE.test(line) ||
    /^ {0,3}(?:[-*+]|1[.)])[ \t]+\S/.test(line)
  );
}

/**
 * Quotes and lists nested deeper than this are left as text. Each level is a recursive call (and
 * a pass over the remaining text), so a comment of ten thousand `>` would otherwise overflow the
 * stack, and with it the rendering of the whole thread.
 */
const MAX_NESTING = 16;

/** The body's tree. NUL becomes U+FFFD, as an HTML parser would make it of the server's copy. */
export function markdownToTree(source: string, options: MarkdownOptions): BodyNode[] {
  return blocks(source.replace(/\0/g, '\uFFFD').replace(/\r\n?/g, '\n').split('\n'), options, 0);
}

function blocks(lines: string[], options: MarkdownOptions, depth: number): BodyElement[] {
  const out: BodyElement[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (BLANK.test(line)) {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[2]!;
      const code: string[] = [];
      index++;
      while (
        index < lines.length &&
        !new RegExp(`^ {0,3}${marker[0]}{${marker.length},} *$`).test(lines[index]!)
      ) {
        // Content loses as much indentation as the opening fence had.
        code.push(lines[index++]!.replace(new RegExp(`^ {0,${fence[1]!.length}}`), ''));
      }
      index++;
      out.push(codeBlock(code.join('\n')));
      continue;
    }
    if (INDENTED.test(line)) {
      const code: string[] = [];
      while (index < lines.length && (INDENTED.test(lines[index]!) || BLANK.test(lines[index]!))) {
        code.push(lines[index++]!.replace(INDENTED, ''));
      }
      while (code.length && BLANK.test(code[code.length - 1]!)) code.pop();
      out.push(codeBlock(code.join('\n')));
      continue;
    }
    if (RULE.test(line)) {
      out.push(node('hr'));
      index++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push(node('p', [node('strong', inline(heading[1] ?? '', options))]));
      index++;
      continue;
    }
    if (depth < MAX_NESTING && QUOTE.test(line)) {
      const quoted: string[] = [];
      for (let next; index < lines.length; index++) {
        next = lines[index]!;
        if (QUOTE.test(next)) quoted.push(next.replace(QUOTE, ''));
        // Lazy continuation: a text line right after quoted text continues the quote's paragraph.
        else if (!BLANK.test(quoted[quoted.length - 1]!) && !BLANK.test(next) && !startsBlock(next))
          quoted.push(next);
        else break;
      }
      out.push(node('blockquote', blocks(quoted, options, depth + 1)));
      continue;
    }
    const item = depth < MAX_NESTING ? LIST_ITEM.exec(line) : null;
    if (item) {
      const result = list(lines, index, options, depth);
      out.push(result.list);
      index = result.next;
      continue;
    }
    const paragraph: string[] = [];
    let strong = false;
    while (index < lines.length && !BLANK.test(lines[index]!)) {
      const next = lines[index]!;
      if (paragraph.length && SETEXT.test(next)) {
        strong = true;
        index++;
        break;
      }
      if (paragraph.length && startsBlock(next)) break;
      paragraph.push(next.trim());
      index++;
    }
    const text = inline(paragraph.join('\n'), options);
    out.push(node('p', strong ? [node('strong', text)] : text));
  }
  return out;
}

function list(lines: string[], start: number, options: MarkdownOptions, depth: number) {
  const first = LIST_ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const delimiter = first[2]!.slice(-1);
  const items: string[][] = [];
  let loose = false;
  let index = start;
  let blankBefore = false;
  while (index < lines.length) {
    const line = lines[index]!;
    const marker = LIST_ITEM.exec(line);
    const sameList =
      marker &&
      (ordered
        ? /\d/.test(marker[2]!) && marker[2]!.slice(-1) === delimiter
        : marker[2] === delimiter);
    if (sameList) {
      if (blankBefore && items.length) loose = true;
      const width = marker[0].length;
      items.push([line.slice(width)]);
      index++;
      blankBefore = false;
      // Continuation: indented lines, or unindented text right after (lazy continuation).
      while (index < lines.length) {
        const next = lines[index]!;
        if (BLANK.test(next)) {
          blankBefore = true;
          index++;
          continue;
        }
        const indented = /^(?: {2,}|\t)/.test(next);
        if (indented) {
          if (blankBefore) items[items.length - 1]!.push('');
          items[items.length - 1]!.push(next.replace(/^(?: {1,4}|\t)/, ''));
          if (blankBefore) loose = true;
          blankBefore = false;
          index++;
          continue;
        }
        if (!blankBefore && !LIST_ITEM.test(next) && !startsBlock(next)) {
          items[items.length - 1]!.push(next);
          index++;
          continue;
        }
        break;
      }
      continue;
    }
    break;
  }
  // Trailing blank lines belong to nobody.
  const startNumber = ordered ? parseInt(first[2]!, 10) : 1;
  const shownStart = ordered && startNumber !== 1 ? listStart(startNumber) : null;
  const body = items.map((item) => {
    const inner = blocks(item, options, depth + 1);
    // A tight list's item shows its first paragraph's content without the paragraph.
    const paragraph = inner[0];
    if (!loose && paragraph?.tag === 'p') {
      return node('li', [...paragraph.children, ...inner.slice(1)]);
    }
    return node('li', inner);
  });
  const attributes = shownStart === null ? {} : { start: shownStart };
  return { list: node(ordered ? 'ol' : 'ul', body, attributes), next: index };
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
// A backtick run is taken whole: opened by a shorter piece of a longer run, a span would end early.
const CODE_SPAN = /(`+)(?:(?!`)([\s\S]*?[^`])\1(?!`))?/y;
const LINK =
  /(!?)\[((?:\\.|\[(?:\\.|[^[\]\\])*\]|[^[\]\\])*)\]\(\s*<?([^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/y;
const ANGLE_LINK = /<((?:https?|mailto):[^\s<>]+)>/y;
const BARE_LINK = /(?:https?:\/\/|www\.)[^\s<]*[^\s<.,:;"')\]!?*_~]/y;
/**
 * The closer may not follow its own marker (in `*a **b** c*` the `*` of `**` does not end the `*`),
 * and `_` does not close before a letter or digit (snake_case), so a later closer is tried instead.
 */
const CLOSER = String.raw`(?<=[^\s\\])(?<!\1)\1(?![*_~])(?!(?<=_)[\p{L}\p{N}])`;
const DELIMITED = new RegExp(String.raw`(\*\*|__|~~|\*|_)(?=\S)([\s\S]*?)` + CLOSER, 'yu');

/** Where the last closer `marker` could use starts (-1 if none); the same test as DELIMITED's end. */
function lastCloser(text: string, marker: string): number {
  const escaped = marker.replace(/\*/g, '\\*');
  return new RegExp(`^[\\s\\S]*(?=(?=(${escaped}))${CLOSER})`, 'u').exec(text)?.[0].length ?? -1;
}

function wordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

/** `inLink`: inside link text, where another link would nest `<a>` in `<a>`; those stay text. */
function inline(text: string, options: MarkdownOptions, depth = 0, inLink = false): BodyNode[] {
  // Each level of emphasis or link text rescans its content; past the block limit it is text.
  if (depth > MAX_NESTING) return text ? [text] : [];
  const out: BodyNode[] = [];
  let index = 0;
  const at = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = index;
    return pattern.exec(text);
  };
  // Without this, every opener that is never closed scans the rest of the text for a closer:
  // seconds for a few thousand of them.
  const closers: Record<string, number> = {};
  const closable = (marker: string) => (closers[marker] ??= lastCloser(text, marker)) > index;
  while (index < text.length) {
    const character = text[index]!;
    let match: RegExpExecArray | null;
    if (character === '\\' && text[index + 1] === '\n') {
      out.push(node('br'));
      index += 2;
    } else if (character === '\\' && PUNCTUATION.test(text[index + 1] ?? '')) {
      add(out, text[index + 1]!);
      index += 2;
    } else if (character === '\n') {
      out.push(node('br'));
      index++;
    } else if (character === '`') {
      match = at(CODE_SPAN)!;
      const code = match[2]?.replace(/\n/g, ' ');
      if (code === undefined) add(out, match[1]!);
      else out.push(node('code', [/^ .* $/.test(code) ? code.slice(1, -1) : code].filter(Boolean)));
      index += match[0].length;
    } else if (
      (character === '[' || character === '!') &&
      (match = at(LINK)) &&
      !(inLink && !match[1])
    ) {
      const [whole, bang, label, href] = match;
      if (bang) {
        // An image of another kind of address is left out, as its alt text alone would mislead.
        const src = options.allowImages ? imageSrc(href!) : null;
        if (!options.allowImages) add(out, label!);
        else if (src !== null) out.push(node('img', [], { src, alt: label! }));
      } else {
        out.push(link(href!, inline(label!, { ...options, allowImages: false }, depth + 1, true)));
      }
      index += whole.length;
    } else if (!inLink && character === '<' && (match = at(ANGLE_LINK))) {
      out.push(link(match[1]!, [match[1]!]));
      index += match[0].length;
    } else if (
      !inLink &&
      (character === 'h' || character === 'w') &&
      !wordCharacter(text[index - 1]) &&
      (match = at(BARE_LINK))
    ) {
      let url = match[0];
      // A closing parenthesis ends a URL only when it has no opening one in the URL: Wikipedia's Foo_(bar).
      if (text[index + url.length] === ')' && url.split('(').length > url.split(')').length)
        url += ')';
      out.push(link(url.startsWith('www.') ? `https://${url}` : url, [url]));
      index += url.length;
    } else if (
      (character === '*' ||
        character === '~' ||
        (character === '_' && !wordCharacter(text[index - 1]))) &&
      // A single `~` is never a marker.
      ((character !== '~' && closable(character)) || closable(character + character)) &&
      (match = at(DELIMITED))
    ) {
      const [whole, marker, content] = match;
      const tag = marker === '~~' ? 'del' : marker!.length === 2 ? 'strong' : 'em';
      out.push(node(tag, inline(content!, options, depth + 1, inLink)));
      index += whole.length;
    } else {
      add(out, character);
      index++;
    }
  }
  return out;
}
