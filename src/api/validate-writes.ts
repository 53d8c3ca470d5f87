/**
 * Guards for the answers of the write path's requests (validate.ts says how guards work): apart
 * from validate.ts so that they load with the write path's chunk, not the script-tag entry.
 */
import type { Comment, ReportResponse, SessionResponse, VoteResponse } from '../protocol/index.js';
import {
  comment,
  count,
  fail,
  id,
  isObject,
  myVote,
  object,
  oneOf,
  stringOrNull,
  votes,
} from './validate.js';

export const parseCommentResponse = (value: unknown) =>
  (object({ comment })(value, 'answer') as { comment: Comment }).comment;

export const parseSession = (value: unknown) =>
  object({ token: id, name: stringOrNull })(value, 'session') as SessionResponse;

export const parseVoteResponse = (value: unknown) =>
  object({ votes, myVote })(value, 'vote') as VoteResponse;

export const parseReportResponse = (value: unknown) =>
  object({ reported: oneOf([true]) })(value, 'report') as ReportResponse;

export function parseCounts(value: unknown): Record<string, number> {
  const counts =
    isObject(value) && isObject(value.counts) ? value.counts : fail('counts', 'an object');
  // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
  return Object.fromEntries(
    Object.entries(counts).map(([page, n]) => [page, count(n, `counts[${JSON.stringify(page)}]`)]),
  ) as Record<string, number>;
}
