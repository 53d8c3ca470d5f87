import type { Transporter } from 'nodemailer';
import type { MailContent } from './render.js';

export interface OutgoingMail extends MailContent {
  to: string;
  /** Extra header lines, already safe (ASCII this server built, no reader's text). */
  headers?: Record<string, string>;
}

/** A mail that could not be sent; `permanent` when trying again cannot help. */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends mail over SMTP with nodemailer, one connection per mail (notifications are few, and a
 * fresh connection needs no care when the server went away in between). Every header a reader's
 * text reaches is built by nodemailer, which folds and encodes it; the envelope names exactly
 * one recipient, so no text in a header can add another.
 */
export class MailSender {
  readonly #transport: Transporter;
  readonly #from: string;

  private constructor(transport: Transporter, from: string) {
    this.#transport = transport;
    this.#from = from;
  }

  /** nodemailer is loaded only by a server that sends mail: it costs start-up time. */
  static async create(smtpUrl: string, from: string): Promise<MailSender> {
    const { createTransport } = await import('nodemailer');
    const url = new URL(smtpUrl);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const transport = createTransport({
      host,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 25,
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      // STARTTLS is used whenever offered. A relay on this machine (a local MTA, a test sink)
      // usually has a self-signed certificate, and its traffic never leaves the host.
      tls: isLoopback(host) ? { rejectUnauthorized: false } : undefined,
      ...TIMEOUTS,
    });
    return new MailSender(transport, from);
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.#transport.sendMail({
        from: this.#from,
        to: { name: '', address: mail.to },
        envelope: { from: this.#from, to: [mail.to] },
        text: mail.text,
        html: mail.html,
        headers: {
          Subject: { prepared: true, value: encodedSubject(mail.subject) },
          'Auto-Submitted': 'auto-generated',
          ...Object.fromEntries(
            Object.entries(mail.headers ?? {}).map(([name, value]) => [
              name,
              { prepared: true, value },
            ]),
          ),
        },
      });
    } catch (error) {
      throw classify(error);
    }
  }

  close(): void {
    this.#transport.close();
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The subject as RFC 2047 encoded words whenever it is not plain ASCII or holds `=?`:
 * nodemailer leaves an ASCII value alone, so a reader's name spelling `=?utf-8?q?…?=` would be
 * decoded by the receiver as if this server had written it. Each word holds whole characters
 * and stays within 75 characters; words are folded onto lines of their own.
 */
export function encodedSubject(subject: string): string {
  if (/^[\x20-\x7e]*$/.test(subject) && !subject.includes('=?')) return subject;
  const words: string[] = [];
  let chunk = '';
  for (const char of subject) {
    // 'utf-8' and the markers take 12 of the 75 characters; base64 grows 3 bytes into 4.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?utf-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

/**
 * A recipient refused for good (5xx to RCPT TO) is permanent; everything else (no connection,
 * a timeout, 4xx "try later", the SMTP server down) is worth trying again.
 */
function classify(error: unknown): MailError {
  const failure = error as { code?: string; responseCode?: number; message?: string };
  const refused = failure.code === 'EENVELOPE' && (failure.responseCode ?? 0) >= 500;
  return new MailError(failure.message ?? String(error), refused);
}
