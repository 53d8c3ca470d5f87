/**
 * The moderation API over HTTP (docs/protocol.md, "Moderation API"): moderators from the command
 * line, logins and their limits, tokens that expire and are revoked, the queues and their
 * filters, approve/delete/reject-edit/pin/bulk, locks, the audit log, and every change reaching
 * readers' event streams.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAdmin } from '../src/admin.js';
import { consoleLink } from '../src/admin-links.js';
import { DEFAULT_RATE_LIMITS } from '../src/config.js';
import { capture, pageQuery, TestServer, type Answer } from './support.js';
import { addModerator, login } from './support/moderators.js';
import { Stream } from './support/sse.js';

function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
  assert.equal(typeof answer.json.error.message, 'string');
}

describe('moderators, logins and tokens', () => {
  let server: TestServer;
  let clock = Date.now();
  let password = '';
  before(async () => {
    server = await TestServer.start({}, { now: () => clock });
    password = await addModerator(server, 'Grace');
  });
  after(() => server.stop());

  test('add-moderator prints a generated password of at least 20 characters as its last line, and stores only a scrypt hash', async () => {
    assert.ok(password.length >= 20);
    const [row] = server.query<{ password_hash: string }>('SELECT password_hash FROM moderators');
    assert.match(row!.password_hash, /^scrypt\$\d+\$\d+\$\d+\$/);
    assert.ok(!row!.password_hash.includes(password));
    const again = capture();
    assert.equal(await runAdmin(['add-moderator', 'grace', '--db', server.db], again.out), 2);
    assert.match(again.stderr(), /exists/);
  });

  test('a login answers 201 with a token, its expiry and the moderator; the token says who it is', async () => {
    const answer = await server.call('POST', '/admin/session', {
      body: { name: 'Grace', password },
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.json.moderator.name, 'Grace');
    assert.equal(typeof answer.json.token, 'string');
    assert.equal(Date.parse(answer.json.expiresAt) - clock, 12 * 60 * 60_000);
    const me = await server.call('GET', '/admin/session', { token: answer.json.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { moderator: { name: 'Grace' }, expiresAt: answer.json.expiresAt });
  });

  test('a wrong password and an unknown name are the same 401; missing fields are 400 naming them', async () => {
    const wrong = await server.call('POST', '/admin/session', {
      body: { name: 'Grace', password: 'not-it' },
    });
    const unknown = await server.call('POST', '/admin/session', {
      body: { name: 'Nobody', password },
    });
    assertError(wrong, 401, 'unauthorized');
    assertError(unknown, 401, 'unauthorized');
    assert.equal(wrong.json.error.message, unknown.json.error.message);
    const missing = await server.call('POST', '/admin/session', { body: { name: 'Grace' } });
    assertError(missing, 400, 'invalid_request');
    assert.ok(missing.json.error.fields.password);
    const wrongType = await server.call('POST', '/admin/session', {
      body: { name: 7, password },
    });
    assertError(wrongType, 400, 'invalid_request');
    assert.ok(wrongType.json.error.fields.name);
  });

  test('reader tokens get 401 here, moderator tokens 401 on reader writes', async () => {
    const reader = await server.session();
    assertError(
      await server.call('GET', '/admin/comments', { token: reader }),
      401,
      'unauthorized',
    );
    assertError(await server.call('GET', '/admin/comments'), 401, 'unauthorized');
    const moderator = await login(server, 'Grace', password);
    assertError(await server.post(moderator), 401, 'unauthorized');
    const read = await server.thread(pageQuery(), moderator);
    assertError(read, 401, 'unauthorized');
    assert.match(read.json.error.message, /moderator token/);
  });

  test('tokens expire, and logout revokes one at once; the message says which', async () => {
    const token = await login(server, 'Grace', password);
    const other = await login(server, 'Grace', password);
    const out = await server.call('DELETE', '/admin/session', { token });
    assert.deepEqual(out.json, { revoked: true });
    const revoked = await server.call('GET', '/admin/session', { token });
    assertError(revoked, 401, 'unauthorized');
    assert.match(revoked.json.error.message, /unknown or was revoked/);
    assert.equal((await server.call('GET', '/admin/session', { token: other })).status, 200);
    clock += 12 * 60 * 60_000;
    const expired = await server.call('GET', '/admin/session', { token: other });
    assertError(expired, 401, 'unauthorized');
    assert.match(expired.json.error.message, /expired/);
    clock = Date.now();
    const missing = await server.call('GET', '/admin/session');
    assert.match(missing.json.error.message, /needs a moderator token/);
  });

  test('removing a moderator or resetting their password revokes their tokens', async () => {
    const ada = await addModerator(server, 'Ada');
    const token = await login(server, 'Ada', ada);
    const reset = capture();
    assert.equal(await runAdmin(['reset-password', 'Ada', '--db', server.db], reset.out), 0);
    const fresh = /password: (\S+)$/.exec(reset.stdout().trim())![1]!;
    assertError(await server.call('GET', '/admin/session', { token }), 401, 'unauthorized');
    assertError(
      await server.call('POST', '/admin/session', { body: { name: 'Ada', password: ada } }),
      401,
      'unauthorized',
    );
    const second = await login(server, 'Ada', fresh);
    const removed = capture();
    assert.equal(await runAdmin(['remove-moderator', 'Ada', '--db', server.db], removed.out), 0);
    assertError(await server.call('GET', '/admin/session', { token: second }), 401, 'unauthorized');
    const list = capture();
    await runAdmin(['moderators', '--db', server.db], list.out);
    assert.match(list.stdout(), /^Grace\t/m);
    assert.doesNotMatch(list.stdout(), /Ada/);
  });
});

describe('login rate limit', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        loginsPerIp: { max: 5, windowMs: 60_000 },
        loginsPerName: { max: 3, windowMs: 60_000 },
      },
    });
  });
  after(() => server.stop());

  test('failed logins count per name and per address; over the limit 429 with Retry-After and a clear message, the password unchecked', async () => {
    const password = await addModerator(server, 'Linus');
    for (let i = 0; i < 3; i++) {
      const wrong = await server.call('POST', '/admin/session', {
        body: { name: 'Linus', password: `wrong-${i}` },
      });
      assertError(wrong, 401, 'unauthorized');
    }
    const limited = await server.call('POST', '/admin/session', {
      body: { name: 'Linus', password },
    });
    assertError(limited, 429, 'rate_limited');
    assert.match(
      limited.json.error.message,
      /Too many failed logins for this name; try again in \d+ s/,
    );
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, String(retry));
    // Other names from the same address: the address has two attempts left (a refused
    // attempt is not counted).
    for (let i = 0; i < 2; i++) {
      const other = await server.call('POST', '/admin/session', {
        body: { name: 'Someone', password: 'x' },
      });
      assertError(other, 401, 'unauthorized');
    }
    const byAddress = await server.call('POST', '/admin/session', {
      body: { name: 'Else', password: 'x' },
    });
    assertError(byAddress, 429, 'rate_limited');
    assert.match(byAddress.json.error.message, /from this address/);
  });
});

describe('queues and actions', () => {
  let server: TestServer;
  let token = '';
  const page = 'https://blog.example/queues';
  const other = 'https://blog.example/elsewhere';
  const admin = (method: string, path: string, body?: unknown) =>
    server.call(method, path, { token, body });
  const post = async (reader: string, fields: Parameters<TestServer['post']>[1]) => {
    const answer = await server.post(reader, fields);
    assert.equal(answer.status, 201, answer.text);
    return answer.json.comment.id as string;
  };

  before(async () => {
    server = await TestServer.start({ moderation: 'hold' });
    token = await login(server, 'Grace', await addModerator(server, 'Grace'));
  });
  after(() => server.stop());

  test('the pending queue lists held comments oldest first, as ModComments, filtered by page, text and author, paged by cursor', async () => {
    const reader = await server.session();
    const ids = [
      await post(reader, { page, body: 'First about cats', name: 'Ada' }),
      await post(reader, { page, body: 'Second about dogs', name: 'Bob' }),
      await post(reader, { page: other, body: 'Third about CATS', name: 'Ada Byron' }),
    ];
    const all = await admin('GET', '/admin/comments?status=pending');
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.json.comments.map((c: { id: string }) => c.id),
      ids,
    );
    const first = all.json.comments[0];
    assert.equal(first.page, page);
    assert.equal(first.status, 'pending');
    assert.deepEqual(first.reports, { count: 0, reasons: {} });
    assert.deepEqual(first.heldFor, ['moderation']);
    assert.equal(first.mine, false);
    assert.equal(first.myVote, 0);
    assert.equal(all.json.nextCursor, null);
    // The default queue is pending.
    assert.deepEqual((await admin('GET', '/admin/comments')).json, all.json);

    const byPage = await admin('GET', `/admin/comments?${pageQuery(other)}`);
    assert.deepEqual(
      byPage.json.comments.map((c: { id: string }) => c.id),
      [ids[2]],
    );
    const byText = await admin('GET', '/admin/comments?q=cats');
    assert.deepEqual(
      byText.json.comments.map((c: { id: string }) => c.id),
      [ids[0], ids[2]],
    );
    const byAuthor = await admin('GET', '/admin/comments?author=byron');
    assert.deepEqual(
      byAuthor.json.comments.map((c: { id: string }) => c.id),
      [ids[2]],
    );
    const odd = await admin('GET', `/admin/comments?q=${encodeURIComponent('100%_')}`);
    assert.deepEqual(odd.json.comments, []);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const answer = await admin('GET', `/admin/comments?status=pending&limit=2${query}`);
      assert.ok(answer.json.comments.length <= 2);
      seen.push(...answer.json.comments.map((c: { id: string }) => c.id));
      cursor = answer.json.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ids);
  });

  test('bad queue parameters are 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=held', 'status'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['q=', 'q'],
      [`author=${'x'.repeat(201)}`, 'author'],
      ['cursor=nope', 'cursor'],
      [`page=${'x'.repeat(600)}`, 'page'],
    ] as const) {
      const answer = await admin('GET', `/admin/comments?${query}`);
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields[field], `${query}: ${answer.text}`);
    }
    const published = await admin('GET', '/admin/comments?status=published&limit=1');
    const reader = await server.session();
    await post(reader, { page: 'post-cursor', body: 'one' });
    const pending = await admin('GET', '/admin/comments?status=pending&limit=1');
    assert.ok(pending.json.nextCursor);
    const crossed = await admin(
      'GET',
      `/admin/comments?status=published&cursor=${pending.json.nextCursor}`,
    );
    assertError(crossed, 400, 'invalid_request');
    assert.ok(crossed.json.error.fields.cursor);
    assert.equal(published.status, 200);
  });

  test('approve publishes for readers and streams it; delete removes it and streams that; both are audited', async () => {
    const livePage = 'post-approve-live';
    const reader = await server.session();
    const id = await post(reader, { page: livePage, body: 'Held until approved' });
    const stream = await Stream.open(server.base, livePage);
    try {
      assert.equal((await server.thread(pageQuery(livePage))).json.total, 0);
      const approved = await admin('POST', `/admin/comments/${id}/approve`);
      assert.equal(approved.status, 200);
      assert.equal(approved.json.comment.status, 'published');
      assert.equal(approved.json.comment.page, livePage);
      assert.equal((await server.thread(pageQuery(livePage))).json.total, 1);
      const [appeared] = await stream.next(1);
      assert.equal(appeared!.event, 'comment');
      assert.equal(JSON.parse(appeared!.data).status, 'published');
      assert.equal(JSON.parse(appeared!.data).id, id);

      // Nothing left to approve: the same 200, nothing changes.
      const again = await admin('POST', `/admin/comments/${id}/approve`);
      assert.equal(again.status, 200);
      assert.equal(again.json.comment.status, 'published');

      const deleted = await admin('DELETE', `/admin/comments/${id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.json.comment.status, 'deleted');
      assert.equal(deleted.json.comment.body, '');
      assert.equal(deleted.json.comment.author.name, '');
      const events = await stream.next(2);
      assert.equal(JSON.parse(events[1]!.data).status, 'deleted');
      assert.equal((await server.thread(pageQuery(livePage))).json.total, 0);
      assert.equal((await admin('DELETE', `/admin/comments/${id}`)).status, 200);
      assertError(await admin('POST', `/admin/comments/${id}/approve`), 409, 'conflict');
    } finally {
      stream.close();
    }
    assertError(await admin('POST', '/admin/comments/999999/approve'), 404, 'not_found');
    assertError(await admin('DELETE', '/admin/comments/abc'), 404, 'not_found');

    const audit = await admin('GET', `/admin/audit?commentId=${id}`);
    assert.deepEqual(
      audit.json.entries.map((e: { action: string; moderator: string; page: string }) => [
        e.action,
        e.moderator,
        e.page,
      ]),
      [
        ['delete', 'Grace', livePage],
        ['approve', 'Grace', livePage],
      ],
    );
    assert.equal(audit.json.entries[1].commentId, id);
    assert.match(audit.json.entries[1].at, /^\d{4}-\d\d-\d\dT/);
  });

  test('pin puts a published top-level comment first in every sort and streams it; replies and pending comments are 409', async () => {
    const pinPage = 'post-pins';
    const reader = await server.session();
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      const id = await post(reader, { page: pinPage, body });
      await admin('POST', `/admin/comments/${id}/approve`);
      ids.push(id);
    }
    const reply = await post(reader, { page: pinPage, body: 'reply', parentId: ids[0]! });
    const stream = await Stream.open(server.base, pinPage);
    try {
      const pinned = await admin('PUT', `/admin/comments/${ids[1]}/pin`, { pinned: true });
      assert.equal(pinned.status, 200);
      assert.equal(pinned.json.comment.pinned, true);
      const [event] = await stream.next(1);
      assert.equal(JSON.parse(event!.data).pinned, true);
    } finally {
      stream.close();
    }
    for (const sort of ['oldest', 'newest', 'top']) {
      const thread = await server.thread(pageQuery(pinPage, `&sort=${sort}`));
      assert.equal(thread.json.comments[0].id, ids[1], sort);
      assert.equal(thread.json.comments[0].pinned, true);
    }
    assertError(
      await admin('PUT', `/admin/comments/${reply}/pin`, { pinned: true }),
      409,
      'conflict',
    );
    const held = await post(reader, { page: pinPage, body: 'held' });
    assertError(
      await admin('PUT', `/admin/comments/${held}/pin`, { pinned: true }),
      409,
      'conflict',
    );
    assertError(
      await admin('PUT', `/admin/comments/${ids[0]}/pin`, { pinned: 'yes' }),
      400,
      'invalid_request',
    );
    const unpinned = await admin('PUT', `/admin/comments/${ids[1]}/pin`, { pinned: false });
    assert.equal(unpinned.json.comment.pinned, undefined);
    const oldest = await server.thread(pageQuery(pinPage));
    assert.equal(oldest.json.comments[0].id, ids[0]);
  });

  test('lock and unlock a thread: 423 for new comments while locked, a page event on its streams, audited', async () => {
    const lockPage = 'post-lock';
    const reader = await server.session();
    const stream = await Stream.open(server.base, lockPage);
    try {
      const locked = await admin('PUT', '/admin/pages/lock', { page: lockPage, locked: true });
      assert.deepEqual(locked.json, { page: lockPage, locked: true });
      assertError(await server.post(reader, { page: lockPage }), 423, 'locked');
      assert.equal((await server.thread(pageQuery(lockPage))).json.locked, true);
      const [event] = await stream.next(1);
      assert.deepEqual(
        [event!.event, JSON.parse(event!.data)],
        ['page', { page: lockPage, locked: true }],
      );
    } finally {
      stream.close();
    }
    await admin('PUT', '/admin/pages/lock', { page: lockPage, locked: false });
    // Unlocking an open thread changes nothing and is not logged again.
    const again = await admin('PUT', '/admin/pages/lock', { page: lockPage, locked: false });
    assert.deepEqual(again.json, { page: lockPage, locked: false });
    assert.equal((await server.post(reader, { page: lockPage })).status, 201);
    assertError(
      await admin('PUT', '/admin/pages/lock', { page: lockPage }),
      400,
      'invalid_request',
    );
    const audit = await admin('GET', `/admin/audit?${pageQuery(lockPage)}`);
    assert.deepEqual(
      audit.json.entries.map((e: { action: string }) => e.action),
      ['unlock', 'lock'],
    );
    const pages = await admin('GET', `/admin/pages?${pageQuery(lockPage)}`);
    assert.deepEqual(pages.json.pages[0].page, lockPage);
    assert.equal(pages.json.pages[0].locked, false);
    assert.equal(pages.json.pages[0].pending, 1);
  });

  test('bulk approve and delete act on each id on its own, in order, and report each result', async () => {
    const reader = await server.session();
    const a = await post(reader, { page: 'post-bulk', body: 'a' });
    const b = await post(reader, { page: 'post-bulk', body: 'b' });
    const answer = await admin('POST', '/admin/comments/bulk', {
      action: 'approve',
      ids: [a, '999999', b, 'x'],
    });
    assert.equal(answer.status, 200);
    const results = answer.json.results;
    assert.deepEqual(
      results.map((r: { id: string }) => r.id),
      [a, '999999', b, 'x'],
    );
    assert.equal(results[0].comment.status, 'published');
    assert.equal(results[1].error.code, 'not_found');
    assert.equal(results[2].comment.status, 'published');
    assert.equal(results[3].error.code, 'not_found');
    assert.equal((await server.thread(pageQuery('post-bulk'))).json.total, 2);
    const deleted = await admin('POST', '/admin/comments/bulk', { action: 'delete', ids: [a] });
    assert.equal(deleted.json.results[0].comment.status, 'deleted');
    const conflict = await admin('POST', '/admin/comments/bulk', { action: 'approve', ids: [a] });
    assert.equal(conflict.json.results[0].error.code, 'conflict');
    for (const body of [
      { action: 'approve', ids: [] },
      { action: 'pin', ids: [a] },
      { action: 'delete', ids: Array.from({ length: 101 }, () => a) },
    ]) {
      assertError(await admin('POST', '/admin/comments/bulk', body), 400, 'invalid_request');
    }
  });

  test('reports: the reported queue, most reported first; the reports of a comment; approval dismisses them', async () => {
    const reader = await server.session();
    const one = await post(reader, { page: 'post-reported', body: 'reported once' });
    const two = await post(reader, { page: 'post-reported', body: 'reported twice' });
    await admin('POST', '/admin/comments/bulk', { action: 'approve', ids: [one, two] });
    const report = async (id: string, reason: string, note?: string) => {
      const by = await server.session();
      const answer = await server.call('POST', `/comments/${id}/reports`, {
        token: by,
        body: { reason, note },
      });
      assert.equal(answer.status, 201, answer.text);
    };
    await report(one, 'spam');
    await report(two, 'spam', 'buy now links');
    await report(two, 'abuse');
    const queue = await admin('GET', '/admin/comments?status=reported');
    assert.deepEqual(
      queue.json.comments.map((c: { id: string }) => c.id),
      [two, one],
    );
    assert.deepEqual(queue.json.comments[0].reports, {
      count: 2,
      reasons: { spam: 1, abuse: 1 },
    });
    const reports = await admin('GET', `/admin/comments/${two}/reports`);
    assert.equal(reports.json.reports.length, 2);
    assert.deepEqual(
      reports.json.reports.map((r: { reason: string; note: string | null; state: string }) => [
        r.reason,
        r.note,
        r.state,
      ]),
      [
        ['abuse', null, 'open'],
        ['spam', 'buy now links', 'open'],
      ],
    );
    const approved = await admin('POST', `/admin/comments/${two}/approve`);
    assert.deepEqual(approved.json.comment.reports, { count: 0, reasons: {} });
    const after = await admin('GET', '/admin/comments?status=reported');
    assert.deepEqual(
      after.json.comments.map((c: { id: string }) => c.id),
      [one],
    );
    const dismissed = await admin('GET', `/admin/comments/${two}/reports`);
    assert.ok(dismissed.json.reports.every((r: { state: string }) => r.state === 'dismissed'));
    const single = await admin('GET', `/admin/comments/${one}`);
    assert.equal(single.json.comment.reports.count, 1);
    assertError(await admin('GET', '/admin/comments/999999'), 404, 'not_found');
    assertError(await admin('GET', '/admin/comments/999999/reports'), 404, 'not_found');
  });

  test('the published and deleted queues are newest first; settings describe the rules', async () => {
    const published = await admin('GET', '/admin/comments?status=published');
    const times = published.json.comments.map((c: { createdAt: string }) => c.createdAt);
    assert.deepEqual(times, [...times].sort().reverse());
    const deleted = await admin('GET', '/admin/comments?status=deleted');
    assert.ok(deleted.json.comments.every((c: { status: string }) => c.status === 'deleted'));
    const settings = await admin('GET', '/admin/settings');
    assert.deepEqual(settings.json, {
      moderation: 'hold',
      editWindowSeconds: 900,
      sessionSeconds: 43200,
      rules: {
        firstComment: false,
        maxLinks: null,
        words: [],
        hideAfterReports: null,
        honeypotField: 'hp',
      },
    });
  });
});

describe('the console live feed (GET /admin/events with a ticket)', () => {
  let server: TestServer;
  let token = '';
  before(async () => {
    server = await TestServer.start({ moderation: 'hold' });
    token = await login(server, 'Grace', await addModerator(server, 'Grace'));
  });
  after(() => server.stop());

  const ticket = async (bearer = token) => {
    const answer = await server.call('POST', '/admin/events/ticket', { token: bearer });
    assert.equal(answer.status, 201, answer.text);
    assert.ok(Date.parse(answer.json.expiresAt) - Date.now() <= 60_000);
    return answer.json.ticket as string;
  };
  const open = async (query: string) => {
    const stream = await Stream.openUrl(`${server.base}/admin/events?${query}`);
    assert.equal(stream.response.statusCode, 200);
    return stream;
  };

  test('new, reported, approved and deleted comments of every page and locks arrive as they happen, as ModComments with what happened', async () => {
    const stream = await open(`ticket=${await ticket()}`);
    try {
      const reader = await server.session();
      const id = (await server.post(reader, { page: 'post-console-a', body: 'New one' })).json
        .comment.id;
      const [created] = await stream.next(1);
      const data = JSON.parse(created!.data);
      assert.equal(created!.event, 'comment');
      assert.equal(data.kind, 'comment.created');
      assert.deepEqual(
        [data.comment.id, data.comment.status, data.comment.page, data.comment.heldFor],
        [id, 'pending', 'post-console-a', ['moderation']],
      );
      await server.call('POST', `/admin/comments/${id}/approve`, { token });
      const reporter = await server.session();
      await server.call('POST', `/comments/${id}/reports`, {
        token: reporter,
        body: { reason: 'spam' },
      });
      await server.call('PUT', '/admin/pages/lock', {
        token,
        body: { page: 'post-console-b', locked: true },
      });
      await server.call('DELETE', `/admin/comments/${id}`, { token });
      const events = await stream.next(5);
      assert.deepEqual(
        events.map((e) => (e.event === 'page' ? JSON.parse(e.data) : JSON.parse(e.data).kind)),
        [
          'comment.created',
          'comment.approved',
          'comment.reported',
          { page: 'post-console-b', locked: true },
          'comment.deleted',
        ],
      );
      assert.deepEqual(JSON.parse(events[2]!.data).comment.reports, {
        count: 1,
        reasons: { spam: 1 },
      });
      const ids = events.map((e) => e.id!);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );

      // Reconnecting with the last id seen replays what came after it: each comment once, as
      // it now stands.
      const resumed = await open(`ticket=${await ticket()}&lastEventId=${ids[1]}`);
      try {
        const replayed = await resumed.next(2);
        assert.deepEqual(
          replayed.map((e) => e.id),
          ids.slice(3),
        );
        assert.equal(JSON.parse(replayed[1]!.data).comment.status, 'deleted');
      } finally {
        resumed.close();
      }
    } finally {
      stream.close();
    }
  });

  test('no ticket, a forged, malformed or expired one, a bearer token instead, or one of a revoked session: 401; logout ends open streams', async () => {
    const good = await ticket();
    const [session, expiry] = good.split('.');
    for (const bad of [
      '',
      'ticket=nope',
      `ticket=${session}.${expiry}.${'A'.repeat(43)}`,
      `ticket=${session}.${Date.now() - 1000}.${good.split('.')[2]}`,
      `ticket=${token}`,
    ]) {
      const answer = await server.call('GET', `/admin/events?${bad}`);
      assert.equal(answer.status, 401, bad);
      assert.equal(answer.json.error.code, 'unauthorized');
    }
    // A ticket is no bearer token.
    assert.equal((await server.call('GET', '/admin/session', { token: good })).status, 401);

    const other = await login(server, 'Lin', await addModerator(server, 'Lin'));
    const otherTicket = await ticket(other);
    const stream = await open(`ticket=${otherTicket}`);
    await server.call('DELETE', '/admin/session', { token: other });
    await new Promise<void>((resolve) => {
      if (stream.response.complete) resolve();
      else stream.response.on('end', () => resolve());
    });
    assert.equal((await server.call('GET', `/admin/events?ticket=${otherTicket}`)).status, 401);
  });

  test('GET /admin/pages lists threads with the newest comment first, with counts, paged', async () => {
    const reader = await server.session();
    for (const page of ['post-pages-1', 'post-pages-2', 'post-pages-3']) {
      await server.post(reader, { page });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const answer = await server.call('GET', `/admin/pages?limit=2${query}`, { token });
      assert.equal(answer.status, 200, answer.text);
      seen.push(...answer.json.pages.map((p: { page: string }) => p.page));
      cursor = answer.json.nextCursor;
    } while (cursor);
    assert.deepEqual(seen.slice(0, 3), ['post-pages-3', 'post-pages-2', 'post-pages-1']);
    assert.equal(new Set(seen).size, seen.length);
    // A thread locked before any comment has none: it comes last.
    assert.equal(seen.at(-1), 'post-console-b');
    const one = await server.call('GET', `/admin/pages?page=post-pages-1`, { token });
    assert.deepEqual(
      { ...one.json.pages[0], lastCommentAt: typeof one.json.pages[0].lastCommentAt },
      { page: 'post-pages-1', locked: false, published: 0, pending: 1, lastCommentAt: 'string' },
    );
  });
});

test('consoleLink points the console at a comment under the public URL', () => {
  assert.equal(
    consoleLink('https://c.example/api/', 42),
    'https://c.example/api/admin/#comment=42',
  );
  assert.equal(consoleLink('https://c.example', '7'), 'https://c.example/admin/#comment=7');
});
