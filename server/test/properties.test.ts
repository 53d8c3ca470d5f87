/**
 * Property-based tests of the API over real HTTP (fast-check).
 *
 * fast-check generates sequences of posts, replies, votes, edits and deletes
 * by several readers; a plain in-memory model predicts the outcome of each
 * step. After every sequence the thread, read back as each reader and
 * anonymously, and the SQLite file must agree with the model and keep the
 * protocol's invariants. Each run uses a fresh page, so one server serves
 * all runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  bodyProblem,
  type Comment,
  type ThreadResponse,
  type VoteResponse,
  type VoteValue,
} from '../../src/protocol/index.js';
import { DbInspector } from './support/db-snapshot.js';
import { freshDatabase } from './support/store.js';
import { ApiClient } from './support/http.js';
import { ALLOWED_ORIGIN, startServer, type ServerProcess } from './support/server-process.js';
import { checkStoredVotes } from './support/invariants.js';

const READERS = 3;
/** Bounded so the whole file stays well under a minute on a slow, shared 2-core machine. */
const SEQUENCE_RUNS = Number(process.env.CONFAB_PROPERTY_RUNS ?? 30);
const MAX_STEPS = 30;
/**
 * Failures stop at once without shrinking (each shrink step is a dozen HTTP
 * calls); fast-check prints the seed, and CONFAB_PROPERTY_SEED=<seed> replays it.
 */
const RUN_OPTIONS = {
  endOnFailure: true,
  ...(process.env.CONFAB_PROPERTY_SEED ? { seed: Number(process.env.CONFAB_PROPERTY_SEED) } : {}),
};

type Action =
  | { kind: 'post'; reader: number; parent: number | null; text: string }
  | { kind: 'vote'; reader: number; target: number; value: VoteValue }
  | { kind: 'edit'; reader: number; byOwner: boolean; target: number; text: string }
  | { kind: 'delete'; reader: number; byOwner: boolean; target: number };

const reader = fc.integer({ min: 0, max: READERS - 1 });
/** Picks among the comments created so far (modulo their count), so targets stay meaningful. */
const target = fc.nat({ max: 1000 });
/** Mostly the author acts on their own comment (the interesting path), sometimes someone else tries. */
const byOwner = fc.constantFrom(true, true, true, false);
const text = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  // Any body the protocol accepts (no controls, something visible): the properties are about
  // what the server does with valid writes.
  .filter((s) => bodyProblem(s) === null);

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      reader,
      parent: fc.option(target, { nil: null, freq: 2 }),
      text,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      reader,
      target,
      value: fc.constantFrom<VoteValue>(-1, 0, 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), reader, byOwner, target, text }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), reader, byOwner, target }),
  },
);

interface ModelComment {
  id: string;
  parentId: string | null;
  owner: number;
  body: string;
  deleted: boolean;
  votes: Map<number, VoteValue>;
}

class Model {
  readonly comments: ModelComment[] = [];
  pick(index: number): ModelComment | undefined {
    return this.comments.length ? this.comments[index % this.comments.length] : undefined;
  }
  byId(id: string): ModelComment | undefined {
    return this.comments.find((c) => c.id === id);
  }
  childrenOf(id: string): ModelComment[] {
    return this.comments.filter((c) => c.parentId === id);
  }
  /** Shown in the thread: not deleted, or deleted but with a shown reply (a tombstone). */
  shown(c: ModelComment): boolean {
    return !c.deleted || this.childrenOf(c.id).some((child) => this.shown(child));
  }
  tally(c: ModelComment): { up: number; down: number } {
    let up = 0;
    let down = 0;
    for (const value of c.votes.values()) {
      if (value === 1) up += 1;
      if (value === -1) down += 1;
    }
    return { up, down };
  }
}

let server: ServerProcess;
let api: ApiClient;
let db: DbInspector;
let cleanupDir: () => Promise<void>;
let runCounter = 0;

before(async () => {
  const database = await freshDatabase();
  cleanupDir = database.remove;
  server = await startServer({ dbPath: database.location });
  api = new ApiClient(server.url, ALLOWED_ORIGIN);
  db = new DbInspector(server.dbPath);
});

