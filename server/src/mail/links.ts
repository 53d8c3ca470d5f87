import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link in a mail does; each is a page under `<public-url>/mail/`. */
export type LinkPurpose = 'confirm' | 'unsubscribe' | 'erase';

/** What a verified link names: an address (confirm, erase) or a subscription (unsubscribe). */
export interface LinkSubject {
  purpose: LinkPurpose;
  id: number;
  /** The language the mail was written in; the page answers in it. */
  lang: string;
}

export type LinkCheck =
  ({ ok: true } & LinkSubject) | { ok: false; reason: 'invalid' | 'expired'; lang: string | null };

const PURPOSE_CODE: Readonly<Record<LinkPurpose, string>> = {
  confirm: 'c',
  unsubscribe: 'u',
  erase: 'e',
};

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{43}$/;

/**
 * Signed links: `<public-url>/mail/<purpose>?token=<payload>.<signature>`, the payload base64url
 * JSON `[purpose, id, lang, expiry in unix seconds or 0]`, the signature HMAC-SHA256 over the
 * payload with a key derived from the server's mail secret. Ids alone would let anyone
 * enumerate or forge links; without the secret no token verifies.
 */
export class LinkSigner {
  readonly #key: Buffer;
  readonly #base: string;

  /** `publicUrl` without a trailing slash. */
  constructor(secret: string, publicUrl: string) {
    // A key for this use alone, so the secret signs nothing else by accident.
    this.#key = createHmac('sha256', secret).update('confab mail links v1').digest();
    this.#base = publicUrl;
  }

  token(subject: LinkSubject, expiresAt: number | null): string {
    const payload = Buffer.from(
      JSON.stringify([
        PURPOSE_CODE[subject.purpose],
        subject.id,
        subject.lang,
        expiresAt === null ? 0 : Math.ceil(expiresAt / 1000),
      ]),
    ).toString('base64url');
    return `${payload}.${this.#sign(payload).toString('base64url')}`;
  }

  url(subject: LinkSubject, expiresAt: number | null = null): string {
    return `${this.#base}/mail/${subject.purpose}?token=${this.token(subject, expiresAt)}`;
  }

  /** Checks a token for a purpose at a time; a bad or foreign signature is `invalid`. */
  verify(purpose: LinkPurpose, token: unknown, now: number): LinkCheck {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) {
      return { ok: false, reason: 'invalid', lang: null };
    }
    const [payload, signature] = token.split('.') as [string, string];
    const expected = this.#sign(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'invalid', lang: null };
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid', lang: null };
    }
    if (
      !Array.isArray(value) ||
      value.length !== 4 ||
      value[0] !== PURPOSE_CODE[purpose] ||
      !Number.isSafeInteger(value[1]) ||
      typeof value[2] !== 'string' ||
      !Number.isSafeInteger(value[3])
    ) {
      return { ok: false, reason: 'invalid', lang: null };
    }
    const [, id, lang, expiry] = value as [string, number, string, number];
    if (expiry !== 0 && now > expiry * 1000) return { ok: false, reason: 'expired', lang };
    return { ok: true, purpose, id, lang };
  }

  #sign(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest();
  }
}
