/**
 * Reply notifications end to end, with real parts: the server sends through nodemailer to a
 * real SMTP server (smtp-server) and the mails are parsed with mailparser. Time that matters
 * (digest windows, retry backoff, link expiry) comes from a clock the test moves; nothing
 * here waits for real minutes.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { MailSettings } from '../src/notify-config.js';
import { join } from 'node:path';
import {
  call,
  killLeftoverClis,
  PAGE,
  startCli,
  tempDir,
  TestServer,
  type Answer,
} from './support.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';

const PUBLIC_URL = 'https://comments.example';
const WINDOW_MS = 10 * 60_000;

let sink: SmtpSink;
let server: TestServer;
let clock: number;

before(async () => (sink = await SmtpSink.start()));
after(() => sink.down());

function mailConfig(mail: Partial<MailSettings> = {}) {
  return {
    publicUrl: PUBLIC_URL,
    mail: {
      smtp: sink.url,
      from: 'Comments <comments@example.com>',
      secret: 'a test secret of enough length',
      digestWindowMs: WINDOW_MS,
      pageUrlTemplate: null,
      ...mail,
    },
  };
}

const BUILD = { now: () => clock, queue: { retryBaseMs: 5_000 } };

async function startServer(mail: Partial<MailSettings> = {}): Promise<void> {
  clock = Date.parse('2026-12-03T00:00:00Z');
  server = await TestServer.start(mailConfig(mail), BUILD);
}

beforeEach(async () => {
  sink.mails.length = 0;
  await startServer();
});
afterEach(() => server.stop());

function settle(): Promise<void> {
  return server.app.confabNotifications!.settle();
}

async function comment(
  token: string,
  fields: { parentId?: string; body?: string; name?: string; email?: string; lang?: string } = {},
  notify = false,
): Promise<Answer> {
  const answer = await server.call('POST', '/comments', {
    token,
    body: {
      page: PAGE,
      parentId: fields.parentId ?? null,
      body: fields.body ?? 'A comment',
      author: { name: fields.name ?? 'Ada', ...(fields.email ? { email: fields.email } : {}) },
      ...(notify ? { notify: true } : {}),
      ...(fields.lang ? { lang: fields.lang } : {}),
    },
  });
  return answer;
}

/** The link labelled in a mail's plain text part (`Label:\nURL`). */
function link(mail: ReceivedMail, pathPart: string): string {
  const found = (mail.parsed.text ?? '').split('\n').find((line) => line.includes(pathPart));
  assert.ok(found, `a ${pathPart} link in:\n${mail.parsed.text}`);
  return found.trim();
}

/** Follows a link to this server's public URL on the test server (as a proxy would). */
function local(url: string): string {
  assert.ok(url.startsWith(`${PUBLIC_URL}/`), url);
  return url.slice(PUBLIC_URL.length);
}

