/**
 * What holds comments for review and what keeps readers out, over HTTP: the hold rules (first
 * comment, links, word list, hidden after reports), the honeypot, edits held for review under
 * --moderation hold (issue 15 item 3), and bans of readers and address ranges.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseCidr } from '../src/cidr.js';
import { BANS_TTL_MS } from '../src/services/moderation-bans.js';
import { createServices } from '../src/services/index.js';
import { openStorage } from '../src/storage/open.js';
import { pageQuery, TestServer, type Answer } from './support.js';
import { Stream } from './support/sse.js';
import { addModerator, login } from './support/moderators.js';
import { freshDatabase } from './support/store.js';

function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
}

async function moderatorOf(server: TestServer) {
  const token = await login(server, 'Grace', await addModerator(server, 'Grace'));
  return (method: string, path: string, body?: unknown) =>
    server.call(method, path, { token, body });
}

describe('hold rules', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof moderatorOf>>;
  /** A reader whose first comment was approved: only the other rules apply to them. */
  let trusted = '';

  before(async () => {
    server = await TestServer.start({
      holdRules: {
        firstComment: true,
        maxLinks: 2,
        words: ['casino', 'cheap pills'],
        hideAfterReports: 2,
      },
    });
    admin = await moderatorOf(server);
    trusted = await server.session();
    const first = await server.post(trusted, { page: 'post-rules', body: 'Hello' });
    await admin('POST', `/admin/comments/${first.json.comment.id}/approve`);
  });
  after(() => server.stop());

  const heldFor = async (id: string) =>
    (await admin('GET', `/admin/comments/${id}`)).json.comment.heldFor as string[];

  test('the first comment of a new reader is held, with the reason; once one is approved the next is published', async () => {
    const reader = await server.session();
    const first = await server.post(reader, { page: 'post-first', body: 'My first' });
    assert.equal(first.status, 201);
    assert.equal(first.json.comment.status, 'pending');
    assert.deepEqual(await heldFor(first.json.comment.id), ['first_comment']);
    assert.equal((await server.thread(pageQuery('post-first'))).json.total, 0);
    // Still new: the second is held too.
    const second = await server.post(reader, { page: 'post-first', body: 'Again' });
    assert.equal(second.json.comment.status, 'pending');
    await admin('POST', `/admin/comments/${first.json.comment.id}/approve`);
    const third = await server.post(reader, { page: 'post-first', body: 'Now trusted' });
    assert.equal(third.json.comment.status, 'published');
    // The reason stays after the review.
    assert.deepEqual(await heldFor(first.json.comment.id), ['first_comment']);
  });

  test('more links than allowed are held; as many as allowed are not', async () => {
    const two = await server.post(trusted, {
      page: 'post-links',
      body: 'See https://a.example and www.b.example',
    });
    assert.equal(two.json.comment.status, 'published');
    const three = await server.post(trusted, {
      page: 'post-links',
      body: 'https://a.example [x](http://b.example) mailto:c@example.com',
    });
    assert.equal(three.json.comment.status, 'pending');
    assert.deepEqual(await heldFor(three.json.comment.id), ['links']);
  });

  test('a word of the list holds a comment, whatever its case, width or look-alike letters; a longer word does not', async () => {
    for (const body of [
      'Best CASINO here',
      'ｃａｓｉｎｏ night',
      'cаsino (Cyrillic a)',
      'Buy cheap  pills',
    ]) {
      const answer = await server.post(trusted, { page: 'post-words', body });
      assert.equal(answer.json.comment.status, 'pending', body);
      assert.deepEqual(await heldFor(answer.json.comment.id), ['words'], body);
    }
    const fine = await server.post(trusted, { page: 'post-words', body: 'Casinos and pills' });
    assert.equal(fine.json.comment.status, 'published');
  });

  test('a comment reported by enough different readers is hidden until reviewed: gone from streams, a tombstone over its replies, back on approval', async () => {
    const page = 'post-hidden';
    const author = trusted;
    const root = (await server.post(author, { page, body: 'Controversial' })).json.comment.id;
    await server.post(author, { page, body: 'A reply', parentId: root });
    const stream = await Stream.open(server.base, page);
    try {
      for (let i = 0; i < 2; i++) {
        const reporter = await server.session();
        const reported = await server.call('POST', `/comments/${root}/reports`, {
          token: reporter,
          body: { reason: 'abuse' },
        });
        assert.equal(reported.status, 201);
      }
      const [hidden] = await stream.next(1);
      const data = JSON.parse(hidden!.data);
      assert.deepEqual(
        [data.id, data.status, data.body, data.author.name],
        [root, 'deleted', '', ''],
      );
      const thread = await server.thread(pageQuery(page));
      const shown = thread.json.comments.find((c: { id: string }) => c.id === root);
      assert.deepEqual([shown.status, shown.body], ['deleted', '']);
      const own = await server.thread(pageQuery(page), author);
      const mine = own.json.comments.find((c: { id: string }) => c.id === root);
      assert.deepEqual([mine.status, mine.body], ['pending', 'Controversial']);
      assert.deepEqual(await heldFor(root), ['reports']);
      const queue = await admin('GET', `/admin/comments?status=pending&${pageQuery(page)}`);
      assert.deepEqual(
        queue.json.comments.map((c: { id: string }) => c.id),
        [root],
      );

      await admin('POST', `/admin/comments/${root}/approve`);
      const [, back] = await stream.next(2);
      assert.deepEqual(
        [JSON.parse(back!.data).status, JSON.parse(back!.data).body],
        ['published', 'Controversial'],
      );
    } finally {
      stream.close();
    }
    const after = await server.thread(pageQuery(page));
    assert.equal(after.json.comments[0].body, 'Controversial');
  });

  test('the settings show the configured rules', async () => {
    const settings = await admin('GET', '/admin/settings');
    assert.deepEqual(settings.json.rules, {
      firstComment: true,
      maxLinks: 2,
      words: ['casino', 'cheap pills'],
      hideAfterReports: 2,
      honeypotField: 'hp',
    });
  });

  test('a filled honeypot is answered 201 like any held comment and held with the reason; an empty one changes nothing', async () => {
    const bot = await server.call('POST', '/comments', {
      token: trusted,
      body: { page: 'post-honeypot', parentId: null, body: 'Hi', author: { name: 'Bot' }, hp: 'x' },
    });
    assert.equal(bot.status, 201);
    assert.equal(bot.json.comment.status, 'pending');
    assert.deepEqual(await heldFor(bot.json.comment.id), ['honeypot']);
    const person = await server.call('POST', '/comments', {
      token: trusted,
      body: { page: 'post-honeypot', parentId: null, body: 'Hi', author: { name: 'Ada' }, hp: '' },
    });
    assert.equal(person.json.comment.status, 'published');
    assert.equal((await server.thread(pageQuery('post-honeypot'))).json.total, 1);
  });
});

