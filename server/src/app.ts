import type { Socket } from 'node:net';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { ErrorCode } from '../../src/protocol/index.js';
import cors from '@fastify/cors';
import { DEFAULT_RATE_LIMITS, type ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { ApiError, errorBody, installErrorHandling, invalid } from './errors.js';
import { EventFeed } from './feed.js';
import type { EditMergeOptions } from './edit-merge.js';
import { LiveUpdates } from './live.js';
import { Notifications } from './notifications.js';
import type { QueueOptions } from './queue.js';
import { sharedRateLimitStore, voterLimit } from './rate-limit-store.js';
import { rateLimitHooks } from './rate-limits.js';
import { Readers } from './readers.js';
import { ConsoleLive } from './mod-live.js';
import { ModeratorAuth } from './moderator-auth.js';
import { adminBanRoutes } from './routes/admin-bans.js';
import { adminCommentRoutes } from './routes/admin-comments.js';
import { adminEventRoutes } from './routes/admin-events.js';
import { adminPageRoutes } from './routes/admin-pages.js';
import { adminSessionRoutes } from './routes/admin-session.js';
import { commentRoutes } from './routes/comments.js';
import { consoleRoutes } from './routes/console.js';
import { countRoutes } from './routes/counts.js';
import { eventRoutes } from './routes/events.js';
import { mailBases, mailRoutes } from './routes/mail.js';
import { reportRoutes } from './routes/reports.js';
import { sessionRoutes } from './routes/session.js';
import { threadHtmlRoutes } from './routes/thread-html.js';
import { threadRoutes } from './routes/threads.js';
import { voteRoutes } from './routes/votes.js';
import { securityHeaders } from './security-headers.js';
import { createServices, type ServiceOptions } from './services/index.js';
import type { Clock } from './services/results.js';
import { DEFAULT_CACHE_BUDGET, ThreadCache } from './services/threads.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/types.js';
import { StreamHub } from './streams.js';
import { isWidgetPath, widgetRoutes } from './widget-files.js';

export type { ServerContext } from './context.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export interface BuildOptions {
  /** Defaults to the store config.db names (a SQLite file); closed with the server. */
  storage?: Storage;
  heartbeatMs?: number;
  /** Service options the configuration has no flag for (tests: a cheap scrypt). */
  services?: Pick<ServiceOptions, 'scrypt'>;
  /** The clock of the services and the mail and webhook queue (tests move their own). */
  now?: Clock;
  /** The job queue's timing (tests: retries without waiting). */
  queue?: Omit<QueueOptions, 'now' | 'onError'>;
  /** How repeated edits are merged on readers' streams (tests: a short window or a clock). */
  editMerge?: EditMergeOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The open event streams of this server (tests, operators' plugins). */
    confabEvents: StreamHub;
    /** The event feed: `confabFeed.subscribe({ events(batch) {…} })` sees every change. */
    confabFeed: EventFeed;
    /** Mail and webhooks (null when not configured): `settle()` runs what is due (tests). */
    confabNotifications: Notifications | null;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The Fastify server for a configuration: used by the command line and, on
 * an ephemeral port, by the tests. Closing it ends the event streams and
 * closes the database.
 */
/**
 * Whether `origin` is the server's own: the host a browser sent it to (`Host`, or
 * `X-Forwarded-Host` behind a trusted proxy). Browsers send `Origin` on same-origin
 * module scripts and writes too, and no other site can make it name this host.
 */
function isOwnOrigin(origin: string, host: string): boolean {
  if (!host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host.toLowerCase();
}

export async function buildApp(
  config: ServerConfig,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const storage =
    options.storage ?? (await openStorage(config.db, { sync: config.sync, pool: config.dbPool }));
  try {
    return await serverOn(storage, config, options);
  } catch (error) {
    await storage.close();
    throw error;
  }
}

async function serverOn(
  storage: Storage,
  config: ServerConfig,
  options: BuildOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens, emails and bodies never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: request.url }),
      },
    },
    // Access logs are a reverse proxy's job; --log-level debug adds one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify also takes a hop count here, though its types list only the other forms.
    trustProxy: config.trustProxy as boolean | string,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, allErrors: true, removeAdditional: false } },
    clientErrorHandler,
    frameworkErrors,
  });

  const feed = new EventFeed(storage, {
    onError: (error) => app.log.error({ err: error }, 'event feed: a subscriber or a read failed'),
  });
  await feed.start();
  const now = options.now ?? Date.now;
  const services = createServices(storage, {
    now,
    moderation: config.moderation,
    editWindowMs: config.editWindowMs,
    eventRetentionMs: config.eventRetentionMs,
    holdRules: config.holdRules,
    moderatorSessionMs: config.moderatorSessionMs,
    loginLimits: config.rateLimits
      ? {
          perAddress: config.rateLimits.loginsPerIp ?? DEFAULT_RATE_LIMITS.loginsPerIp,
          perName: config.rateLimits.loginsPerName ?? DEFAULT_RATE_LIMITS.loginsPerName,
        }
      : null,
    ...options.services,
  });
  const streams = new StreamHub({ heartbeatMs: options.heartbeatMs });
  const notifications = await Notifications.create({
    storage,
    feed,
    subscriptions: services.subscriptions,
    publicUrl: config.publicUrl ?? null,
    mail: config.mail ?? null,
    webhooks: config.webhooks ?? null,
    now,
    queue: options.queue,
    onError: (error, what) => app.log.error({ err: error }, `${what} failed`),
  });
  const context: ServerContext = {
    config,
    services,
    threads: new ThreadCache(storage, feed, undefined, {
      totalBytes: config.threadCacheBytes ?? DEFAULT_CACHE_BUDGET.totalBytes,
      pageAnswerBytes: config.threadCachePageBytes ?? DEFAULT_CACHE_BUDGET.pageAnswerBytes,
    }),
    readers: new Readers(services.sessions, (hash) => services.moderators.isModeratorToken(hash)),
    streams,
    live: new LiveUpdates(storage, feed, streams, options.editMerge),
    moderatorAuth: new ModeratorAuth(services.moderators),
    consoleLive: new ConsoleLive(storage, feed, services, {
      heartbeatMs: options.heartbeatMs,
      onError: (error) => app.log.error({ err: error }, 'console live feed failed'),
    }),
    limits: { session: [], post: [], vote: [], report: [], edit: [] },
    voters: config.rateLimits
      ? voterLimit(storage, config.rateLimits.votersPerIp ?? DEFAULT_RATE_LIMITS.votersPerIp)
      : null,
    now,
    notifications,
  };

  app.decorate('confabEvents', streams);
  app.decorate('confabFeed', feed);
  app.decorate('confabNotifications', notifications);
  installErrorHandling(app);
  installJsonParser(app);

  const staticHeaders = securityHeaders();
  const everyOrigin = config.origins.includes('*');
  const allowedOrigins = new Set(config.origins);
  const mailPaths = mailBases(config.publicUrl ?? null).map((base) => `${base}/`);
  // A plain callback hook: this runs on every request, and an async one
  // costs a promise and a microtask each time.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(staticHeaders);
    reply.header('x-request-id', request.id);
    // The widget's files are public: pages of any origin load them (widget-files.ts).
    const origin = isWidgetPath(request.url) ? undefined : request.headers.origin;
    // A request from a page whose origin is not allowed changes nothing:
    // refused before any body is read or any handler runs. The server's own
    // pages (the moderation console at /admin/) are of its own origin. The pages links in
    // mails open (/mail/) are posted to by mail clients too; a signed token, not the origin,
    // authorises what they do.
    if (
      origin !== undefined &&
      !everyOrigin &&
      !allowedOrigins.has(origin) &&
      !isOwnOrigin(origin, request.host) &&
      !mailPaths.some((base) => request.url.startsWith(base))
    ) {
      done(
        new ApiError(
          'forbidden',
          `Origin ${origin.slice(0, 200)} is not allowed to use this server`,
        ),
      );
      return;
    }
    done(malformedQuery(request.url) ?? undefined);
  });
  if (config.logLevel === 'debug' || config.logLevel === 'trace') {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        { status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request done',
      );
    });
  }

  await app.register(cors, {
    origin: config.origins.includes('*') ? '*' : config.origins,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
    strictPreflight: false,
  });

  context.limits = await rateLimitHooks(app, config.rateLimits, sharedRateLimitStore(storage));

  app.get('/health', async () => ({ ok: true }));
  sessionRoutes(app, context);
  threadRoutes(app, context);
  threadHtmlRoutes(app, context);
  widgetRoutes(app, config.widgetDir);
  commentRoutes(app, context);
  voteRoutes(app, context);
  reportRoutes(app, context);
  countRoutes(app, context);
  eventRoutes(app, context);
  adminSessionRoutes(app, context);
  adminCommentRoutes(app, context);
  adminPageRoutes(app, context);
  adminBanRoutes(app, context);
  adminEventRoutes(app, context);
  consoleRoutes(app);
  if (notifications?.signer) await mailRoutes(app, context, notifications.signer);

  const housekeeping = setInterval(() => {
    services.housekeeping.purge().catch((error: unknown) => {
      app.log.error({ err: error }, 'purging old idempotency keys and events failed');
    });
    services.moderators.purge().catch((error: unknown) => {
      app.log.error({ err: error }, 'purging expired moderator sessions failed');
    });
    notifications?.housekeeping().catch((error: unknown) => {
      app.log.error({ err: error }, 'purging old addresses, notices and jobs failed');
    });
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();

  app.addHook('preClose', async () => {
    context.live.close();
    streams.closeAll();
    context.consoleLive.closeAll();
  });
  if (notifications) {
    app.addHook('onReady', () => notifications.start());
  }
  app.addHook('onClose', async () => {
    clearInterval(housekeeping);
    await notifications?.stop();
    feed.stop();
    await storage.close();
  });
  return app;
}

/**
 * A 400 naming the query parameter that holds a malformed escape or escaped bytes that are not
 * UTF-8, or null: the query parser would quietly turn them into U+FFFD or keep the escape, so
 * `page=%FF` would name some other thread instead of being refused.
 */
export function malformedQuery(url: string): ApiError | null {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    try {
      decodeURIComponent(pair);
    } catch {
      // The parameter is named when its name is plain; a broken name is the query's fault.
      const field = /^[\w-]{1,40}$/.test(rawName) ? rawName : 'query';
      return invalid(field, 'must be valid percent-encoded UTF-8');
    }
  }
  return null;
}

