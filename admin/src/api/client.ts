/**
 * The moderation API over HTTP: one method per endpoint of docs/protocol.md ("Moderation API"),
 * errors as the widget's `ConfabError` (the protocol's code, message, fields, Retry-After).
 * Knows nothing of Lit or the DOM beyond fetch.
 */
import { ConfabError, codeForStatus, isErrorCode } from '../../../src/api/errors.js';
import { parseErrorBody } from '../../../src/api/validate.js';
import type {
  AuditEntry,
  Ban,
  BulkResult,
  ModComment,
  BanRequest,
  ModeratorSessionResponse,
  ModeratorWhoAmIResponse,
  ModQueue,
  PageSummary,
  ModReport,
} from '../../../src/protocol/index.js';

export interface ModerationClientOptions {
  /** The server's base URL, where `/admin/…` and the reader endpoints live (no trailing slash). */
  base: string;
  /** The moderator's token, sent as `Authorization: Bearer`; null before signing in. */
  getToken: () => string | null;
  /** Called on any 401 of a signed-in call: the token expired or was revoked. */
  onUnauthorized?: (error: ConfabError) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface QueueQuery {
  status: ModQueue;
  page?: string;
  q?: string;
  author?: string;
  limit?: number;
  cursor?: string | null;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
  /** Signing in: its 401 means a wrong password, not a lost session. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class ModerationClient {
  readonly base: string;
  readonly #options: ModerationClientOptions;

  constructor(options: ModerationClientOptions) {
    this.#options = options;
    this.base = options.base.replace(/\/+$/, '');
  }

  async signIn(name: string, password: string): Promise<ModeratorSessionResponse> {
    const answer = await this.#call({
      method: 'POST',
      path: '/admin/session',
      body: { name, password },
      anonymous: true,
    });
    field(answer, 'token', 'string');
    return answer as ModeratorSessionResponse;
  }

  async whoAmI(signal?: AbortSignal): Promise<ModeratorWhoAmIResponse> {
    const answer = await this.#call({ method: 'GET', path: '/admin/session', signal });
    field(answer, 'moderator', 'object');
    return answer as ModeratorWhoAmIResponse;
  }

  async signOut(): Promise<void> {
    await this.#call({ method: 'DELETE', path: '/admin/session', anonymous: true });
  }

  async queue(query: QueueQuery, signal?: AbortSignal): Promise<Paged<ModComment>> {
    const { cursor, ...rest } = query;
    const answer = await this.#call({
      method: 'GET',
      path: '/admin/comments',
      query: { ...rest, cursor },
      signal,
    });
    return { items: field(answer, 'comments', 'array'), nextCursor: cursorOf(answer) };
  }

  async comment(id: string, signal?: AbortSignal): Promise<ModComment> {
    const answer = await this.#call({ method: 'GET', path: `/admin/comments/${enc(id)}`, signal });
    return field(answer, 'comment', 'object');
  }

  async reports(id: string, signal?: AbortSignal): Promise<ModReport[]> {
    const path = `/admin/comments/${enc(id)}/reports`;
    return field(await this.#call({ method: 'GET', path, signal }), 'reports', 'array');
  }

  approve(id: string): Promise<ModComment> {
    return this.#commentAnswer('POST', `/admin/comments/${enc(id)}/approve`);
  }

  delete(id: string): Promise<ModComment> {
    return this.#commentAnswer('DELETE', `/admin/comments/${enc(id)}`);
  }

  rejectEdit(id: string): Promise<ModComment> {
    return this.#commentAnswer('POST', `/admin/comments/${enc(id)}/reject-edit`);
  }

  pin(id: string, pinned: boolean): Promise<ModComment> {
    return this.#commentAnswer('PUT', `/admin/comments/${enc(id)}/pin`, { pinned });
  }

  async bulk(action: 'approve' | 'delete', ids: string[]): Promise<BulkResult[]> {
    const answer = await this.#call({
      method: 'POST',
      path: '/admin/comments/bulk',
      body: { action, ids },
    });
    return field(answer, 'results', 'array');
  }

  async lock(page: string, locked: boolean): Promise<{ page: string; locked: boolean }> {
    const answer = await this.#call({
      method: 'PUT',
      path: '/admin/pages/lock',
      body: { page, locked },
    });
    field(answer, 'locked', 'boolean');
    return answer as { page: string; locked: boolean };
  }

  async pages(
    query: { page?: string; cursor?: string | null; limit?: number },
    signal?: AbortSignal,
  ): Promise<Paged<PageSummary>> {
    const answer = await this.#call({ method: 'GET', path: '/admin/pages', query, signal });
    return { items: field(answer, 'pages', 'array'), nextCursor: cursorOf(answer) };
  }

  async ban(
    target: { commentId: string } | { cidr: string },
    durationSeconds: number | null,
    reason: string,
  ): Promise<Ban> {
    const body: BanRequest = {
      ...target,
      duration: durationSeconds,
      ...(reason ? { reason } : {}),
    };
    return field(await this.#call({ method: 'POST', path: '/admin/bans', body }), 'ban', 'object');
  }

  async bans(
    query: { state: 'active' | 'all'; cursor?: string | null },
    signal?: AbortSignal,
  ): Promise<Paged<Ban>> {
    const answer = await this.#call({ method: 'GET', path: '/admin/bans', query, signal });
    return { items: field(answer, 'bans', 'array'), nextCursor: cursorOf(answer) };
  }

  async liftBan(id: string): Promise<Ban> {
    const answer = await this.#call({ method: 'DELETE', path: `/admin/bans/${enc(id)}` });
    return field(answer, 'ban', 'object');
  }

  async audit(
    query: { page?: string; commentId?: string; cursor?: string | null },
    signal?: AbortSignal,
  ): Promise<Paged<AuditEntry>> {
    const answer = await this.#call({ method: 'GET', path: '/admin/audit', query, signal });
    return { items: field(answer, 'entries', 'array'), nextCursor: cursorOf(answer) };
  }

  /** A short-lived ticket that opens the live feed: EventSource cannot send the token. */
  async eventTicket(signal?: AbortSignal): Promise<string> {
    const answer = await this.#call({ method: 'POST', path: '/admin/events/ticket', signal });
    return field(answer, 'ticket', 'string');
  }

  /** The live feed's URL for a ticket, resuming after `lastEventId` when there is one. */
  eventsUrl(ticket: string, lastEventId: string | null): string {
    const params = new URLSearchParams({ ticket });
    if (lastEventId) params.set('lastEventId', lastEventId);
    return `${this.base}/admin/events?${params}`;
  }

  async #commentAnswer(method: Call['method'], path: string, body?: unknown): Promise<ModComment> {
    return field(await this.#call({ method, path, body }), 'comment', 'object');
  }

  async #call(call: Call): Promise<unknown> {
    const url = new URL(this.base + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') {
        url.searchParams.set(key, String(value));
      }
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.#options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      if (call.signal?.aborted) throw new ConfabError('aborted', 'The request was cancelled.');
      if (timeout.aborted) {
        throw new ConfabError('timeout', 'The server did not answer in time.', { cause: error });
      }
      throw new ConfabError('network', 'The server cannot be reached.', { cause: error });
    }
    const text = await response.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page, say): described by the status below.
    }
    if (response.ok) return data;
    const error = errorFrom(response, data);
    if (error.code === 'unauthorized' && !call.anonymous) this.#options.onUnauthorized?.(error);
    throw error;
  }
}

function errorFrom(response: Response, data: unknown): ConfabError {
  const parsed = parseErrorBody(data);
  const code = isErrorCode(parsed?.code) ? parsed.code : codeForStatus(response.status);
  const retry = response.headers.get('Retry-After')?.trim() ?? '';
  return new ConfabError(code, parsed?.message ?? `The server answered ${response.status}.`, {
    status: response.status,
    fields: parsed?.fields ?? {},
    retryAfter: /^\d+$/.test(retry) ? Number(retry) : null,
  });
}

const enc = encodeURIComponent;

type Kind = 'string' | 'boolean' | 'object' | 'array';

/** `answer[key]`, checked to be of `kind`; otherwise the answer is not the API's. */
function field<T>(answer: unknown, key: string, kind: Kind): T {
  const value = (answer as Record<string, unknown> | null)?.[key];
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : kind === 'object'
        ? typeof value === 'object' && value !== null
        : typeof value === kind;
  if (!ok) {
    throw new ConfabError('bad_response', `The server's answer has no ${key}.`);
  }
  return value as T;
}

function cursorOf(answer: unknown): string | null {
  const cursor = (answer as { nextCursor?: unknown }).nextCursor;
  return typeof cursor === 'string' && cursor ? cursor : null;
}
