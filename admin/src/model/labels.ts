/** What the console calls the API's codes, and how it writes times, durations and failures. Pure. */
import { ConfabError } from '../../../src/api/errors.js';
import type {
  AuditAction,
  AuditEntry,
  Ban,
  HoldReason,
  ModQueue,
  ReportReason,
} from '../../../src/protocol/index.js';

export const QUEUE_TITLES: Readonly<Record<ModQueue, string>> = {
  pending: 'Pending',
  reported: 'Reported',
  published: 'Recent',
  deleted: 'Deleted',
};

export const HOLD_REASON_LABELS: Readonly<Record<HoldReason, string>> = {
  moderation: 'every comment is held for review',
  first_comment: 'first comment of a new reader',
  links: 'too many links',
  words: 'a word of the word list',
  reports: 'reported by several readers (hidden)',
  honeypot: 'filled the hidden anti-spam field',
  held_before: 'edit of a comment that was held before',
};

export const REPORT_REASON_LABELS: Readonly<Record<ReportReason, string>> = {
  spam: 'spam',
  abuse: 'abuse',
  off_topic: 'off topic',
  other: 'other',
};

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  approve: 'approved',
  approve_edit: 'approved an edit of',
  reject_edit: 'rejected an edit of',
  delete: 'deleted',
  pin: 'pinned',
  unpin: 'unpinned',
  lock: 'locked a thread',
  unlock: 'unlocked a thread',
  ban: 'banned',
  unban: 'lifted a ban',
};

export function holdReason(code: string): string {
  return HOLD_REASON_LABELS[code as HoldReason] ?? code;
}

export function reportReason(code: string): string {
  return REPORT_REASON_LABELS[code as ReportReason] ?? code;
}

/** "3 reports: spam 2, abuse 1". */
export function reportSummary(reports: {
  count: number;
  reasons: Partial<Record<string, number>>;
}): string {
  const reasons = Object.entries(reports.reasons)
    .filter(([, count]) => (count ?? 0) > 0)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, count]) => `${reportReason(reason)} ${count}`);
  const head = `${reports.count} ${reports.count === 1 ? 'report' : 'reports'}`;
  return reasons.length ? `${head}: ${reasons.join(', ')}` : head;
}

/** Ban lengths offered by the console, in seconds (null: until lifted). */
export const BAN_DURATIONS: readonly { label: string; seconds: number | null }[] = [
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
  { label: '1 year', seconds: 365 * 86_400 },
  { label: 'Until lifted', seconds: null },
];

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "12 Mar 2025, 14:05": a moderator compares times exactly. Invalid input is shown as it is. */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago", "in 2 days"; "just now" under a minute. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const delta = time - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size) return relative.format(Math.round(delta / size), unit);
  }
  return 'just now';
}

/** What a ban does, in a line: "Reader “Spam King” (comment 12)" or "Addresses 203.0.113.0/24". */
export function banTarget(ban: Ban): string {
  if (ban.kind === 'address') return `Addresses ${ban.cidr ?? '?'}`;
  const who = ban.author ? `“${ban.author}”` : 'a reader';
  return ban.commentId ? `Reader ${who} (comment ${ban.commentId})` : `Reader ${who}`;
}

export function banUntil(ban: Ban): string {
  if (ban.liftedAt) return `lifted ${formatTime(ban.liftedAt)}`;
  if (!ban.expiresAt) return 'until lifted';
  return `${ban.active ? 'until' : 'ended'} ${formatTime(ban.expiresAt)}`;
}

/** An audit entry's action in words: "approved comment 12", "locked a thread". */
export function auditSummary(entry: AuditEntry): string {
  const action = AUDIT_ACTION_LABELS[entry.action] ?? entry.action;
  const target =
    entry.commentId && !['lock', 'unlock', 'unban'].includes(entry.action)
      ? ` comment ${entry.commentId}`
      : '';
  return `${action}${target}`;
}

/** An audit entry's detail as "key: value" pairs, in the API's order. */
export function auditDetail(entry: AuditEntry): string {
  return Object.entries(entry.detail ?? {})
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

/** A failed request in a sentence for the moderator. */
export function problemText(error: unknown): string {
  if (error instanceof ConfabError) {
    if (error.code === 'network' || error.code === 'timeout') {
      return 'The server cannot be reached. Check your connection and try again.';
    }
    return error.message;
  }
  return 'Something went wrong. Try again.';
}
