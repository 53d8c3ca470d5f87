import { httpUrl, type Comment } from '../../src/protocol/index.js';
import { en } from '../../src/i18n/locales/en.js';
import { mentionFinder } from '../../src/model/mentions.js';
import { Thread, type ThreadNode } from '../../src/model/thread.js';
import { bodyToHtml, escapeHtml } from '../../src/render/body-html.js';
import { toComment, type ThreadView } from './thread-view.js';

/**
 * A thread's published comments as an HTML fragment (`GET /threads.html`, `confab-server
 * render`): for readers without JavaScript, for crawlers, and as the light-DOM content of
 * `<confab-comments>` that the widget takes over. Nested as in the thread, each comment an
 * `<article id="comment-<id>">` with schema.org Comment microdata; bodies rendered by the
 * widget's Markdown rules and allow-list (src/render/body-html.ts), mentions linked as the widget
 * links them. No script, no event handler, no style: the host page's CSS lays it out.
 */

const SCHEMA = 'https://schema.org/';
const plural = new Intl.PluralRules('en');

function heading(total: number): string {
  const forms = en['thread.heading'];
  return (plural.select(total) === 'one' ? forms.one : forms.other).replace(
    '{count}',
    String(total),
  );
}

/** `2026-12-03 00:51 UTC`: the same in every language, and exact. */
function shownTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function author(comment: Comment): string {
  const name = escapeHtml(comment.author.name || en['comment.anonymous']);
  const url = httpUrl(comment.author.url)?.href;
  const inner = url
    ? `<a href="${escapeHtml(url)}" rel="nofollow ugc noopener" itemprop="url"><bdi itemprop="name">${name}</bdi></a>`
    : `<bdi itemprop="name">${name}</bdi>`;
  return `<span class="confab-author" itemprop="author" itemscope itemtype="${SCHEMA}Person">${inner}</span>`;
}

/** The opening of one comment's article, up to where its replies go. */
function articleStart(thread: Thread, node: ThreadNode, pageUrl: string | null): string {
  const comment = node.comment;
  const id = escapeHtml(comment.id);
  const time = `<time datetime="${escapeHtml(comment.createdAt)}">${shownTime(comment.createdAt)}</time>`;
  if (comment.status === 'deleted') {
    return (
      `<article id="comment-${id}" class="confab-comment confab-deleted">` +
      `<header class="confab-header">${time}</header>` +
      `<p class="confab-body">${escapeHtml(en['comment.deleted'])}</p>`
    );
  }
  const reply =
    node.parent && node.parent.comment.status !== 'deleted' ? ' itemprop="comment"' : '';
  const edited = comment.editedAt
    ? ` <span class="confab-edited">(${en['comment.edited']})</span>` +
      `<meta itemprop="dateModified" content="${escapeHtml(comment.editedAt)}">`
    : '';
  const link = pageUrl
    ? `<link itemprop="url" href="${escapeHtml(`${pageUrl}#comment-${comment.id}`)}">`
    : '';
  const body = bodyToHtml(comment.body, {
    allowImages: false,
    findMentions: mentionFinder(thread, node),
  });
  return (
    `<article id="comment-${id}" class="confab-comment"${reply} itemscope itemtype="${SCHEMA}Comment">` +
    `<header class="confab-header">${author(comment)} ` +
    time.replace('<time ', '<time itemprop="dateCreated" ') +
    `${edited}</header>${link}` +
    `<div class="confab-body" itemprop="text">${body}</div>` +
    `<meta itemprop="upvoteCount" content="${comment.votes.up}">` +
    `<meta itemprop="downvoteCount" content="${comment.votes.down}">`
  );
}

/** The fragment for a thread's anonymous view (oldest first, as the widget's default order). */
export function threadHtml(pageKey: string, view: ThreadView): string {
  const comments: Comment[] = [];
  for (const group of view.groups) {
    for (const row of group.items) comments.push(toComment(row, 0, false));
  }
  const thread = new Thread(comments);
  const pageUrl = httpUrl(pageKey)?.href.replace(/#.*$/, '') ?? null;
  let out =
    `<section class="confab-fallback" data-confab-total="${view.total}">` +
    `<h2 class="confab-heading">${escapeHtml(heading(view.total))}</h2>`;
  if (thread.roots.length === 0) {
    return `${out}<p class="confab-empty">${escapeHtml(en['thread.empty'])}</p></section>`;
  }
  // Depth-first with a stack of its own: a reply chain thousands deep must not overflow the call
  // stack. A string on the stack is a closing to write; a node is a comment to open.
  const stack: Array<ThreadNode | string> = ['</ol>'];
  for (let index = thread.roots.length - 1; index >= 0; index--) stack.push(thread.roots[index]!);
  out += '<ol class="confab-thread">';
  while (stack.length) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      out += next;
      continue;
    }
    out += `<li>${articleStart(thread, next, pageUrl)}`;
    stack.push('</article></li>');
    if (next.children.length) {
      stack.push('</ol>');
      for (let index = next.children.length - 1; index >= 0; index--) {
        stack.push(next.children[index]!);
      }
      out += '<ol class="confab-replies">';
    }
  }
  return `${out}</section>`;
}
