/**
 * Types of the Confab comment protocol, version 1 (docs/protocol.md), and the few constants both
 * sides must agree on.
 */

export type CommentStatus = 'published' | 'pending' | 'deleted';
export type VoteValue = -1 | 0 | 1;
export type SortOrder = 'oldest' | 'newest' | 'top';

export interface Author {
  name: string;
  url: string | null;
  avatar: string | null;
  /** Extension: written by a signed-in reader (single sign-on); absent otherwise. */
  verified?: true;
}

export interface Votes {
  up: number;
  down: number;
}

export interface Comment {
  id: string;
  /** null: a top-level comment. */
  parentId: string | null;
  author: Author;
  /** Markdown source, as the author wrote it. Empty for a tombstone. */
  body: string;
  /** RFC 3339, UTC. */
  createdAt: string;
  editedAt: string | null;
  status: CommentStatus;
  votes: Votes;
  /** The caller's own vote; 0 without a token. */
  myVote: VoteValue;
  /** The caller's token wrote it. */
  mine: boolean;
  /** Extension: pinned by a moderator to the top of its thread; absent otherwise. */
  pinned?: true;
}

/** `POST /session` → 201 */
export interface SessionRequest {
  sso?: string;
}
export interface SessionResponse {
  token: string;
  name: string | null;
}

/** `GET /threads` → 200 */
export interface ThreadQuery {
  page: string;
  sort?: SortOrder;
  limit?: number;
  cursor?: string;
  /** Deep links (1.1, docs/protocol.md): the pages through this comment's. */
  around?: string;
}
export interface ThreadResponse {
  page: string;
  locked: boolean;
  /** Every visible comment of the thread, replies included. */
  total: number;
  /** Flat; a parent always precedes its replies. */
  comments: Comment[];
  nextCursor: string | null;
}

/** `POST /comments` → 201 */
export interface NewCommentRequest {
  page: string;
  parentId: string | null;
  body: string;
  author: { name: string; email?: string; url?: string };
  /** Extension: the honeypot (HONEYPOT_FIELD); people leave it empty. */
  hp?: string;
  /** 1.1: mail `author.email` (then required) about replies to this comment. */
  notify?: boolean;
  /** 1.1, with `notify`: the language of the mails (a BCP 47 tag); else Accept-Language. */
  lang?: string;
}
export interface CommentResponse {
  comment: Comment;
}

/** `PATCH /comments/{id}` → 200 */
export interface EditCommentRequest {
  body: string;
}

/** `PUT /comments/{id}/vote` → 200 */
export interface VoteRequest {
  value: VoteValue;
}
export interface VoteResponse {
  votes: Votes;
  myVote: VoteValue;
}

/** `GET /counts?page=A&page=B` → 200 */
export interface CountsResponse {
  counts: Record<string, number>;
}

/** Why a reader reports a comment (`POST /comments/{id}/reports`, protocol 1.1). */
export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** `POST /comments/{id}/reports` → 201 the first time, 200 for a repeat by the same token */
export interface ReportRequest {
  reason: ReportReason;
  /** At most `LIMITS.reportNoteMaxChars` characters. */
  note?: string;
}
export interface ReportResponse {
  reported: true;
}

/** Data of the `vote` server-sent event. */
export interface VoteEventData {
  id: string;
  votes: Votes;
}

export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'locked'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

/** The body of every non-2xx answer. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Request fields at fault, each with a message. */
    fields?: Record<string, string>;
  };
}

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Limits of the reference server, also used by the widget to check drafts early. */
export const LIMITS = {
  bodyMaxChars: 10_000,
  nameMaxChars: 64,
  urlMaxChars: 512,
  emailMaxChars: 254,
  pageKeyMaxChars: 512,
  threadDefaultLimit: 50,
  threadMaxLimit: 200,
  countsMaxPages: 100,
  reportNoteMaxChars: 500,
} as const;
