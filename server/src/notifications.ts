import { randomBytes } from 'node:crypto';
import type { EventFeed } from './feed.js';
import { confirmationMail, moderatorMail, replyMail, type Composed } from './mail/compose.js';
import { LinkSigner } from './mail/links.js';
import { MailError, MailSender } from './mail/sender.js';
import type { MailSettings, WebhookSettings } from './notify-config.js';
import { JobQueue, type JobOutcome, type QueueOptions } from './queue.js';
import { DIGEST_JOB, DigestService, type Digest } from './services/digests.js';
import { Dispatcher, WEBHOOK_JOB } from './services/dispatcher.js';
import type { Clock } from './services/results.js';
import {
  CONFIRM_JOB,
  CONFIRMATION_LINK_TTL_MS,
  type SubscriptionService,
} from './services/subscriptions.js';
import { pruneDispatchMarks, serverState } from './storage/dispatch.js';
import { pruneDeadJobs } from './storage/jobs.js';
import { pruneMailedNotices } from './storage/notices.js';
import { addressById } from './storage/subscriptions.js';
import type { Storage } from './storage/types.js';
import { webhookBody, webhookHandler } from './webhooks.js';

/** How often events another instance (or a crash) left undispatched are looked for. */
const SWEEP_INTERVAL_MS = 60_000;
/** Mailed notices are kept this long at least: they space the next digest and dedupe. */
const MAILED_NOTICE_RETENTION_MS = 24 * 60 * 60 * 1000;
const DEAD_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface NotificationOptions {
  storage: Storage;
  feed: EventFeed;
  subscriptions: SubscriptionService;
  publicUrl: string | null;
  mail: MailSettings | null;
  webhooks: WebhookSettings | null;
  /** Reply notices and the job queue's clock; tests move it instead of waiting. */
  now: Clock;
  queue?: Omit<QueueOptions, 'now' | 'onError'>;
  onError: (error: unknown, what: string) => void;
}

/**
 * Reply notifications, moderator mail and webhooks, wired together: the feed's comment events
 * are dispatched into jobs (services/dispatcher.ts), the job queue (queue.ts) sends them, and
 * the handlers below turn a job into a mail or a POST. Everything waiting lives in the
 * database, so a restart or an SMTP outage loses nothing.
 */
export class Notifications {
  readonly signer: LinkSigner | null;
  readonly queue: JobQueue;
  readonly #options: NotificationOptions;
  readonly #dispatcher: Dispatcher;
  readonly #digests: DigestService | null;
  readonly #sender: MailSender | null;
  #dispatching: Promise<void> | null = null;
  #dispatchAgain = false;
  #sweep: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;