async function visit(
  url: string,
  method: 'GET' | 'POST',
  body?: string,
  type = 'application/x-www-form-urlencoded',
) {
  const response = await fetch(server.base + local(url), {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function confirmedAt(email: string): number | null | undefined {
  return server.query<{ confirmed_at: number | null }>(
    'SELECT confirmed_at FROM mail_addresses WHERE email_key = ?',
    email.toLowerCase(),
  )[0]?.confirmed_at;
}

/** Subscribes `email` with a comment and follows its confirmation link; returns the comment. */
async function subscribed(token: string, email: string, lang?: string): Promise<string> {
  const before = sink.mails.length;
  const posted = await comment(token, { email, lang, name: 'Ada' }, true);
  assert.equal(posted.status, 201, posted.text);
  const [confirmation] = (await sink.waitFor(before + 1)).slice(before);
  const answer = await visit(link(confirmation!, '/mail/confirm?'), 'POST', '');
  assert.equal(answer.status, 200, answer.text);
  assert.notEqual(confirmedAt(email), null);
  return posted.json.comment.id as string;
}

describe('reply notifications', () => {
  test('double opt-in: a confirmation mail, a page that only asks on GET, confirmed by its POST', async () => {
    const [ada] = await server.tokensFor(1);
    const posted = await comment(ada!, { email: 'Ada@Example.com', lang: 'en-GB' }, true);
    assert.equal(posted.status, 201, posted.text);
    assert.equal(posted.json.comment.author.email, undefined, 'the address is never shown');
    const [mail] = await sink.waitFor(1);
    // (smtp-server lower-cases the domain it was told)
    assert.deepEqual(mail!.recipients, ['Ada@example.com']);
    assert.equal(mail!.parsed.subject, 'Confirm reply notifications');
    assert.match(mail!.parsed.text!, /Nothing is sent to this address until you confirm/);
    assert.match(
      String(mail!.parsed.html),
      /<a href="https:\/\/comments\.example\/mail\/confirm\?token=/,
    );
    assert.equal(confirmedAt('ada@example.com'), null);

    const url = link(mail!, '/mail/confirm?');
    const page = await visit(url, 'GET');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.text, /<form method="post" action="confirm\?token=/);
    assert.match(page.text, /Ada@Example\.com/);
    assert.equal(confirmedAt('ada@example.com'), null, 'a GET (a prefetch) confirms nothing');

    // The form, posted from the server's own page: the token as a field, the Origin its own.
    const token = new URL(url).searchParams.get('token')!;
    const response = await fetch(`${server.base}/mail/confirm`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: PUBLIC_URL,
      },
      body: new URLSearchParams({ token }).toString(),
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Confirmed/);
    assert.notEqual(confirmedAt('ada@example.com'), null);
    // A JSON body with the token works as well (and repeats nothing).
    const again = await fetch(`${server.base}/mail/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    assert.match(await again.text(), /already confirmed/);
    // A second comment asking again sends no second confirmation.
    assert.equal((await comment(ada!, { email: 'ada@example.com' }, true)).status, 201);
    await settle();
    assert.equal(sink.mails.length, 1);
  });

  test('a reply mails the confirmed author once, in plain text and HTML, with a link to the reply and one-click unsubscribe', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const parentId = await subscribed(ada!, 'ada@example.com');
    const reply = await comment(bo!, { parentId, name: 'Bo', body: 'I *disagree*, <b>Ada</b>.' });
    assert.equal(reply.status, 201);
    const mail = (await sink.waitFor(2))[1]!;
    assert.deepEqual(mail.recipients, ['ada@example.com']);
    assert.equal(mail.parsed.subject, 'Bo replied to your comment');
    assert.match(mail.parsed.text!, /Bo replied on localhost:5173\/articles\/test\.html:/);
    assert.match(mail.parsed.text!, /> I \*disagree\*, <b>Ada<\/b>\./);
    const replyUrl = `${PAGE}#comment-${reply.json.comment.id}`;
    assert.ok(mail.parsed.text!.includes(replyUrl), 'the text part links to the reply');
    const html = String(mail.parsed.html);
    assert.ok(html.includes(`href="${replyUrl}"`), 'the HTML part links to the reply');
    assert.ok(html.includes('I *disagree*, &lt;b&gt;Ada&lt;/b&gt;.'), 'reader text is escaped');
    assert.ok(!html.includes('<b>Ada</b>'));

    const unsubscribe = link(mail, '/mail/unsubscribe?');
    assert.match(mail.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    assert.match(
      mail.raw,
      /^List-Unsubscribe: <https:\/\/comments\.example\/mail\/unsubscribe\?token=[^>\s]+>\r$/m,
    );
    assert.ok(mail.raw.includes(`List-Unsubscribe: <${unsubscribe}>`));

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
    assert.equal((await visit(unsubscribe, 'GET')).status, 200);
    assert.equal(server.count('subscriptions'), 1, 'a GET unsubscribes nothing');
    const done = await visit(unsubscribe, 'POST', 'List-Unsubscribe=One-Click');
    assert.equal(done.status, 200, done.text);
    assert.match(done.text, /No more mail about replies/);
    assert.equal(server.count('subscriptions'), 0);
    assert.equal(server.count('mail_addresses'), 0, 'unsubscribing purges the address');

    await comment(bo!, { parentId, name: 'Bo', body: 'Still there?' });
    await settle();
    assert.equal(sink.mails.length, 2, 'no more mail after unsubscribing');
  });

  test('mails and pages speak the reader’s language (German)', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const before = sink.mails.length;
    assert.equal(
      (await comment(ada!, { email: 'anna@example.de', lang: 'de-AT' }, true)).status,
      201,
    );
    const confirmation = (await sink.waitFor(before + 1))[before]!;
    assert.equal(confirmation.parsed.subject, 'Benachrichtigungen über Antworten bestätigen');
    assert.match(String(confirmation.parsed.html), /<html lang="de">/);
    const page = await visit(link(confirmation, '/mail/confirm?'), 'GET');
    assert.match(page.text, /Ja, bestätigen/);
    await visit(link(confirmation, '/mail/confirm?'), 'POST', '');
    const parentId = server.query<{ id: number }>('SELECT id FROM comments')[0]!.id;
    await comment(bo!, { parentId: String(parentId), name: 'Bo' });
    const mail = (await sink.waitFor(before + 2))[before + 1]!;
    assert.equal(mail.parsed.subject, 'Bo hat auf Ihren Kommentar geantwortet');
    assert.match(mail.parsed.text!, /Antwort lesen:/);
    assert.match(mail.parsed.text!, /Benachrichtigungen für diese Diskussion abbestellen:/);
  });

  test('without lang, the language is the request’s Accept-Language', async () => {
    const [ada] = await server.tokensFor(1);
    const posted = await server.call('POST', '/comments', {
      token: ada,
      headers: { 'accept-language': 'fr-CH, de;q=0.8, en;q=0.5' },
      body: {
        page: PAGE,
        parentId: null,
        body: 'Hallo',
        author: { name: 'Anna', email: 'anna@example.de' },
        notify: true,
      },
    });
    assert.equal(posted.status, 201, posted.text);
    const [mail] = await sink.waitFor(1);
    assert.equal(mail!.parsed.subject, 'Benachrichtigungen über Antworten bestätigen');
  });

  test('nothing but the confirmation goes to an address nobody confirmed', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const parent = await comment(ada!, { email: 'ada@example.com' }, true);
    await sink.waitFor(1);
    for (let i = 0; i < 3; i += 1) {
      await comment(bo!, { parentId: parent.json.comment.id, name: 'Bo', body: `Reply ${i}` });
    }
    await settle();
    clock += WINDOW_MS * 3;
    await settle();
    assert.equal(sink.mails.length, 1);
    assert.equal(sink.mails[0]!.parsed.subject, 'Confirm reply notifications');
  });

  test('forged, altered, misused and expired links are refused and change nothing', async () => {
    const [ada] = await server.tokensFor(1);
    await comment(ada!, { email: 'ada@example.com' }, true);
    const url = link((await sink.waitFor(1))[0]!, '/mail/confirm?');
    const token = new URL(url).searchParams.get('token')!;
    const [payload, signature] = token.split('.') as [string, string];
    const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const otherId = Buffer.from(JSON.stringify(['c', 2, 'en', 0])).toString('base64url');
    const forged = [`${payload}.${flipped}`, `${otherId}.${signature}`, payload, '', 'garbage'];
    for (const bad of forged) {
      const answer = await visit(
        `${PUBLIC_URL}/mail/confirm?token=${encodeURIComponent(bad)}`,
        'POST',
        '',
      );
      assert.equal(answer.status, 400, bad);
      assert.match(answer.text, /This link is not valid/);
    }
    // A confirmation token does not unsubscribe or erase.
    for (const purpose of ['unsubscribe', 'erase']) {
      const answer = await visit(`${PUBLIC_URL}/mail/${purpose}?token=${token}`, 'POST', '');
      assert.equal(answer.status, 400);
    }
    assert.equal(confirmedAt('ada@example.com'), null);
    assert.equal(server.count('mail_addresses'), 1);
    // Confirmation links last three days.
    clock += 3 * 24 * 60 * 60 * 1000 + 1000;
    const expired = await visit(url, 'POST', '');
    assert.equal(expired.status, 410);
    assert.equal(confirmedAt('ada@example.com'), null);
  });

  test('an SMTP server that is down loses nothing, across a restart: the mail goes out after a retry once it is back', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const parentId = await subscribed(ada!, 'ada@example.com');
    await sink.down();
    try {
      await comment(bo!, { parentId, name: 'Bo', body: 'Sent while the relay is down' });
      await settle();
      const [job] = server.query<{ attempts: number; last_error: string; state: string }>(
        "SELECT attempts, last_error, state FROM jobs WHERE kind = 'mail.digest'",
      );
      assert.equal(job?.state, 'queued');
      assert.equal(job.attempts, 1);
      assert.match(job.last_error, /ECONNREFUSED|connect/i);
      clock += 60_000;
      await settle();
      assert.equal(server.query<{ attempts: number }>('SELECT attempts FROM jobs')[0]?.attempts, 2);
      // A restart meanwhile changes nothing: the job waits in the database.
      await server.restart(mailConfig(), BUILD);
    } finally {
      await sink.up();
    }
    assert.equal(sink.mails.length, 1);
    clock += 60_000;
    await settle();
    const mail = (await sink.waitFor(2))[1]!;
    assert.match(mail.parsed.text!, /Sent while the relay is down/);
    assert.equal(server.count('jobs'), 0);
  });

  test('a burst of replies: the first is mailed at once, the rest gathered into one digest after the window', async () => {
    const [ada, bo, cy] = await server.tokensFor(3);
    const parentId = await subscribed(ada!, 'ada@example.com');
    await comment(bo!, { parentId, name: 'Bo', body: 'First reply' });
    assert.match((await sink.waitFor(2))[1]!.parsed.text!, /First reply/);
    for (let i = 1; i <= 4; i += 1) {
      clock += 30_000;
      await comment(i % 2 ? cy! : bo!, { parentId, name: i % 2 ? 'Cy' : 'Bo', body: `Reply ${i}` });
    }
    // Ada's own reply in her thread is no news to her.
    await comment(ada!, { parentId, name: 'Ada', body: 'Thanks, all' });
    await settle();
    assert.equal(sink.mails.length, 2, 'nothing more within the window');
    clock += WINDOW_MS;
    await settle();
    const digest = (await sink.waitFor(3))[2]!;
    assert.equal(digest.parsed.subject, '4 new replies to your comments');
    for (let i = 1; i <= 4; i += 1) assert.match(digest.parsed.text!, new RegExp(`> Reply ${i}`));
    assert.doesNotMatch(digest.parsed.text!, /Thanks, all/);
    clock += WINDOW_MS * 2;
    await settle();
    assert.equal(sink.mails.length, 3, 'one digest, not one mail per reply');
  });

  test('names and bodies cannot add headers or recipients', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const parentId = await subscribed(ada!, 'ada@example.com');
    const name = 'Bo\u2028Bcc: eve@evil.example =?utf-8?q?X?=';
    const posted = await comment(bo!, { parentId, name, body: 'Hi\r\nBcc: eve@evil.example' });
    assert.equal(posted.status, 201, posted.text);
    const mail = (await sink.waitFor(2))[1]!;
    assert.deepEqual(mail.recipients, ['ada@example.com']);
    assert.equal(mail.parsed.bcc, undefined);
    const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    assert.doesNotMatch(head, /^Bcc:/im);
    assert.equal(head.split('\r\n').filter((line) => /^To:/i.test(line)).length, 1);
    assert.equal(
      mail.parsed.subject,
      'Bo Bcc: eve@evil.example =?utf-8?q?X?= replied to your comment',
    );
  });

  test('an address is kept only when its owner asks for notifications', async () => {
    const [ada] = await server.tokensFor(1);
    assert.equal((await comment(ada!, { email: 'ada@example.com' })).status, 201);
    assert.equal(server.count('mail_addresses'), 0);
    assert.deepEqual(server.query('SELECT author_email FROM comments'), [{ author_email: null }]);
    const missing = await comment(ada!, {}, true);
    assert.equal(missing.status, 400);
    assert.ok(missing.json.error.fields['author.email']);
    const bad = await comment(ada!, { email: 'Ada <ada@example.com>' }, true);
    assert.equal(bad.status, 400);
    const badLang = await comment(ada!, { email: 'ada@example.com', lang: 'en\nBcc' }, true);
    assert.equal(badLang.status, 400);
    assert.ok(badLang.json.error.fields.lang);
    await settle();
    assert.equal(sink.mails.length, 0);
  });

  test('erasing an address from a mail’s link removes it and everything it asked for', async () => {
    const [ada] = await server.tokensFor(1);
    await comment(ada!, { email: 'ada@example.com' }, true);
    const erase = link((await sink.waitFor(1))[0]!, '/mail/erase?');
    assert.match((await visit(erase, 'GET')).text, /Erase ada@example\.com/);
    assert.equal(server.count('mail_addresses'), 1);
    assert.match((await visit(erase, 'POST', '')).text, /Erased/);
    assert.equal(server.count('mail_addresses'), 0);
    assert.equal(server.count('subscriptions'), 0);
    assert.equal(server.count('watched_comments'), 0);
  });

  test('a restart dispatches nothing twice, even after housekeeping, while the outbox keeps the events', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const parentId = await subscribed(ada!, 'ada@example.com');
    await comment(bo!, { parentId, name: 'Bo', body: 'Once only' });
    await sink.waitFor(2);
    clock += 3 * 24 * 60 * 60 * 1000;
    await server.app.confabNotifications!.housekeeping();
    assert.ok(server.count('event_dispatch') > 0, 'marks of events still kept stay');
    await server.restart(mailConfig(), BUILD);
    await settle();
    assert.equal(sink.mails.length, 2);
  });

  test('an address nobody confirms is forgotten after 7 days, with what it asked for', async () => {
    const [ada] = await server.tokensFor(1);
    await comment(ada!, { email: 'ada@example.com' }, true);
    await sink.waitFor(1);
    const notifications = server.app.confabNotifications!;
    clock += 6 * 24 * 60 * 60 * 1000;
    await notifications.housekeeping();
    assert.equal(server.count('mail_addresses'), 1);
    clock += 24 * 60 * 60 * 1000 + 1000;
    await notifications.housekeeping();
    assert.equal(server.count('mail_addresses'), 0);
    assert.equal(server.count('subscriptions'), 0);
    assert.equal(server.count('watched_comments'), 0);
    assert.equal(server.count('comments'), 1, 'the comment itself stays');
  });
});

