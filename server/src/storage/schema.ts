import type { Generated, Kysely } from 'kysely';
import type { CommentStatus, ReportReason } from '../../../src/protocol/index.js';

/**
 * The tables as Kysely sees them; columns are snake_case as in the migrations. Kysely infers
 * every row type from these declarations, so a column's type is stated once, here. Times are
 * integer milliseconds since the epoch; booleans are 0 or 1 (SQLite has no boolean type).
 */
export interface Tables {
  schema_migrations: { version: number; name: string; applied_at: string };
  pages: { id: Generated<number>; key: string; locked: number; created_at: number };
  tokens: {
    id: Generated<number>;
    hash: Buffer;
    name: string | null;
    url: string | null;
    sso_subject: string | null;
    created_at: number;
  };
  comments: {
    id: Generated<number>;
    page_id: number;
    parent_id: number | null;
    token_id: number;
    author_name: string;
    author_email: string | null;
    author_url: string | null;
    body: string;
    /** The migration's CHECK constraint holds it to these three. */
    status: CommentStatus;
    created_at: number;
    edited_at: number | null;
    up: Generated<number>;
    down: Generated<number>;
  };
  votes: { comment_id: number; token_id: number; page_id: number; value: -1 | 1 };
  idempotency_keys: {
    token_id: number;
    key: string;
    fingerprint: Buffer;
    comment_id: number;
    response: string;
    created_at: number;
  };
  /** The outbox: one row per change, written in the change's own transaction (see feed.ts). */
  events: {
    id: Generated<number>;
    page_key: string;
    kind: EventKind;
    /** null for page-wide events (a lock). */
    comment_id: number | null;
    /** 1 when readers could see the comment before or after the change. */
    visible: number;
    created_at: number;
  };
  reports: {
    id: Generated<number>;
    comment_id: number;
    token_id: number;
    reason: ReportReason;
    note: string | null;
    state: Generated<ReportState>;
    created_at: number;
  };
  /** Shared rate-limit counters (PostgreSQL; SQLite counts in memory). */
  rate_limits: { key: string; window_start: number; window_ms: number; hits: number };
}

export type EventKind =
  | 'comment.created'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.approved'
  | 'comment.reported'
  | 'vote'
  | 'page.locked'
  | 'page.unlocked';

export type ReportState = 'open' | 'dismissed';

/**
 * A query handle: the database itself, or a transaction (which is a Kysely too). The data
 * access modules beside this file are functions over one, so they run unchanged on any
 * dialect and inside any transaction.
 */
export type Db = Kysely<Tables>;
