import type {
  AuditEntry,
  Ban,
  ModComment,
  ModQueue,
  ReportReason,
} from '../../src/protocol/index.js';
import { parseReasons } from './services/moderation-rules.js';
import type { CommentWithPage } from './storage/comments.js';
import type { AuditRow } from './storage/moderation-audit.js';
import type { BanRow } from './storage/moderation-bans.js';
import type { QueueCursor } from './storage/moderation-queues.js';
import { isoTime, toComment } from './thread-view.js';

/**
 * What moderators see, as the API's shapes: pure functions over stored rows, as thread-view.ts
 * is for readers.
 */

/** A comment with its open reports per reason. */
export type ModView = CommentWithPage & { openReports: Partial<Record<ReportReason, number>> };

export function toModComment(view: ModView): ModComment {
  const reasons = view.openReports;
  const count = Object.values(reasons).reduce((sum, n) => sum + (n ?? 0), 0);
  const comment: ModComment = {
    ...toComment(view, 0, false),
    page: view.pageKey,
    reports: { count, reasons: { ...reasons } },
    heldFor: parseReasons(view.heldFor),
  };
  if (view.editBody !== null && view.editAt !== null && view.status === 'published') {
    comment.pendingEdit = {
      body: view.editBody,
      editedAt: isoTime(view.editAt),
      heldFor: parseReasons(view.editHeldFor),
    };
  }
  return comment;
}

export function toBan(row: BanRow, now: number): Ban {
  return {
    id: String(row.id),
    kind: row.kind,
    commentId: row.commentId === null ? null : String(row.commentId),
    author: row.authorName,
    cidr: row.cidr,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: isoTime(row.createdAt),
    expiresAt: row.expiresAt === null ? null : isoTime(row.expiresAt),
    liftedAt: row.liftedAt === null ? null : isoTime(row.liftedAt),
    active: row.liftedAt === null && (row.expiresAt === null || row.expiresAt > now),
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  let detail: AuditEntry['detail'] = {};
  try {
    detail = JSON.parse(row.detail) as AuditEntry['detail'];
  } catch {
    // Written by this server as JSON; a hand-edited row shows no detail rather than failing.
  }
  return {
    id: String(row.id),
    at: isoTime(row.createdAt),
    moderator: row.moderator,
    action: row.action as AuditEntry['action'],
    commentId: row.commentId === null ? null : String(row.commentId),
    page: row.pageKey,
    detail,
  };
}

/** Opaque to clients: base64url JSON of the queue (or list) and the last row's sort key. */
export function encodeQueueCursor(queue: string, key: QueueCursor): string {
  return Buffer.from(JSON.stringify([queue, ...key])).toString('base64url');
}

/** The sort key of a cursor of this queue, or null when it is none. */
export function decodeQueueCursor(cursor: string, queue: ModQueue | string): QueueCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== queue) return null;
  const key = value.slice(1);
  return key.every((n) => Number.isSafeInteger(n)) ? (key as QueueCursor) : null;
}
