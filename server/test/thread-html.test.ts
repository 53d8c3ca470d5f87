import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PAGE, pageQuery, runCli, TestServer } from './support.js';

/** Each article's id and the id of the article it sits in (null: top level), in document order. */
function articleTree(html: string): Array<[string, string | null]> {
  const open: string[] = [];
  const found: Array<[string, string | null]> = [];
  for (const [tag, closing, id] of html.matchAll(
    /<(\/?)article(?: id="comment-([^"]+)")?[^>]*>/g,
  )) {
    if (closing) open.pop();
    else {
      assert.ok(id, `an article without an id: ${tag}`);
      found.push([id, open.at(-1) ?? null]);
      open.push(id);
    }
  }
  assert.equal(open.length, 0, 'every article is closed');
  return found;
}

function articleOf(html: string, id: string): string {
  const start = html.indexOf(`<article id="comment-${id}"`);
  assert.notEqual(start, -1, `comment ${id} is in the HTML`);
  return html.slice(start, html.indexOf('</article>', start));
}

describe('GET /threads.html', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};

  before(async () => {
    server = await TestServer.start({ origins: ['http://localhost:5173'] });
    const [ada, bob, eve] = await server.tokensFor(3);
    const post = async (
      token: string,
      name: string,
      body: string,
      parentId: string | null = null,
      page = PAGE,
    ) => {
      const answer = await server.post(token!, { name, body, parentId, page });
      assert.equal(answer.status, 201, answer.text);
      return answer.json.comment.id as string;
    };
    ids.first = await post(
      ada!,
      'Ada Lovelace',
      'First, **bold** and `<script>alert(1)</script>`\n\n' +
        '[click](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://example.com/a?b=1&c=2)',
    );
    ids.reply = await post(bob!, 'Bob', 'Thanks @Ada Lovelace, agreed.', ids.first);
    ids.deep = await post(ada!, 'Ada Lovelace', 'A reply to the reply.', ids.reply);
    ids.second = await post(eve!, 'Eve <b>"the" & co</b>', 'Second thread, plain.');
    ids.doomed = await post(bob!, 'Bob', 'Soon deleted.');
    ids.orphan = await post(ada!, 'Ada Lovelace', 'Reply under a tombstone.', ids.doomed);
    const removed = await server.call('DELETE', `/comments/${ids.doomed}`, { token: bob });
    assert.equal(removed.status, 200);
    await post(ada!, 'Ada Lovelace', 'On another page.', null, `${PAGE}/other`);
  });
  after(() => server.stop());

  test('answers the thread as UTF-8 HTML with a short lifetime and an ETag', async () => {
    const answer = await server.call('GET', `/threads.html?${pageQuery()}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(answer.headers.get('cache-control'), 'public, max-age=60');
    const etag = answer.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]{27}"$/);
    const again = await server.call('GET', `/threads.html?${pageQuery()}`, {
      headers: { 'if-none-match': etag! },
    });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  test('nests the comments as the thread does, one article per comment, in order', async () => {
    const html = (await server.call('GET', `/threads.html?${pageQuery()}`)).text;
    assert.deepEqual(articleTree(html), [
      [ids.first, null],
      [ids.reply, ids.first],
      [ids.deep, ids.reply],
      [ids.second, null],
      [ids.doomed, null],
      [ids.orphan, ids.doomed],
    ]);
    assert.ok(!html.includes('On another page'));
    assert.match(html, /<h2 class="confab-heading">5 comments<\/h2>/);
  });

  test('each comment has its author, time and body, with schema.org Comment microdata', async () => {
    const html = (await server.call('GET', `/threads.html?${pageQuery()}`)).text;
    const first = articleOf(html, ids.first!);
    assert.match(first, /itemscope itemtype="https:\/\/schema\.org\/Comment"/);
    assert.match(first, /itemprop="author"[^>]*><bdi itemprop="name">Ada Lovelace<\/bdi>/);
    assert.match(
      first,
      /<time itemprop="dateCreated" datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/,
    );
    assert.match(
      first,
      /<div class="confab-body" itemprop="text"><p>First, <strong>bold<\/strong>/,
    );
    assert.match(first, /<code>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/code>/);
    assert.match(
      first,
      /<a href="https:\/\/example\.com\/a\?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer" target="_blank">ok<\/a>/,
    );
    assert.match(
      first,
      /<link itemprop="url" href="http:\/\/localhost:5173\/articles\/test\.html#comment-/,
    );
    const reply = articleOf(html, ids.reply!);
    assert.match(reply, /itemprop="comment"/);
    assert.match(
      reply,
      new RegExp(
        `Thanks <a class="mention" href="#comment-${ids.first}">@<bdi>Ada Lovelace</bdi></a>, agreed\\.`,
      ),
    );
    assert.match(
      articleOf(html, ids.second!),
      /<bdi itemprop="name">Eve &lt;b&gt;&quot;the&quot; &amp; co&lt;\/b&gt;<\/bdi>/,
    );
    const tombstone = articleOf(html, ids.doomed!);
    assert.match(tombstone, /This comment was deleted\./);
    assert.ok(!tombstone.includes('Soon deleted'));
  });

  test('holds no script, no event handler and no javascript: URL', async () => {
    const html = (await server.call('GET', `/threads.html?${pageQuery()}`)).text;
    const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map(([tag]) => tag);
    assert.ok(tags.length > 20);
    for (const tag of tags) {
      assert.ok(!/^<(?:script|style|iframe|object|embed|form|img)\b/i.test(tag), tag);
      assert.ok(!/\son[a-z]+\s*=/i.test(tag), `no event handler: ${tag}`);
      assert.ok(!/=\s*"\s*javascript:/i.test(tag), `no javascript: URL: ${tag}`);
    }
    // What the author wrote as markup is text.
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    // The refused link keeps its text, without a target.
    assert.match(html, /<a>click<\/a>/);
  });

  test('a new comment shows at once, with a new ETag', async () => {
    const before = await server.call('GET', `/threads.html?${pageQuery()}`);
    const [token] = await server.tokensFor(1);
    const posted = await server.post(token!, { name: 'Newcomer', body: 'Fresh *news*.' });
    assert.equal(posted.status, 201);
    const after = await server.call('GET', `/threads.html?${pageQuery()}`, {
      headers: { 'if-none-match': before.headers.get('etag')! },
    });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
    assert.match(articleOf(after.text, posted.json.comment.id), /Fresh <em>news<\/em>\./);
  });

  test('an unknown page is an empty thread; a bad key is 400', async () => {
    const empty = await server.call('GET', `/threads.html?${pageQuery('post-nobody-wrote')}`);
    assert.equal(empty.status, 200);
    assert.match(empty.text, /<h2 class="confab-heading">0 comments<\/h2><p class="confab-empty">/);
    const bad = await server.call('GET', '/threads.html');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_request');
  });

  test('confab-server render prints the same HTML', async () => {
    const served = await server.call('GET', `/threads.html?${pageQuery()}`);
    const printed = await runCli(['render', '--db', server.db, '--page', PAGE]);
    assert.equal(printed.stderr, '');
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout, served.text);
    const missing = await runCli(['render', '--db', server.db]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--page/);
    const nowhere = `${server.db}.typo`;
    const noDatabase = await runCli(['render', '--db', nowhere, '--page', PAGE]);
    assert.equal(noDatabase.code, 1);
    // SQLite: no file there (and none is made); PostgreSQL: no such database on the server.
    assert.match(
      noDatabase.stderr,
      /^confab-server render: (no database at .*\.typo|.*\.typo.*does not exist)/,
    );
    assert.equal(existsSync(nowhere), false);
  });
});
