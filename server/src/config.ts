import { parseArgs } from 'node:util';
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
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  host: string;
  db: string;
  /** Allowed site origins; `*` only when configured explicitly. */
  origins: string[];
  editWindowMs: number;
  moderation: 'off' | 'hold';
  /** null: rate limiting is off. */
  rateLimits: RateLimits | null;
  logLevel: LogLevel;
  /** Passed to Fastify: false, true, a hop count or a list of proxy addresses. */
  trustProxy: boolean | number | string;
  sync: SyncMode;
  /** PostgreSQL: connections in each server's pool (default 10). */
  dbPool?: number;
  ssoSecret: string | null;
  /** How long the outbox keeps events for reconnecting streams (default 24 h). */
  eventRetentionMs?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimits> = {
  sessionsPerIp: { max: 30, windowMs: 60_000 },
  postsPerToken: { max: 10, windowMs: 60_000 },
  postsPerIp: { max: 30, windowMs: 60_000 },
  votesPerToken: { max: 60, windowMs: 60_000 },
  votesPerIp: { max: 300, windowMs: 60_000 },
  reportsPerToken: { max: 10, windowMs: 60_000 },
  reportsPerIp: { max: 30, windowMs: 60_000 },
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
  'log-level': { type: 'string' },
  'trust-proxy': { type: 'string' },
  sync: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export const SERVE_HELP = `Usage: confab-server [serve] [options]
       confab-server admin --db <file> <command> …   (confab-server admin --help)
       confab-server seed --db <file> <seed.json>
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
                                                rates are <count>/<duration>, e.g. 10/1m
  --log-level <level>      CONFAB_LOG_LEVEL     fatal, error, warn, info, debug (adds one line per
                                                request), trace or silent (info)
  --trust-proxy <value>    CONFAB_TRUST_PROXY   behind a reverse proxy: true, a hop count, or
                                                comma-separated proxy addresses/CIDRs (off)
  --sync full|normal       CONFAB_SYNC          full: fsync at every commit, a 201 survives a power
                                                cut; normal: survives a crash of the process (full)
                           CONFAB_SSO_SECRET    shared secret for POST /session {"sso"} (off)
  -h, --help                                    show this help
  --version                                     print the version
`;

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
    config.trustProxy =
      value === 'true'
        ? true
        : value === 'false'
          ? false
          : /^\d+$/.test(value)
            ? Number(value)
            : value;
  }

  const sync = pick(flags.sync, 'CONFAB_SYNC');
  if (sync) {
    if (sync[0] !== 'full' && sync[0] !== 'normal') {
      throw new ConfigError(`${sync[1]}: "${sync[0]}" must be full or normal`);
    }
    config.sync = sync[0];
  }

  const secret = env.CONFAB_SSO_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32) {
      throw new ConfigError('CONFAB_SSO_SECRET: use at least 32 characters of random data');
    }
    config.ssoSecret = secret;
  }
  return { kind: 'serve', config };
}
