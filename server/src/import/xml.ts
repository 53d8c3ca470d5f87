import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportFileError } from './items.js';

/** An element as the visitors see it: namespaces resolved, its start line kept. */
export interface XmlElement {
  /** The name without its prefix. */
  local: string;
  /** Its namespace URI ('' for none); an undeclared prefix resolves to `urn:undeclared:<prefix>`. */
  uri: string;
  prefix: string;
  line: number;
  /** An attribute's value by its local name and, optionally, a test of its namespace. */
  attribute(
    local: string,
    namespace?: (uri: string, prefix: string) => boolean,
  ): string | undefined;
}

/**
 * Walks a document. `close` receives the text (character data and CDATA) the element held
 * after its last child element, which for the leaf elements the exports use is their content.
 * `emit` hands an item to the caller.
 */
export interface XmlVisitor<T> {
  open(element: XmlElement, depth: number, emit: (item: T) => void): void;
  close(element: XmlElement, text: string, depth: number, emit: (item: T) => void): void;
}

/** Character data kept per element at most; a longer one is an error, not a memory hazard. */
const MAX_TEXT_CHARS = 16 * 1024 * 1024;

/**
 * Streams an XML document through saxes and yields what the visitor emits as it goes: memory
 * holds one element's text and the items of one chunk, whatever the size of the file. A
 * document that is not well-formed XML throws an ImportFileError naming the line and column.
 */
export async function* walkXml<T>(
  chunks: AsyncIterable<string>,
  visitor: XmlVisitor<T>,
): AsyncGenerator<T> {
  const parser = new SaxesParser({
    xmlns: true,
    position: true,
    // Exports written by hand (or by scripts) sometimes use dsq: or wp: without declaring it;
    // the prefix still says what is meant.
    resolvePrefix: (prefix: string) => (prefix === '' ? '' : `urn:undeclared:${prefix}`),
  });
  const out: T[] = [];
  const emit = (item: T) => out.push(item);
  const stack: XmlElement[] = [];
  let text = '';
  let tagLine = 1;
  // Leading blank lines before the XML declaration are tolerated; lines still count from the file's first.
  let lineOffset = 0;
  let started = false;

  const fail = (message: string): never => {
    throw new ImportFileError(message, parser.line + lineOffset, parser.column + 1);
  };
  parser.on('error', (error) => fail(error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')));
  parser.on('opentagstart', () => {
    tagLine = parser.line + lineOffset;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element = elementOf(tag, tagLine);
    stack.push(element);
    text = '';
    visitor.open(element, stack.length, emit);
  });
  parser.on('text', (data) => {
    text += data;
    if (text.length > MAX_TEXT_CHARS) fail('an element holds more than 16 MB of text');
  });
  parser.on('cdata', (data) => {
    text += data;
    if (text.length > MAX_TEXT_CHARS) fail('an element holds more than 16 MB of text');
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    const content = text;
    text = '';
    visitor.close(element, content, stack.length + 1, emit);
  });

  for await (let chunk of chunks) {
    if (!started) {
      const leading = /^\uFEFF?\s*/.exec(chunk)![0];
      if (leading.length === chunk.length) continue;
      started = true;
      if (chunk.startsWith('<?xml', leading.length)) {
        lineOffset = leading.split('\n').length - 1;
        chunk = chunk.slice(leading.length);
      }
    }
    parser.write(chunk);
    if (out.length > 0) yield* out.splice(0);
  }
  if (!started) throw new ImportFileError('the file is empty');
  parser.close();
  if (out.length > 0) yield* out.splice(0);
}

function elementOf(tag: SaxesTagNS, line: number): XmlElement {
  return {
    local: tag.local,
    uri: tag.uri,
    prefix: tag.prefix,
    line,
    attribute(local, namespace) {
      for (const attribute of Object.values(tag.attributes)) {
        if (attribute.local !== local) continue;
        if (namespace && !namespace(attribute.uri, attribute.prefix)) continue;
        return attribute.value;
      }
      return undefined;
    },
  };
}
