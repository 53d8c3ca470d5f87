import type { Storage } from '../storage/types.js';
import { CommentService } from './comments.js';
import { Housekeeping } from './housekeeping.js';
import { BanService } from './moderation-bans.js';
import { ModerationQueries } from './moderation-queues.js';
import { HoldPolicy, NO_HOLD_RULES, type HoldRules } from './moderation-rules.js';
import { ModerationService } from './moderation.js';
import { ModeratorService, type LoginLimits } from './moderators.js';
import { ReportService } from './reports.js';
import type { Clock } from './results.js';
import { SeedService } from './seed.js';
import { SessionService } from './sessions.js';
import { SubscriptionService } from './subscriptions.js';
import { VoteService } from './votes.js';
import type { ScryptCost } from '../passwords.js';

export type { Reason, Result } from './results.js';

/** The business rules, one service per concern, all over one store. */
export interface Services {
  comments: CommentService;
  votes: VoteService;
  reports: ReportService;
  sessions: SessionService;
  moderation: ModerationService;
  /** What moderators read: queues, reports, pages, the audit log. */
  queries: ModerationQueries;
  moderators: ModeratorService;
  bans: BanService;
  /** The rules that hold comments for review, as configured. */
  hold: HoldPolicy;
  seed: SeedService;
  housekeeping: Housekeeping;
  /** Reply notifications: confirming, unsubscribing, erasing an address. */
  subscriptions: SubscriptionService;
}

export const DEFAULT_MODERATOR_SESSION_MS = 12 * 60 * 60_000;

export interface ServiceOptions {
  now?: Clock;
  /** hold: every new comment waits for approval (the same as holdRules.holdAll). */
  moderation?: 'off' | 'hold';
  /** The other rules that hold comments for review; each off unless given. */
  holdRules?: Partial<Omit<HoldRules, 'holdAll'>>;
  editWindowMs?: number;
  eventRetentionMs?: number;
  /** How long a moderator token lives (12 hours). */
  moderatorSessionMs?: number;
  /** null or absent: moderator logins are not throttled. */
  loginLimits?: LoginLimits | null;
  /** Cost of new password hashes (tests make it cheap). */
  scrypt?: ScryptCost;
}

/**
 * Builds the services. Reading threads (services/threads.ts) is not among them: its cache
 * follows the event feed, which only the HTTP server runs.
 */
export function createServices(storage: Storage, options: ServiceOptions = {}): Services {
  const now = options.now ?? Date.now;
  const hold = new HoldPolicy({
    ...NO_HOLD_RULES,
    ...options.holdRules,
    holdAll: options.moderation === 'hold',
  });
  return {
    comments: new CommentService(storage, {
      hold,
      editWindowMs: options.editWindowMs ?? 15 * 60_000,
      now,
    }),
    votes: new VoteService(storage, now),
    reports: new ReportService(storage, now, hold),
    sessions: new SessionService(storage, now),
    moderation: new ModerationService(storage, now),
    queries: new ModerationQueries(storage),
    moderators: new ModeratorService(storage, now, {
      sessionMs: options.moderatorSessionMs ?? DEFAULT_MODERATOR_SESSION_MS,
      loginLimits: options.loginLimits ?? null,
      ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    }),
    bans: new BanService(storage, now),
    hold,
    seed: new SeedService(storage, now),
    housekeeping: new Housekeeping(storage, now, options.eventRetentionMs),
    subscriptions: new SubscriptionService(storage, now),
  };
}
