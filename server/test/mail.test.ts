/** The pure parts of mail: header text, encoded subjects, signed links, the queue's backoff. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { LinkSigner } from '../src/mail/links.js';
import { bodyExcerpt, headerText } from '../src/mail/render.js';
import { encodedSubject } from '../src/mail/sender.js';
import { JobQueue } from '../src/queue.js';
import type { Storage } from '../src/storage/types.js';

describe('mail text', () => {
  test('header text is one line: controls, separators, bidi and zero-width characters become spaces', () => {
    assert.equal(headerText('Bo\r\nBcc: x@y'), 'Bo Bcc: x@y');
    assert.equal(headerText('A\u2028B\u2029C\u202eD\u200bE\u0085F'), 'A B C D E F');
    assert.equal(headerText('  many   spaces  '), 'many spaces');
    assert.equal(headerText('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });

  test('a body excerpt keeps line breaks, drops other controls, and is cut', () => {
    assert.equal(bodyExcerpt('a\r\nb\u0007c\n\n\n\nd'), 'a\nb c\n\nd');
    assert.equal([...bodyExcerpt('é'.repeat(600))].length, 500);
  });

  test('subjects that are not plain ASCII, or hold =?, are sent as encoded words that decode to the same text', async () => {
    assert.equal(encodedSubject('Bo replied to your comment'), 'Bo replied to your comment');
    for (const subject of [
      'Bo =?utf-8?q?Bcc=3A_x?= replied',
      'Jürgen hat auf Ihren Kommentar geantwortet, und zwar ziemlich ausführlich, 😀 mit Emoji',
    ]) {
      const header = encodedSubject(subject);
      for (const line of header.split('\r\n')) assert.ok(line.length <= 78, line);
      assert.match(header, /^=\?utf-8\?B\?/);
      const parsed = await simpleParser(`Subject: ${header}\r\n\r\nbody`);
      assert.equal(parsed.subject, subject);
    }
  });
});

describe('signed links', () => {
  const signer = new LinkSigner('a secret of sixteen+', 'https://c.example');

  test('a link verifies for its purpose only, until it expires', () => {
    const token = signer.token({ purpose: 'confirm', id: 7, lang: 'de' }, 10_000);
    assert.deepEqual(signer.verify('confirm', token, 9_000), {
      ok: true,
      purpose: 'confirm',
      id: 7,
      lang: 'de',
    });
    assert.equal(signer.verify('unsubscribe', token, 9_000).ok, false);
    assert.deepEqual(signer.verify('confirm', token, 11_000), {
      ok: false,
      reason: 'expired',
      lang: 'de',
    });
    assert.match(
      signer.url({ purpose: 'erase', id: 1, lang: 'en' }),
      /^https:\/\/c\.example\/mail\/erase\?token=/,
    );
  });

  test('another secret, an altered payload or signature, or garbage do not verify', () => {
    const token = signer.token({ purpose: 'unsubscribe', id: 3, lang: 'en' }, null);
    const other = new LinkSigner('another secret of 16', 'https://c.example');
    assert.equal(other.verify('unsubscribe', token, 0).ok, false);
    const [payload, signature] = token.split('.') as [string, string];
    const forgedPayload = Buffer.from(JSON.stringify(['u', 4, 'en', 0])).toString('base64url');
    for (const bad of [
      `${forgedPayload}.${signature}`,
      `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${payload}.`,
      42,
      null,
      `${'A'.repeat(300)}.${signature}`,
    ]) {
      assert.deepEqual(signer.verify('unsubscribe', bad, 0), {
        ok: false,
        reason: 'invalid',
        lang: null,
      });
    }
  });
});

describe('job queue', () => {
  test('backoff doubles from the base up to the maximum, with up to 10% jitter below', () => {
    const queue = (random: number) =>
      new JobQueue({} as Storage, { retryBaseMs: 1000, retryMaxMs: 60_000, random: () => random });
    assert.deepEqual(
      [1, 2, 3, 4, 7, 8, 50].map((attempt) => queue(0).backoff(attempt)),
      [1000, 2000, 4000, 8000, 60_000, 60_000, 60_000],
    );
    assert.equal(queue(1).backoff(1), 900);
  });
});
