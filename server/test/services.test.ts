/**
 * The services on a real database of the store under test (a SQLite file or a PostgreSQL
 * database), without HTTP: every rule and the reason code it answers
 * with, and the outbox row each change writes in its own transaction (and each refusal does not).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createServices, type Services } from '../src/services/index.js';
import type { NewComment } from '../src/services/comments.js';
import { openStorage } from '../src/storage/open.js';
import { insertToken } from '../src/storage/tokens.js';
import type { Storage } from '../src/storage/types.js';
import { freshDatabase, type TestDatabase } from './support/store.js';

let database: TestDatabase;
let storage: Storage;
let clock = Date.parse('2026-03-01T12:00:00Z');
let hold = false;
let services: Services;
let heldServices: Services;
let alice: number;
let bob: number;

before(async () => {
  database = await freshDatabase();
  storage = await openStorage(database.location);
  const options = { editWindowMs: 15 * 60_000, now: () => clock };
  services = createServices(storage, options);
  heldServices = createServices(storage, { ...options, moderation: 'hold' });
  [alice, bob] = await storage.transaction(async (tx) => [
    await insertToken(tx, Buffer.alloc(32, 1), null, clock),
    await insertToken(tx, Buffer.alloc(32, 2), null, clock),
  ]);
});

after(async () => {
  await storage.close();
  await database.remove();
});

beforeEach(() => {
  clock += 60 * 60_000;
  hold = false;
});

let pageCounter = 0;
const freshPage = () => `services-page-${++pageCounter}`;

function post(fields: Partial<NewComment> & { tokenId: number; pageKey: string }) {
  return (hold ? heldServices : services).comments.post({
    parentId: null,
    authorName: 'Ada',
    authorUrl: null,
    notify: null,
    body: 'A comment',
    idempotency: null,
    answer: (comment) => JSON.stringify({ id: comment.id, body: comment.body }),
    ...fields,
  });
}

async function posted(fields: Parameters<typeof post>[0]) {
  const result = await post(fields);
  assert.ok(result.ok && !result.replayed, JSON.stringify(result));
  return result.comment;
}

/** The outbox, newest last. */
function events(pageKey: string) {
  return storage.read((db) =>
    db
      .selectFrom('events')
      .select(['kind', 'comment_id', 'visible'])
      .where('page_key', '=', pageKey)
      .orderBy('id')
      .execute(),
  );
}