describe('the command line', () => {
  test('--smtp, --mail-from and --public-url turn reply mail on; the link works at the public URL', async () => {
    const dir = await tempDir();
    const cli = await startCli([
      '--port',
      '0',
      '--db',
      join(dir.path, 'cli.sqlite'),
      '--no-rate-limit',
      '--smtp',
      sink.url,
      '--mail-from',
      'comments@example.com',
      '--public-url',
      `${PUBLIC_URL}/comments/`,
    ]);
    try {
      const session = await call(cli.base, 'POST', '/session');
      const posted = await call(cli.base, 'POST', '/comments', {
        token: session.json.token,
        body: {
          page: PAGE,
          parentId: null,
          body: 'Hi',
          author: { name: 'Ada', email: 'ada@example.com' },
          notify: true,
        },
      });
      assert.equal(posted.status, 201, posted.text);
      const mail = (await sink.waitFor(1))[0]!;
      const url = link(mail, '/mail/confirm?');
      const page = await fetch(cli.base + local(url));
      assert.equal(page.status, 200);
      assert.ok(local(url).startsWith('/comments/mail/confirm?'));
      // Behind a proxy that strips the public URL's path, the page is at /mail/ too.
      const stripped = local(url).slice('/comments'.length);
      assert.equal((await fetch(cli.base + stripped)).status, 200);
      const confirmed = await fetch(cli.base + local(url), { method: 'POST' });
      assert.match(await confirmed.text(), /Confirmed/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      killLeftoverClis();
      await dir.remove();
    }
  });
});

describe('notifications off', () => {
  test('a server without --smtp refuses "notify": true and serves no mail pages', async () => {
    const plain = await TestServer.start();
    try {
      const [ada] = await plain.tokensFor(1);
      const answer = await plain.call('POST', '/comments', {
        token: ada,
        body: {
          page: PAGE,
          parentId: null,
          body: 'Hi',
          author: { name: 'Ada', email: 'a@b.example' },
          notify: true,
        },
      });
      assert.equal(answer.status, 400);
      assert.ok(answer.json.error.fields.notify);
      assert.equal((await plain.call('GET', '/mail/confirm?token=x')).status, 404);
      assert.equal(plain.app.confabNotifications, null);
    } finally {
      await plain.stop();
    }
  });
});
