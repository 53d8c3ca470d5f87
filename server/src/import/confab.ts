import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { markdownBody } from './html.js';
import {
  authorEmail,
  authorName,
  authorUrl,
  bodyCheck,
  ImportFileError,
  parseTime,
  type CommentItem,
  type ImportItem,
  type Skip,
} from './items.js';
import { linesOf, locate, parseJson } from './json.js';
import { visit } from 'jsonc-parser';

/**
 * Confab's own export format (what `confab-server export` writes), checked against its JSON
 * Schema, docs/export-format.schema.json: the schema is the format's one definition, read here
 * at run time. A file the schema refuses is refused whole, with the place named.
 */

export const SCHEMA_URL = new URL('../../../docs/export-format.schema.json', import.meta.url);

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;

let validator: ValidateFunction | null = null;

/** The schema, compiled once. */
export function exportValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajv.addFormat('date-time', {
      type: 'string',
      validate: (value: string) => RFC3339.test(value) && parseTime(value) !== null,
    });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  return validator;
}

/** `threads[0].comments[2].createdAt`, from a JSON pointer. */
function dotted(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${segment}`,
    )
    .join('');
}

function pathOf(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function schemaError(error: ErrorObject, text: string): ImportFileError {
  const path = pathOf(error.instancePath);
  const where = path.length === 0 ? 'the document' : dotted(path);
  let message = `${where} ${error.message ?? 'is not valid'}`;
  if (error.keyword === 'const' || error.keyword === 'enum') {
    const allowed = error.params as { allowedValue?: unknown; allowedValues?: unknown[] };
    const values = allowed.allowedValues ?? [allowed.allowedValue];
    message = `${where} must be ${values.map((value) => JSON.stringify(value)).join(' or ')}`;
  }
  const at = locate(text, path);
  return new ImportFileError(message, at?.line ?? null, at?.column ?? null);
}

type Json = Record<string, unknown>;

/** The line each comment starts on, by thread and position (for the report). */
function commentLines(text: string): number[][] {
  const offsets: Array<{ thread: number; offset: number }> = [];
  visit(text, {
    onObjectBegin(offset, _length, _line, _column, path) {
      const at = path();
      if (at.length === 4 && at[0] === 'threads' && at[2] === 'comments') {
        offsets.push({ thread: at[1] as number, offset });
      }
    },
  });
  const lines = linesOf(
    text,
    offsets.map(({ offset }) => offset),
  );
  const byThread: number[][] = [];
  offsets.forEach(({ thread }, index) => (byThread[thread] ??= []).push(lines[index]!));
  return byThread;
}

interface ExportComment {
  id: string;
  parentId: string | null;
  author: { name: string; url: string | null; email?: string | null };
  body: string;
  createdAt: string;
  editedAt?: string | null;
  status: 'published' | 'pending' | 'deleted';
  votes: { up: number; down: number };
  sourceKey?: string;
  token?: string;
}

interface ExportThread {
  page: string;
  locked?: boolean;
  comments: ExportComment[];
}

/** The threads and comments of a Confab export (read whole). */
export function* parseConfab(text: string): Generator<ImportItem> {
  const document = parseJson(text);
  const validate = exportValidator();
  if (!validate(document)) throw schemaError(validate.errors![0]!, text);
  const threads = (document as Json).threads as ExportThread[];
  const lines = commentLines(text.replace(/^\uFEFF/, ''));
  for (const [t, thread] of threads.entries()) {
    yield {
      kind: 'thread',
      key: `confab-thread:${thread.page}`,
      page: thread.page,
      locked: thread.locked === true,
      line: 0,
    };
    const keys = new Map<string, string>();
    for (const comment of thread.comments) {
      if (!keys.has(comment.id))
        keys.set(comment.id, comment.sourceKey ?? `confab:${thread.page}#${comment.id}`);
    }
    for (const [c, comment] of thread.comments.entries()) {
      yield item(thread, comment, keys, lines[t]?.[c] ?? 0);
    }
  }
}

function item(
  thread: ExportThread,
  comment: ExportComment,
  keys: ReadonlyMap<string, string>,
  line: number,
): CommentItem {
  const notes: string[] = [];
  const deleted = comment.status === 'deleted';
  const body = deleted ? '' : markdownBody(comment.body);
  const ownKey = comment.sourceKey ?? `confab:${thread.page}#${comment.id}`;
  let skip: Skip | null;
  if (keys.get(comment.id) !== ownKey) {
    skip = { kind: 'failed', reason: `id "${comment.id}" is used twice in this thread` };
  } else if (deleted) skip = { kind: 'skipped', reason: 'deleted' };
  else skip = bodyCheck(body);
  let parentKey: string | null = null;
  if (comment.parentId !== null) {
    parentKey = keys.get(comment.parentId) ?? `confab:${thread.page}#${comment.parentId}`;
  }
  return {
    kind: 'comment',
    key: ownKey,
    line,
    page: thread.page,
    threadKey: null,
    parentKey,
    author: {
      name: deleted ? '' : authorName(comment.author.name, notes),
      email: authorEmail(comment.author.email),
      url: deleted ? null : authorUrl(comment.author.url, notes),
    },
    tokenHash: comment.token ? Buffer.from(comment.token, 'hex') : null,
    body,
    createdAt: parseTime(comment.createdAt),
    editedAt: comment.editedAt ? parseTime(comment.editedAt) : null,
    status: comment.status === 'pending' ? 'pending' : 'published',
    skip,
    up: comment.votes.up,
    down: comment.votes.down,
    notes,
  };
}
