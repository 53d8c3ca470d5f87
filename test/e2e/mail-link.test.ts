// A reply mail followed to the reply, with every part real: the reference server sending
// through nodemailer to a real SMTP server (smtp-server, mails parsed with mailparser), the
// built widget in Debian's Chromium, and a thread long enough that the reply's top-level
// comment is not on the widget's first page.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SmtpSink, type ReceivedMail } from '../../server/test/support/smtp-sink.js';
import { DEFAULT_API_URL } from '../../scripts/demo-server.mjs';
import { startDemoEnv, type DemoEnv } from './support/demo-env.js';
import { ThreadPage, eventually } from './support/thread-page.js';

/** The widget's first page: `pageSize` in src/elements/confab-comments.ts (no page-size here). */
const FIRST_PAGE = 50;
/** Top-level comments before and after reader A's: A's is well beyond the first page. */
const BEFORE_A = FIRST_PAGE + 4;
const AFTER_A = 3;
const A_EMAIL = 'ada.reader@example.com';
const TEST_TIMEOUT = 240_000;
const MAIL_TIMEOUT_MS = 30_000;

/**
 * A long article with the widget far below the fold and lazy: it must start at once for a
 * `#comment-` link. No `page` attribute and no canonical link, so the page key is the page's
 * own URL, and that is the URL the server puts in its mails.
 */
const ARTICLE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>A long article</title>
    <script type="module" src="/confab.js"></script>
  </head>
  <body>
    <main>
      <h1>A long article</h1>
      <p style="height: 4000px">Many paragraphs of text stand here.</p>
      <confab-comments endpoint="${DEFAULT_API_URL}" loading="lazy"></confab-comments>
    </main>
  </body>