after(async () => {
  db?.close();
  await server?.stop();
  await cleanupDir?.();
});

async function apply(page: string, tokens: string[], model: Model, a: Action): Promise<void> {
  const where = JSON.stringify(a);
  if (a.kind === 'post') {
    const token = tokens[a.reader]!;
    const parent = a.parent === null ? undefined : model.pick(a.parent);
    const res = await api.call('POST', '/comments', {
      token,
      body: {
        page,
        parentId: parent?.id ?? null,
        body: a.text,
        author: { name: `Reader ${a.reader}` },
      },
    });
    if (parent?.deleted) {
      assert.ok(
        res.status >= 400 && res.status < 500,
        `reply to a deleted parent: ${res.status} ${where}`,
      );
      return;
    }
    assert.equal(res.status, 201, `${where}: ${res.text}`);
    const comment = (res.json as { comment: Comment }).comment;
    assert.equal(comment.parentId, parent?.id ?? null);
    assert.equal(comment.mine, true);
    model.comments.push({
      id: comment.id,
      parentId: comment.parentId,
      owner: a.reader,
      body: a.text,
      deleted: false,
      votes: new Map(),
    });
    return;
  }
  const subject = model.pick(a.target);
  if (!subject) return;
  const actor = a.kind !== 'vote' && a.byOwner ? subject.owner : a.reader;
  const token = tokens[actor]!;
  const path = `/comments/${encodeURIComponent(subject.id)}`;
  if (a.kind === 'vote') {
    const res = await api.call('PUT', `${path}/vote`, { token, body: { value: a.value } });
    if (subject.deleted) {
      assert.equal(res.status, 403, `vote on a deleted comment: ${where}: ${res.text}`);
      return;
    }
    assert.equal(res.status, 200, `${where}: ${res.text}`);
    if (a.value === 0) subject.votes.delete(a.reader);
    else subject.votes.set(a.reader, a.value);
    const answer = res.json as VoteResponse;
    assert.deepEqual(answer.votes, model.tally(subject), `vote answer ${where}`);
    assert.equal(answer.myVote, a.value);
    return;
  }
  if (a.kind === 'edit') {
    const res = await api.call('PATCH', path, { token, body: { body: a.text } });
    if (subject.deleted || subject.owner !== actor) {
      assert.ok([403, 404].includes(res.status), `edit not allowed: ${res.status} ${where}`);
      return;
    }
    assert.equal(res.status, 200, `${where}: ${res.text}`);
    subject.body = a.text;
    const edited = (res.json as { comment: Comment }).comment;
    assert.equal(edited.body, a.text);
    assert.notEqual(edited.editedAt, null);
    return;
  }
  const res = await api.call('DELETE', path, { token });
  if (subject.owner !== actor) {
    assert.ok(
      subject.deleted ? [403, 404].includes(res.status) : res.status === 403,
      `delete of someone else's comment: ${res.status} ${where}`,
    );
    return;
  }
  if (subject.deleted) {
    assert.ok([200, 404].includes(res.status), `second delete: ${res.status} ${where}`);
    return;
  }
  assert.equal(res.status, 200, `${where}: ${res.text}`);
  subject.deleted = true;
  const answer = (res.json as { comment: Comment }).comment;
  assert.equal(answer.status, 'deleted');
}

