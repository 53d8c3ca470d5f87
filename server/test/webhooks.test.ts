/**
 * Signed webhooks and moderator mail: a real HTTP receiver and a real SMTP server; retries
 * follow a clock the test moves.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { runAdmin } from '../src/admin.js';
import { PAGE, TestServer } from './support.js';
import { SmtpSink } from './support/smtp-sink.js';

const SECRET = 'whsec-current-0123456789';
const PREVIOUS = 'whsec-previous-0123456789';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: answers each POST with the next status of `statuses` (then 204). */
class Receiver {
  readonly deliveries: Delivery[] = [];
  statuses: number[] = [];
  #server: Server;
  #waiters: Array<() => void> = [];

  constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = this.statuses.shift() ?? 204;
        if (status < 300) {
          this.deliveries.push({
            headers: request.headers,
            body: Buffer.concat(chunks).toString(),
          });
          for (const wake of this.#waiters.splice(0)) wake();
        }
        response.writeHead(status).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} deliveries, got ${this.deliveries.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.deliveries;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** What the docs show a receiver doing: every v1 is checked against the secret. */
function verify(header: string, body: string, secret: string, now: number): boolean {
  const parts = header.split(',').map((part) => part.split('=') as [string, string]);
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts.some(
    ([key, value]) =>
      key === 'v1' && timingSafeEqual(Buffer.from(value, 'hex').subarray(0, 32), expected),
  );
}

let receiver: Receiver;
let sink: SmtpSink;
let server: TestServer;
let clock: number;
let hookUrl: string;

before(async () => {
  receiver = new Receiver();
  hookUrl = await receiver.listen();
  sink = await SmtpSink.start();
});
after(async () => {
  await receiver.close();
  await sink.down();
});

beforeEach(async () => {
  receiver.deliveries.length = 0;
  receiver.statuses = [];
  sink.mails.length = 0;
  clock = Date.now();
  server = await TestServer.start(config('off'), { now: () => clock });
});
afterEach(() => server.stop());

function config(moderation: 'off' | 'hold') {
  return {
    moderation,
    publicUrl: 'https://comments.example',
    mail: {
      smtp: sink.url,
      from: 'comments@example.com',
      secret: null,
      digestWindowMs: 10 * 60_000,
      pageUrlTemplate: null,
    },
    webhooks: { urls: [hookUrl], secrets: [SECRET, PREVIOUS] },
  };
}

describe('webhooks', () => {
  test('each comment event is POSTed as JSON, signed with the current and the previous secret', async () => {
    const [ada, bo] = await server.tokensFor(2);
    const posted = await server.post(ada!, { body: 'A comment' });
    assert.equal(posted.status, 201);
    const [created] = await receiver.waitFor(1);
    assert.equal(created!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(created!.headers['x-confab-event'], 'comment.created');
    const signature = String(created!.headers['x-confab-signature']);
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    assert.ok(verify(signature, created!.body, SECRET, clock), 'signed with the current secret');
    assert.ok(verify(signature, created!.body, PREVIOUS, clock), 'and with the previous one');
    assert.ok(!verify(signature, created!.body, 'another secret 0123456789', clock));
    assert.ok(!verify(signature, `${created!.body} `, SECRET, clock), 'the body is signed');
    const event = JSON.parse(created!.body);
    assert.equal(event.type, 'comment.created');
    assert.equal(event.page, PAGE);
    assert.equal(event.comment.id, posted.json.comment.id);
    assert.equal(event.comment.status, 'published');
    assert.equal(event.comment.body, 'A comment');
    assert.equal(event.comment.mine, undefined);

    const id = posted.json.comment.id as string;
    await server.call('PATCH', `/comments/${id}`, { token: ada, body: { body: 'Edited' } });
    await server.call('POST', `/comments/${id}/reports`, { token: bo, body: { reason: 'spam' } });
    await server.call('DELETE', `/comments/${id}`, { token: ada });
    const kinds = (await receiver.waitFor(4)).map((d) => JSON.parse(d.body).type);
    assert.deepEqual(kinds, [
      'comment.created',
      'comment.edited',
      'comment.reported',
      'comment.deleted',
    ]);
    const reported = JSON.parse(receiver.deliveries[2]!.body);
    assert.deepEqual(reported.reports, { count: 1, reasons: { spam: 1 } });
  });

  test('a receiver that fails gets the same delivery again after a backoff', async () => {
    receiver.statuses = [500, 503];
    const [ada] = await server.tokensFor(1);
    await server.post(ada!);
    const notifications = server.app.confabNotifications!;
    await notifications.settle();
    assert.equal(receiver.deliveries.length, 0);
    const [job] = server.query<{ attempts: number; last_error: string }>(
      "SELECT attempts, last_error FROM jobs WHERE kind = 'webhook'",
    );
    assert.equal(job?.attempts, 1);
    assert.match(job.last_error, /HTTP 500/);
    for (let i = 0; i < 2; i += 1) {
      clock += 60 * 60_000;
      await notifications.settle();
    }
    const [delivery] = await receiver.waitFor(1);
    assert.equal(JSON.parse(delivery!.body).type, 'comment.created');
    assert.equal(server.count('jobs'), 0);
  });
});

describe('moderator mail', () => {
  test('a reported comment, and one waiting for approval, are mailed to the moderators with links into the console', async () => {
    // The console's moderators are the ones mailed: those who gave an address.
    const admin = (...args: string[]) =>
      runAdmin(['--db', server.db, ...args], { log: () => {}, error: () => {} });
    assert.equal(await admin('add-moderator', 'Grace', '--email', 'mod@example.com'), 0);
    assert.equal(await admin('add-moderator', 'Linus'), 0);
    const [ada, bo] = await server.tokensFor(2);
    const posted = await server.post(ada!, { body: 'Buy cheap watches' });
    const id = posted.json.comment.id as string;
    const report = await server.call('POST', `/comments/${id}/reports`, {
      token: bo,
      body: { reason: 'spam' },
    });
    assert.equal(report.status, 201);
    const [reported] = await sink.waitFor(1);
    assert.deepEqual(reported!.recipients, ['mod@example.com']);
    assert.equal(reported!.parsed.subject, 'A comment was reported');
    assert.match(reported!.parsed.text!, /> Buy cheap watches/);
    assert.ok(reported!.parsed.text!.includes(`https://comments.example/admin/#comment=${id}`));

    await server.restart(config('hold'), { now: () => clock });
    const held = await server.post(ada!, { body: 'Please approve me' });
    // Within the digest window of the first mail: gathered until the window ends.
    await server.app.confabNotifications!.settle();
    assert.equal(sink.mails.length, 1);
    clock += 10 * 60_000;
    await server.app.confabNotifications!.settle();
    const pending = (await sink.waitFor(2))[1]!;
    assert.equal(pending.parsed.subject, 'A comment waits for approval');
    assert.match(pending.parsed.text!, /> Please approve me/);
    assert.ok(
      pending.parsed.text!.includes(
        `https://comments.example/admin/#comment=${held.json.comment.id}`,
      ),
    );
  });
});

describe('changes from the admin command line', () => {
  test('approving a held reply there mails its parent’s author and posts comment.approved', async () => {
    await server.restart(config('hold'), { now: () => clock });
    const notifications = () => server.app.confabNotifications!;
    const admin = async (...args: string[]) => {
      const code = await runAdmin(['--db', server.db, ...args], { log: () => {}, error: () => {} });
      assert.equal(code, 0);
    };
    const to = (address: string) => sink.mails.filter((mail) => mail.recipients[0] === address);
    const [ada, bo] = await server.tokensFor(2);
    const parent = await server.call('POST', '/comments', {
      token: ada,
      body: {
        page: PAGE,
        parentId: null,
        body: 'A question',
        author: { name: 'Ada', email: 'ada@example.com' },
        notify: true,
      },
    });
    assert.equal(parent.status, 201, parent.text);
    await notifications().settle();
    const confirm = /^(https:\/\/comments\.example\/mail\/confirm\?token=\S+)$/m.exec(
      to('ada@example.com')[0]!.parsed.text!,
    )![1]!;
    const confirmed = await fetch(server.base + confirm.slice('https://comments.example'.length), {
      method: 'POST',
    });
    assert.equal(confirmed.status, 200);
    const parentId = parent.json.comment.id as string;
    await admin('approve', parentId);
    const reply = await server.post(bo!, { parentId, name: 'Bo', body: 'An answer' });
    assert.equal(reply.json.comment.status, 'pending');
    await notifications().settle();
    assert.equal(to('ada@example.com').length, 1, 'a held reply is not mailed');
    await admin('approve', reply.json.comment.id);
    await notifications().settle();
    const mails = to('ada@example.com');
    assert.equal(mails.length, 2);
    assert.equal(mails[1]!.parsed.subject, 'Bo replied to your comment');
    const approved = (await receiver.waitFor(4))
      .map((delivery) => JSON.parse(delivery.body))
      .filter((event) => event.type === 'comment.approved');
    assert.deepEqual(
      approved.map((event) => event.comment.id),
      [parentId, reply.json.comment.id],
    );
  });
});