describe('comments', () => {
  test('a post is published, or pending under --moderation hold; each writes comment.created', async () => {
    const page = freshPage();
    const published = await posted({ pageKey: page, tokenId: alice });
    assert.equal(published.status, 'published');
    hold = true;
    const held = await posted({ pageKey: page, tokenId: alice });
    assert.equal(held.status, 'pending');
    assert.deepEqual(await events(page), [
      { kind: 'comment.created', comment_id: published.id, visible: 1 },
      { kind: 'comment.created', comment_id: held.id, visible: 0 },
    ]);
  });

  test('a reply needs a parent on the same page that is neither deleted nor someone else’s pending comment', async () => {
    const page = freshPage();
    const parent = await posted({ pageKey: page, tokenId: alice });
    const elsewhere = await posted({ pageKey: freshPage(), tokenId: alice });
    const gone = await posted({ pageKey: page, tokenId: alice });
    assert.ok((await services.comments.delete({ id: gone.id, tokenId: alice })).ok);
    hold = true;
    const pendingOfAlice = await posted({ pageKey: page, tokenId: alice });
    hold = false;
    const before = await events(page);

    const refusals: Array<[number, number, string]> = [
      [999_999, bob, 'parent_missing'],
      [elsewhere.id, bob, 'parent_on_other_page'],
      [gone.id, bob, 'parent_deleted'],
      [pendingOfAlice.id, bob, 'parent_missing'],
    ];
    for (const [parentId, tokenId, reason] of refusals) {
      assert.deepEqual(await post({ pageKey: page, tokenId, parentId }), { ok: false, reason });
    }
    assert.deepEqual(await events(page), before, 'a refusal writes no event');

    // Its author may answer their own pending comment, and anyone the published one.
    assert.ok((await post({ pageKey: page, tokenId: alice, parentId: pendingOfAlice.id })).ok);
    assert.ok((await post({ pageKey: page, tokenId: bob, parentId: parent.id })).ok);
  });

  test('a locked thread takes no new comment', async () => {
    const page = freshPage();
    await services.moderation.lock(page, true);
    assert.deepEqual(await post({ pageKey: page, tokenId: alice }), {
      ok: false,
      reason: 'thread_locked',
    });
    await services.moderation.lock(page, false);
    assert.ok((await post({ pageKey: page, tokenId: alice })).ok);
    assert.deepEqual(
      (await events(page)).map((event) => event.kind),
      ['page.locked', 'page.unlocked', 'comment.created'],
    );
  });

  test('an idempotency key replays the first answer; reused for another comment it is refused', async () => {
    const page = freshPage();
    const idempotency = { key: 'k-1', fingerprint: Buffer.from('first draft') };
    const first = await post({ pageKey: page, tokenId: alice, idempotency });
    assert.ok(first.ok && !first.replayed);
    const again = await post({ pageKey: page, tokenId: alice, idempotency, body: 'changed' });
    assert.deepEqual(again, { ok: true, replayed: true, answer: first.answer });
    const reused = await post({
      pageKey: page,
      tokenId: alice,
      idempotency: { key: 'k-1', fingerprint: Buffer.from('another draft') },
    });
    assert.deepEqual(reused, { ok: false, reason: 'idempotency_key_reused' });
    // Another token's key is its own.
    assert.ok((await post({ pageKey: page, tokenId: bob, idempotency })).ok);
    assert.equal((await events(page)).length, 2);
  });

  test('edits: only the author, not deleted, within the edit window; the same body changes nothing', async () => {
    const page = freshPage();
    const own = await posted({ pageKey: page, tokenId: alice });
    const edit = (id: number, tokenId: number, body = 'edited') =>
      services.comments.edit({ id, tokenId, body });
    assert.deepEqual(await edit(own.id, bob), { ok: false, reason: 'not_author' });
    assert.deepEqual(await edit(123_456_789, alice), { ok: false, reason: 'not_found' });

    const edited = await edit(own.id, alice);
    assert.ok(edited.ok && edited.changed);
    assert.equal(edited.comment.body, 'edited');
    assert.equal(edited.comment.editedAt, clock);
    const same = await edit(own.id, alice);
    assert.ok(same.ok && !same.changed);

    clock += 15 * 60_000 + 1;
    assert.deepEqual(await edit(own.id, alice, 'too late'), {
      ok: false,
      reason: 'edit_window_passed',
    });
    const deleted = await posted({ pageKey: page, tokenId: alice });
    await services.comments.delete({ id: deleted.id, tokenId: alice });
    assert.deepEqual(await edit(deleted.id, alice), { ok: false, reason: 'comment_deleted' });

    hold = true;
    const pending = await posted({ pageKey: page, tokenId: alice });
    assert.deepEqual(await edit(pending.id, bob), { ok: false, reason: 'not_found' });
    const ownPending = await edit(pending.id, alice);
    assert.ok(ownPending.ok && ownPending.changed);
    assert.deepEqual(
      (await events(page)).filter((event) => event.kind === 'comment.edited'),
      [
        { kind: 'comment.edited', comment_id: own.id, visible: 1 },
        { kind: 'comment.edited', comment_id: pending.id, visible: 0 },
      ],
    );
  });

  test('deletes: only the author, at any time; twice changes nothing; the text is erased', async () => {
    const page = freshPage();
    const own = await posted({ pageKey: page, tokenId: alice, body: 'secret' });
    assert.deepEqual(await services.comments.delete({ id: own.id, tokenId: bob }), {
      ok: false,
      reason: 'not_author',
    });
    clock += 24 * 60 * 60_000;
    const deleted = await services.comments.delete({ id: own.id, tokenId: alice });
    assert.ok(deleted.ok && deleted.changed);
    assert.equal(deleted.comment.status, 'deleted');
    assert.equal(deleted.comment.body, '');
    const again = await services.comments.delete({ id: own.id, tokenId: alice });
    assert.ok(again.ok && !again.changed);
    const stored = await storage.read((db) =>
      db
        .selectFrom('comments')
        .select(['body', 'author_name'])
        .where('id', '=', own.id)
        .executeTakeFirstOrThrow(),
    );
    assert.deepEqual(stored, { body: '', author_name: '' });
    assert.deepEqual((await events(page)).at(-1), {
      kind: 'comment.deleted',
      comment_id: own.id,
      visible: 1,
    });
  });
});

describe('votes', () => {
  test('one vote per token; the same value changes nothing; counters follow; refusals by code', async () => {
    const page = freshPage();
    const comment = await posted({ pageKey: page, tokenId: alice });
    const vote = (value: -1 | 0 | 1, tokenId = bob, id = comment.id) =>
      services.votes.vote({ id, tokenId, value });
    assert.deepEqual(await vote(1), {
      ok: true,
      changed: true,
      votes: { up: 1, down: 0 },
      myVote: 1,
    });
    assert.deepEqual(await vote(1), {
      ok: true,
      changed: false,
      votes: { up: 1, down: 0 },
      myVote: 1,
    });
    assert.deepEqual(await vote(-1), {
      ok: true,
      changed: true,
      votes: { up: 0, down: 1 },
      myVote: -1,
    });
    assert.deepEqual(await vote(0), {
      ok: true,
      changed: true,
      votes: { up: 0, down: 0 },
      myVote: 0,
    });
    // Voting on one's own comment is allowed.
    assert.ok((await vote(1, alice)).ok);
    assert.equal((await events(page)).filter((event) => event.kind === 'vote').length, 4);

    assert.deepEqual(await vote(1, bob, 987_654_321), { ok: false, reason: 'not_found' });
    await services.comments.delete({ id: comment.id, tokenId: alice });
    assert.deepEqual(await vote(1), { ok: false, reason: 'comment_deleted' });
    hold = true;
    const pending = await posted({ pageKey: page, tokenId: alice });
    assert.deepEqual(await vote(1, bob, pending.id), { ok: false, reason: 'not_found' });
  });
});