  private constructor(
    options: NotificationOptions,
    signer: LinkSigner | null,
    sender: MailSender | null,
  ) {
    this.#options = options;
    this.signer = signer;
    const { storage, mail, webhooks, now } = options;
    this.queue = new JobQueue(storage, {
      ...options.queue,
      now,
      onError: (error) => options.onError(error, 'job queue'),
    });
    this.#dispatcher = new Dispatcher(
      storage,
      {
        replies: mail !== null,
        webhooks: webhooks?.urls ?? [],
        digestWindowMs: mail?.digestWindowMs ?? 0,
        webhookBody,
      },
      now,
    );
    this.#digests = mail ? new DigestService(storage, now, mail.digestWindowMs) : null;
    this.#sender = sender;
    if (mail) {
      this.queue.handle(CONFIRM_JOB, (job) => this.#sendConfirmation(job.payload));
      this.queue.handle(DIGEST_JOB, (job) => this.#sendDigest(job.payload));
    }
    if (webhooks) {
      this.queue.handle(
        WEBHOOK_JOB,
        webhookHandler({ ...webhooks, timeoutMs: WEBHOOK_TIMEOUT_MS, now }),
      );
    }
  }

  /**
   * Null when neither mail nor webhooks are configured. The key that signs mail links is the
   * configured secret, or one generated once and kept in the database, so that links in mails
   * sent before a restart (or by another instance) still work.
   */
  static async create(options: NotificationOptions): Promise<Notifications | null> {
    if (!options.mail && !options.webhooks) return null;
    let signer: LinkSigner | null = null;
    if (options.mail) {
      if (!options.publicUrl) throw new Error('mail needs a public URL for its links');
      const configured = options.mail.secret;
      const secret =
        configured ??
        (await options.storage.transaction((tx) =>
          serverState(tx, 'mail_secret', randomBytes(32).toString('base64url'), options.now()),
        ));
      signer = new LinkSigner(secret, options.publicUrl);
    }
    const sender = options.mail
      ? await MailSender.create(options.mail.smtp, options.mail.from)
      : null;
    return new Notifications(options, signer, sender);
  }

  async start(): Promise<void> {
    await this.#dispatcher.start();
    this.#unsubscribe = this.#options.feed.subscribe({
      events: (batch) => {
        if (batch.some((event) => event.kind.startsWith('comment.'))) this.#kick();
      },
    });
    this.#sweep = setInterval(() => {
      this.#dispatcher
        .run(true)
        .then(() => this.queue.wake())
        .catch((error: unknown) => this.#options.onError(error, 'dispatch sweep'));
    }, SWEEP_INTERVAL_MS);
    this.#sweep.unref();
    this.queue.start();
    // Events committed while no server ran are dispatched now.
    this.#kick();
  }

  /** Dispatches new events (one pass at a time; a kick meanwhile runs one more), then sends. */
  #kick(): void {
    if (this.#dispatching) {
      this.#dispatchAgain = true;
      return;
    }
    this.#dispatching = (async () => {
      do {
        this.#dispatchAgain = false;
        await this.#dispatcher.run();
        this.queue.wake();
      } while (this.#dispatchAgain);
    })()
      .catch((error: unknown) => this.#options.onError(error, 'dispatch'))
      .finally(() => (this.#dispatching = null));
  }

  /**
   * Dispatches every event and runs every job that is due by the clock (tests: after a change,
   * or after moving the clock past a digest window or a retry's backoff).
   */
  async settle(): Promise<void> {
    await this.#dispatching;
    await this.#dispatcher.run(true);
    await this.#dispatcher.run();
    await this.queue.settle();
  }

  /** Forgets what served its purpose: unconfirmed addresses, old notices, marks, dead jobs. */
  async housekeeping(): Promise<void> {
    const now = this.#options.now();
    if (this.#options.mail) await this.#options.subscriptions.purgeUnconfirmed();
    const windowMs = this.#options.mail?.digestWindowMs ?? 0;
    await this.#options.storage.transaction(async (tx) => {
      await pruneMailedNotices(tx, now - Math.max(MAILED_NOTICE_RETENTION_MS, windowMs * 2));
      await pruneDispatchMarks(tx);
      await pruneDeadJobs(tx, now - DEAD_JOB_RETENTION_MS);
    });
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    if (this.#sweep) clearInterval(this.#sweep);
    await this.#dispatching;
    await this.queue.stop();
    this.#sender?.close();
  }

  async #send(to: string, mail: Composed): Promise<JobOutcome> {
    try {
      await this.#sender!.send({ to, ...mail });
      return { ok: true };
    } catch (error) {
      const failure = error instanceof MailError ? error : new MailError(String(error), false);
      return { ok: false, error: failure.message, permanent: failure.permanent };
    }
  }

  async #sendConfirmation(payload: unknown): Promise<JobOutcome> {
    const { addressId, pageKey } = payload as { addressId: number; pageKey: string };
    const address = await this.#options.storage.read((db) => addressById(db, addressId));
    // Erased or confirmed meanwhile: nothing to ask.
    if (!address || address.confirmedAt !== null) return { ok: true };
    const mail = confirmationMail({
      signer: this.signer!,
      addressId,
      lang: address.lang,
      pageKey,
      expiresAt: this.#options.now() + CONFIRMATION_LINK_TTL_MS,
    });
    return this.#send(address.email, mail);
  }

  async #sendDigest(payload: unknown): Promise<JobOutcome> {
    const { recipient } = payload as { recipient: string };
    const digests = this.#digests!;
    const digest: Digest = await digests.load(recipient);
    const complete = (mailedAt: number | null): JobOutcome => ({
      ok: true,
      inTransaction: (tx) => digests.complete(tx, digest, mailedAt),
    });
    if (digest.to === 'nobody') return complete(null);
    const mail =
      digest.to === 'subscriber'
        ? replyMail({
            signer: this.signer!,
            subscriptionId: digest.subscriptionId,
            addressId: digest.addressId,
            lang: digest.lang,
            pageKey: digest.pageKey,
            replies: digest.items.map((item) => item.comment),
            pageUrlTemplate: this.#options.mail!.pageUrlTemplate,
          })
        : moderatorMail({
            publicUrl: this.#options.publicUrl!,
            items: digest.items.map((item) => ({
              reason: item.reason === 'pending' ? 'pending' : 'reported',
              comment: item.comment,
            })),
          });
    const outcome = await this.#send(digest.email, mail);
    return outcome.ok ? complete(this.#options.now()) : outcome;
  }
}