describe('edits held for review (--moderation hold; issue 15 item 3)', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof moderatorOf>>;
  before(async () => {
    server = await TestServer.start({ moderation: 'hold' });
    admin = await moderatorOf(server);
  });
  after(() => server.stop());

  test('an approved comment edited into spam keeps its approved text for everyone else until the edit is approved', async () => {
    const page = 'post-edit-held';
    const author = await server.session();
    const id = (await server.post(author, { page, body: 'Nice article' })).json.comment.id;
    await admin('POST', `/admin/comments/${id}/approve`);
    const stream = await Stream.open(server.base, page);
    try {
      const edit = await server.call('PATCH', `/comments/${id}`, {
        token: author,
        body: { body: 'BUY PILLS https://spam.example' },
      });
      assert.equal(edit.status, 200);
      assert.deepEqual(
        [edit.json.comment.status, edit.json.comment.body],
        ['pending', 'BUY PILLS https://spam.example'],
      );
      const others = await server.thread(pageQuery(page));
      assert.deepEqual(
        [others.json.comments[0].status, others.json.comments[0].body],
        ['published', 'Nice article'],
      );
      const own = await server.thread(pageQuery(page), author);
      assert.equal(own.json.comments[0].body, 'BUY PILLS https://spam.example');

      const queued = await admin('GET', `/admin/comments?${pageQuery(page)}`);
      const held = queued.json.comments[0];
      assert.equal(held.body, 'Nice article');
      assert.equal(held.pendingEdit.body, 'BUY PILLS https://spam.example');
      assert.deepEqual(held.pendingEdit.heldFor, ['moderation', 'held_before']);

      const rejected = await admin('POST', `/admin/comments/${id}/reject-edit`);
      assert.equal(rejected.json.comment.pendingEdit, undefined);
      assertError(await admin('POST', `/admin/comments/${id}/reject-edit`), 409, 'conflict');
      const back = await server.thread(pageQuery(page), author);
      assert.deepEqual(
        [back.json.comments[0].status, back.json.comments[0].body],
        ['published', 'Nice article'],
      );

      await server.call('PATCH', `/comments/${id}`, {
        token: author,
        body: { body: 'Nice article, edited' },
      });
      const approved = await admin('POST', `/admin/comments/${id}/approve`);
      assert.equal(approved.json.comment.body, 'Nice article, edited');
      // Nothing was streamed while the edits waited; the approval streams the new text.
      const [event] = await stream.next(1);
      assert.equal(JSON.parse(event!.data).body, 'Nice article, edited');
      assert.equal(stream.events.length, 1);
    } finally {
      stream.close();
    }
    const audit = await admin('GET', `/admin/audit?commentId=${id}`);
    assert.deepEqual(
      audit.json.entries.map((e: { action: string }) => e.action),
      ['approve_edit', 'reject_edit', 'approve'],
    );
  });
});

