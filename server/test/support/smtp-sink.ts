import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO, as the server was told. */
  recipients: string[];
  /** The message as it came over the wire. */
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server that keeps what it is sent, for tests: nodemailer talks to it over a
 * socket as it would to a mail relay. `down()` closes it (connections are refused) and `up()`
 * listens again on the same port, like a relay that went away and came back.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  port = 0;
  #server: SMTPServer | null = null;
  #waiters: Array<() => void> = [];

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.up();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = new SMTPServer({
      // As a test of the protocol would start one: STARTTLS offered with smtp-server's own
      // self-signed certificate, AUTH offered but optional.
      authOptional: true,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              this.mails.push({
                recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                raw: raw.toString('utf8'),
                parsed,
              });
              for (const wake of this.#waiters.splice(0)) wake();
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` mails have arrived in all; fails after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`expected ${count} mails, got ${this.mails.length}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.mails;
  }
}
