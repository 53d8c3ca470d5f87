import { createHmac } from 'node:crypto';
import type { JobHandler } from './queue.js';
import type { Clock } from './services/results.js';
import type { CommentWithPage } from './storage/comments.js';
import type { UndispatchedEvent } from './storage/dispatch.js';
import { isoTime, toComment } from './thread-view.js';

/**
 * Signed webhooks: each comment event is POSTed as JSON to every configured receiver, from the
 * job queue (so a receiver that is down, answers garbage or hangs loses nothing and holds up
 * nothing but its own delivery).
 */

/** The JSON of a delivery; built when the event is dispatched, the same bytes on every retry. */
export function webhookBody(
  event: UndispatchedEvent,
  comment: CommentWithPage,
  reports: { count: number; reasons: Record<string, number> } | null,
): string {
  // A delivery is nobody's view: no reader's vote or authorship marks.
  const shown: Partial<ReturnType<typeof toComment>> = toComment(comment, 0, false);
  delete shown.myVote;
  delete shown.mine;
  return JSON.stringify({
    id: String(event.id),
    type: event.kind,
    createdAt: isoTime(event.createdAt),
    page: event.pageKey,
    comment: shown,
    ...(reports ? { reports } : {}),
  });
}

/**
 * `X-Confab-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1` per
 * secret (the current one first; during a rotation the previous one too).
 */
export function signatureHeader(secrets: readonly string[], time: number, body: string): string {
  const t = Math.floor(time / 1000);
  const signatures = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`,
  );
  return [`t=${t}`, ...signatures].join(',');
}

export interface WebhookPayload {
  url: string;
  event: string;
  body: string;
}

/** How much of a receiver's answer is read (to reuse the connection), at most. */
const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * The queue's handler for `webhook` jobs. A 2xx answer delivers; anything else (another
 * status, a reset, garbage instead of HTTP, no answer within `timeoutMs`) is retried with
 * backoff. A job for a URL no longer configured is dropped.
 */
export function webhookHandler(settings: {
  urls: readonly string[];
  secrets: readonly string[];
  timeoutMs: number;
  now: Clock;
}): JobHandler {
  const configured = new Set(settings.urls);
  return async (job) => {
    const { url, event, body } = job.payload as WebhookPayload;
    if (!configured.has(url)) return { ok: true };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'confab-server',
          'x-confab-event': event,
          'x-confab-delivery': String(job.id),
          'x-confab-signature': signatureHeader(settings.secrets, settings.now(), body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return { ok: false, error: `POST ${url}: ${cause?.message ?? (error as Error).message}` };
    }
    await drain(response);
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `POST ${url}: HTTP ${response.status}` };
  };
}

async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    while (read < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The status is what counts; a body cut short or timed out changes nothing.
  }
}
