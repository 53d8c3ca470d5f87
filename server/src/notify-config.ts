/**
 * The settings of reply notifications, moderator mail and webhooks: their flags, environment
 * variables and checks, apart from config.ts so that the rest of the configuration stays short.
 */

/** What mail needs: an SMTP server, a sender, links to this server (`publicUrl`). */
export interface MailSettings {
  /** `smtp://host:port` or `smtps://…`, credentials in the URL if the server wants them. */
  smtp: string;
  /** The From of every mail: `confab@example.com` or `Site comments <confab@example.com>`. */
  from: string;
  /** Signs the links in mails; null: a random one, generated once and kept in the database. */
  secret: string | null;
  /** Replies within this time after a mail are gathered into one digest. */
  digestWindowMs: number;
  /** Where a thread whose page key is not a URL is read: `{page}` is the key, URL-encoded. */
  pageUrlTemplate: string | null;
}

export interface WebhookSettings {
  urls: string[];
  /** Signing secrets: the current one first, then the previous one during a rotation. */
  secrets: string[];
}

/** The fields config.ts adds to ServerConfig (optional, so older configurations still build). */
export interface NotifyConfig {
  /** This server's own public base URL, without a trailing slash: links in mails. */
  publicUrl?: string | null;
  /** null: no mail is sent, and `"notify": true` is refused. */
  mail?: MailSettings | null;
  webhooks?: WebhookSettings | null;
}

export const NOTIFY_OPTIONS = {
  'public-url': { type: 'string' },
  smtp: { type: 'string' },
  'mail-from': { type: 'string' },
  'mail-secret': { type: 'string' },
  'digest-window': { type: 'string' },
  'page-url-template': { type: 'string' },
  webhook: { type: 'string', multiple: true },
  'webhook-secret': { type: 'string' },
  'webhook-secret-previous': { type: 'string' },
} as const;

export const NOTIFY_HELP = `
Mail and webhooks (docs/server.md, "Notifications and webhooks"; secrets are best set in the
environment, where other users of the machine cannot read them in the process list):
  --public-url <url>       CONFAB_PUBLIC_URL    this server's public base URL, for links in mails
  --smtp <url>             CONFAB_SMTP          smtp://host:port (or smtps://user:pass@host:465):
                                                reply mail on; needs --mail-from, --public-url (off)
  --mail-from <address>    CONFAB_MAIL_FROM     From of every mail, e.g. "Comments <c@example.com>"
  --mail-secret <secret>   CONFAB_MAIL_SECRET   signs links in mails, >= 16 characters (generated
                                                once and kept in the database)
  --digest-window <time>   CONFAB_DIGEST_WINDOW  replies after a mail wait this long and go out
                                                together in one digest (10m)
  --page-url-template <t>  CONFAB_PAGE_URL_TEMPLATE  link for page keys that are not URLs, {page}
                                                replaced by the key, e.g. https://blog.example/{page}
  --webhook <url>          CONFAB_WEBHOOKS      POST signed comment events here; repeatable/comma list
  --webhook-secret <s>     CONFAB_WEBHOOK_SECRET  signs webhooks, >= 16 characters
  --webhook-secret-previous <s> CONFAB_WEBHOOK_SECRET_PREVIOUS  the old secret during a rotation:
                                                deliveries carry both signatures
`;

export type NotifyFlags = {
  [K in keyof typeof NOTIFY_OPTIONS]?: K extends 'webhook' ? string[] : string;
};

type Fail = (message: string) => Error;

const MIN_SECRET_CHARS = 16;
const DEFAULT_DIGEST_WINDOW_MS = 10 * 60_000;
const MAILBOX = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Reads the mail and webhook settings from flags (which win) and CONFAB_* variables; throws
 * the error `fail` makes for a setting that cannot work.
 */
