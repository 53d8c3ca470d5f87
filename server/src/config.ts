import { parseArgs } from 'node:util';
import {
  NOTIFY_HELP,
  NOTIFY_OPTIONS,
  parseNotifySettings,
  type NotifyConfig,
} from './notify-config.js';
import type { SyncMode } from './storage/sqlite.js';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface RateLimits {
  sessionsPerIp: RateLimit;
  postsPerToken: RateLimit;
  postsPerIp: RateLimit;
  votesPerToken: RateLimit;
  votesPerIp: RateLimit;
  /** Optional for configurations written before reports existed: the defaults apply. */
  reportsPerToken?: RateLimit;
  reportsPerIp?: RateLimit;
  /** Moderator logins that have not succeeded, per client address and per name. */
  loginsPerIp?: RateLimit;
  loginsPerName?: RateLimit;
  /** PATCH and DELETE of comments; optional, as the reports' limits are. */
  editsPerToken?: RateLimit;
  editsPerIp?: RateLimit;
  /** How many tokens of one address (an IPv6 /64) may vote on one comment in the window. */
  votersPerIp?: RateLimit;
}

/** The rules that hold comments for review besides --moderation hold; each off by default. */
export interface HoldRuleSettings {
  /** Hold the first comment of a reader not yet approved once. */
  firstComment: boolean;
  /** Hold comments with more links than this; null: no limit. */
  maxLinks: number | null;
  /** Hold comments containing one of these words or phrases. */
  words: string[];
  /** Hide a published comment reported by this many different readers; null: never. */
  hideAfterReports: number | null;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig extends NotifyConfig {
  port: number;
  host: string;
  db: string;
  /** Allowed site origins; `*` only when configured explicitly. */
  origins: string[];
  /** The built widget served under /widget/ (default: the repository's dist/). */
  widgetDir?: string;
  editWindowMs: number;
  moderation: 'off' | 'hold';
  /** null: rate limiting is off. */
  rateLimits: RateLimits | null;
  logLevel: LogLevel;
  /**
   * Passed to Fastify: false, a hop count or a list of proxy addresses. Never true: that takes
   * the leftmost X-Forwarded-For entry, which the client writes.
   */
  trustProxy: boolean | number | string;
  /** URL page keys must be pages of an allowed origin (off: the protocol accepts any key). */
  pageOrigins?: boolean;
  sync: SyncMode;
  /** PostgreSQL: connections in each server's pool (default 10). */
  dbPool?: number;
  ssoSecret: string | null;
  /** How long the outbox keeps events for reconnecting streams (default 24 h). */
  eventRetentionMs?: number;
  /** Absent: no rule but --moderation holds comments. */
  holdRules?: HoldRuleSettings;
  /** How long a moderator token lives (default 12 h). */
  moderatorSessionMs?: number;
  /** The thread cache's memory budget, every page together (default 64 MiB). */
  threadCacheBytes?: number;
  /** Whole anonymous answers kept per page (default 4 MiB, at most a 16th of the total). */
  threadCachePageBytes?: number;
}

export const NO_HOLD_RULE_SETTINGS: HoldRuleSettings = {
  firstComment: false,
  maxLinks: null,
  words: [],
  hideAfterReports: null,
};

export const DEFAULT_RATE_LIMITS: Required<RateLimits> = {
  sessionsPerIp: { max: 30, windowMs: 60_000 },
  postsPerToken: { max: 10, windowMs: 60_000 },
  postsPerIp: { max: 30, windowMs: 60_000 },
  votesPerToken: { max: 60, windowMs: 60_000 },
  votesPerIp: { max: 300, windowMs: 60_000 },
  reportsPerToken: { max: 10, windowMs: 60_000 },
  reportsPerIp: { max: 30, windowMs: 60_000 },
  loginsPerIp: { max: 10, windowMs: 15 * 60_000 },
  loginsPerName: { max: 10, windowMs: 15 * 60_000 },
  editsPerToken: { max: 10, windowMs: 60_000 },
  editsPerIp: { max: 30, windowMs: 60_000 },
  votersPerIp: { max: 5, windowMs: 86_400_000 },
};

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8787,
  host: '127.0.0.1',
  db: './confab.sqlite',
  origins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
  editWindowMs: 15 * 60_000,
  moderation: 'off',
  rateLimits: DEFAULT_RATE_LIMITS,
  logLevel: 'info',
  trustProxy: false,
  sync: 'full',
  ssoSecret: null,
};

