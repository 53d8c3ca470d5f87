/**
 * What the browser tests and the test-server plugin (Node) say to each other: the shapes of seeds,
 * faults and the request log. Types only, so the browser side imports nothing of Node.
 */
import type { Comment, CommentStatus, VoteValue } from '../../../src/protocol/index.js';

/** Extra `confab-server` settings of one scope; the rest are the server's defaults. */
export interface ServerSetup {
  /** Page key → comments to seed (in this order), or a locked page with its comments. */
  threads?: Record<string, SeedComment[] | { locked?: boolean; comments: SeedComment[] }>;
  /** `--edit-window`, in milliseconds (server default 15 minutes). */
  editWindowMs?: number;
  /** `--moderation hold`: new comments start pending, visible to their author only. */
  moderate?: boolean;
  /** Keep the server's rate limits on (they are off unless asked for). */
  rateLimits?: boolean;
  /** `CONFAB_SSO_SECRET` (at least 32 characters): POST /session accepts tokens signed with it. */
  ssoSecret?: string;
  /** Further command-line flags for `confab-server`, e.g. `['--limit-votes-token', '1/1m']`. */
  flags?: string[];
  /**
   * Reply mail on: `--smtp` to a real SMTP sink of the scope's own (`server.mails()`), with
   * `--mail-from` and `--public-url`. Without it the server refuses `"notify": true`.
   */
  mail?: boolean;
}

/** A mail the scope's SMTP sink received. */
export interface SentMail {
  /** RCPT TO. */
  to: string[];
  subject: string;
  text: string;
}

/**
 * One comment to write into the scope's database. Every field has a default: author `Reader N`,
 * body `Comment N`, times one second apart ending now in the given order, published, no votes.
 */
export interface SeedComment {
  /** The test's name for this comment; the server gives it a real id (`server.ids[ref]`). */
  ref?: string;
  /** The ref of the comment this one replies to, seeded before it or earlier in the list. */
  parent?: string | null;
  /**
   * Stored as given, without the server's checks (hostile names and URLs are welcome). The reference
   * server has no avatars: an avatar here is written by the proxy into every answer and event that
   * carries this comment, as another server might send it.
   */
  author?: string | { name: string; url?: string | null; avatar?: string | null };
  body?: string;
  createdAt?: string;
  editedAt?: string | null;
  /** A deleted comment is stored as the server stores one: body and author wiped. */
  status?: CommentStatus;
  /** Votes by other readers, plus the reader token's own `myVote`. */
  up?: number;
  down?: number;
  /** Written with the scope's reader token (which the browser helper then stores for the widget). */
  mine?: boolean;
  /** The reader token's vote, counted in up/down. */
  myVote?: VoteValue;
}

export interface FaultSpec {
  method?: string;
  /** Relative to the endpoint, e.g. '/threads'; also matches paths below it ('/comments' → '/comments/7/vote'). */
  path?: string;
  /** Number of matching requests it applies to; default 1. */
  times?: number;
  status?: number;
  /** The `error` member of the answer: `{ code, message, fields }`. */
  error?: { code?: string; message?: string; fields?: Record<string, string> };
  /** Wait before forwarding; on its own the request is then handled normally. */
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
  /** Forward the request for real first (it takes effect), then fault the answer. */
  afterProcessing?: boolean;
  /** Forward the request at once, and hold its answer this long (an answer older than it looks). */
  answerDelayMs?: number;
}

export interface LoggedRequest {
  method: string;
  /** Relative to the endpoint, without the query: '/threads', '/comments/7/vote'. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names, as Node reports them. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

/** Field values to lay over a comment wherever the proxy passes it on (deep-merged, by comment id). */
export type CommentRewrite = Partial<Omit<Comment, 'author' | 'votes'>> & {
  author?: Partial<Comment['author']>;
  votes?: Partial<Comment['votes']>;
};

/** A seeded comment as the server's answers show it to the reader token, with its ref. */
export interface SeededComment extends Comment {
  ref: string | null;
}

/** The commands of the `confab-test-server` server command (see plugin.ts). */
export type Command =
  | { op: 'open'; setup: ServerSetup }
  | { op: 'close'; scopes: string[] }
  | { op: 'seed'; scope: string; page: string; comments: SeedComment[]; locked?: boolean }
  | { op: 'fault'; scope: string; fault: FaultSpec }
  | { op: 'rewrite'; scope: string; changes: Record<string, CommentRewrite> }
  | { op: 'requests'; scope: string }
  | { op: 'push'; scope: string; page: string; event: string; data: unknown }
  | { op: 'drop-streams'; scope: string }
  | { op: 'streams'; scope: string }
  | { op: 'comments'; scope: string; page: string }
  | { op: 'moderator'; scope: string; name: string }
  | { op: 'mails'; scope: string };

export interface OpenResult {
  scope: string;
  readerToken: string;
  seeded: SeededComment[];
}