export function parseNotifySettings(
  flags: NotifyFlags,
  env: Readonly<Record<string, string | undefined>>,
  parseDuration: (text: string, setting: string) => number,
  fail: Fail,
): Required<NotifyConfig> {
  const one = (flag: keyof NotifyFlags, variable: string): [string, string] | null => {
    const value = flags[flag];
    if (typeof value === 'string') return [value, `--${flag}`];
    const fromEnv = env[variable];
    return fromEnv !== undefined && fromEnv !== '' ? [fromEnv, variable] : null;
  };
  const many = (flag: 'webhook', variable: string): [string[], string] => {
    const values = flags[flag];
    if (values && values.length > 0) return [values, `--${flag}`];
    const list = (env[variable] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return [list, variable];
  };

  const publicUrlSetting = one('public-url', 'CONFAB_PUBLIC_URL');
  const publicUrl = publicUrlSetting && baseUrl(publicUrlSetting[0], publicUrlSetting[1], fail);

  let mail: MailSettings | null = null;
  const smtp = one('smtp', 'CONFAB_SMTP');
  const from = one('mail-from', 'CONFAB_MAIL_FROM');
  if (smtp) {
    checkSmtp(smtp[0], smtp[1], fail);
    if (!from) throw fail(`${smtp[1]} needs --mail-from (CONFAB_MAIL_FROM): the sender of mails`);
    if (!publicUrl) {
      throw fail(`${smtp[1]} needs --public-url (CONFAB_PUBLIC_URL): mails link to this server`);
    }
    checkFrom(from[0], from[1], fail);
    const secret = one('mail-secret', 'CONFAB_MAIL_SECRET');
    if (secret && secret[0].length < MIN_SECRET_CHARS) {
      throw fail(`${secret[1]}: use at least ${MIN_SECRET_CHARS} characters of random data`);
    }
    const window = one('digest-window', 'CONFAB_DIGEST_WINDOW');
    const template = one('page-url-template', 'CONFAB_PAGE_URL_TEMPLATE');
    if (template) checkTemplate(template[0], template[1], fail);
    mail = {
      smtp: smtp[0],
      from: from[0],
      secret: secret?.[0] ?? null,
      digestWindowMs: window ? parseDuration(window[0], window[1]) : DEFAULT_DIGEST_WINDOW_MS,
      pageUrlTemplate: template?.[0] ?? null,
    };
  }

  let webhooks: WebhookSettings | null = null;
  const [urls, urlSetting] = many('webhook', 'CONFAB_WEBHOOKS');
  const secret = one('webhook-secret', 'CONFAB_WEBHOOK_SECRET');
  const previous = one('webhook-secret-previous', 'CONFAB_WEBHOOK_SECRET_PREVIOUS');
  if (urls.length > 0) {
    for (const url of urls) checkHttpUrl(url, urlSetting, fail);
    if (!secret) throw fail(`${urlSetting} needs --webhook-secret (CONFAB_WEBHOOK_SECRET)`);
    const secrets = [secret, ...(previous ? [previous] : [])];
    for (const [value, setting] of secrets) {
      if (value.length < MIN_SECRET_CHARS) {
        throw fail(`${setting}: use at least ${MIN_SECRET_CHARS} characters of random data`);
      }
    }
    webhooks = { urls: [...new Set(urls)], secrets: secrets.map(([value]) => value) };
  } else if (previous && !secret) {
    throw fail(`${previous[1]} needs --webhook-secret (CONFAB_WEBHOOK_SECRET)`);
  }
  return { publicUrl, mail, webhooks };
}

function checkHttpUrl(text: string, setting: string, fail: Fail): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(`${setting}: "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`${setting}: "${text}" must be an http or https URL`);
  }
  return url;
}

/** A public base URL: http(s), no query or fragment, kept without its trailing slash. */
function baseUrl(text: string, setting: string, fail: Fail): string {
  const url = checkHttpUrl(text, setting, fail);
  if (url.search || url.hash || url.username || url.password) {
    throw fail(`${setting}: "${text}" must be a base URL, without query, fragment or credentials`);
  }
  return url.href.replace(/\/+$/, '');
}

function checkSmtp(text: string, setting: string, fail: Fail): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(`${setting}: "${text}" is not a URL like smtp://localhost:25`);
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw fail(`${setting}: "${text}" must be smtp://host:port or smtps://host:port`);
  }
}

function checkFrom(text: string, setting: string, fail: Fail): void {
  // eslint-disable-next-line no-control-regex
  const bare = /[\u0000-\u001f\u007f]/.test(text) ? null : /^(?:[^<>]*<)?([^<>]+?)>?$/.exec(text);
  if (!bare || !MAILBOX.test(bare[1]!.trim())) {
    throw fail(`${setting}: "${text}" must be an address, or a name and an <address>`);
  }
}

function checkTemplate(text: string, setting: string, fail: Fail): void {
  if (!text.includes('{page}')) throw fail(`${setting}: "${text}" must contain {page}`);
  checkHttpUrl(text.replace('{page}', 'page'), setting, fail);
}
