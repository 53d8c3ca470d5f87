// A reader's whole visit to the demo article, in Debian's Chromium, against
// the real reference server and the built widget: reading, posting, replying,
// voting, following mentions and links, editing, deleting, losing the server
// and getting it back, and watching another reader's comments arrive live.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import type { ThreadResponse } from '../../src/protocol/index.js';
import { SEED_FILE } from '../../scripts/demo-server.mjs';
import {
  FIRST_ARTICLE_KEY,
  SECOND_ARTICLE_KEY,
  startDemoEnv,
  type DemoEnv,
} from './support/demo-env.js';
import { ThreadPage, eventually, fetchThread, findComment } from './support/thread-page.js';

interface SeedComment {
  ref: string;
  parentRef: string | null;
  status: 'published' | 'deleted';
}

const TEST_TIMEOUT = 180_000;

describe('a reader’s visit to the demo article', () => {
  let env: DemoEnv;
  let articleUrl: string;
  let seeded: ThreadResponse;
  const contexts: BrowserContext[] = [];

  /** A new reader: a browser context of their own, so their own localStorage and token. */
  async function newReader(): Promise<BrowserContext> {
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 1000 } });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    return context;
  }

  async function openArticle(context: BrowserContext, suffix = ''): Promise<ThreadPage> {
    return ThreadPage.open(await context.newPage(), articleUrl + suffix);
  }

  before(async () => {
    env = await startDemoEnv();
    articleUrl = `${env.siteUrl}/articles/first.html`;
    seeded = await fetchThread(env.apiUrl, FIRST_ARTICLE_KEY, env.siteUrl);
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await env?.close();
  });

  test('the blog’s index shows each article’s comment count from the server', async () => {
    const page = await (await newReader()).newPage();
    await page.goto(`${env.siteUrl}/`);
    // <confab-count>: the text it shows is in its shadow root, which CSS locators pierce.
    const first = page.locator(`confab-count[page="${FIRST_ARTICLE_KEY}"] [part~="count"]`);
    const second = page.locator(`confab-count[page="${SECOND_ARTICLE_KEY}"] [part~="count"]`);
    await first.filter({ hasText: `${seeded.total} comments` }).waitFor();
    await second.filter({ hasText: 'No comments' }).waitFor();
  });

  test(
    'the theming page shows the first article’s thread three times, in three looks, one dark',
    { timeout: TEST_TIMEOUT },
    async () => {
      const page = await (await newReader()).newPage();
      await page.goto(`${env.siteUrl}/theming.html`);
      const looks: { background: string; text: string }[] = [];
      for (const widget of await page.locator('confab-comments').all()) {
        const thread = new ThreadPage(page, widget);
        await thread.waitUntilShown();
        assert.equal(await thread.shownTotal(), seeded.total);
        const comment = thread.comments.first();
        await comment.waitFor();
        looks.push(
          await comment.evaluate((element) => {
            const style = getComputedStyle(element);
            return { background: style.backgroundColor, text: style.color };
          }),
        );
      }
      assert.equal(looks.length, 3);
      assert.equal(new Set(looks.map((look) => look.background)).size, 3, JSON.stringify(looks));
      // Relative luminance, roughly: the dark look has light text on a dark background.
      const lightness = (colour: string) => {
        const [red = 0, green = 0, blue = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number);
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
      };
      const dark = looks.filter((look) => lightness(look.background) < 0.25);
      assert.equal(dark.length, 1, JSON.stringify(looks));
      assert.ok(lightness(dark[0]!.text) > 0.7, JSON.stringify(dark[0]));
    },
  );

  test(
    'the thread loads with the seeded count and every reply nested in its parent',
    { timeout: TEST_TIMEOUT },
    async () => {
      const seed = JSON.parse(await readFile(SEED_FILE, 'utf8')) as {
        threads: { comments: SeedComment[] }[];
      };
      const seedComments = seed.threads[0]!.comments;
      const published = seedComments.filter((comment) => comment.status === 'published').length;
      // Whether the one tombstone counts is the server's call; the widget shows the server's total.
      assert.ok(
        seeded.total >= published,
        `the server counts the seeded comments (${seeded.total})`,
      );
      assert.equal(seeded.comments.length, seedComments.length, 'the tombstone is sent too');

      const reader = await openArticle(await newReader());
      assert.equal(await reader.shownTotal(), seeded.total);
      assert.deepEqual(await reader.events('confab-loaded'), [{ total: seeded.total }]);

      // Large threads are rendered in slices: wait for the last one.
      await eventually(async () =>
        assert.equal(await reader.comments.count(), seeded.comments.length),
      );
      const rendered = await reader.renderedParents();
      for (const comment of seeded.comments) {
        assert.equal(
          rendered.get(comment.id),
          comment.parentId,
          `comment ${comment.id} sits in its parent`,
        );
      }

      // The deepest reply of the seed is at least five levels down.
      const depthOf = (id: string | null): number =>
        id === null ? 0 : 1 + depthOf(rendered.get(id) ?? null);
      assert.ok(Math.max(...seeded.comments.map((comment) => depthOf(comment.id))) >= 5);

      // The deleted comment stays as a tombstone holding its replies.
      const deleted = seeded.comments.find((comment) => comment.status === 'deleted')!;
      const tombstone = reader.comment(deleted.id);
      await reader.own(tombstone, 'tombstone').waitFor();
      assert.equal(await tombstone.locator('[part~="comment"]').count(), 2);
    },
  );

  test(
    'a new comment and a reply to it are shown nested, also after a reload',
    { timeout: TEST_TIMEOUT },
    async () => {
      const reader = await openArticle(await newReader());
      const before = await reader.shownTotal();

      const comment = await reader.post(
        'Testing the demo: a first comment from Chromium.',
        'Zoë Test-Reader',
      );
      const commentId = await reader.idOf(comment);
      const reply = await reader.reply(
        comment,
        'And a reply to my own comment, one level down.',
        'Zoë Test-Reader',
      );
      const replyId = await reader.idOf(reply);
      assert.equal(await reader.shownTotal(), before + 2);

      await reader.reload();
      const rendered = await eventually(async () => {
        const parents = await reader.renderedParents();
        assert.ok(parents.has(replyId), 'the reply is rendered after the reload');
        return parents;
      });
      assert.equal(rendered.get(commentId), null, 'the comment is top level');
      assert.equal(rendered.get(replyId), commentId, 'the reply sits inside the comment');
      assert.equal(await reader.shownTotal(), before + 2);
      assert.match(
        await reader.text(reader.own(reader.comment(commentId), 'author')),
        /Zoë Test-Reader/,
      );
    },
  );

  test(
    'a vote survives a reload as the reader’s own, and another reader sees the comment but not that vote',
    { timeout: TEST_TIMEOUT },
    async () => {
      const target = findComment(seeded, 'Jonas Weber', 'This matches what we saw');
      const scoreBefore = target.votes.up - target.votes.down;

      const first = await newReader();
      const voter = await openArticle(first);
      const comment = voter.comment(target.id);
      const up = voter.own(comment, 'vote-up');
      assert.equal(await up.getAttribute('aria-pressed'), 'false');
      await up.click();
      await eventually(async () => assert.equal(await up.getAttribute('aria-pressed'), 'true'));
      assert.equal(await voter.score(comment), scoreBefore + 1);
      const ownComment = await voter.post('A comment only its author may edit.', 'First Reader');
      const ownId = await voter.idOf(ownComment);
      await eventually(async () =>
        assert.deepEqual(await voter.events('confab-voted'), [{ id: target.id, value: 1 }]),
      );

      await voter.reload();
      await eventually(async () => assert.equal(await up.getAttribute('aria-pressed'), 'true'));
      assert.equal(await voter.score(comment), scoreBefore + 1);
      assert.equal(await voter.own(comment, 'vote-down').getAttribute('aria-pressed'), 'false');
      await voter.own(voter.comment(ownId), 'edit-button').waitFor();

      const other = await openArticle(await newReader());
      const seenByOther = other.comment(target.id);
      assert.equal(await other.score(seenByOther), scoreBefore + 1, 'the vote counts for everyone');
      assert.equal(await other.own(seenByOther, 'vote-up').getAttribute('aria-pressed'), 'false');
      const firstReadersComment = other.comment(ownId);
      await firstReadersComment.waitFor();
      assert.match(await other.text(firstReadersComment), /only its author may edit/);
      assert.equal(await firstReadersComment.locator('[part~="edit-button"]').count(), 0);
      assert.equal(await firstReadersComment.locator('[part~="delete-button"]').count(), 0);
    },
  );

  test(
    'a mention link and a #comment- link scroll to the comment they name and mark it',
    { timeout: TEST_TIMEOUT },
    async () => {
      // "@Дмитрий Соколов:" in the last top-level comment names Dmitri's latest earlier comment.
      const mentioning = findComment(seeded, 'Tomás Ruiz', 'Bookmarking this');
      const mentioned = findComment(seeded, 'Дмитрий Соколов', '@Priya Raghunathan: agreed');
      const reader = await openArticle(await newReader());
      const mention = reader.comment(mentioning.id).locator('[part~="mention"]');
      assert.equal(await mention.getAttribute('href'), `#comment-${mentioned.id}`);
      assert.match(await reader.text(mention), /Дмитрий Соколов/);
      await mention.scrollIntoViewIfNeeded();
      const target = reader.comment(mentioned.id);
      assert.equal(
        await reader.isInViewport(target),
        false,
        'the named comment starts out of view',
      );
      await mention.click();
      await eventually(async () => {
        assert.equal(await reader.isInViewport(target), true);
        assert.match((await target.getAttribute('part')) ?? '', /\bhighlighted\b/);
      });
      assert.equal(new URL(reader.page.url()).hash, `#comment-${mentioned.id}`);

      // Opening a link with a fragment scrolls there once the thread has loaded.
      const linked = findComment(seeded, 'Ελένη Παπαδοπούλου', 'We did something similar');
      const visitor = await openArticle(await newReader(), `#comment-${linked.id}`);
      const linkedComment = visitor.comment(linked.id);
      await eventually(async () => {
        assert.equal(await visitor.isInViewport(linkedComment), true);
        assert.match((await linkedComment.getAttribute('part')) ?? '', /\bhighlighted\b/);
      });
      assert.equal(
        await visitor.isInViewport(visitor.heading),
        false,
        'the page scrolled past the top of the thread',
      );
    },
  );

  test('a reader edits and then deletes their own comment', { timeout: TEST_TIMEOUT }, async () => {
    const reader = await openArticle(await newReader());
    const id = await reader.idOf(await reader.post('Frist comment with a typo.', 'Careful Editor'));
    // By id: while it is being edited the comment's body is replaced by the form.
    const comment = reader.comment(id);
    const totalWithComment = await reader.shownTotal();

    await reader.own(comment, 'edit-button').click();
    const editForm = comment.locator('[part~="edit-form"]');
    await editForm.waitFor();
    assert.equal(await editForm.locator('textarea').inputValue(), 'Frist comment with a typo.');
    await reader.submit(editForm, 'First comment, typo fixed.');
    await editForm.waitFor({ state: 'detached' });
    await eventually(async () =>
      assert.equal(await reader.text(reader.own(comment, 'body')), 'First comment, typo fixed.'),
    );
    await reader.own(comment, 'edited').waitFor();

    await reader.reload();
    const reloaded = reader.comment(id);
    assert.equal(await reader.text(reader.own(reloaded, 'body')), 'First comment, typo fixed.');
    await reader.own(reloaded, 'edited').waitFor();

    await reader.own(reloaded, 'delete-button').click();
    await reader.own(reloaded, 'confirm-delete').click();
    await reloaded.waitFor({ state: 'detached' });
    assert.equal(await reader.shownTotal(), totalWithComment - 1);
    await reader.reload();
    await eventually(async () =>
      assert.equal(
        await reader.comments.count(),
        (await fetchThread(env.apiUrl, FIRST_ARTICLE_KEY, env.siteUrl)).comments.length,
      ),
    );
    assert.equal(await reader.comment(id).count(), 0, 'the deleted comment is gone for good');
    assert.equal(await reader.shownTotal(), totalWithComment - 1);
  });

  test(
    'with the server gone mid-visit the reader sees an error, keeps the draft, and carries on once it is back',
    { timeout: TEST_TIMEOUT },
    async () => {
      const reader = await openArticle(await newReader());
      const form = reader.newCommentForm;
      const draft = 'Written while the comment server was down; it must not be lost.';

      await env.stopApi();
      try {
        await reader.submit(form, draft, 'Patient Reader');
        const error = form.locator('[part~="error"]');
        await error.waitFor();
        assert.ok((await reader.text(error)).length > 0, 'the error says something');
        assert.equal(
          await form.locator('textarea').inputValue(),
          draft,
          'the draft is still there',
        );

        // Even a reload while the server is down keeps the draft, next to an error state.
        await reader.page.reload();
        await reader.widget.scrollIntoViewIfNeeded();
        await reader.widget.locator('[part~="retry"]').waitFor();
        assert.ok((await reader.text(reader.widget.locator('[part~="error"]').first())).length > 0);
      } finally {
        await env.startApi();
      }

      await reader.widget.locator('[part~="retry"]').click();
      await reader.heading.filter({ hasText: /\d/ }).waitFor();
      const restored = reader.newCommentForm;
      await eventually(async () =>
        assert.equal(await restored.locator('textarea').inputValue(), draft),
      );
      assert.equal(await restored.locator('input[part~="name"]').inputValue(), 'Patient Reader');
      await restored.locator('[type="submit"]').click();
      const posted = reader.commentWithText(draft);
      await posted.waitFor();
      assert.equal(
        await restored.locator('textarea').inputValue(),
        '',
        'the draft is cleared once sent',
      );

      const thread = await fetchThread(env.apiUrl, FIRST_ARTICLE_KEY, env.siteUrl);
      assert.equal(
        thread.comments.filter((comment) => comment.body === draft).length,
        1,
        'posted exactly once',
      );
    },
  );

  test(
    'two readers of the same page see each other’s new comments arrive live',
    { timeout: TEST_TIMEOUT },
    async () => {
      const alice = await openArticle(await newReader());
      const bob = await openArticle(await newReader());
      await alice.waitForLiveStream();
      await bob.waitForLiveStream();

      // Bob is in the middle of writing when Alice's comment arrives: his draft stays.
      const bobsDraft = 'Half a thought that Bob has not sent yet';
      await bob.newCommentForm.locator('textarea').fill(bobsDraft);

      const fromAlice = 'Alice here: does this arrive without a reload?';
      const bobTotal = await bob.shownTotal();
      await alice.post(fromAlice, 'Alice Live');
      await bob.commentWithText(fromAlice).waitFor({ timeout: 30_000 });
      assert.equal(await bob.newCommentForm.locator('textarea').inputValue(), bobsDraft);
      await eventually(async () => assert.equal(await bob.shownTotal(), bobTotal + 1));

      const fromBob = 'Bob here: it did, and this should reach Alice the same way.';
      await bob.reply(bob.commentWithText(fromAlice), fromBob, 'Bob Live');
      const aliceSees = alice
        .commentWithText(fromAlice)
        .locator('[part~="comment"]', { hasText: fromBob });
      await aliceSees.waitFor({ timeout: 30_000 });
    },
  );
});
