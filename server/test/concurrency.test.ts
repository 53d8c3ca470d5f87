import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pageQuery, TestServer } from './support.js';

describe('concurrency', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start()));
  after(() => server.stop());

  test('parallel posts are all stored, each once, with distinct ids', async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, () => server.session()));
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.post(tokens[i % tokens.length]!, { page: 'post-parallel', body: `comment ${i}` }),
      ),
    );
    assert.ok(answers.every((answer) => answer.status === 201));
    const ids = new Set(answers.map((answer) => answer.json.comment.id));
    assert.equal(ids.size, 100);
    const thread = await server.thread(pageQuery('post-parallel', '&limit=200'));
    assert.equal(thread.json.total, 100);
    assert.deepEqual(new Set(thread.json.comments.map((c: { id: string }) => c.id)), ids);
  });

  test('50 parallel votes from distinct tokens on one comment: the counts equal the rows', async () => {
    const author = await server.session();
    const id = (await server.post(author, { page: 'post-votes' })).json.comment.id;
    const voters = await Promise.all(Array.from({ length: 50 }, () => server.session()));
    const answers = await Promise.all(
      voters.map((token, i) =>
        server.call('PUT', `/comments/${id}/vote`, {
          token,
          body: { value: i % 5 === 0 ? -1 : 1 },
        }),
      ),
    );
    assert.ok(answers.every((answer) => answer.status === 200));
    const thread = await server.thread(pageQuery('post-votes'));
    assert.deepEqual(thread.json.comments[0].votes, { up: 40, down: 10 });

    // Everyone changes their mind at once: up becomes down and down becomes 0.
    await Promise.all(
      voters.map((token, i) =>
        server.call('PUT', `/comments/${id}/vote`, {
          token,
          body: { value: i % 5 === 0 ? 0 : -1 },
        }),
      ),
    );
    const rows = server.query<{ up: number; down: number }>(
      `SELECT
         (SELECT count(*) FROM votes WHERE comment_id = ? AND value = 1) AS up,
         (SELECT count(*) FROM votes WHERE comment_id = ? AND value = -1) AS down`,
      Number(id),
      Number(id),
    )[0]!;
    const stored = server.query<{ up: number; down: number }>(
      'SELECT up, down FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.deepEqual({ ...rows }, { up: 0, down: 40 });
    assert.deepEqual({ ...stored }, { ...rows });
    const after = await server.thread(pageQuery('post-votes'));
    assert.deepEqual(after.json.comments[0].votes, { up: 0, down: 40 });
  });

  test('the same token voting in parallel ends with one row', async () => {
    const author = await server.session();
    const id = (await server.post(author, { page: 'post-same-voter' })).json.comment.id;
    const voter = await server.session();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.call('PUT', `/comments/${id}/vote`, {
          token: voter,
          body: { value: i % 2 ? 1 : -1 },
        }),
      ),
    );
    const rows = server.query<{ value: number }>(
      'SELECT value FROM votes WHERE comment_id = ?',
      Number(id),
    );
    assert.equal(rows.length, 1);
    const stored = server.query<{ up: number; down: number }>(
      'SELECT up, down FROM comments WHERE id = ?',
      Number(id),
    )[0]!;
    assert.equal(stored.up + stored.down, 1);
    assert.equal(rows[0]!.value === 1 ? stored.up : stored.down, 1);
  });
});
