/**
 * Hand-written guards for every answer of a Confab server. The widget trusts nothing the server
 * sends: each answer is checked field by field and copied into fresh objects (unknown extra fields
 * are dropped), so the rest of the widget only ever sees the protocol's shapes.
 */
import type {
  Comment,
  CommentStatus,
  SessionResponse,
  ThreadResponse,
  VoteEventData,
  VoteResponse,
  VoteValue,
  Votes,
} from '../protocol.js';
import { ConfabError } from './errors.js';

type Json = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new ConfabError(
    'bad_response',
    `The comment server sent an answer of the wrong shape: ${path} should be ${expected}.`,
  );
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

/** Absent counts as null: servers that leave out empty optional values still work. */
function stringOrNull(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : string(value, path);
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(path, 'a whole number ≥ 0');
  }
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false');
  return value;
}

const STATUSES: readonly string[] = ['published', 'pending', 'deleted'];

function voteValue(value: unknown, path: string): VoteValue {
  if (value === undefined) return 0;
  if (value !== 1 && value !== -1 && value !== 0) fail(path, '1, 0 or -1');
  return value;
}

function votes(value: unknown, path: string): Votes {
  const v = object(value, path);
  return { up: count(v.up, `${path}.up`), down: count(v.down, `${path}.down`) };
}

export function parseComment(value: unknown, path = 'comment'): Comment {
  const c = object(value, path);
  const id = string(c.id, `${path}.id`);
  if (id === '') fail(`${path}.id`, 'a non-empty string');
  const author = object(c.author, `${path}.author`);
  const status = string(c.status, `${path}.status`);
  if (!STATUSES.includes(status)) fail(`${path}.status`, 'published, pending or deleted');
  return {
    id,
    parentId: stringOrNull(c.parentId, `${path}.parentId`),
    author: {
      name: string(author.name, `${path}.author.name`),
      url: stringOrNull(author.url, `${path}.author.url`),
      avatar: stringOrNull(author.avatar, `${path}.author.avatar`),
    },
    body: string(c.body, `${path}.body`),
    createdAt: string(c.createdAt, `${path}.createdAt`),
    editedAt: stringOrNull(c.editedAt, `${path}.editedAt`),
    status: status as CommentStatus,
    votes: votes(c.votes, `${path}.votes`),
    myVote: voteValue(c.myVote, `${path}.myVote`),
    mine: c.mine === undefined ? false : boolean(c.mine, `${path}.mine`),
  };
}

export function parseThread(value: unknown): ThreadResponse {
  const t = object(value, 'thread');
  if (!Array.isArray(t.comments)) fail('thread.comments', 'a list');
  return {
    page: string(t.page, 'thread.page'),
    locked: t.locked === undefined ? false : boolean(t.locked, 'thread.locked'),
    total: count(t.total, 'thread.total'),
    comments: t.comments.map((c, i) => parseComment(c, `thread.comments[${i}]`)),
    nextCursor: stringOrNull(t.nextCursor, 'thread.nextCursor'),
  };
}

export function parseCommentResponse(value: unknown): Comment {
  return parseComment(object(value, 'answer').comment, 'answer.comment');
}

export function parseSession(value: unknown): SessionResponse {
  const s = object(value, 'session');
  const token = string(s.token, 'session.token');
  if (token === '') fail('session.token', 'a non-empty string');
  return { token, name: stringOrNull(s.name, 'session.name') };
}

export function parseVoteResponse(value: unknown): VoteResponse {
  const v = object(value, 'vote');
  return { votes: votes(v.votes, 'vote.votes'), myVote: voteValue(v.myVote, 'vote.myVote') };
}

export function parseVoteEvent(value: unknown): VoteEventData {
  const v = object(value, 'event');
  return { id: string(v.id, 'event.id'), votes: votes(v.votes, 'event.votes') };
}

export function parseCounts(value: unknown): Record<string, number> {
  const counts = object(object(value, 'answer').counts, 'answer.counts');
  // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
  return Object.fromEntries(
    Object.entries(counts).map(([page, n]) => [page, count(n, `counts[${JSON.stringify(page)}]`)]),
  );
}

/** The `error` member of a non-2xx answer, or null when the body is not the protocol's. */
export function parseErrorBody(
  value: unknown,
): { code: unknown; message: string | null; fields: Record<string, string> } | null {
  if (typeof value !== 'object' || value === null) return null;
  const error = (value as Json).error;
  if (typeof error !== 'object' || error === null) return null;
  const e = error as Json;
  const fields: Record<string, string> = {};
  if (typeof e.fields === 'object' && e.fields !== null) {
    for (const [name, message] of Object.entries(e.fields)) {
      if (typeof message === 'string') fields[name] = message;
    }
  }
  return { code: e.code, message: typeof e.message === 'string' ? e.message : null, fields };
}