describe('bans', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof moderatorOf>>;
  before(async () => {
    server = await TestServer.start({});
    admin = await moderatorOf(server);
  });
  after(() => server.stop());

  test('a reader banned for a time gets 403 saying until when on posts, edits, votes and reports; reading and deleting still work; lifting ends it', async () => {
    const troll = await server.session();
    const bystander = await server.session();
    const id = (await server.post(troll, { page: 'post-ban', body: 'Trolling' })).json.comment.id;
    const other = (await server.post(bystander, { page: 'post-ban' })).json.comment.id;
    const banned = await admin('POST', '/admin/bans', {
      commentId: id,
      duration: 3600,
      reason: 'trolling',
    });
    assert.equal(banned.status, 201);
    const ban = banned.json.ban;
    assert.deepEqual(
      [ban.kind, ban.commentId, ban.author, ban.cidr, ban.reason, ban.createdBy, ban.active],
      ['reader', id, 'Ada', null, 'trolling', 'Grace', true],
    );
    assert.equal(Date.parse(ban.expiresAt) - Date.parse(ban.createdAt), 3_600_000);

    const refusals = [
      await server.post(troll, { page: 'post-ban' }),
      await server.call('PATCH', `/comments/${id}`, { token: troll, body: { body: 'x' } }),
      await server.call('PUT', `/comments/${other}/vote`, { token: troll, body: { value: 1 } }),
      await server.call('POST', `/comments/${other}/reports`, {
        token: troll,
        body: { reason: 'spam' },
      }),
    ];
    for (const answer of refusals) {
      assertError(answer, 403, 'forbidden');
      assert.match(answer.json.error.message, new RegExp(`banned.*until ${ban.expiresAt}`));
    }
    assert.equal((await server.thread(pageQuery('post-ban'), troll)).status, 200);
    assert.equal((await server.post(bystander, { page: 'post-ban' })).status, 201);

    const list = await admin('GET', '/admin/bans');
    assert.deepEqual(
      list.json.bans.map((b: { id: string }) => b.id),
      [ban.id],
    );
    const lifted = await admin('DELETE', `/admin/bans/${ban.id}`);
    assert.equal(lifted.json.ban.active, false);
    assert.ok(lifted.json.ban.liftedAt);
    assert.equal((await admin('DELETE', `/admin/bans/${ban.id}`)).status, 200);
    assert.deepEqual((await admin('GET', '/admin/bans')).json.bans, []);
    assert.equal((await admin('GET', '/admin/bans?state=all')).json.bans.length, 1);
    assert.equal((await server.post(troll, { page: 'post-ban' })).status, 201);
    assert.equal((await server.call('DELETE', `/comments/${id}`, { token: troll })).status, 200);
    const audit = await admin('GET', '/admin/audit');
    assert.deepEqual(
      audit.json.entries.slice(0, 2).map((e: { action: string }) => e.action),
      ['unban', 'ban'],
    );
    assert.equal(audit.json.entries[1].detail.reason, 'trolling');
    assertError(await admin('DELETE', '/admin/bans/999999'), 404, 'not_found');
  });

  test('bad bans are 400 naming the field', async () => {
    const reader = await server.session();
    const id = (await server.post(reader, { page: 'post-ban-bad' })).json.comment.id;
    for (const [body, field] of [
      [{}, 'commentId'],
      [{ commentId: id, cidr: '10.0.0.0/8' }, 'cidr'],
      [{ cidr: 'not an address' }, 'cidr'],
      [{ cidr: '10.0.0.0/7' }, 'cidr'],
      [{ cidr: '2001:db8::/31' }, 'cidr'],
      [{ commentId: id, duration: 59 }, 'duration'],
      [{ commentId: id, duration: 315_360_001 }, 'duration'],
      [{ commentId: id, reason: 'x'.repeat(501) }, 'reason'],
      [{ commentId: 'abc' }, 'commentId'],
    ] as const) {
      const answer = await admin('POST', '/admin/bans', body);
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields[field], JSON.stringify(body) + answer.text);
    }
    assertError(await admin('POST', '/admin/bans', { commentId: '999999' }), 404, 'not_found');
  });

  test('an address range banned until lifted refuses every reader from it, with a message saying so', async () => {
    const reader = await server.session();
    const banned = await admin('POST', '/admin/bans', { cidr: '127.0.0.99/8' });
    assert.equal(banned.status, 201);
    assert.deepEqual(
      [banned.json.ban.kind, banned.json.ban.cidr, banned.json.ban.expiresAt],
      ['address', '127.0.0.0/8', null],
    );
    const refused = await server.post(reader, { page: 'post-range' });
    assertError(refused, 403, 'forbidden');
    assert.match(refused.json.error.message, /until a moderator lifts/);
    await admin('DELETE', `/admin/bans/${banned.json.ban.id}`);
    assert.equal((await server.post(reader, { page: 'post-range' })).status, 201);
    const v6 = await admin('POST', '/admin/bans', { cidr: '2001:db8::1', duration: 60 });
    assert.equal(v6.json.ban.cidr, '2001:db8::1/128');
    assert.equal((await server.post(reader, { page: 'post-range' })).status, 201);
  });
});

