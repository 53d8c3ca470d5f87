/**
 * Browser-side handle on the fake Confab server (test/support/fake-endpoint.mjs).
 *
 * Each call to `fakeEndpoint()` opens a fresh scope, so tests never share comments, tokens, faults
 * or request logs.
 */
import type { Comment, CommentStatus, VoteValue } from '../../src/protocol/index.js';

export interface SeedComment {
  id?: string;
  parentId?: string | null;
  author?: string | { name: string; url?: string | null; avatar?: string | null };
  body?: string;
  createdAt?: string;
  editedAt?: string | null;
  status?: CommentStatus;
  up?: number;
  down?: number;
  /** Owned by the reader token the helper stores in localStorage. */
  mine?: boolean;
  /** The reader token's vote (counted in up/down). */
  myVote?: VoteValue;
}

export interface FaultSpec {
  method?: string;
  /** Relative to the endpoint, e.g. '/threads'; also matches paths below it ('/comments' → '/comments/x/vote'). */
  path?: string;
  /** Number of matching requests it applies to; default 1. */
  times?: number;
  status?: number;
  /** The `error` member of the answer: `{ code, message, fields }`. */
  error?: { code?: string; message?: string; fields?: Record<string, string> };
  /** Wait before answering; on its own the request is then handled normally. */
  delayMs?: number;
  /** Raw answer body (malformed or wrong-shaped JSON); status defaults to 200. */
  body?: string;
  contentType?: string;
  /** Seconds, sent as Retry-After; status defaults to 503. */
  retryAfter?: number;
  /** Break the answer off after its headers and a few body bytes: reading it fails (a network error). */
  dropConnection?: boolean;
  /** Answer 200 with a JSON body of this many bytes. */
  hugeBytes?: number;
  /** With hugeBytes: send it without Content-Length. */
  chunked?: boolean;
  /** Handle the request for real first (it takes effect), then fault the answer. */
  afterProcessing?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names, as Node reports them. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

export interface FakeSetup {
  threads?: Record<string, SeedComment[] | { locked?: boolean; comments: SeedComment[] }>;
  editWindowMs?: number;
  /** New comments start as 'pending' (visible to their author only). */
  moderate?: boolean;
}

export interface FakeEndpoint {
  /** e.g. '/fake-api/abc123': the element's endpoint attribute. */
  endpoint: string;
  /** The token that owns seeded `mine: true` comments (stored in localStorage when used). */
  readerToken: string;
  seed(page: string, comments: SeedComment[], options?: { locked?: boolean }): Promise<Comment[]>;
  fault(fault: FaultSpec): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  pushEvent(page: string, event: 'comment' | 'vote', data: unknown): Promise<void>;
  dropStreams(): Promise<void>;
  /** Pages with an open event stream, one entry per stream. */
  openStreams(): Promise<string[]>;
  /** Server-side state of a page, deleted and pending included (deleted keep their body here). */
  comments(page: string): Promise<Comment[]>;
}

async function control<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`fake control ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function storesReaderToken(comments: SeedComment[]): boolean {
  return comments.some((c) => c.mine || (c.myVote !== undefined && c.myVote !== 0));
}

export async function fakeEndpoint(setup: FakeSetup = {}): Promise<FakeEndpoint> {
  const endpoint = `/fake-api/${crypto.randomUUID().replaceAll('-', '')}`;
  const { readerToken } = await control<{ readerToken: string }>(endpoint, 'POST', '/setup', setup);
  const rememberReader = () => {
    localStorage.setItem(`confab:token:${endpoint}`, readerToken);
  };
  const seeded = Object.values(setup.threads ?? {}).flatMap((t) =>
    Array.isArray(t) ? t : t.comments,
  );
  if (storesReaderToken(seeded)) rememberReader();

  return {
    endpoint,
    readerToken,
    async seed(page, comments, options = {}) {
      const result = await control<{ comments: Comment[] }>(endpoint, 'POST', '/seed', {
        page,
        comments,
        locked: options.locked,
      });
      if (storesReaderToken(comments)) rememberReader();
      return result.comments;
    },
    async fault(fault) {
      await control(endpoint, 'POST', '/fault', fault);
    },
    async requests() {
      return (await control<{ requests: LoggedRequest[] }>(endpoint, 'GET', '/requests')).requests;
    },
    async pushEvent(page, event, data) {
      await control(endpoint, 'POST', '/push', { page, event, data });
    },
    async dropStreams() {
      await control(endpoint, 'POST', '/drop-streams');
    },
    async openStreams() {
      return (await control<{ open: string[] }>(endpoint, 'GET', '/streams')).open;
    },
    async comments(page) {
      const query = `/comments?page=${encodeURIComponent(page)}`;
      return (await control<{ comments: Comment[] }>(endpoint, 'GET', query)).comments;
    },
  };
}
