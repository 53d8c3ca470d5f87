import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runSeed } from '../src/seed.js';
import { capture, pageQuery, TestServer } from './support.js';
import { freshDatabase } from './support/store.js';

const SEED = {
  threads: [
    {
      page: 'http://localhost:5173/articles/seeded.html',
      locked: false,
      comments: [
        {
          ref: 'c1',
          parentRef: null,
          author: { name: 'Ada', url: 'https://ada.example' },
          body: 'First',
          createdAt: '2026-01-01T10:00:00Z',
          editedAt: null,
          status: 'published',
          votes: { up: 3, down: 1 },
        },
        {
          ref: 'c2',
          parentRef: 'c1',
          author: { name: 'Bob', url: null },
          body: 'Gone',
          createdAt: '2026-01-01T11:00:00Z',
          editedAt: null,
          status: 'deleted',
          votes: { up: 0, down: 0 },
        },
        {
          ref: 'c3',
          parentRef: 'c2',
          author: { name: 'Cy', url: null },
          body: 'Under a tombstone',
          createdAt: '2026-01-01T12:00:00Z',
          editedAt: '2026-01-01T12:05:00Z',
          status: 'published',
          votes: { up: 5, down: 0 },
        },
      ],
    },
    { page: 'post-locked', locked: true, comments: [] },
  ],
};

async function seed(db: string, file: string) {
  const output = capture();
  const code = await runSeed(['--db', db, file], output.out);
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}

describe('seed', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(() => server.stop());

  test('loads into an empty database only; votes are real rows; a deleted comment is a tombstone', async () => {
    const file = join(server.dir, 'seed.json');
    await writeFile(file, JSON.stringify(SEED));
    const loaded = await seed(server.db, file);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stdout, /loaded 2 threads, 3 comments, 9 votes/);
    const again = await seed(server.db, file);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /skipped/);
    assert.equal(server.count('comments'), 3);

    const mismatched = server.query(
      `SELECT c.id FROM comments c
        WHERE c.up != (SELECT count(*) FROM votes v WHERE v.comment_id = c.id AND v.value = 1)
           OR c.down != (SELECT count(*) FROM votes v WHERE v.comment_id = c.id AND v.value = -1)`,
    );
    assert.deepEqual(mismatched, []);
    assert.equal(server.count('votes'), 9);

    const thread = await server.thread(pageQuery('http://localhost:5173/articles/seeded.html'));
    // The tombstone holds its reply's place but is not counted.
    assert.equal(thread.json.total, 2);
    const [first, tombstone, reply] = thread.json.comments;
    assert.deepEqual(first.votes, { up: 3, down: 1 });
    assert.equal(first.createdAt, '2026-01-01T10:00:00.000Z');
    assert.equal(first.author.url, 'https://ada.example');
    assert.equal(tombstone.status, 'deleted');
    assert.equal(tombstone.body, '');
    assert.equal(tombstone.author.name, '');
    assert.equal(reply.parentId, tombstone.id);
    assert.equal(reply.editedAt, '2026-01-01T12:05:00.000Z');
    const token = await server.session();
    assert.equal((await server.post(token, { page: 'post-locked' })).status, 423);
    assert.equal(first.mine, false);
  });

  test('a broken seed file is refused with the place at fault, and nothing is loaded', async () => {
    const file = join(server.dir, 'seed-bad.json');
    const database = await freshDatabase();
    const db = database.location;
    const cases: Array<[unknown, RegExp]> = [
      [
        {
          threads: [
            {
              ...SEED.threads[0],
              comments: [{ ...SEED.threads[0]!.comments[0], parentRef: 'c9' }],
            },
          ],
        },
        /threads\[0\]\.comments\[0\]\.parentRef "c9"/,
      ],
      [
        {
          threads: [
            {
              ...SEED.threads[0],
              comments: [{ ...SEED.threads[0]!.comments[0], createdAt: 'yesterday' }],
            },
          ],
        },
        /createdAt must be an RFC 3339 time/,
      ],
      [
        {
          threads: [
            {
              ...SEED.threads[0],
              comments: [{ ...SEED.threads[0]!.comments[0], status: 'hidden' }],
            },
          ],
        },
        /status must be published, pending or deleted/,
      ],
      [{ threads: [SEED.threads[1], SEED.threads[1]] }, /repeats the page/],
      [{ pages: [] }, /threads must be an array/],
    ];
    for (const [document, message] of cases) {
      await writeFile(file, JSON.stringify(document));
      const result = await seed(db, file);
      assert.equal(result.code, 1, JSON.stringify(document));
      assert.match(result.stderr, message);
    }
    await writeFile(file, '{ not json');
    assert.equal((await seed(db, file)).code, 1);
    await database.remove();
  });
});