test('bans in force are read at most every BANS_TTL_MS: this process’s bans apply at once, another’s within that time', async () => {
  const database = await freshDatabase();
  const storage = await openStorage(database.location);
  try {
    let clock = 1_000_000;
    const here = createServices(storage, { now: () => clock });
    const elsewhere = createServices(storage, { now: () => clock });
    const reader = { tokenId: 1, ssoSubject: null };
    const actor = { id: null, name: 'test' };
    assert.equal(await here.bans.check(reader, '198.51.100.7'), null);
    const range = parseCidr('198.51.100.0/24')!;
    await here.bans.ban({ cidr: range }, { durationMs: 60_000, reason: null }, actor);
    assert.deepEqual(await here.bans.check(reader, '198.51.100.7'), { until: clock + 60_000 });
    assert.equal(await here.bans.check(reader, '198.51.101.7'), null);
    // The other process read before the ban, and keeps what it read for a while.
    await elsewhere.bans.ban(
      { cidr: parseCidr('192.0.2.0/24')! },
      { durationMs: null, reason: null },
      actor,
    );
    clock += BANS_TTL_MS - 1;
    assert.equal(await here.bans.check(reader, '192.0.2.1'), null);
    clock += 1;
    assert.deepEqual(await here.bans.check(reader, '192.0.2.1'), { until: null });
    // An expired ban stops applying by itself, cached or not.
    clock += 60_000;
    assert.equal(await here.bans.check(reader, '198.51.100.7'), null);
  } finally {
    await storage.close();
    await database.remove();
  }
});
