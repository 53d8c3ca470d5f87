import {
  findNodeAtLocation,
  parse,
  parseTree,
  printParseErrorCode,
  type ParseError,
} from 'jsonc-parser';
import { ImportFileError } from './items.js';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset;) {
    line += 1;
    lineStart = index + 1;
    index = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

/** The lines of several offsets, given in increasing order: one pass over the text. */
export function linesOf(text: string, offsets: readonly number[]): number[] {
  let line = 1;
  let position = 0;
  return offsets.map((offset) => {
    for (let next = text.indexOf('\n', position); next !== -1 && next < offset;) {
      line += 1;
      position = next + 1;
      next = text.indexOf('\n', position);
    }
    return line;
  });
}

const WORDING: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'a property name (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the document goes on after its end',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'malformed escape',
  InvalidCharacter: 'a control character in a string',
};

/**
 * Parses a JSON export. JSON.parse does the work; when it refuses, a second, position-aware
 * parser (jsonc-parser, strict settings) finds where, so the error names the line and column.
 */
export function parseJson(text: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new ImportFileError('the file is empty');
  try {
    return JSON.parse(source);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(source, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) throw new ImportFileError(`not JSON: ${(error as Error).message}`);
    const { line, column } = lineColumn(source, first.offset);
    const code = printParseErrorCode(first.error);
    throw new ImportFileError(`not valid JSON: ${WORDING[code] ?? code}`, line, column);
  }
}

/**
 * Where a value sits in a JSON text, by its path (`['threads', 0, 'page']`): for errors about
 * a document that parsed. Parses the text again; only errors pay for it.
 */
export function locate(
  text: string,
  path: ReadonlyArray<string | number>,
): { line: number; column: number } | null {
  const source = text.replace(/^\uFEFF/, '');
  const root = parseTree(source);
  if (!root) return null;
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(root, path.slice(0, length) as Array<string | number>);
    if (node) {
      // A property's value: point at its name, which is what a reader looks for.
      const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
      return lineColumn(source, at);
    }
  }
  return null;
}
