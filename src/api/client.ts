/**
 * The HTTP side of the widget: one method per protocol endpoint, typed errors, timeouts, retries.
 * Knows nothing of Lit or the DOM beyond fetch, EventSource and `navigator.onLine`. The reading
 * half, which the script-tag entry needs, is `ThreadClient` (thread-client.ts); the writes below
 * load with the write path's chunk.
 */
import type {
  Comment,
  NewCommentRequest,
  ReportReason,
  ReportRequest,
  ReportResponse,
  SessionRequest,
  SessionResponse,
  VoteResponse,
  VoteValue,
} from '../protocol/index.js';
import { LIMITS } from '../protocol/index.js';
import { abortedError, ThreadClient } from './thread-client.js';
import {
  parseCommentResponse,
  parseCounts,
  parseReportResponse,
  parseSession,
  parseVoteResponse,
} from './validate-writes.js';

export type { ClientOptions } from './thread-client.js';

/** Resolves when the browser is online (at once unless `navigator.onLine` says otherwise). */
function online(signal?: AbortSignal): Promise<void> {
  if (typeof navigator === 'undefined' || navigator.onLine !== false) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const done = () => {
      removeEventListener('online', done);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      removeEventListener('online', done);
      reject(abortedError());
    };
    addEventListener('online', done);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class ConfabClient extends ThreadClient {
  async createSession(body: SessionRequest = {}, signal?: AbortSignal): Promise<SessionResponse> {
    // A repeat only mints a spare anonymous token, so it is as safe as a GET.
    const answer = await this.request(
      { method: 'POST', path: '/session', body, retry: 'always' },
      signal,
    );
    return parseSession(answer);
  }
  /** Retries reuse idempotencyKey; when navigator.onLine is false it waits for 'online' (abortable). */
  async postComment(
    req: NewCommentRequest,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<Comment> {
    const answer = await this.request(
      {
        method: 'POST',
        path: '/comments',
        body: req,
        headers: { 'Idempotency-Key': idempotencyKey },
        retry: 'always',
        before: online,
      },
      signal,
    );
    return parseCommentResponse(answer);
  }

  async editComment(id: string, body: string, signal?: AbortSignal): Promise<Comment> {
    const path = `/comments/${encodeURIComponent(id)}`;
    const answer = await this.request(
      { method: 'PATCH', path, body: { body }, retry: 'unanswered' },
      signal,
    );
    return parseCommentResponse(answer);
  }

  async deleteComment(id: string, signal?: AbortSignal): Promise<Comment> {
    const path = `/comments/${encodeURIComponent(id)}`;
    return parseCommentResponse(
      await this.request({ method: 'DELETE', path, retry: 'unanswered' }, signal),
    );
  }

  async vote(id: string, value: VoteValue, signal?: AbortSignal): Promise<VoteResponse> {
    const path = `/comments/${encodeURIComponent(id)}/vote`;
    const answer = await this.request(
      { method: 'PUT', path, body: { value }, retry: 'unanswered' },
      signal,
    );
    return parseVoteResponse(answer);
  }

  /**
   * Reports a comment to the moderators. A repeat by the same token counts once; like a vote it
   * is repeated only when no answer arrived, since an answered refusal (403 for one's own
   * comment, 404 for a deleted one, 429) would only come back the same.
   */
  async report(
    id: string,
    reason: ReportReason,
    note = '',
    signal?: AbortSignal,
  ): Promise<ReportResponse> {
    const path = `/comments/${encodeURIComponent(id)}/reports`;
    const body: ReportRequest = note ? { reason, note } : { reason };
    const answer = await this.request({ method: 'POST', path, body, retry: 'unanswered' }, signal);
    return parseReportResponse(answer);
  }

  /** Counts for any number of pages, asked in batches of the protocol's maximum. */
  async getCounts(pages: string[], signal?: AbortSignal): Promise<Record<string, number>> {
    let counts: Record<string, number> = {};
    for (let i = 0; i < pages.length; i += LIMITS.countsMaxPages) {
      const batch = pages.slice(i, i + LIMITS.countsMaxPages);
      const query = batch.map((page): [string, string] => ['page', page]);
      const answer = await this.request(
        { method: 'GET', path: '/counts', query, retry: 'always' },
        signal,
      );
      counts = { ...counts, ...parseCounts(answer) };
    }
    return counts;
  }
}
