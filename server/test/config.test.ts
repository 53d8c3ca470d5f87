import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, DEFAULT_CONFIG, parseDuration, parseServeArgs } from '../src/config.js';

function serve(args: string[], env: Record<string, string> = {}) {
  const parsed = parseServeArgs(args, env);
  assert.equal(parsed.kind, 'serve');
  return (parsed as Extract<typeof parsed, { kind: 'serve' }>).config;
}

describe('configuration', () => {
  test('defaults suit local use: loopback, 8787, the Vite dev origin, limits on, full sync', () => {
    const config = serve([]);
    assert.equal(config.port, 8787);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.db, './confab.sqlite');
    assert.ok(config.origins.includes('http://localhost:5173'));
    assert.ok(!config.origins.includes('*'));
    assert.equal(config.editWindowMs, 15 * 60_000);
    assert.equal(config.moderation, 'off');
    assert.ok(config.rateLimits);
    assert.equal(config.sync, 'full');
    assert.deepEqual(DEFAULT_CONFIG.origins, config.origins);
  });

  test('flags set everything, --origin repeats, and a flag beats its variable', () => {
    const config = serve(
      [
        '--port',
        '9000',
        '--host',
        '0.0.0.0',
        '--db',
        '/tmp/x.sqlite',
        '--origin',
        'https://Blog.Example.com:443',
        '--origin',
        'http://localhost:4000',
        '--edit-window',
        '1h',
        '--moderation',
        'hold',
        '--no-rate-limit',
        '--log-level',
        'warn',
        '--trust-proxy',
        '1',
        '--sync',
        'normal',
      ],
      { CONFAB_PORT: '1234' },
    );
    assert.equal(config.port, 9000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.db, '/tmp/x.sqlite');
    assert.deepEqual(config.origins, ['https://blog.example.com', 'http://localhost:4000']);
    assert.equal(config.editWindowMs, 3_600_000);
    assert.equal(config.moderation, 'hold');
    assert.equal(config.rateLimits, null);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.trustProxy, 1);
    assert.equal(config.sync, 'normal');
  });

  test('CONFAB_* variables configure the server', () => {
    const config = serve([], {
      CONFAB_PORT: '0',
      CONFAB_ORIGINS: 'https://a.example, https://b.example',
      CONFAB_EDIT_WINDOW: '90s',
      CONFAB_MODERATION: 'hold',
      CONFAB_LIMIT_POSTS_TOKEN: '5/10m',
      CONFAB_SSO_SECRET: 's'.repeat(32),
    });
    assert.equal(config.port, 0);
    assert.deepEqual(config.origins, ['https://a.example', 'https://b.example']);
    assert.equal(config.editWindowMs, 90_000);
    assert.equal(config.moderation, 'hold');
    assert.deepEqual(config.rateLimits?.postsPerToken, { max: 5, windowMs: 600_000 });
    assert.equal(config.ssoSecret, 's'.repeat(32));
    assert.equal(serve([], { CONFAB_RATE_LIMIT: 'off' }).rateLimits, null);
  });

  test('reports are limited like votes, per token and per address, by flag or variable', () => {
    const defaults = serve([]).rateLimits!;
    assert.deepEqual(defaults.reportsPerToken, { max: 10, windowMs: 60_000 });
    assert.deepEqual(defaults.reportsPerIp, { max: 30, windowMs: 60_000 });
    const flagged = serve(['--limit-reports-token', '3/1m', '--limit-reports-ip', '20/1h']);
    assert.deepEqual(flagged.rateLimits?.reportsPerToken, { max: 3, windowMs: 60_000 });
    assert.deepEqual(flagged.rateLimits?.reportsPerIp, { max: 20, windowMs: 3_600_000 });
    const variables = serve([], {
      CONFAB_LIMIT_REPORTS_TOKEN: '4/30s',
      CONFAB_LIMIT_REPORTS_IP: '8/2m',
    });
    assert.deepEqual(variables.rateLimits?.reportsPerToken, { max: 4, windowMs: 30_000 });
    assert.deepEqual(variables.rateLimits?.reportsPerIp, { max: 8, windowMs: 120_000 });
  });

  test('hold rules, the moderator session and the login limits, by flag or variable', () => {
    assert.deepEqual(serve([]).holdRules, {
      firstComment: false,
      maxLinks: null,
      words: [],
      hideAfterReports: null,
    });
    const flags = serve([
      '--hold-first-comment',
      '--hold-links',
      '3',
      '--hold-words',
      ' casino, cheap pills ,,',
      '--hide-after-reports',
      '2',
      '--moderator-session',
      '2h',
      '--limit-logins-ip',
      '5/10m',
      '--limit-logins-name',
      '3/1h',
    ]);
    assert.deepEqual(flags.holdRules, {
      firstComment: true,
      maxLinks: 3,
      words: ['casino', 'cheap pills'],
      hideAfterReports: 2,
    });
    assert.equal(flags.moderatorSessionMs, 2 * 3_600_000);
    assert.deepEqual(flags.rateLimits?.loginsPerIp, { max: 5, windowMs: 600_000 });
    assert.deepEqual(flags.rateLimits?.loginsPerName, { max: 3, windowMs: 3_600_000 });
    const env = serve([], {
      CONFAB_HOLD_FIRST_COMMENT: 'on',
      CONFAB_HOLD_LINKS: '0',
      CONFAB_HOLD_WORDS: 'spam',
      CONFAB_HIDE_AFTER_REPORTS: '5',
      CONFAB_MODERATOR_SESSION: '30m',
    });
    assert.deepEqual(env.holdRules, {
      firstComment: true,
      maxLinks: 0,
      words: ['spam'],
      hideAfterReports: 5,
    });
    assert.equal(env.moderatorSessionMs, 30 * 60_000);
    for (const [args, vars, message] of [
      [['--hold-links', '-1'], {}, /--hold-links/],
      [['--hide-after-reports', '0'], {}, /--hide-after-reports/],
      [['--moderator-session', '10s'], {}, /--moderator-session/],
      [[], { CONFAB_HOLD_FIRST_COMMENT: 'yes' }, /CONFAB_HOLD_FIRST_COMMENT/],
    ] as const) {
      assert.throws(() => parseServeArgs([...args], vars), message);
    }
  });

  test('a postgres:// URL and its pool size, by flag or variable', () => {
    const url = 'postgres://confab:secret@db.example:5432/confab';
    const config = serve(['--db', url, '--db-pool', '25']);
    assert.equal(config.db, url);
    assert.equal(config.dbPool, 25);
    assert.equal(serve([], { CONFAB_DB: url, CONFAB_DB_POOL: '4' }).dbPool, 4);
    assert.equal(serve([]).dbPool, undefined, 'the store’s default (10)');
  });

  test('* is allowed only when given explicitly', () => {
    assert.deepEqual(serve(['--origin', '*']).origins, ['*']);
  });

  test('--help and --version', () => {
    assert.equal(parseServeArgs(['--help'], {}).kind, 'help');
    assert.equal(parseServeArgs(['-h'], {}).kind, 'help');
    assert.equal(parseServeArgs(['--version'], {}).kind, 'version');
  });

  const bad: Array<[string[], Record<string, string>, RegExp]> = [
    [['--port', 'eighty'], {}, /--port: "eighty" is not a port/],
    [['--port', '65536'], {}, /--port/],
    [['--moderation', 'maybe'], {}, /--moderation: "maybe" must be off or hold/],
    [['--origin', 'ftp://example.com'], {}, /must be an http or https origin/],
    [['--origin', 'https://example.com/path'], {}, /must be an origin only/],
    [['--origin', 'example.com'], {}, /is not an origin/],
    [['--edit-window', '15'], {}, /--edit-window: "15" is not a duration/],
    [['--edit-window', 'soon'], {}, /is not a duration/],
    [['--log-level', 'loud'], {}, /--log-level: "loud" must be one of/],
    [['--sync', 'sometimes'], {}, /--sync: "sometimes" must be full or normal/],
    [['--limit-votes-ip', '0/1m'], {}, /is not a rate/],
    [['--limit-votes-ip', '5/100ms'], {}, /at least 1s/],
    [['--limit-reports-token', 'many'], {}, /--limit-reports-token: "many" is not a rate/],
    [[], { CONFAB_LIMIT_REPORTS_IP: '0/1m' }, /CONFAB_LIMIT_REPORTS_IP: "0\/1m" is not a rate/],
    [['--bogus'], {}, /Unknown option '--bogus'/],
    [['stray'], {}, /positional/i],
    [[], { CONFAB_PORT: '70000' }, /CONFAB_PORT: "70000" is not a port/],
    [[], { CONFAB_LIMIT_POSTS_TOKEN: 'lots' }, /CONFAB_LIMIT_POSTS_TOKEN: "lots" is not a rate/],
    [[], { CONFAB_RATE_LIMIT: 'maybe' }, /CONFAB_RATE_LIMIT/],
    [[], { CONFAB_SSO_SECRET: 'short' }, /at least 32 characters/],
    [[], { CONFAB_ORIGINS: 'https://ok.example,nope' }, /CONFAB_ORIGINS: "nope"/],
    [['--db-pool', '0'], {}, /--db-pool: "0" is not a pool size/],
    [[], { CONFAB_DB_POOL: 'ten' }, /CONFAB_DB_POOL: "ten" is not a pool size/],
  ];
  for (const [args, env, message] of bad) {
    test(`bad setting ${[...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' ')} is a ConfigError naming it`, () => {
      assert.throws(
        () => parseServeArgs(args, env),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match((error as Error).message, message);
          return true;
        },
      );
    });
  }

  test('mail and webhooks: --smtp needs --mail-from and --public-url; variables work too', () => {
    const off = serve([]);
    assert.equal(off.mail, null);
    assert.equal(off.webhooks, null);
    const config = serve([
      '--smtp',
      'smtp://mail.example:2525',
      '--mail-from',
      'Comments <c@blog.example>',
      '--public-url',
      'https://comments.blog.example/',
      '--digest-window',
      '5m',
      '--webhook',
      'https://hooks.example/a',
      '--webhook',
      'https://hooks.example/b',
      '--webhook-secret',
      'x'.repeat(16),
      '--webhook-secret-previous',
      'y'.repeat(16),
    ]);
    assert.equal(config.publicUrl, 'https://comments.blog.example');
    assert.equal(config.mail?.smtp, 'smtp://mail.example:2525');
    assert.equal(config.mail?.from, 'Comments <c@blog.example>');
    assert.equal(config.mail?.digestWindowMs, 5 * 60_000);
    assert.deepEqual(config.webhooks, {
      urls: ['https://hooks.example/a', 'https://hooks.example/b'],
      secrets: ['x'.repeat(16), 'y'.repeat(16)],
    });
    const fromEnv = serve([], {
      CONFAB_SMTP: 'smtp://localhost:25',
      CONFAB_MAIL_FROM: 'c@blog.example',
      CONFAB_PUBLIC_URL: 'http://localhost:8787',
      CONFAB_WEBHOOKS: 'https://hooks.example/a, https://hooks.example/b',
      CONFAB_WEBHOOK_SECRET: 'z'.repeat(20),
    });
    assert.equal(fromEnv.mail?.from, 'c@blog.example');
    assert.equal(fromEnv.webhooks?.urls.length, 2);
    const refused: Array<[string[], RegExp]> = [
      [['--smtp', 'smtp://localhost:25'], /--mail-from/],
      [['--smtp', 'smtp://localhost:25', '--mail-from', 'c@b.example'], /--public-url/],
      [['--smtp', 'http://localhost:25'], /smtp:\/\//],
      [['--public-url', 'https://x.example/?q=1'], /base URL/],
      [['--webhook', 'https://hooks.example'], /--webhook-secret/],
      [['--webhook', 'ftp://hooks.example', '--webhook-secret', 'x'.repeat(16)], /http/],
      [['--webhook', 'https://hooks.example', '--webhook-secret', 'short'], /16 characters/],
      [
        [
          '--smtp',
          'smtp://localhost:25',
          '--mail-from',
          'c@b.example\r\nBcc: x@y.example',
          '--public-url',
          'https://x.example',
        ],
        /address/,
      ],
    ];
    for (const [args, message] of refused) {
      assert.throws(
        () => parseServeArgs(args, {}),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  test('durations', () => {
    assert.equal(parseDuration('0', 'x'), 0);
    assert.equal(parseDuration('500ms', 'x'), 500);
    assert.equal(parseDuration('15m', 'x'), 900_000);
    assert.equal(parseDuration('2d', 'x'), 172_800_000);
  });
});

describe('hostile review (issue 15)', () => {
  test('--trust-proxy true is refused: it would let every client choose its own address (item 4)', () => {
    for (const [args, env] of [
      [['--trust-proxy', 'true'], {}],
      [[], { CONFAB_TRUST_PROXY: 'true' }],
    ] as const) {
      assert.throws(
        () => serve([...args], { ...env }),
        (error: unknown) =>
          error instanceof ConfigError && /hop count|proxy address/.test(error.message),
      );
    }
    assert.equal(serve(['--trust-proxy', '2']).trustProxy, 2);
    assert.equal(serve(['--trust-proxy', '10.0.0.1,10.0.0.0/8']).trustProxy, '10.0.0.1,10.0.0.0/8');
    assert.equal(serve(['--trust-proxy', 'false']).trustProxy, false);
  });

  test('--page-origins: URL page keys must be pages of an allowed origin (item 9)', () => {
    assert.equal(serve([]).pageOrigins, false, 'off by default: the protocol accepts any key');
    assert.equal(serve(['--page-origins']).pageOrigins, true);
    assert.equal(serve([], { CONFAB_PAGE_ORIGINS: 'on' }).pageOrigins, true);
    assert.throws(() => serve(['--page-origins', '--origin', '*']), ConfigError);
  });

  test('the new limits and the thread cache budget have flags and variables (items 1, 2, 8)', () => {
    const config = serve(
      ['--limit-edits-token', '5/1m', '--limit-voters-ip', '2/1h', '--thread-cache', '16'],
      { CONFAB_LIMIT_EDITS_IP: '50/1m' },
    );
    assert.deepEqual(config.rateLimits?.editsPerToken, { max: 5, windowMs: 60_000 });
    assert.deepEqual(config.rateLimits?.editsPerIp, { max: 50, windowMs: 60_000 });
    assert.deepEqual(config.rateLimits?.votersPerIp, { max: 2, windowMs: 3_600_000 });
    assert.equal(config.threadCacheBytes, 16 * 1024 * 1024);
    assert.equal(config.threadCachePageBytes, 1024 * 1024);
    assert.throws(() => serve(['--thread-cache', '0']), ConfigError);
    assert.throws(() => serve([], { CONFAB_THREAD_CACHE: '64MB' }), ConfigError);
  });
});