describe('reports', () => {
  test('a reader reports a visible comment of someone else once; everything else has its code', async () => {
    const page = freshPage();
    const comment = await posted({ pageKey: page, tokenId: alice });
    const report = (id: number, tokenId: number) =>
      services.reports.report({ id, tokenId, reason: 'spam', note: 'a link farm' });
    assert.deepEqual(await report(comment.id, bob), { ok: true, created: true });
    assert.deepEqual(await report(comment.id, bob), { ok: true, created: false });
    assert.deepEqual(await report(comment.id, alice), { ok: false, reason: 'own_comment' });
    assert.deepEqual(await report(555_555, bob), { ok: false, reason: 'not_found' });

    const deleted = await posted({ pageKey: page, tokenId: alice });
    await services.comments.delete({ id: deleted.id, tokenId: alice });
    assert.deepEqual(await report(deleted.id, bob), { ok: false, reason: 'not_found' });
    hold = true;
    const pending = await posted({ pageKey: page, tokenId: alice });
    assert.deepEqual(await report(pending.id, bob), { ok: false, reason: 'not_found' });
    assert.deepEqual(await report(pending.id, alice), { ok: false, reason: 'own_comment' });

    const stored = await storage.read((db) =>
      db
        .selectFrom('reports')
        .select(['comment_id', 'token_id', 'reason', 'note', 'state', 'created_at'])
        .where('comment_id', '=', comment.id)
        .execute(),
    );
    assert.deepEqual(stored, [
      {
        comment_id: comment.id,
        token_id: bob,
        reason: 'spam',
        note: 'a link farm',
        state: 'open',
        created_at: stored[0]!.created_at,
      },
    ]);
    assert.deepEqual(
      (await events(page)).filter((event) => event.kind === 'comment.reported'),
      [{ kind: 'comment.reported', comment_id: comment.id, visible: 0 }],
      'counted once, and never visible to readers',
    );
  });
});

describe('moderation', () => {
  test('approve publishes a pending comment once; delete takes anyone’s; unknown ids are not_found', async () => {
    const page = freshPage();
    hold = true;
    const pending = await posted({ pageKey: page, tokenId: alice });
    const waiting = async () =>
      (await services.moderation.pending(1000)).some((comment) => comment.id === pending.id);
    assert.equal(await waiting(), true);
    const approved = await services.moderation.approve(pending.id);
    assert.ok(approved.ok && approved.changed);
    assert.equal(approved.comment.status, 'published');
    const again = await services.moderation.approve(pending.id);
    assert.ok(again.ok && !again.changed);
    assert.deepEqual(await services.moderation.approve(444_444), {
      ok: false,
      reason: 'not_found',
    });
    const removed = await services.moderation.delete(pending.id);
    assert.ok(removed.ok && removed.changed && removed.comment.status === 'deleted');
    assert.deepEqual(await services.moderation.delete(444_444), {
      ok: false,
      reason: 'not_found',
    });
    assert.equal(await waiting(), false);
    assert.deepEqual(
      (await events(page)).map(({ kind, visible }) => [kind, visible]),
      [
        ['comment.created', 0],
        ['comment.approved', 1],
        ['comment.deleted', 1],
      ],
    );
  });
});

describe('transactions', () => {
  test('writes of one group commit are undone alone: a failing one leaves the others committed', async () => {
    const page = freshPage();
    // Started in the same turn, so they share one transaction.
    const [good, bad, alsoGood] = await Promise.allSettled([
      post({ pageKey: page, tokenId: alice, body: 'one' }),
      storage.transaction(async (tx) => {
        await tx
          .insertInto('pages')
          .values({ key: `${page}-half-written`, locked: 0, created_at: clock })
          .execute();
        throw new Error('this write fails half-way');
      }),
      post({ pageKey: page, tokenId: bob, body: 'two' }),
    ]);
    assert.equal(good.status, 'fulfilled');
    assert.equal(alsoGood.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    const keys = await storage.read((db) =>
      db
        .selectFrom('pages')
        .select('key')
        .where('key', 'in', [page, `${page}-half-written`])
        .execute(),
    );
    assert.deepEqual(keys, [{ key: page }]);
    const comments = await storage.read((db) =>
      db
        .selectFrom('comments')
        .innerJoin('pages', 'pages.id', 'comments.page_id')
        .select('body')
        .where('pages.key', '=', page)
        .orderBy('comments.id')
        .execute(),
    );
    assert.deepEqual(comments, [{ body: 'one' }, { body: 'two' }]);
  });

  test('a transaction resolves only after its commit, and after-commit hooks ran before it', async () => {
    const seen: string[] = [];
    storage.afterCommit(async () => {
      seen.push('hook');
    });
    await storage.transaction(async () => {
      seen.push('work');
    });
    seen.push('resolved');
    assert.deepEqual(seen.slice(-3), ['work', 'hook', 'resolved']);
  });
});
