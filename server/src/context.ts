import type { ServerConfig } from './config.js';
import type { LiveUpdates } from './live.js';
import type { ConsoleLive } from './mod-live.js';
import type { ModeratorAuth } from './moderator-auth.js';
import type { Notifications } from './notifications.js';
import type { RateLimitHooks, VoterCheck } from './rate-limits.js';
import type { Readers } from './readers.js';
import type { Services } from './services/index.js';
import type { Clock } from './services/results.js';
import type { ThreadCache } from './services/threads.js';
import type { StreamHub } from './streams.js';

/** What the routes share; built once per server by buildApp (app.ts). */
export interface ServerContext {
  config: ServerConfig;
  services: Services;
  /** Reading threads: the cache of page models, kept fresh by the event feed. */
  threads: ThreadCache;
  /** Who is calling, from the bearer token. */
  readers: Readers;
  /** The open event streams. */
  streams: StreamHub;
  /** Feeds the streams, and replays to reconnecting ones. */
  live: LiveUpdates;
  /** Who is calling the moderation API. */
  moderatorAuth: ModeratorAuth;
  /** The moderation console's live feed. */
  consoleLive: ConsoleLive;
  /** onRequest hooks of the rate-limited routes. */
  limits: RateLimitHooks;
  /** Tokens per address voting on one comment; null when rate limits are off. */
  voters: VoterCheck | null;
  /** The services' clock (tests pass their own). */
  now: Clock;
  /** Reply mail, moderator mail and webhooks; null when none is configured. */
  notifications: Notifications | null;
}