async function readThread(
  page: string,
  token?: string,
  limit = 200,
  cursor?: string,
): Promise<ThreadResponse> {
  const query = new URLSearchParams({ page, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  const res = await api.call('GET', `/threads?${query}`, { token });
  assert.equal(res.status, 200, res.text);
  return res.json as ThreadResponse;
}

async function checkInvariants(page: string, tokens: string[], model: Model): Promise<void> {
  const expectedShown = model.comments.filter((c) => model.shown(c));
  const expectedVisible = expectedShown.filter((c) => !c.deleted);
  const viewers: (number | null)[] = [null, ...tokens.map((_, i) => i)];
  let anonymous: ThreadResponse | undefined;

  for (const viewer of viewers) {
    const thread = await readThread(page, viewer === null ? undefined : tokens[viewer]);
    anonymous ??= thread;
    const seen = new Map<string, Comment>();
    for (const c of thread.comments) {
      // Every reply's parent is on this page and comes first.
      if (c.parentId !== null) {
        assert.ok(seen.has(c.parentId), `reply ${c.id} before or without its parent ${c.parentId}`);
      }
      assert.ok(!seen.has(c.id), `comment ${c.id} listed twice`);
      seen.set(c.id, c);
    }
    assert.deepEqual(
      [...seen.keys()].sort(),
      expectedShown.map((c) => c.id).sort(),
      'the thread shows exactly the live comments and the tombstones',
    );
    assert.equal(thread.total, expectedVisible.length, '`total` counts the visible comments');

    for (const c of thread.comments) {
      const m = model.byId(c.id)!;
      if (c.status === 'deleted') {
        // Tombstones only where a reply is shown beneath.
        assert.ok(m.deleted);
        assert.ok(
          thread.comments.some((child) => child.parentId === c.id),
          `tombstone ${c.id} without a reply`,
        );
        assert.equal(c.body, '');
        assert.equal(c.author.name, '');
      } else {
        assert.equal(c.status, 'published');
        assert.equal(c.body, m.body);
        assert.equal(c.parentId, m.parentId);
      }
      assert.deepEqual(c.votes, model.tally(m), `votes of ${c.id}`);
      if (!m.deleted)
        assert.equal(
          c.mine,
          viewer !== null && m.owner === viewer,
          `mine of ${c.id} for ${viewer}`,
        );
      const expectedVote = viewer === null ? 0 : (m.votes.get(viewer) ?? 0);
      if (!m.deleted) assert.equal(c.myVote, expectedVote, `myVote of ${c.id} for ${viewer}`);
    }
  }

  // Paging with a small limit walks the same top-level comments, each once, in the same order.
  const paged: string[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < 100; pageNo += 1) {
    const chunk = await readThread(page, undefined, 2, cursor);
    paged.push(...chunk.comments.map((c) => c.id));
    if (chunk.nextCursor === null) break;
    cursor = chunk.nextCursor;
  }
  assert.deepEqual(
    paged,
    anonymous!.comments.map((c) => c.id),
    'cursor paging differs from one read',
  );

  const counts = await api.call('GET', `/counts?page=${encodeURIComponent(page)}`);
  assert.deepEqual((counts.json as { counts: Record<string, number> }).counts, {
    [page]: expectedVisible.length,
  });

  checkStoredVotes(db, anonymous!.comments);
}

describe('API properties', () => {
  test('random sequences of posts, replies, votes, edits and deletes keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: MAX_STEPS }),
        async (actions) => {
          runCounter += 1;
          const page = `https://property.example/run-${runCounter}`;
          const tokens = await Promise.all(Array.from({ length: READERS }, () => api.newToken()));
          const model = new Model();
          for (const a of actions) await apply(page, tokens, model, a);
          await checkInvariants(page, tokens, model);
        },
      ),
      { ...RUN_OPTIONS, numRuns: SEQUENCE_RUNS },
    );
  });

  test('concurrent votes by many readers on one comment lose no count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<VoteValue>(-1, 0, 1), { minLength: 2, maxLength: 16 }),
        async (values) => {
          runCounter += 1;
          const page = `https://property.example/concurrent-${runCounter}`;
          const author = await api.newToken();
          const posted = await api.call('POST', '/comments', {
            token: author,
            body: { page, parentId: null, body: 'Vote on me.', author: { name: 'Target' } },
          });
          assert.equal(posted.status, 201, posted.text);
          const id = (posted.json as { comment: Comment }).comment.id;
          const voters = await Promise.all(values.map(() => api.newToken()));
          const answers = await Promise.all(
            values.map((value, i) =>
              api.call('PUT', `/comments/${id}/vote`, { token: voters[i], body: { value } }),
            ),
          );
          for (const res of answers) assert.equal(res.status, 200, res.text);
          const expected = {
            up: values.filter((v) => v === 1).length,
            down: values.filter((v) => v === -1).length,
          };
          const thread = await readThread(page);
          assert.deepEqual(thread.comments[0]?.votes, expected);
          checkStoredVotes(db, thread.comments);
        },
      ),
      { ...RUN_OPTIONS, numRuns: 10 },
    );
  });
});
