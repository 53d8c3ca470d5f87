import type { Storage } from '../storage/types.js';
import { CommentService, type CommentRules } from './comments.js';
import { Housekeeping } from './housekeeping.js';
import { ModerationService } from './moderation.js';
import { ReportService } from './reports.js';
import type { Clock } from './results.js';
import { SeedService } from './seed.js';
import { SessionService } from './sessions.js';
import { SubscriptionService } from './subscriptions.js';
import { VoteService } from './votes.js';

export type { Reason, Result } from './results.js';

/** The business rules, one service per concern, all over one store. */
export interface Services {
  comments: CommentService;
  votes: VoteService;
  reports: ReportService;
  sessions: SessionService;
  moderation: ModerationService;
  seed: SeedService;
  housekeeping: Housekeeping;
  /** Reply notifications: confirming, unsubscribing, erasing an address. */
  subscriptions: SubscriptionService;
}

export interface ServiceOptions extends Partial<Omit<CommentRules, 'now'>> {
  now?: Clock;
  eventRetentionMs?: number;
}

/**
 * Builds the services. Reading threads (services/threads.ts) is not among them: its cache
 * follows the event feed, which only the HTTP server runs.
 */
export function createServices(storage: Storage, options: ServiceOptions = {}): Services {
  const now = options.now ?? Date.now;
  return {
    comments: new CommentService(storage, {
      moderation: options.moderation ?? 'off',
      editWindowMs: options.editWindowMs ?? 15 * 60_000,
      now,
    }),
    votes: new VoteService(storage, now),
    reports: new ReportService(storage, now),
    sessions: new SessionService(storage, now),
    moderation: new ModerationService(storage, now),
    seed: new SeedService(storage, now),
    housekeeping: new Housekeeping(storage, now, options.eventRetentionMs),
    subscriptions: new SubscriptionService(storage, now),
  };
}
