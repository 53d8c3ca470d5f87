/**
 * Hand-written guards for every answer of a Confab server. The widget trusts nothing the server
 * sends: each answer is checked field by field and copied into fresh objects (unknown extra fields
 * are dropped), so the rest of the widget only ever sees the protocol's shapes.
 *
 * The shapes are small tables of checkers rather than one function per type: bytes matter, since
 * this module is in the script-tag entry. The guards of the write path's answers are in
 * validate-writes.ts, which loads with that path's chunk.
 */
import type { ThreadResponse } from '../protocol/index.js';
import { ConfabError } from './errors.js';

/** Checks one value at `path` and returns it (possibly defaulted), or throws 'bad_response'. */
export type Check = (value: unknown, path: string) => unknown;
type Shape = Record<string, Check>;

export function fail(path: string, expected: string): never {
  throw new ConfabError(
    'bad_response',
    `The comment server sent an answer of the wrong shape: ${path} should be ${expected}.`,
  );
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object holding exactly the shape's keys, each checked. */
export const object =
  (shape: Shape): Check =>
  (value, path) => {
    if (!isObject(value)) fail(path, 'an object');
    const copy: Record<string, unknown> = {};
    for (const key in shape) copy[key] = shape[key](value[key], `${path}.${key}`);
    return copy;
  };

const string: Check = (value, path) => (typeof value === 'string' ? value : fail(path, 'a string'));

export const id: Check = (value, path) =>
  typeof value === 'string' && value !== '' ? value : fail(path, 'a non-empty string');

/** Absent counts as null: servers that leave out empty optional values still work. */
export const stringOrNull: Check = (value, path) => (value == null ? null : string(value, path));

export const count: Check = (value, path) =>
  Number.isInteger(value) && (value as number) >= 0 ? value : fail(path, 'a whole number ≥ 0');

/** Absent counts as `fallback`, for fields a minimal server may leave out. */
export const oneOf =
  (allowed: readonly unknown[], fallback?: unknown): Check =>
  (value, path) =>
    value === undefined && fallback !== undefined
      ? fallback
      : allowed.includes(value)
        ? value
        : fail(path, `one of ${allowed.join(', ')}`);

const list =
  (item: Check): Check =>
  (value, path) =>
    Array.isArray(value) ? value.map((v, i) => item(v, `${path}[${i}]`)) : fail(path, 'a list');

export const votes = object({ up: count, down: count });
export const myVote = oneOf([1, 0, -1], 0);

export const comment = object({
  id,
  parentId: stringOrNull,
  author: object({
    name: string,
    url: stringOrNull,
    avatar: stringOrNull,
    verified: oneOf([true, false], false),
  }),
  body: string,
  createdAt: string,
  editedAt: stringOrNull,
  status: oneOf(['published', 'pending', 'deleted']),
  votes,
  myVote,
  mine: oneOf([true, false], false),
});

const thread = object({
  page: string,
  locked: oneOf([true, false], false),
  total: count,
  comments: list(comment),
  nextCursor: stringOrNull,
});

export const parseThread = (value: unknown) => thread(value, 'thread') as ThreadResponse;

/** The `error` member of a non-2xx answer, or null when the body is not the protocol's. */
export function parseErrorBody(
  value: unknown,
): { code: unknown; message: string | null; fields: Record<string, string> } | null {
  const error = isObject(value) ? value.error : null;
  if (!isObject(error)) return null;
  const fields = isObject(error.fields) ? error.fields : {};
  return {
    code: error.code,
    message: typeof error.message === 'string' ? error.message : null,
    fields: Object.fromEntries(
      Object.entries(fields).filter(([, m]) => typeof m === 'string'),
    ) as Record<string, string>,
  };
}
