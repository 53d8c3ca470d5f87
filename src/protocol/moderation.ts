/**
 * Types of the moderation API (protocol 1.1 "Moderation API" and the reference server's
 * extensions, docs/protocol.md): what the moderation console sends and receives under `/admin/`.
 */
import type { Comment, ReportReason } from './types.js';

/** Why a comment, or an edit of one, was held for review. */
export const HOLD_REASONS = [
  'moderation',
  'first_comment',
  'links',
  'words',
  'reports',
  'honeypot',
  'held_before',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** The queues of `GET /admin/comments?status=…`. */
export const MOD_QUEUES = ['pending', 'reported', 'published', 'deleted'] as const;
export type ModQueue = (typeof MOD_QUEUES)[number];

/** The name of the honeypot field of `POST /comments`: the widget sends it empty. */
export const HONEYPOT_FIELD = 'hp';

/** A comment as moderators see it. */
export interface ModComment extends Comment {
  page: string;
  /** Open reports: not yet dismissed by an approval. */
  reports: { count: number; reasons: Partial<Record<ReportReason, number>> };
  /** Why it was held for review ([] when never); kept after the review. */
  heldFor: HoldReason[];
  /** An edit waiting for review; readers still see `body`. */
  pendingEdit?: { body: string; editedAt: string; heldFor: HoldReason[] };
}

/** `POST /admin/session` */
export interface ModeratorLoginRequest {
  name: string;
  password: string;
}
export interface ModeratorSessionResponse {
  token: string;
  expiresAt: string;
  moderator: { name: string };
}
/** `GET /admin/session`: who the token is. */
export type ModeratorWhoAmIResponse = Omit<ModeratorSessionResponse, 'token'>;

/** `GET /admin/comments` */
export interface ModQueueResponse {
  comments: ModComment[];
  nextCursor: string | null;
}

export interface ModCommentResponse {
  comment: ModComment;
}

/** `GET /admin/comments/{id}/reports` */
export interface ModReport {
  id: string;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
  state: 'open' | 'dismissed';
}

/** `POST /admin/comments/bulk` */
export interface BulkRequest {
  action: 'approve' | 'delete';
  ids: string[];
}
export type BulkResult =
  { id: string; comment: ModComment } | { id: string; error: { code: string; message: string } };

/** `GET /admin/pages` */
export interface PageSummary {
  page: string;
  locked: boolean;
  published: number;
  pending: number;
  lastCommentAt: string | null;
}

/** `POST /admin/bans` */
export type BanRequest = ({ commentId: string } | { cidr: string }) & {
  /** Seconds; absent or null: until lifted. */
  duration?: number | null;
  reason?: string | null;
};
export interface Ban {
  id: string;
  kind: 'reader' | 'address';
  commentId: string | null;
  author: string | null;
  cidr: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  liftedAt: string | null;
  active: boolean;
}

export const AUDIT_ACTIONS = [
  'approve',
  'approve_edit',
  'reject_edit',
  'delete',
  'pin',
  'unpin',
  'lock',
  'unlock',
  'ban',
  'unban',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: string;
  moderator: string;
  action: AuditAction;
  commentId: string | null;
  page: string | null;
  detail: Record<string, string | number | boolean | null>;
}

/** What happened to the comment of a console `comment` event (the last change, when several). */
export const MOD_EVENT_KINDS = [
  'comment.created',
  'comment.edited',
  'comment.approved',
  'comment.edit_rejected',
  'comment.deleted',
  'comment.reported',
  'comment.hidden',
  'comment.pinned',
  'comment.unpinned',
] as const;
export type ModEventKind = (typeof MOD_EVENT_KINDS)[number];

/** Data of the console's `comment` event (`GET /admin/events`). */
export interface ModCommentEvent {
  /** One of MOD_EVENT_KINDS (a string, so that a newer server's kinds still parse). */
  kind: string;
  comment: ModComment;
}

/** Data of the `page` event, on readers' and on the console's streams. */
export interface PageEventData {
  page: string;
  locked: boolean;
}

/** `GET /admin/settings` */
export interface ModSettings {
  moderation: 'off' | 'hold';
  editWindowSeconds: number;
  sessionSeconds: number;
  rules: {
    firstComment: boolean;
    maxLinks: number | null;
    words: string[];
    hideAfterReports: number | null;
    honeypotField: typeof HONEYPOT_FIELD;
  };
}