</html>
`;

/** The one link in a mail's plain text part that contains `part`. */
function linkIn(mail: ReceivedMail, part: string): string {
  const found = /https?:\/\/\S+/g;
  const links = [...(mail.parsed.text ?? '').matchAll(found)].map((match) => match[0]);
  const matching = links.filter((link) => link.includes(part));
  assert.equal(matching.length, 1, `one ${part} link in:\n${mail.parsed.text}`);
  return matching[0]!;
}

/** A header's value as it came over the wire, unfolded (mailparser reshapes List-* headers). */
function rawHeader(mail: ReceivedMail, name: string): string {
  const lines = mail.parsed.headerLines.filter((line) => line.key === name.toLowerCase());
  assert.equal(lines.length, 1, `one ${name} header`);
  return lines[0]!.line
    .slice(name.length + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

describe('a reply mail’s link', () => {
  let sink: SmtpSink;
  let env: DemoEnv;
  let siteDir: string;
  let articleUrl: string;
  const contexts: BrowserContext[] = [];

  async function newReader(): Promise<Page> {
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    return context.newPage();
  }

  /** POST to the comment API as a page of the demo site would, with `token`. */
  async function postComment(token: string, body: object): Promise<{ id: string }> {
    const response = await fetch(`${env.apiUrl}/comments`, {
      method: 'POST',
      headers: {
        Origin: env.siteUrl,
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const { comment } = JSON.parse(text) as { comment: { id: string; status: string } };
    assert.equal(comment.status, 'published');
    return comment;
  }

  async function newToken(): Promise<string> {
    const response = await fetch(`${env.apiUrl}/session`, {
      method: 'POST',
      headers: { Origin: env.siteUrl, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 201);
    return ((await response.json()) as { token: string }).token;
  }

  before(async () => {
    sink = await SmtpSink.start();
    siteDir = await mkdtemp(join(tmpdir(), 'confab-e2e-mail-'));
    await writeFile(join(siteDir, 'long-article.html'), ARTICLE_HTML);
    env = await startDemoEnv({
      siteRoots: [siteDir],
      // The server's public URL is the address the pages reach it at.
      apiFlags: (apiUrl) => [
        '--smtp',
        sink.url,
        '--mail-from',
        'Comments <comments@example.com>',
        '--public-url',
        apiUrl,
      ],
    });
    articleUrl = `${env.siteUrl}/long-article.html`;
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await env?.close();
    await sink?.down();
    if (siteDir) await rm(siteDir, { recursive: true, force: true });
  });

  test(
    'lands on the reply, below the fold and beyond the first page, after a double opt-in',
    { timeout: TEST_TIMEOUT },
    async () => {
      // The thread: more top-level comments than the widget's first page, then A's, then a few.
      const others = await newToken();
      for (let index = 1; index <= BEFORE_A; index++) {
        await postComment(others, {
          page: articleUrl,
          parentId: null,
          body: `Earlier comment number ${index}.`,
          author: { name: `Early Reader ${index}` },
        });
      }
      const comment = await postComment(await newToken(), {
        page: articleUrl,
        parentId: null,
        body: 'Ada here: please mail me when somebody answers.',
        author: { name: 'Ada Reader', email: A_EMAIL },
        notify: true,
        lang: 'en',
      });
      for (let index = 1; index <= AFTER_A; index++) {
        await postComment(others, {
          page: articleUrl,
          parentId: null,
          body: `Later comment number ${index}.`,
          author: { name: `Late Reader ${index}` },
        });
      }

      // Double opt-in: the confirmation link opens a page of the server that only asks.
      const [confirmation] = await sink.waitFor(1, MAIL_TIMEOUT_MS);
      assert.deepEqual(confirmation!.recipients, [A_EMAIL]);
      const confirmUrl = linkIn(confirmation!, '/mail/confirm?');
      assert.ok(confirmUrl.startsWith(`${env.apiUrl}/mail/confirm?token=`), confirmUrl);
      const asks = async () => {
        // As a mail client's link preview fetches it: a bare GET.
        const response = await fetch(confirmUrl);
        assert.equal(response.status, 200);
        return /<form method="post"/.test(await response.text());
      };
      assert.equal(await asks(), true, 'the link asks first');
      assert.equal(await asks(), true, 'a bare GET confirmed nothing: the page still asks');

      const confirmPage = await newReader();
      await confirmPage.goto(confirmUrl);
      const [posted] = await Promise.all([
        confirmPage.waitForResponse((response) => response.request().method() === 'POST'),
        confirmPage.locator('form button[type="submit"]').click(),
      ]);
      assert.equal(posted.status(), 200);
      assert.equal(new URL(posted.url()).pathname, '/mail/confirm');
      // The answer page says what happened and asks nothing more.
      await confirmPage.locator('form').waitFor({ state: 'detached' });
      assert.equal(await asks(), false, 'confirmed: the link no longer asks');
      assert.equal(sink.mails.length, 1, 'nothing but the confirmation before it');

      // The widget's first page does not hold A's comment.
      const firstPage = await fetch(
        `${env.apiUrl}/threads?page=${encodeURIComponent(articleUrl)}&limit=${FIRST_PAGE}`,
        { headers: { Origin: env.siteUrl } },
      );
      const { comments, nextCursor } = (await firstPage.json()) as {
        comments: { id: string }[];
        nextCursor: string | null;
      };
      assert.equal(comments.length, FIRST_PAGE);
      assert.notEqual(nextCursor, null);
      assert.ok(!comments.some((shown) => shown.id === comment.id));

      // Reader B reads on past the first page and replies to A in the widget.
      const replyBody = 'Bob here: an answer for Ada, which should reach her by mail.';
      const bob = await ThreadPage.open(await newReader(), articleUrl);
      await bob.widget.locator('[part~="load-more"]').click();
      const reply = await bob.reply(bob.comment(comment.id), replyBody, 'Bob Replier');
      const replyId = await bob.idOf(reply);

      // The reply mail: plain text and HTML, the one-click unsubscribe headers, a link to the reply.
      const [, replyMail] = await sink.waitFor(2, MAIL_TIMEOUT_MS);
      assert.deepEqual(replyMail!.recipients, [A_EMAIL]);
      assert.equal(typeof replyMail!.parsed.text, 'string', 'a plain text part');
      assert.match(replyMail!.parsed.text ?? '', /Bob Replier/);
      assert.match(replyMail!.parsed.text ?? '', /an answer for Ada/);
      assert.equal(typeof replyMail!.parsed.html, 'string', 'an HTML part');
      const unsubscribe = rawHeader(replyMail!, 'List-Unsubscribe');
      assert.match(unsubscribe, new RegExp(`^<${env.apiUrl}/mail/unsubscribe\\?token=[^>]+>$`));
      assert.equal(rawHeader(replyMail!, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const link = linkIn(replyMail!, '#comment-');
      assert.equal(link, `${articleUrl}#comment-${replyId}`);
      assert.ok((replyMail!.parsed.html as string).includes(`href="${link}"`), 'linked in HTML');

      // A follows it in a browser of her own.
      const page = await newReader();
      const threadQueries: URLSearchParams[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/threads') threadQueries.push(url.searchParams);
      });
      await page.goto(link);
      const ada = new ThreadPage(page);
      const replyArticle = ada.comment(replyId);
      await eventually(async () => {
        assert.match((await replyArticle.getAttribute('part')) ?? '', /\bhighlighted\b/);
        assert.equal(await ada.isInViewport(replyArticle), true, 'the reply is in view');
      });
      // Nested in A's comment, which the first page does not hold.
      assert.equal((await ada.renderedParents()).get(replyId), comment.id);
      assert.equal(await ada.widget.locator('[part~="highlighted"]').count(), 1);
      assert.equal(await ada.widget.getAttribute('loading'), 'lazy');
      assert.ok(
        await ada.widget.evaluate((host) => {
          const top = host.getBoundingClientRect().top + window.scrollY;
          return top > window.innerHeight && window.scrollY > 0;
        }),
        'the widget sits below the fold and the page scrolled down to the reply',
      );
      // One request found it (docs/protocol.md, "Deep links"): no page by page.
      assert.deepEqual(
        threadQueries.map((query) => [query.get('around'), query.get('cursor')]),
        [[replyId, null]],
      );
      assert.equal(sink.mails.length, 2, 'one mail for the one reply');
    },
  );
});