/**
 * Only JSON bodies, and only valid UTF-8: Fastify's default parser would
 * quietly replace invalid bytes. Anything else is 415. An empty body is
 * "no body", for clients that send Content-Type on every request.
 */
function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(
        request.headers['content-type'] ?? '',
      )?.[2];
      if (charset && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
        done(
          new ApiError('unsupported_media_type', 'Request bodies must be UTF-8 JSON'),
          undefined,
        );
        return;
      }
      const bytes = body as Buffer;
      if (bytes.length === 0) {
        done(null, undefined);
        return;
      }
      let text: string;
      try {
        text = strictUtf8.decode(bytes);
      } catch {
        done(new ApiError('invalid_request', 'The request body is not valid UTF-8'), undefined);
        return;
      }
      try {
        parseJson(request, text, done);
      } catch {
        // JSON.parse overflows the stack on absurdly deep nesting.
        done(new ApiError('invalid_request', 'The request body is not valid JSON'), undefined);
      }
    },
  );
}

/**
 * The router's own refusals bypass the error handler: a path segment longer
 * than Fastify's maxParamLength (an id no comment has) and a malformed
 * percent-escape. Both still get the protocol's body.
 */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [404, 'not_found', 'No such comment']
      : [400, 'invalid_request', 'The request URL is malformed'];
  void reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message));
}

/** Errors below HTTP (bad request line, oversized headers) still get the protocol's body. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request headers are too large'
      : 'Malformed HTTP request';
  const body = JSON.stringify(errorBody('invalid_request', message));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
