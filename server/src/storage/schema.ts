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
    avatar: string | null;
    created_at: number;
  };
  comments: {
    id: Generated<number>;
    page_id: number;
    parent_id: number | null;
    token_id: number;
    author_name: string;
    /** Never written since migration 004 (emails live in mail_addresses, when asked for). */
    author_email: string | null;
    author_url: string | null;
    body: string;
    /** The migration's CHECK constraint holds it to these three. */
    status: CommentStatus;
    created_at: number;
    edited_at: number | null;
    up: Generated<number>;
    down: Generated<number>;
    /** Comma-separated hold reasons; null when never held. */
    held_for: string | null;
    /** Set while the comment, or an edit of it, waits for review. */
    held_at: number | null;
    pinned: Generated<number>;
    author_verified: Generated<number>;
    author_avatar: string | null;
    /** An edit waiting for review; readers see `body` until it is approved. */
    edit_body: string | null;
    edit_at: number | null;
    edit_held_for: string | null;
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
  moderators: {
    id: Generated<number>;
    name: string;
    name_key: string;
    password_hash: string;
    created_at: number;
    /** Where moderator mail goes (migration 004); null: none. */
    email: Generated<string | null>;
  };
  moderator_sessions: {
    id: Generated<number>;
    moderator_id: number;
    hash: Buffer;
    created_at: number;
    expires_at: number;
    revoked_at: number | null;
  };
  login_attempts: { id: Generated<number>; key: string; created_at: number };
  bans: {
    id: Generated<number>;
    kind: 'reader' | 'address';
    token_id: number | null;
    sso_subject: string | null;
    comment_id: number | null;
    author_name: string | null;
    cidr: string | null;
    reason: string | null;
    created_by: string;
    created_at: number;
    expires_at: number | null;
    lifted_at: number | null;
  };
  audit_log: {
    id: Generated<number>;
    moderator_id: number | null;
    moderator: string;
    action: string;
    comment_id: number | null;
    page_key: string | null;
    /** A JSON object. */
    detail: string;
    created_at: number;
  };
  reserved_names: { name_key: string; name: string; sso_subject: string; created_at: number };
  // Notifications, moderator mail and webhooks (migration 004).
  server_state: { name: string; value: string; created_at: number };
  mail_addresses: {
    id: Generated<number>;
    email: string;
    email_key: string;
    lang: string;
    confirmed_at: number | null;
    confirm_sent_at: number | null;
    confirmations_sent: Generated<number>;
    created_at: number;
  };
  subscriptions: { id: Generated<number>; address_id: number; page_id: number; created_at: number };
  watched_comments: { comment_id: number; subscription_id: number };
  notices: {
    recipient: string;
    comment_id: number;
    reason: NoticeReason;
    created_at: number;
    mailed_at: number | null;
  };
  jobs: {
    id: Generated<number>;
    kind: string;
    dedupe_key: string | null;
    payload: string;
    state: Generated<'queued' | 'dead'>;
    run_at: number;
    attempts: Generated<number>;
    claimed_by: string | null;
    last_error: string | null;
    created_at: number;
  };
  event_dispatch: { event_id: number; created_at: number };
  announced_replies: { comment_id: number; created_at: number };
  /** Where each imported comment came from (migration 005; see server/src/import/). */
  imported_comments: {
    comment_id: number;
    /** disqus, wordpress, commento or confab. */
    source: string;
    /** The source's own id for the comment, qualified by the source: `disqus:1234`. */
    source_key: string;
    /** As the source had it: never consented to, never mailed. */
    author_email: string | null;
    imported_at: number;
  };
  /** Parsed items of running imports, resolved with SQL (storage/imports.ts). */
  import_staging: {
    seq: Generated<number>;
    run_id: string;
    staged_at: number;
    kind: 'thread' | 'comment';
    line: number | null;
    source_key: string;
    thread_key: string | null;
    parent_key: string | null;
    page_key: string | null;
    locked: Generated<number>;
    author_name: Generated<string>;
    author_email: string | null;
    author_url: string | null;
    token_hash: Buffer | null;
    body: Generated<string>;
    status: Generated<CommentStatus>;
    created_at: number | null;
    edited_at: number | null;
    up: Generated<number>;
    down: Generated<number>;
    skip_kind: 'skipped' | 'failed' | null;
    skip_reason: string | null;
    note: string | null;
    parent_seq: number | null;
    outcome: StagedOutcome | null;
    depth: number | null;
    comment_id: number | null;
  };
  /** Shared rate-limit counters (PostgreSQL; SQLite counts in memory). */
  rate_limits: { key: string; window_start: number; window_ms: number; hits: number };
}

/** What a resolved import item becomes. */
export type StagedOutcome = 'comment' | 'tombstone' | 'existing' | 'skip';

export type NoticeReason = 'reply' | 'pending' | 'reported';

export type EventKind =
  | 'comment.created'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.approved'
  | 'comment.reported'
  /** Moderation: hidden by reports, pinned, unpinned, a held edit rejected, reports dismissed. */
  | 'comment.hidden'
  | 'comment.pinned'
  | 'comment.unpinned'
  | 'comment.edit_rejected'
  | 'comment.reports_dismissed'
  | 'vote'
  | 'page.locked'
  | 'page.unlocked'
  /** An import added comments to the page: one event per page, not one per comment. */
  | 'page.imported';

export type ReportState = 'open' | 'dismissed';

/**
 * A query handle: the database itself, or a transaction (which is a Kysely too). The data
 * access modules beside this file are functions over one, so they run unchanged on any
 * dialect and inside any transaction.
 */
export type Db = Kysely<Tables>;