/** A setting that cannot be used; the message names the flag and what is accepted. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90s`, `15m`, `1h`, `2d`, `500ms`; `0` alone is allowed. */
export function parseDuration(text: string, setting: string): number {
  const match = /^(\d+)(ms|s|m|min|h|d)?$/.exec(text.trim());
  if (!match || (match[2] === undefined && match[1] !== '0')) {
    throw new ConfigError(
      `${setting}: "${text}" is not a duration; use a number with a unit, for example 90s, 15m, 1h`,
    );
  }
  return Number(match[1]) * UNITS[match[2] ?? 'ms']!;
}

/** `10/1m`: at most 10 requests per minute. */
export function parseRateLimit(text: string, setting: string): RateLimit {
  const match = /^(\d+)\/(.+)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) {
    throw new ConfigError(
      `${setting}: "${text}" is not a rate; use <count>/<duration>, for example 10/1m`,
    );
  }
  const windowMs = parseDuration(match[2]!, setting);
  if (windowMs < 1000) throw new ConfigError(`${setting}: the window must be at least 1s`);
  return { max: Number(match[1]), windowMs };
}

export function normaliseOrigin(text: string, setting = '--origin'): string {
  if (text === '*') return '*';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${setting}: "${text}" is not an origin like https://example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${setting}: "${text}" must be an http or https origin`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      `${setting}: "${text}" must be an origin only (scheme, host, port), like https://example.com`,
    );
  }
  // Browsers send the serialised origin: lower-case, no default port, no slash.
  return url.origin;
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'db-pool': { type: 'string' },
  origin: { type: 'string', multiple: true },
  'widget-dir': { type: 'string' },
  'edit-window': { type: 'string' },
  moderation: { type: 'string' },
  'no-rate-limit': { type: 'boolean' },
  'limit-sessions-ip': { type: 'string' },
  'limit-posts-token': { type: 'string' },
  'limit-posts-ip': { type: 'string' },
  'limit-votes-token': { type: 'string' },
  'limit-votes-ip': { type: 'string' },
  'limit-reports-token': { type: 'string' },
  'limit-reports-ip': { type: 'string' },
  'limit-logins-ip': { type: 'string' },
  'limit-logins-name': { type: 'string' },
  'hold-first-comment': { type: 'boolean' },
  'hold-links': { type: 'string' },
  'hold-words': { type: 'string' },
  'hide-after-reports': { type: 'string' },
  'moderator-session': { type: 'string' },
  'limit-edits-token': { type: 'string' },
  'limit-edits-ip': { type: 'string' },
  'limit-voters-ip': { type: 'string' },
  'log-level': { type: 'string' },
  'trust-proxy': { type: 'string' },
  sync: { type: 'string' },
  'thread-cache': { type: 'string' },
  'page-origins': { type: 'boolean' },
  ...NOTIFY_OPTIONS,
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export const SERVE_HELP = `Usage: confab-server [serve] [options]
       confab-server admin --db <file> <command> …   (confab-server admin --help)
       confab-server render --db <file> --page <key>   (a thread as HTML)
       confab-server seed --db <file> <seed.json>
       confab-server import --db <db> --from disqus|wordpress|commento|confab <file>
       confab-server export --db <db> [--page <key>] [--include-private]
       confab-server migrate --from <file> --to <url> (confab-server migrate --help)

Serves the Confab comment protocol over HTTP, storing comments in SQLite or PostgreSQL.
Every option can also be set by the environment variable shown; a flag wins.

  --port <n>               CONFAB_PORT          port to listen on; 0 picks a free one (8787)
  --host <address>         CONFAB_HOST          address to listen on (127.0.0.1)
  --db <file|url>          CONFAB_DB            SQLite database file, created if missing, or a
                                                postgres://user:password@host:port/database URL
                                                (several servers may share one) (./confab.sqlite)
  --db-pool <n>            CONFAB_DB_POOL       PostgreSQL: connections per server process (10)
  --origin <origin>        CONFAB_ORIGINS       site origin allowed to call the API; repeat the flag,
                                                or comma-separate in the variable; '*' allows every
                                                origin (http://localhost:5173, http://127.0.0.1:5173)
  --widget-dir <dir>       CONFAB_WIDGET_DIR    the built widget, served under /widget/ (the
                                                repository's dist/, written by npm run build)
  --edit-window <time>     CONFAB_EDIT_WINDOW   how long authors may edit, e.g. 15m, 1h, 0 (15m)
  --moderation off|hold    CONFAB_MODERATION    hold: new comments wait for approval (off)
  --no-rate-limit          CONFAB_RATE_LIMIT=off  turn rate limiting off (benchmarks, conformance runs)
  --limit-sessions-ip <r>  CONFAB_LIMIT_SESSIONS_IP  POST /session per client address (30/1m)
  --limit-posts-token <r>  CONFAB_LIMIT_POSTS_TOKEN  POST /comments per reader token (10/1m)
  --limit-posts-ip <r>     CONFAB_LIMIT_POSTS_IP     POST /comments per client address (30/1m)
  --limit-votes-token <r>  CONFAB_LIMIT_VOTES_TOKEN  PUT …/vote per reader token (60/1m)
  --limit-votes-ip <r>     CONFAB_LIMIT_VOTES_IP     PUT …/vote per client address (300/1m)
  --limit-reports-token <r> CONFAB_LIMIT_REPORTS_TOKEN POST …/reports per reader token (10/1m)
  --limit-reports-ip <r>   CONFAB_LIMIT_REPORTS_IP   POST …/reports per client address (30/1m)
  --limit-logins-ip <r>    CONFAB_LIMIT_LOGINS_IP    failed moderator logins per client address (10/15m)
  --limit-logins-name <r>  CONFAB_LIMIT_LOGINS_NAME  failed moderator logins per moderator name (10/15m)
  --limit-edits-token <r>  CONFAB_LIMIT_EDITS_TOKEN  PATCH and DELETE …/comments/{id} per token (10/1m)
  --limit-edits-ip <r>     CONFAB_LIMIT_EDITS_IP     PATCH and DELETE per client address (30/1m)
  --limit-voters-ip <r>    CONFAB_LIMIT_VOTERS_IP    tokens of one address (IPv6: one /64) that may
                                                vote on one comment (5/1d)
                                                rates are <count>/<duration>, e.g. 10/1m
  --hold-first-comment     CONFAB_HOLD_FIRST_COMMENT=on  hold the first comment of every new reader
  --hold-links <n>         CONFAB_HOLD_LINKS    hold comments with more than n links (off)
  --hold-words <list>      CONFAB_HOLD_WORDS    hold comments with one of these comma-separated
                                                words or phrases (off)
  --hide-after-reports <n> CONFAB_HIDE_AFTER_REPORTS  hide a comment reported by n different
                                                readers until a moderator reviews it (off)
  --moderator-session <t>  CONFAB_MODERATOR_SESSION  how long a moderator token lives (12h)
  --log-level <level>      CONFAB_LOG_LEVEL     fatal, error, warn, info, debug (adds one line per
                                                request), trace or silent (info)
  --trust-proxy <value>    CONFAB_TRUST_PROXY   behind reverse proxies: how many (a hop count, 1
                                                for one proxy), or their comma-separated
                                                addresses/CIDRs; true is refused (off)
  --page-origins           CONFAB_PAGE_ORIGINS=on  URL page keys must be pages of an allowed
                                                origin; recommended in production (off)
  --sync full|normal       CONFAB_SYNC          full: fsync at every commit, a 201 survives a power
                                                cut; normal: survives a crash of the process (full)
  --thread-cache <MiB>     CONFAB_THREAD_CACHE  memory for cached threads, in MiB; a page keeps at
                                                most a 16th of it in whole answers (64)
                           CONFAB_SSO_SECRET    shared secret for POST /session {"sso"} (off)
  -h, --help                                    show this help
  --version                                     print the version
${NOTIFY_HELP}`;

