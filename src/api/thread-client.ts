/**
 * The HTTP side of the widget, reading half (client.ts adds the writes): typed errors, timeouts,
 * retries. Knows nothing of Lit or the DOM beyond fetch, EventSource and `navigator.onLine`.
 */
import type { ThreadQuery, ThreadResponse } from '../protocol/index.js';
import { ConfabError, codeForStatus, isErrorCode } from './errors.js';
import { parseErrorBody, parseThread } from './validate.js';

export interface ClientOptions {
  /** The element's endpoint attribute, e.g. '/api' or 'https://x/api'. */
  endpoint: string;
  /** Sent as `Authorization: Bearer` when non-null. */
  getToken?: () => string | null;
  /** Per attempt, default 10000. */
  timeoutMs?: number;
  /** Retries of GETs and keyed POSTs, default 3. */
  maxRetries?: number;
  /** First backoff step (doubled per retry, with jitter), also for the event stream's reconnects; default 500. */
  retryBaseMs?: number;
  /** Answers larger than this are refused as 'bad_response'; default 5 MB. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

/**
 * How a request may be repeated. 'always': GETs and POSTs whose Idempotency-Key makes a repeat
 * harmless. 'unanswered': PATCH/DELETE/PUT, repeated only when no answer arrived at all, since an
 * answered failure (403, 409…) would only come back the same.
 */
export type RetryPolicy = 'always' | 'unanswered';

export interface RequestSpec {
  method: string;
  path: string;
  query?: Array<[string, string]>;
  body?: unknown;
  headers?: Record<string, string>;
  retry: RetryPolicy;
  /** Runs before each attempt (a post waits for the browser to be online). */
  before?: (signal?: AbortSignal) => Promise<void>;
}

const RETRY_AFTER_CAP_S = 60;
const BACKOFF_CAP_MS = 30_000;
const RETRYABLE_STATUS = [429, 502, 503, 504];

/** Equal jitter: half the step fixed, half random, so clients that failed together spread out. */
export function backoff(base: number, attempt: number): number {
  const step = Math.min(BACKOFF_CAP_MS, base * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

export function abortedError(): ConfabError {
  return new ConfabError('aborted', 'The request was cancelled.');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds to wait from a Retry-After header: the protocol sends delta-seconds. */
function retryAfterSeconds(header: string | null): number | null {
  const trimmed = header?.trim() ?? '';
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * What reading a thread needs of the api client: the thread and its pages, with the request
 * machinery every call shares (the event stream is a chunk of its own, `event-stream.ts`). `ConfabClient` adds the writes,
 * so that they travel in the write path's chunk rather than the script-tag entry.
 */
export class ThreadClient {
  readonly #base: string;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#base = options.endpoint.replace(/\/+$/, '');
  }

  async getThread(query: ThreadQuery, signal?: AbortSignal): Promise<ThreadResponse> {
    const params: Array<[string, string]> = [['page', query.page]];
    if (query.sort) params.push(['sort', query.sort]);
    if (query.limit !== undefined) params.push(['limit', String(query.limit)]);
    if (query.cursor) params.push(['cursor', query.cursor]);
    if (query.around) params.push(['around', query.around]);
    const answer = await this.request(
      { method: 'GET', path: '/threads', query: params, retry: 'always' },
      signal,
    );
    // Parsing a long thread's answer and checking it each take tens of ms: a task apart, so that
    // neither holds up input for long (docs/performance.md).
    await sleep(0, signal);
    return parseThread(answer);
  }

  protected async request(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    const maxRetries = this.#options.maxRetries ?? 3;
    const base = this.#options.retryBaseMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      await spec.before?.(signal);
      try {
        return await this.#attempt(spec, signal);
      } catch (error) {
        if (
          !(error instanceof ConfabError) ||
          attempt >= maxRetries ||
          !retryable(error, spec.retry)
        ) {
          throw error;
        }
        const wait =
          error.retryAfter !== null
            ? Math.min(error.retryAfter, RETRY_AFTER_CAP_S) * 1000
            : backoff(base, attempt);
        await sleep(wait, signal);
      }
    }
  }

  /** One fetch with its own timeout, the answer read under a size cap and decoded. */
  async #attempt(spec: RequestSpec, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) throw abortedError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#options.timeoutMs ?? 10_000);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Which failure an aborted fetch or read really was.
    const cancelled = (status: number, cause: unknown): ConfabError =>
      signal?.aborted
        ? abortedError()
        : timedOut
          ? new ConfabError('timeout', 'The comment server did not answer in time.', { status })
          : new ConfabError('network', 'The comment server could not be reached.', {
              status,
              cause,
            });

    try {
      const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
      const token = this.#options.getToken?.() ?? null;
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
      const query = spec.query ? `?${new URLSearchParams(spec.query)}` : '';
      let response: Response;
      try {
        response = await (this.#options.fetch ?? fetch)(`${this.#base}${spec.path}${query}`, {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: controller.signal,
          // Identity travels only as the Bearer token, never as a cookie.
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        throw cancelled(0, error);
      }
      let text: string;
      try {
        text = await this.#readText(response);
      } catch (error) {
        if (error instanceof ConfabError) throw error;
        throw cancelled(response.status, error);
      }
      if (!response.ok) throw this.#errorFrom(response, text);
      // Not in the task that read the last of a long answer (10 ms to decode at 2.7 MB).
      await sleep(0, signal);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ConfabError(
          'bad_response',
          'The comment server sent an answer that is not JSON.',
          {
            status: response.status,
          },
        );
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The body as text, refusing more than maxResponseBytes whether or not Content-Length says so. */
  async #readText(response: Response): Promise<string> {
    const cap = this.#options.maxResponseBytes ?? 5 * 1024 * 1024;
    const reader = response.body?.getReader();
    const tooLarge = () => {
      void reader?.cancel().catch(() => undefined);
      return new ConfabError(
        'bad_response',
        'The comment server sent an answer that is too large.',
        {
          status: response.status,
        },
      );
    };
    if (Number(response.headers.get('Content-Length') ?? 0) > cap) throw tooLarge();
    if (!reader) return '';
    const decoder = new TextDecoder();
    let text = '';
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      received += value.byteLength;
      if (received > cap) throw tooLarge();
      text += decoder.decode(value, { stream: true });
    }
  }

  #errorFrom(response: Response, text: string): ConfabError {
    let parsed: ReturnType<typeof parseErrorBody> = null;
    try {
      parsed = parseErrorBody(JSON.parse(text));
    } catch {
      // Not JSON (a proxy's error page, say): the status alone decides the code below.
    }
    const code = isErrorCode(parsed?.code) ? parsed.code : codeForStatus(response.status);
    const retryAfter =
      response.status === 429 || response.status === 503
        ? retryAfterSeconds(response.headers.get('Retry-After'))
        : null;
    return new ConfabError(
      code,
      parsed?.message ?? `The comment server answered ${response.status}.`,
      {
        status: response.status,
        fields: parsed?.fields ?? {},
        retryAfter,
      },
    );
  }
}

function retryable(error: ConfabError, policy: RetryPolicy): boolean {
  if (policy === 'unanswered') return error.code === 'network' && error.status === 0;
  return (
    error.code === 'network' || error.code === 'timeout' || RETRYABLE_STATUS.includes(error.status)
  );
}
