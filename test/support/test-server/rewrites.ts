/**
 * What the reference server never sends (avatars, ids it would not make, impossible dates or vote
 * counts), laid over its real answers by the proxy, so tests can show the widget data of another
 * server while everything else stays real.
 */
import type { CommentRewrite } from './types.js';

export type Rewrites = Map<string, CommentRewrite>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(target: Record<string, unknown>, changes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(changes)) {
    const current = target[key];
    if (isObject(value) && isObject(current)) merge(current, value);
    else target[key] = value;
  }
}

/** Adds changes for a comment to those it already has (later values win). */
export function addRewrite(rewrites: Rewrites, id: string, changes: CommentRewrite): void {
  const current = (rewrites.get(id) ?? {}) as Record<string, unknown>;
  merge(current, structuredClone(changes) as Record<string, unknown>);
  rewrites.set(id, current as CommentRewrite);
}

/** Applies the rewrites to a comment in place (matched by its id as the server sent it). */
function rewriteComment(comment: unknown, rewrites: Rewrites): void {
  if (!isObject(comment) || typeof comment.id !== 'string') return;
  const changes = rewrites.get(comment.id);
  if (changes) merge(comment, changes as Record<string, unknown>);
}

/** A JSON answer (`{ comments }` of a thread, `{ comment }` of a write) with the rewrites applied. */
export function rewriteAnswer(text: string, rewrites: Rewrites): string {
  if (rewrites.size === 0) return text;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isObject(answer)) return text;
  if (Array.isArray(answer.comments)) {
    for (const comment of answer.comments) rewriteComment(comment, rewrites);
  }
  rewriteComment(answer.comment, rewrites);
  return JSON.stringify(answer);
}

/** One server-sent event message (without its blank line), with a `comment` event rewritten. */
export function rewriteEvent(message: string, rewrites: Rewrites): string {
  if (rewrites.size === 0 || !/^event: comment$/m.test(message)) return message;
  const data = message
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length))
    .join('\n');
  let comment: unknown;
  try {
    comment = JSON.parse(data);
  } catch {
    return message;
  }
  rewriteComment(comment, rewrites);
  return `event: comment\ndata: ${JSON.stringify(comment)}`;
}
