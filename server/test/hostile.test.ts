/**
 * Hostile requests against the real server process and a real SQLite file.
 *
 * Every row of the table is one bad request. Each must get the right 4xx
 * with the protocol's error body, and a snapshot of every table (row counts
 * and a checksum of every row) taken before and after must be identical:
 * a rejected request stores nothing and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Comment, ErrorBody, ErrorCode, ThreadResponse } from '../../src/protocol/index.js';
import { ERROR_STATUS, LIMITS } from '../../src/protocol/index.js';
import { DbInspector } from './support/db-snapshot.js';
import { freshDatabase } from './support/store.js';
import { ApiClient, send, type RawRequest, type RawResponse } from './support/http.js';
import { ALLOWED_ORIGIN, startServer, type ServerProcess } from './support/server-process.js';

const PAGE_A = 'https://blog.example/hostile-a';
const PAGE_B = 'https://blog.example/hostile-b';

/** Comments and tokens the bad requests aim at. */
interface Fixture {
  alice: string;
  bob: string;
  /** alice's top-level comment on page A. */
  top: Comment;
  /** bob's reply to `top`. */
  reply: Comment;
  /** alice's comment on page A, deleted without replies. */
  deleted: Comment;
  /** alice's comment on page A, deleted after bob replied: a tombstone. */
  tombstone: Comment;
  /** bob's comment on page B. */
  otherPage: Comment;
}

type Dynamic<T> = T | ((f: Fixture) => T);

interface BadCase {
  name: string;
  method: string;
  path: Dynamic<string>;
  /** Whose token goes in `Authorization: Bearer`; `null` sends none. Default alice. */
  as?: 'alice' | 'bob' | null;
  headers?: Dynamic<Record<string, string>>;
  body?: Dynamic<string | Buffer | object>;
  withholdBody?: boolean;
  /**
   * The server refuses before reading the whole body and closes the connection: a close during
   * the upload (EPIPE, ECONNRESET, the answer lost with the connection) is that refusal too.
   */
  closesEarly?: boolean;
  status: number;
  code: ErrorCode;
  /** Request fields the error must name. */
  fields?: string[];
}

function newComment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    page: PAGE_A,
    parentId: null,
    body: 'A fine comment.',
    author: { name: 'Mallory' },
    ...overrides,
  };
}

/** The valid comment body as JSON text, with one raw fragment spliced in, for bytes JSON.stringify cannot produce. */
function commentJsonWith(field: 'body' | 'name', rawJsonValue: string): string {
  const name = field === 'name' ? rawJsonValue : '"Mallory"';
  const body = field === 'body' ? rawJsonValue : '"A fine comment."';
  return `{"page":${JSON.stringify(PAGE_A)},"parentId":null,"body":${body},"author":{"name":${name}}}`;
}