export type ParsedCommand =
  { kind: 'help' } | { kind: 'version' } | { kind: 'serve'; config: ServerConfig };

/** Reads the serve command's flags and CONFAB_* variables; throws ConfigError for a bad setting. */
export function parseServeArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: OPTIONS,
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. See confab-server --help.`);
  }
  const flags = parsed.values;
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };

  const pick = (flag: string | undefined, variable: string): [string, string] | null => {
    if (flag !== undefined)
      return [
        flag,
        `--${variable
          .replace(/^CONFAB_/, '')
          .toLowerCase()
          .replaceAll('_', '-')}`,
      ];
    const value = env[variable];
    return value !== undefined && value !== '' ? [value, variable] : null;
  };

  const config: ServerConfig = { ...DEFAULT_CONFIG, rateLimits: { ...DEFAULT_RATE_LIMITS } };

  const port = pick(flags.port, 'CONFAB_PORT');
  if (port) {
    if (!/^\d+$/.test(port[0]) || Number(port[0]) > 65535) {
      throw new ConfigError(`${port[1]}: "${port[0]}" is not a port number (0 to 65535)`);
    }
    config.port = Number(port[0]);
  }
  const host = pick(flags.host, 'CONFAB_HOST');
  if (host) config.host = host[0];
  const db = pick(flags.db, 'CONFAB_DB');
  if (db) config.db = db[0];
  const dbPool = pick(flags['db-pool'], 'CONFAB_DB_POOL');
  if (dbPool) {
    if (!/^\d+$/.test(dbPool[0]) || Number(dbPool[0]) < 1 || Number(dbPool[0]) > 1000) {
      throw new ConfigError(`${dbPool[1]}: "${dbPool[0]}" is not a pool size (1 to 1000)`);
    }
    config.dbPool = Number(dbPool[0]);
  }

  if (flags.origin && flags.origin.length > 0) {
    config.origins = flags.origin.map((origin) => normaliseOrigin(origin, '--origin'));
  } else if (env.CONFAB_ORIGINS) {
    config.origins = env.CONFAB_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean)
      .map((origin) => normaliseOrigin(origin, 'CONFAB_ORIGINS'));
  }

  const widgetDir = pick(flags['widget-dir'], 'CONFAB_WIDGET_DIR');
  if (widgetDir) config.widgetDir = widgetDir[0];

  const editWindow = pick(flags['edit-window'], 'CONFAB_EDIT_WINDOW');
  if (editWindow) config.editWindowMs = parseDuration(editWindow[0], editWindow[1]);

  const moderation = pick(flags.moderation, 'CONFAB_MODERATION');
  if (moderation) {
    if (moderation[0] !== 'off' && moderation[0] !== 'hold') {
      throw new ConfigError(`${moderation[1]}: "${moderation[0]}" must be off or hold`);
    }
    config.moderation = moderation[0];
  }

  const limits: Array<[keyof RateLimits, string, string | undefined]> = [
    ['sessionsPerIp', 'CONFAB_LIMIT_SESSIONS_IP', flags['limit-sessions-ip']],
    ['postsPerToken', 'CONFAB_LIMIT_POSTS_TOKEN', flags['limit-posts-token']],
    ['postsPerIp', 'CONFAB_LIMIT_POSTS_IP', flags['limit-posts-ip']],
    ['votesPerToken', 'CONFAB_LIMIT_VOTES_TOKEN', flags['limit-votes-token']],
    ['votesPerIp', 'CONFAB_LIMIT_VOTES_IP', flags['limit-votes-ip']],
    ['reportsPerToken', 'CONFAB_LIMIT_REPORTS_TOKEN', flags['limit-reports-token']],
    ['reportsPerIp', 'CONFAB_LIMIT_REPORTS_IP', flags['limit-reports-ip']],
    ['loginsPerIp', 'CONFAB_LIMIT_LOGINS_IP', flags['limit-logins-ip']],
    ['loginsPerName', 'CONFAB_LIMIT_LOGINS_NAME', flags['limit-logins-name']],
    ['editsPerToken', 'CONFAB_LIMIT_EDITS_TOKEN', flags['limit-edits-token']],
    ['editsPerIp', 'CONFAB_LIMIT_EDITS_IP', flags['limit-edits-ip']],
    ['votersPerIp', 'CONFAB_LIMIT_VOTERS_IP', flags['limit-voters-ip']],
  ];
  for (const [name, variable, flag] of limits) {
    const value = pick(flag, variable);
    if (value) config.rateLimits![name] = parseRateLimit(value[0], value[1]);
  }
  const rateLimitSwitch = env.CONFAB_RATE_LIMIT;
  if (rateLimitSwitch !== undefined && !['on', 'off', ''].includes(rateLimitSwitch)) {
    throw new ConfigError(`CONFAB_RATE_LIMIT: "${rateLimitSwitch}" must be on or off`);
  }
  if (flags['no-rate-limit'] || rateLimitSwitch === 'off') config.rateLimits = null;

  const logLevel = pick(flags['log-level'], 'CONFAB_LOG_LEVEL');
  if (logLevel) {
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
    if (!levels.includes(logLevel[0])) {
      throw new ConfigError(`${logLevel[1]}: "${logLevel[0]}" must be one of ${levels.join(', ')}`);
    }
    config.logLevel = logLevel[0] as LogLevel;
  }

  const trustProxy = pick(flags['trust-proxy'], 'CONFAB_TRUST_PROXY');
  if (trustProxy) {
    const value = trustProxy[0];
    if (value === 'true') {
      // Fastify would then take the leftmost X-Forwarded-For entry, which any client can write:
      // every per-address limit and the stream cap would be the client's to choose.
      throw new ConfigError(
        `${trustProxy[1]}: "true" would let every client choose its own address; give the hop ` +
          'count (1 for one proxy in front) or the proxy addresses/CIDRs, comma-separated',
      );
    }
    config.trustProxy = value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
  }

  const pageOrigins = env.CONFAB_PAGE_ORIGINS;
  if (pageOrigins !== undefined && !['on', 'off', ''].includes(pageOrigins)) {
    throw new ConfigError(`CONFAB_PAGE_ORIGINS: "${pageOrigins}" must be on or off`);
  }
  config.pageOrigins = Boolean(flags['page-origins']) || pageOrigins === 'on';
  if (config.pageOrigins && config.origins.includes('*')) {
    throw new ConfigError('--page-origins: needs a list of origins; --origin * allows every site');
  }

  const sync = pick(flags.sync, 'CONFAB_SYNC');
  if (sync) {
    if (sync[0] !== 'full' && sync[0] !== 'normal') {
      throw new ConfigError(`${sync[1]}: "${sync[0]}" must be full or normal`);
    }
    config.sync = sync[0];
  }

  config.holdRules = holdRuleSettings(flags, pick, env);
  const session = pick(flags['moderator-session'], 'CONFAB_MODERATOR_SESSION');
  if (session) {
    const ms = parseDuration(session[0], session[1]);
    if (ms < 60_000 || ms > 30 * 86_400_000) {
      throw new ConfigError(`${session[1]}: "${session[0]}" must be between 1m and 30d`);
    }
    config.moderatorSessionMs = ms;
  }
  const cache = pick(flags['thread-cache'], 'CONFAB_THREAD_CACHE');
  if (cache) {
    if (!/^\d{1,6}$/.test(cache[0]) || Number(cache[0]) < 1) {
      throw new ConfigError(`${cache[1]}: "${cache[0]}" is not a size in MiB (1 or more)`);
    }
    config.threadCacheBytes = Number(cache[0]) * 1024 * 1024;
    config.threadCachePageBytes = Math.min(4 * 1024 * 1024, config.threadCacheBytes / 16);
  }

  const secret = env.CONFAB_SSO_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32) {
      throw new ConfigError('CONFAB_SSO_SECRET: use at least 32 characters of random data');
    }
    config.ssoSecret = secret;
  }
  Object.assign(
    config,
    parseNotifySettings(flags, env, parseDuration, (message) => new ConfigError(message)),
  );
  return { kind: 'serve', config };
}

function count(value: [string, string], min: number): number {
  if (!/^\d{1,6}$/.test(value[0]) || Number(value[0]) < min) {
    throw new ConfigError(`${value[1]}: "${value[0]}" must be a whole number of at least ${min}`);
  }
  return Number(value[0]);
}

function holdRuleSettings(
  flags: {
    'hold-first-comment'?: boolean;
    'hold-links'?: string;
    'hold-words'?: string;
    'hide-after-reports'?: string;
  },
  pick: (flag: string | undefined, variable: string) => [string, string] | null,
  env: Readonly<Record<string, string | undefined>>,
): HoldRuleSettings {
  const rules: HoldRuleSettings = { ...NO_HOLD_RULE_SETTINGS, words: [] };
  const first = env.CONFAB_HOLD_FIRST_COMMENT;
  if (first !== undefined && !['on', 'off', ''].includes(first)) {
    throw new ConfigError(`CONFAB_HOLD_FIRST_COMMENT: "${first}" must be on or off`);
  }
  rules.firstComment = flags['hold-first-comment'] === true || first === 'on';
  const links = pick(flags['hold-links'], 'CONFAB_HOLD_LINKS');
  if (links) rules.maxLinks = count(links, 0);
  const words = pick(flags['hold-words'], 'CONFAB_HOLD_WORDS');
  if (words) {
    rules.words = words[0]
      .split(',')
      .map((word) => word.trim())
      .filter(Boolean);
    if (rules.words.some((word) => word.length > 100) || rules.words.length > 1000) {
      throw new ConfigError(`${words[1]}: at most 1000 words of at most 100 characters each`);
    }
  }
  const reports = pick(flags['hide-after-reports'], 'CONFAB_HIDE_AFTER_REPORTS');
  if (reports) rules.hideAfterReports = count(reports, 1);
  return rules;
}
