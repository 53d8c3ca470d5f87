/**
 * GET /threads?around=<id> (docs/protocol.md, "Deep links"): the pages from the first through
 * the one holding the comment's top-level ancestor, so a deep link lands however deep it is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pageQuery, TestServer } from './support.js';

let server: TestServer;
const ids: string[] = [];
let nested = '';
let pending = '';
let ada = '';
let bo = '';

before(async () => {
  server = await TestServer.start({ moderation: 'off' });
  [ada, bo] = (await server.tokensFor(2)) as [string, string];
  for (let i = 0; i < 7; i += 1) {
    ids.push((await server.post(ada, { body: `Top ${i}` })).json.comment.id);
  }
  const reply = (await server.post(bo, { parentId: ids[5], body: 'Reply' })).json.comment.id;
  nested = (await server.post(ada, { parentId: reply, body: 'Deep reply' })).json.comment.id;
});
after(() => server.stop());

function tops(answer: { json: { comments: Array<{ id: string; parentId: string | null }> } }) {
  return answer.json.comments.filter((c) => c.parentId === null).map((c) => c.id);
}

describe('GET /threads?around=', () => {
  test('answers the pages through the one holding the comment, then pages on as usual', async () => {
    const answer = await server.thread(pageQuery(undefined, `&limit=2&around=${nested}`));
    assert.equal(answer.status, 200);
    assert.deepEqual(tops(answer), ids.slice(0, 6), 'three pages of two');
    assert.ok(answer.json.comments.some((c: { id: string }) => c.id === nested));
    assert.equal(answer.json.total, 9);
    const next = await server.thread(
      pageQuery(undefined, `&limit=2&cursor=${answer.json.nextCursor}`),
    );
    assert.deepEqual(tops(next), [ids[6]]);
    assert.equal(next.json.nextCursor, null);
  });

  test('follows the sort order', async () => {
    const answer = await server.thread(
      pageQuery(undefined, `&sort=newest&limit=3&around=${nested}`),
    );
    assert.deepEqual(tops(answer), [ids[6], ids[5], ids[4]]);
    assert.notEqual(answer.json.nextCursor, null);
    const last = await server.thread(pageQuery(undefined, `&sort=newest&limit=3&around=${ids[0]}`));
    assert.deepEqual(tops(last), [...ids].reverse());
    assert.equal(last.json.nextCursor, null);
  });

  test('an unknown or hidden comment gives the first page; with a cursor it is a 400', async () => {
    const first = await server.thread(pageQuery(undefined, '&limit=2'));
    for (const id of ['999999', 'not-an-id', '0']) {
      const answer = await server.thread(pageQuery(undefined, `&limit=2&around=${id}`));
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, first.json);
    }
    const both = await server.thread(
      pageQuery(undefined, `&limit=2&around=${nested}&cursor=${first.json.nextCursor}`),
    );
    assert.equal(both.status, 400);
    assert.ok(both.json.error.fields.around);
  });

  test('a reader’s own pending comment is found for that reader alone', async () => {
    await server.restart({ moderation: 'hold' });
    pending = (await server.post(bo, { parentId: ids[6], body: 'Held' })).json.comment.id;
    const own = await server.thread(pageQuery(undefined, `&limit=2&around=${pending}`), bo);
    assert.deepEqual(tops(own), ids);
    assert.ok(own.json.comments.some((c: { id: string }) => c.id === pending));
    const other = await server.thread(pageQuery(undefined, `&limit=2&around=${pending}`), ada);
    assert.deepEqual(tops(other), ids.slice(0, 2));
  });
});