function commentBytesWith(field: 'body' | 'name', rawBytes: Buffer): Buffer {
  const [head, tail] = commentJsonWith(field, '"\u0001"').split('\u0001');
  return Buffer.concat([Buffer.from(head!, 'utf8'), rawBytes, Buffer.from(tail!, 'utf8')]);
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const vote = (id: Dynamic<string>) => (f: Fixture) =>
  `/comments/${encodeURIComponent(typeof id === 'function' ? id(f) : id)}/vote`;
const commentPath = (id: Dynamic<string>) => (f: Fixture) =>
  `/comments/${encodeURIComponent(typeof id === 'function' ? id(f) : id)}`;
const SQL_ID = "1' OR '1'='1";

const cases: BadCase[] = [
  // --- Malformed JSON -----------------------------------------------------------------------
  ...[
    ['truncated object', '{"page": "x", "body": '],
    ['trailing comma', '{"page":"x","parentId":null,"body":"b","author":{"name":"n"},}'],
    ['bare words', 'not json at all'],
    ['single-quoted keys', "{'page':'x','body':'b','author':{'name':'n'}}"],
    ['a JSON string', '"just a string"'],
    ['a JSON array', '[1, 2, 3]'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['two objects back to back', '{}{}'],
    ['NaN literal', '{"page":"x","body":NaN}'],
    ['comment in JSON', '{"page":"x" /* hi */}'],
  ].map(([label, raw]): BadCase => ({
    name: `malformed JSON: ${label}`,
    method: 'POST',
    path: '/comments',
    body: raw!,
    status: 400,
    code: 'invalid_request',
  })),
  {
    name: 'malformed JSON: empty body with a JSON content type',
    method: 'POST',
    path: '/comments',
    body: '',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'malformed JSON: __proto__ key (prototype poisoning)',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('name', '"x"').replace('{', '{"__proto__":{"isAdmin":true},'),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'malformed JSON: constructor.prototype key',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('name', '"x"').replace('{', '{"constructor":{"prototype":{"x":1}},'),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'malformed JSON: PATCH with truncated body',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: '{"body": "unterminated',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'malformed JSON: vote with truncated body',
    method: 'PUT',
    path: vote((f) => f.top.id),
    body: '{"value": ',
    status: 400,
    code: 'invalid_request',
  },

  // --- Wrong types ----------------------------------------------------------------------------
  ...(
    [
      ['page as a number', { page: 123 }, 'page'],
      ['page as null', { page: null }, 'page'],
      ['page as an object', { page: { href: PAGE_A } }, 'page'],
      ['body as a number', { body: 42 }, 'body'],
      ['body as a boolean', { body: true }, 'body'],
      ['body as an array', { body: ['A fine comment.'] }, 'body'],
      ['body as an object', { body: { text: 'hi' } }, 'body'],
      ['author as a string', { author: 'Mallory' }, 'author'],
      ['author as an array', { author: ['Mallory'] }, 'author'],
      ['author.name as a number', { author: { name: 7 } }, 'author.name'],
      ['author.url as a number', { author: { name: 'M', url: 42 } }, 'author.url'],
      ['author.email as an array', { author: { name: 'M', email: ['a@b.c'] } }, 'author.email'],
      ['parentId as a number', { parentId: 5 }, 'parentId'],
      ['parentId as an object', { parentId: { id: 'x' } }, 'parentId'],
    ] as const
  ).map(([label, overrides, field]): BadCase => ({
    name: `wrong type: ${label}`,
    method: 'POST',
    path: '/comments',
    body: newComment(overrides),
    status: 400,
    code: 'invalid_request',
    fields: [field],
  })),
  {
    name: 'wrong type: PATCH body as a number',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: { body: 12 },
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },

  // --- Missing fields -------------------------------------------------------------------------
  ...(['page', 'body', 'author'] as const).map((field): BadCase => ({
    name: `missing field: ${field}`,
    method: 'POST',
    path: '/comments',
    body: (() => {
      const body = newComment();
      delete body[field];
      return body;
    })(),
    status: 400,
    code: 'invalid_request',
    fields: [field],
  })),
  {
    name: 'missing field: author.name',
    method: 'POST',
    path: '/comments',
    body: newComment({ author: { url: 'https://mallory.example' } }),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  },
  {
    name: 'missing field: empty object',
    method: 'POST',
    path: '/comments',
    body: {},
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'missing field: PATCH without body',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: {},
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },

  // --- Values out of range ---------------------------------------------------------------------
  ...(
    [
      ['empty body', { body: '' }, 'body'],
      ['whitespace-only body', { body: ' \n\t  \r\n' }, 'body'],
      ['body one character too long', { body: 'x'.repeat(LIMITS.bodyMaxChars + 1) }, 'body'],
      ['empty name', { author: { name: '' } }, 'author.name'],
      ['name one character too long', { author: { name: 'n'.repeat(65) } }, 'author.name'],
      ['javascript: url', { author: { name: 'M', url: 'javascript:alert(1)' } }, 'author.url'],
      [
        'data: url',
        { author: { name: 'M', url: 'data:text/html,<script>1</script>' } },
        'author.url',
      ],
      ['ftp url', { author: { name: 'M', url: 'ftp://files.example/' } }, 'author.url'],
      ['url that is not a URL', { author: { name: 'M', url: 'not a url' } }, 'author.url'],
      [
        'url one character too long',
        { author: { name: 'M', url: `https://e.example/${'a'.repeat(LIMITS.urlMaxChars)}` } },
        'author.url',
      ],
      ['empty page key', { page: '' }, 'page'],
      ['page key over 512 characters', { page: 'p'.repeat(LIMITS.pageKeyMaxChars + 1) }, 'page'],
    ] as const
  ).map(([label, overrides, field]): BadCase => ({
    name: `out of range: ${label}`,
    method: 'POST',
    path: '/comments',
    body: newComment(overrides),
    status: 400,
    code: 'invalid_request',
    fields: [field],
  })),
  {
    name: 'out of range: PATCH to an empty body',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: { body: '   ' },
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },

  // --- Null bytes and invalid Unicode ---------------------------------------------------------------
  {
    name: 'null byte in body',
    method: 'POST',
    path: '/comments',
    body: newComment({ body: 'before\u0000after' }),
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },
  {
    name: 'null byte in author name',
    method: 'POST',
    path: '/comments',
    body: newComment({ author: { name: 'Mal\u0000lory' } }),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  },
  {
    name: 'null byte in page key',
    method: 'POST',
    path: '/comments',
    body: newComment({ page: 'post-1\u0000' }),
    status: 400,
    code: 'invalid_request',
    fields: ['page'],
  },
  {
    name: 'null byte in edited body',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: { body: 'edit\u0000' },
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },
  {
    name: 'invalid UTF-8: stray 0xFF byte in body',
    method: 'POST',
    path: '/comments',
    body: commentBytesWith('body', Buffer.from([0x68, 0x69, 0xff, 0x21])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'invalid UTF-8: overlong encoding of "/" in body',
    method: 'POST',
    path: '/comments',
    body: commentBytesWith('body', Buffer.from([0x61, 0xc0, 0xaf, 0x62])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'invalid UTF-8: encoded surrogate in author name',
    method: 'POST',
    path: '/comments',
    body: commentBytesWith('name', Buffer.from([0x4d, 0xed, 0xa0, 0x80])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'invalid UTF-8: truncated multi-byte sequence at the end of a string',
    method: 'POST',
    path: '/comments',
    body: commentBytesWith('body', Buffer.from([0x6f, 0x6b, 0xe2, 0x82])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'lone surrogate escape in author name',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('name', '"\\udc00Mallory"'),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  },
  {
    name: 'lone surrogate escape in page key',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('name', '"Mallory"').replace(JSON.stringify(PAGE_A), '"post-\\ud800"'),
    status: 400,
    code: 'invalid_request',
    fields: ['page'],
  },
  {
    name: 'lone surrogate escape in body',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('body', '"half a pair: \\ud83d"'),
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },

  // --- Control and invisible characters (issue 15, items 1 and 12) ------------------------------
  ...(
    [
      ['zero-width spaces', '\u200b\u200b\u200b'],
      ['joiners', '\u200c\u200d\u2060'],
      ['byte order marks', '\ufeff\ufeff'],
      ['a mix of invisible characters and spaces', ' \u200b \u200d\n\ufeff\u00ad\u3164 '],
    ] as const
  ).map(([label, text]): BadCase => ({
    name: `body of invisible characters only: ${label}`,
    method: 'POST',
    path: '/comments',
    body: newComment({ body: text }),
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  })),
  {
    name: 'name of invisible characters only',
    method: 'POST',
    path: '/comments',
    body: newComment({ author: { name: '\u200b\u200d\ufeff' } }),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  },
  {
    name: 'PATCH to a body of zero-width spaces',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: { body: '\u200b\u200b' },
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },
  ...(
    [
      ['CR', 'Mal\rlory'],
      ['LF', 'Mal\nlory'],
      ['CR LF', 'Mallory\r\nAdmin'],
      ['BEL', 'Mallory\u0007'],
      ['ESC', '\u001b[2KMallory'],
      ['tab', 'Mal\tlory'],
      ['DEL', 'Mallory\u007f'],
      ['C1 CSI (U+009B)', 'Mallory\u009b2J'],
    ] as const
  ).map(([label, name]): BadCase => ({
    name: `control character in author name: ${label}`,
    method: 'POST',
    path: '/comments',
    body: newComment({ author: { name } }),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  })),
  ...(
    [
      ['ESC sequences that erase a line', '\u001b[2K\u001b[1Aforged line'],
      ['BEL', 'ding\u0007'],
      ['backspaces', 'rm\b\b\b'],
      ['C1 NEL (U+0085)', 'one\u0085two'],
      ['10,000 control characters', '\u0001'.repeat(LIMITS.bodyMaxChars)],
    ] as const
  ).map(([label, body]): BadCase => ({
    name: `control characters in body: ${label}`,
    method: 'POST',
    path: '/comments',
    body: newComment({ body }),
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  })),
  {
    name: 'control characters in an edited body',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    body: { body: 'edited\u001b]0;title\u0007' },
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },
  {
    name: 'control characters in a report note',
    method: 'POST',
    path: (f) => `/comments/${f.reply.id}/reports`,
    body: { reason: 'spam', note: 'see \u001b[31mthis' },
    status: 400,
    code: 'invalid_request',
    fields: ['note'],
  },
  {
    name: 'C1 control in a page key',
    method: 'POST',
    path: '/comments',
    body: newComment({ page: 'post-\u009b' }),
    status: 400,
    code: 'invalid_request',
    fields: ['page'],
  },

  // --- Invalid UTF-8 and malformed escapes in query parameters (issue 15, item 12) ----------------
  ...(
    [
      ['a stray 0xFF in page', '/threads?page=%FF'],
      ['an overlong "/" in page', '/threads?page=post%C0%AF1'],
      ['an encoded surrogate in page', '/threads?page=post-%ED%A0%80'],
      ['a truncated sequence in page', '/threads?page=post-%E2%82'],
      ['invalid UTF-8 in sort', '/threads?page=x&sort=top%FF'],
      ['invalid UTF-8 in cursor', '/threads?page=x&cursor=%C3'],
      ['invalid UTF-8 in limit', '/threads?page=x&limit=5%80'],
      ['invalid UTF-8 in an unknown parameter', '/threads?page=x&utm_source=%FE%FF'],
      ['invalid UTF-8 in a parameter name', '/threads?page=x&%FF=1'],
      ['a malformed escape', '/threads?page=post-%zz'],
      ['a lone percent sign', '/threads?page=50%'],
      ['invalid UTF-8 in counts', '/counts?page=a&page=%FF'],
      ['invalid UTF-8 in events', '/events?page=%FF'],
      ['invalid UTF-8 in lastEventId', '/events?page=x&lastEventId=%FF'],
      ['invalid UTF-8 on a route without parameters', '/health?x=%FF'],
    ] as const
  ).map(([label, path]): BadCase => ({
    name: `query parameter with ${label}`,
    method: 'GET',
    path,
    as: null,
    status: 400,
    code: 'invalid_request',
  })),
  {
    name: 'query parameter with invalid UTF-8 on a write',
    method: 'POST',
    path: '/comments?x=%C0',
    body: newComment(),
    status: 400,
    code: 'invalid_request',
  },

  // --- Deeply nested JSON ------------------------------------------------------------------------
  {
    name: 'deeply nested arrays as body (20,000 levels)',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('body', nested(20_000)),
    status: 400,
    code: 'invalid_request',
    fields: ['body'],
  },
  {
    name: 'deeply nested objects as author name (5,000 levels)',
    method: 'POST',
    path: '/comments',
    body: commentJsonWith('name', deepObject(5_000)),
    status: 400,
    code: 'invalid_request',
    fields: ['author.name'],
  },
  {
    name: 'deeply nested arrays as vote value',
    method: 'PUT',
    path: vote((f) => f.top.id),
    body: `{"value":${nested(20_000)}}`,
    status: 400,
    code: 'invalid_request',
    fields: ['value'],
  },

  // --- Oversize ----------------------------------------------------------------------------------
  {
    name: 'oversize body (2 MiB)',
    method: 'POST',
    path: '/comments',
    body: newComment({ body: 'x'.repeat(2 * 1024 * 1024) }),
    closesEarly: true,
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'Content-Length announcing 100 MB, body never sent',
    method: 'POST',
    path: '/comments',
    headers: { 'content-type': 'application/json', 'content-length': '100000000' },
    body: '',
    withholdBody: true,
    status: 413,
    code: 'payload_too_large',
  },
  {
    // Just over Node's 16 KiB limit: small enough to arrive in one read, so the
    // server never closes on unread bytes (which would reset the connection).
    name: 'oversize header (20 KiB)',
    method: 'GET',
    path: `/threads?page=${encodeURIComponent(PAGE_A)}`,
    headers: { 'x-filler': 'h'.repeat(20 * 1024) },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'oversize request line (20 KiB query)',
    method: 'GET',
    path: `/threads?page=${'q'.repeat(20 * 1024)}`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'page key over 512 characters in a query',
    method: 'GET',
    path: `/threads?page=${'p'.repeat(LIMITS.pageKeyMaxChars + 1)}`,
    status: 400,
    code: 'invalid_request',
    fields: ['page'],
  },

  // --- SQL injection in ids and queries ---------------------------------------------------------
  {
    name: 'SQL injection as a comment id to vote on',
    method: 'PUT',
    path: vote(SQL_ID),
    body: { value: 1 },
    status: 404,
    code: 'not_found',
  },
  {
    name: 'SQL injection as a comment id to delete',
    method: 'DELETE',
    path: commentPath("x' OR 1=1; --"),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'SQL injection as a comment id to edit',
    method: 'PATCH',
    path: commentPath((f) => `${f.top.id}' OR '1'='1`),
    body: { body: 'owned' },
    status: 404,
    code: 'not_found',
  },
  {
    name: 'SQL injection in a sort parameter',
    method: 'GET',
    path: `/threads?page=${encodeURIComponent(PAGE_A)}&sort=${encodeURIComponent('oldest; DROP TABLE comments')}`,
    status: 400,
    code: 'invalid_request',
    fields: ['sort'],
  },

  // --- Bad ids -------------------------------------------------------------------------------------
  ...(
    [
      ['negative id', '-1'],
      ['zero id', '0'],
      ['huge numeric id', '99999999999999999999999999999999'],
      ['garbage id', 'zz%%garbage'],
      ['id of 600 characters', 'i'.repeat(600)],
      ['dot-dot id', '../../etc/passwd'],
    ] as const
  ).flatMap(([label, id]): BadCase[] => [
    {
      name: `vote on ${label}`,
      method: 'PUT',
      path: vote(id),
      body: { value: 1 },
      status: 404,
      code: 'not_found',
    },
    {
      name: `edit of ${label}`,
      method: 'PATCH',
      path: commentPath(id),
      body: { body: 'edited' },
      status: 404,
      code: 'not_found',
    },
  ]),
  {
    name: 'malformed percent-encoding in a comment id',
    method: 'PUT',
    path: '/comments/%E0%A4%A/vote',
    body: { value: 1 },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'vote on an id of 5,000 characters',
    method: 'PUT',
    path: vote('9'.repeat(5000)),
    body: { value: 1 },
    status: 404,
    code: 'not_found',
  },
  {
    name: 'delete of a missing id',
    method: 'DELETE',
    path: commentPath('no-such-comment'),
    status: 404,
    code: 'not_found',
  },

  // --- Replies to parents that cannot take one ---------------------------------------------------
  {
    name: 'reply to a missing parent',
    method: 'POST',
    path: '/comments',
    body: newComment({ parentId: 'no-such-comment' }),
    status: 400,
    code: 'invalid_request',
    fields: ['parentId'],
  },
  {
    name: 'reply to a deleted parent',
    method: 'POST',
    path: '/comments',
    body: (f) => newComment({ parentId: f.deleted.id }),
    status: 400,
    code: 'invalid_request',
    fields: ['parentId'],
  },
  {
    name: 'reply to a tombstone',
    method: 'POST',
    path: '/comments',
    body: (f) => newComment({ parentId: f.tombstone.id }),
    status: 400,
    code: 'invalid_request',
    fields: ['parentId'],
  },
  {
    name: 'reply to a comment of another page',
    method: 'POST',
    path: '/comments',
    body: (f) => newComment({ parentId: f.otherPage.id }),
    status: 400,
    code: 'invalid_request',
    fields: ['parentId'],
  },
  {
    name: 'reply whose parent id is an SQL injection',
    method: 'POST',
    path: '/comments',
    body: newComment({ parentId: SQL_ID }),
    status: 400,
    code: 'invalid_request',
    fields: ['parentId'],
  },

  // --- Votes -------------------------------------------------------------------------------------
  ...(
    [
      ['2', 2],
      ['-2', -2],
      ['the string "1"', '1'],
      ['1.5', 1.5],
      ['null', null],
      ['true', true],
      ['an array [1]', [1]],
      ['1e309 (infinity)', '__raw:1e309'],
    ] as const
  ).map(([label, value]): BadCase => ({
    name: `vote value ${label}`,
    method: 'PUT',
    path: vote((f) => f.top.id),
    body:
      typeof value === 'string' && value.startsWith('__raw:')
        ? `{"value":${value.slice(6)}}`
        : { value },
    status: 400,
    code: 'invalid_request',
    fields: ['value'],
  })),
  {
    name: 'vote without a value',
    method: 'PUT',
    path: vote((f) => f.top.id),
    body: {},
    status: 400,
    code: 'invalid_request',
    fields: ['value'],
  },
  {
    name: 'vote on a deleted comment',
    method: 'PUT',
    path: vote((f) => f.deleted.id),
    body: { value: 1 },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'vote on a tombstone',
    method: 'PUT',
    path: vote((f) => f.tombstone.id),
    body: { value: -1 },
    status: 403,
    code: 'forbidden',
  },

  // --- Ownership -----------------------------------------------------------------------------------
  {
    name: "edit of someone else's comment",
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    as: 'bob',
    body: { body: 'I am alice now' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: "delete of someone else's comment",
    method: 'DELETE',
    path: commentPath((f) => f.top.id),
    as: 'bob',
    status: 403,
    code: 'forbidden',
  },

  // --- Origin --------------------------------------------------------------------------------------
  ...(
    [
      ['a foreign site', 'https://evil.example'],
      ['the allowed host on another port', 'http://localhost:5174'],
      ['the allowed host over https', 'https://localhost:5173'],
      ['a sandboxed frame (null)', 'null'],
      ['a suffix look-alike', 'http://localhost:5173.evil.example'],
    ] as const
  ).map(([label, origin]): BadCase => ({
    name: `Origin of ${label} posting`,
    method: 'POST',
    path: '/comments',
    headers: { origin },
    body: newComment({ body: 'cross-site post' }),
    status: 403,
    code: 'forbidden',
  })),
  {
    name: 'foreign Origin voting',
    method: 'PUT',
    path: vote((f) => f.top.id),
    headers: { origin: 'https://evil.example' },
    body: { value: -1 },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'foreign Origin editing',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    headers: { origin: 'https://evil.example' },
    body: { body: 'defaced' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'foreign Origin deleting',
    method: 'DELETE',
    path: commentPath((f) => f.top.id),
    headers: { origin: 'https://evil.example' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'foreign Origin asking for a session',
    method: 'POST',
    path: '/session',
    as: null,
    headers: { origin: 'https://evil.example' },
    body: {},
    status: 403,
    code: 'forbidden',
  },

  // --- Content type ----------------------------------------------------------------------------------
  ...(
    [
      ['text/plain', 'text/plain'],
      ['form-urlencoded', 'application/x-www-form-urlencoded'],
      ['multipart', 'multipart/form-data; boundary=xyz'],
      ['XML', 'application/xml'],
      ['a made-up type', 'application/x-confab'],
    ] as const
  ).map(([label, type]): BadCase => ({
    name: `content type ${label} for a new comment`,
    method: 'POST',
    path: '/comments',
    headers: { 'content-type': type },
    body: JSON.stringify(newComment()),
    status: 415,
    code: 'unsupported_media_type',
  })),
  {
    name: 'content type text/plain for a vote',
    method: 'PUT',
    path: vote((f) => f.top.id),
    headers: { 'content-type': 'text/plain' },
    body: '{"value":1}',
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'content type text/plain for an edit',
    method: 'PATCH',
    path: commentPath((f) => f.top.id),
    headers: { 'content-type': 'text/plain' },
    body: '{"body":"edited"}',
    status: 415,
    code: 'unsupported_media_type',
  },

  // --- Tokens -----------------------------------------------------------------------------------------
  ...(
    [
      ['no Authorization header', undefined],
      ['a garbage bearer token', 'Bearer not-a-real-token'],
      ['an empty bearer token', 'Bearer '],
      ['Basic credentials', 'Basic YWxpY2U6c2VjcmV0'],
      ['a 4 KiB bearer token', `Bearer ${'t'.repeat(4096)}`],
      ['an SQL injection as token', "Bearer ' OR '1'='1"],
    ] as const
  ).flatMap(([label, authorization]): BadCase[] => [
    {
      name: `${label} when posting`,
      method: 'POST',
      path: '/comments',
      as: null,
      headers: authorization ? { authorization } : {},
      body: newComment(),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: `${label} when voting`,
      method: 'PUT',
      path: vote((f) => f.top.id),
      as: null,
      headers: authorization ? { authorization } : {},
      body: { value: 1 },
      status: 401,
      code: 'unauthorized',
    },
  ]),
  {
    name: 'token sent as a cookie instead of a header',
    method: 'POST',
    path: '/comments',
    as: null,
    headers: (f) => ({ cookie: `token=${f.alice}` }),
    body: newComment(),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'no token when deleting',
    method: 'DELETE',
    path: commentPath((f) => f.top.id),
    as: null,
    status: 401,
    code: 'unauthorized',
  },

  // --- Reads with bad parameters -------------------------------------------------------------------------
  ...(
    [
      ['no page', '/threads', 'page'],
      ['unknown sort', `/threads?page=x&sort=popular`, 'sort'],
      ['limit 0', `/threads?page=x&limit=0`, 'limit'],
      ['limit over 200', `/threads?page=x&limit=${LIMITS.threadMaxLimit + 1}`, 'limit'],
      ['negative limit', `/threads?page=x&limit=-5`, 'limit'],
      ['limit that is not a number', `/threads?page=x&limit=ten`, 'limit'],
      ['garbage cursor', `/threads?page=x&cursor=%27%3B--garbage`, 'cursor'],
      ['counts without a page', '/counts', 'page'],
      [
        'counts for 101 pages',
        `/counts?${Array.from({ length: LIMITS.countsMaxPages + 1 }, (_, i) => `page=p${i}`).join('&')}`,
        'page',
      ],
    ] as const
  ).map(([label, path, field]): BadCase => ({
    name: `read with ${label}`,
    method: 'GET',
    path,
    as: null,
    status: 400,
    code: 'invalid_request',
    fields: [field],
  })),
  {
    name: 'unknown route',
    method: 'GET',
    path: '/admin/export',
    as: null,
    status: 404,
    code: 'not_found',
  },
];

let server: ServerProcess;
let db: DbInspector;
let api: ApiClient;
let fixture: Fixture;
let cleanupDir: () => Promise<void>;

async function created(res: RawResponse): Promise<Comment> {
  assert.equal(res.status, 201, `setup post failed: ${res.text}`);
  return (res.json as { comment: Comment }).comment;
}

before(async () => {
  const database = await freshDatabase();
  cleanupDir = database.remove;
  server = await startServer({ dbPath: database.location });
  api = new ApiClient(server.url, ALLOWED_ORIGIN);
  const alice = await api.newToken();
  const bob = await api.newToken();
  const post = (token: string, body: Record<string, unknown>) =>
    api.call('POST', '/comments', { token, body: newComment(body) }).then(created);
  const top = await post(alice, { body: 'Top-level comment by alice.' });
  const reply = await post(bob, { parentId: top.id, body: 'Reply by bob.' });
  const deleted = await post(alice, { body: 'Soon gone.' });
  assert.equal((await api.call('DELETE', `/comments/${deleted.id}`, { token: alice })).status, 200);
  const tombstone = await post(alice, { body: 'Soon a tombstone.' });
  await post(bob, { parentId: tombstone.id, body: 'Keeps the tombstone alive.' });
  assert.equal(
    (await api.call('DELETE', `/comments/${tombstone.id}`, { token: alice })).status,
    200,
  );
  const otherPage = await post(bob, { page: PAGE_B, body: 'On another page.' });
  fixture = { alice, bob, top, reply, deleted, tombstone, otherPage };
  db = new DbInspector(server.dbPath);
});

after(async () => {
  db?.close();
  await server?.stop();
  await cleanupDir?.();
});

const resolve = <T>(value: Dynamic<T>): T =>
  typeof value === 'function' ? (value as (f: Fixture) => T)(fixture) : value;

function requestFor(c: BadCase): RawRequest {
  const headers: Record<string, string> = { origin: ALLOWED_ORIGIN };
  const as = c.as === undefined ? 'alice' : c.as;
  if (as) headers.authorization = `Bearer ${fixture[as]}`;
  Object.assign(headers, c.headers ? resolve(c.headers) : {});
  return {
    method: c.method,
    path: resolve(c.path),
    headers,
    body: c.body === undefined ? undefined : resolve(c.body),
    withholdBody: c.withholdBody,
    mayCloseEarly: c.closesEarly,
  };
}

/** The protocol's error body, exactly: `{error: {code, message, fields?}}` and nothing that leaks internals. */
function assertErrorBody(res: RawResponse, c: BadCase): void {
  assert.match(String(res.headers['content-type']), /^application\/json/, res.text);
  const body = res.json as ErrorBody;
  assert.ok(body && typeof body === 'object', `not JSON: ${res.text.slice(0, 200)}`);
  assert.deepEqual(Object.keys(body), ['error'], res.text);
  assert.equal(body.error.code, c.code, res.text);
  assert.equal(ERROR_STATUS[body.error.code], c.status);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0, 'empty message');
  const allowed = ['code', 'message', 'fields'];
  for (const key of Object.keys(body.error)) assert.ok(allowed.includes(key), `extra key ${key}`);
  assert.doesNotMatch(res.text, /node_modules|\s+at \S+ \(|\.ts:\d+|SQLITE_|stack/i);
  if (c.fields) {
    assert.ok(body.error.fields, `expected fields ${c.fields.join(', ')}: ${res.text}`);
    for (const field of c.fields) {
      assert.equal(typeof body.error.fields[field], 'string', `fields.${field} in ${res.text}`);
    }
  }
  if (body.error.fields !== undefined) {
    for (const value of Object.values(body.error.fields)) assert.equal(typeof value, 'string');
  }
}

describe('bad requests are refused and change nothing', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const before = db.snapshot();
      const res = await send(server.url, requestFor(c));
      if (res.closedEarly) {
        assert.ok(c.closesEarly, 'the connection closed before an answer arrived');
        assert.deepEqual(db.snapshot(), before, 'the database changed');
        return;
      }
      assert.equal(
        res.status,
        c.status,
        `${c.method} ${resolve(c.path).slice(0, 80)}: ${res.text.slice(0, 300)}`,
      );
      assertErrorBody(res, c);
      assert.deepEqual(db.snapshot(), before, 'the database changed');
    });
  }
});

describe('hostile strings are stored verbatim, never executed', () => {
  const injections = [
    "'); DROP TABLE comments; --",
    'Robert\'); DELETE FROM votes WHERE (1=1 OR "',
    "1; UPDATE comments SET body = 'pwned'",
    "' UNION SELECT name, sql FROM sqlite_master --",
    "\\x27; ATTACH DATABASE '/tmp/pwn.db' AS pwn; --",
    '<script>alert(1)</script><img src=x onerror=alert(2)>',
    '%00%27%22 \u202Eevil\u202C \uFEFF zero\u200Bwidth',
    '😀 emoji, 中文, العربية, \u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  ];
  for (const [index, hostile] of injections.entries()) {
    test(`round-trip of ${JSON.stringify(hostile).slice(0, 48)}`, async () => {
      const tablesBefore = db.tables();
      const countsBefore = db.snapshot();
      const page = `sqli-${index}-${hostile}`.slice(0, LIMITS.pageKeyMaxChars);
      const res = await api.call('POST', '/comments', {
        token: fixture.bob,
        body: newComment({ page, body: hostile, author: { name: hostile.slice(0, 64) } }),
      });
      const comment = await created(res);
      assert.equal(comment.body, hostile);
      assert.equal(comment.author.name, hostile.slice(0, 64));

      const read = await api.call('GET', `/threads?page=${encodeURIComponent(page)}`, {
        token: fixture.bob,
      });
      assert.equal(read.status, 200);
      const thread = read.json as ThreadResponse;
      assert.equal(thread.page, page);
      assert.equal(thread.total, 1);
      assert.equal(thread.comments[0]?.body, hostile);
      assert.equal(thread.comments[0]?.author.name, hostile.slice(0, 64));

      assert.deepEqual(db.tables(), tablesBefore, 'a table appeared or vanished');
      const after = db.snapshot();
      const grown = Object.keys(after).filter((t) => after[t]!.rows !== countsBefore[t]!.rows);
      for (const table of grown) {
        assert.ok(
          after[table]!.rows - countsBefore[table]!.rows <= 1,
          `${table} grew by more than one row`,
        );
      }
      // The other threads are untouched: alice's comment still reads as written.
      const pageA = await api.call('GET', `/threads?page=${encodeURIComponent(PAGE_A)}`);
      const top = (pageA.json as ThreadResponse).comments.find((x) => x.id === fixture.top.id);
      assert.equal(top?.body, 'Top-level comment by alice.');
    });
  }

  test('hostile query strings read as unknown pages', async () => {
    const before = db.snapshot();
    for (const page of ["' OR 1=1 --", "x'; DROP TABLE comments; --", '%', '_', '*']) {
      const res = await api.call('GET', `/threads?page=${encodeURIComponent(page)}`);
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as ThreadResponse).total, 0, `LIKE or injection matched for ${page}`);
      const counts = await api.call('GET', `/counts?page=${encodeURIComponent(page)}`);
      assert.equal(counts.status, 200, counts.text);
      assert.deepEqual((counts.json as { counts: Record<string, number> }).counts, { [page]: 0 });
    }
    assert.deepEqual(db.snapshot(), before);
  });
});

describe('Idempotency-Key', () => {
  test('a repeated key answers with the first result and stores one row', async () => {
    const key = 'hostile-idem-1';
    const body = newComment({ page: 'idempotency-page', body: 'Posted once, sent three times.' });
    const first = await api.call('POST', '/comments', {
      token: fixture.alice,
      body,
      headers: { 'idempotency-key': key },
    });
    const original = await created(first);
    const before = db.snapshot();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const again = await api.call('POST', '/comments', {
        token: fixture.alice,
        body,
        headers: { 'idempotency-key': key },
      });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.text, first.text, 'a replay answers the first result, byte for byte');
    }
    // A different draft under a used key is a client bug: either the first result or 409, never a second row.
    const misuse = await api.call('POST', '/comments', {
      token: fixture.alice,
      body: { ...body, body: 'A different draft under the same key.' },
      headers: { 'idempotency-key': key },
    });
    if (misuse.status === 201) {
      assert.equal((misuse.json as { comment: Comment }).comment.id, original.id);
    } else {
      assert.equal(misuse.status, 409, misuse.text);
      assertErrorBody(misuse, {
        name: 'misuse',
        method: 'POST',
        path: '/comments',
        status: 409,
        code: 'conflict',
      });
    }
    assert.deepEqual(db.snapshot(), before, 'a replay stored something');
    const thread = await api.call('GET', '/threads?page=idempotency-page');
    assert.equal((thread.json as ThreadResponse).total, 1);
  });

  test('the same key from another token is another submission', async () => {
    const key = 'hostile-idem-2';
    const body = newComment({ page: 'idempotency-page-2', body: 'Same key, two readers.' });
    const byAlice = await created(
      await api.call('POST', '/comments', {
        token: fixture.alice,
        body,
        headers: { 'idempotency-key': key },
      }),
    );
    const byBob = await created(
      await api.call('POST', '/comments', {
        token: fixture.bob,
        body,
        headers: { 'idempotency-key': key },
      }),
    );
    assert.notEqual(byAlice.id, byBob.id);
    const thread = await api.call('GET', '/threads?page=idempotency-page-2');
    assert.equal((thread.json as ThreadResponse).total, 2);
  });
});

describe('the server survives the table', () => {
  test('still serves, database intact', async () => {
    const res = await api.call('GET', `/threads?page=${encodeURIComponent(PAGE_A)}`, {
      token: fixture.alice,
    });
    assert.equal(res.status, 200);
    const ids = (res.json as ThreadResponse).comments.map((c) => c.id);
    assert.ok(ids.includes(fixture.top.id) && ids.includes(fixture.reply.id));
    assert.equal(db.integrity(), 'ok');
    assert.equal(server.child.exitCode, null, 'the server process died');
  });

  test('foreign origins get no CORS grant on preflight', async () => {
    const res = await send(server.url, {
      method: 'OPTIONS',
      path: '/comments',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const allowed = await send(server.url, {
      method: 'OPTIONS',
      path: '/comments',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, idempotency-key',
      },
    });
    assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  });
});
