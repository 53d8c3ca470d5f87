import { httpUrl } from '../../../src/protocol/index.js';
import type { CommentWithPage } from '../storage/comments.js';
import type { LinkSigner } from './links.js';
import { MODERATOR_WORDING, wording } from './messages.js';
import { bodyExcerpt, headerText, mailContent, type Block, type MailContent } from './render.js';

/**
 * The mails themselves: what a confirmation and a digest say, in which language, with which
 * signed links and headers. Pure: the job handlers (notifications.ts) read the rows and send.
 */

export interface Composed extends MailContent {
  /** Header lines this server builds from ASCII it controls (links, never a reader's text). */
  headers: Record<string, string>;
}

/** Where a thread is read: its key when that is a URL, else the configured template. */
export function pageUrl(pageKey: string, template: string | null): string | null {
  if (httpUrl(pageKey)) return pageKey;
  return template ? template.replace('{page}', encodeURIComponent(pageKey)) : null;
}

/** `<page URL>#comment-<id>`, as the widget's deep links read it. */
export function commentUrl(pageKey: string, id: number, template: string | null): string | null {
  const page = pageUrl(pageKey, template);
  return page === null ? null : `${page.replace(/#.*$/, '')}#comment-${id}`;
}

/** The page as a mail names it: its URL without the scheme, or the key. */
function pageLabel(pageKey: string): string {
  return headerText(pageKey.replace(/^https?:\/\//, ''), 80);
}

export function confirmationMail(input: {
  signer: LinkSigner;
  addressId: number;
  lang: string;
  pageKey: string;
  expiresAt: number;
}): Composed {
  const words = wording(input.lang);
  const subject = { id: input.addressId, lang: input.lang };
  const blocks: Block[] = [
    { kind: 'paragraph', text: words.confirm.intro(pageLabel(input.pageKey)) },
    {
      kind: 'link',
      label: words.confirm.button,
      url: input.signer.url({ purpose: 'confirm', ...subject }, input.expiresAt),
    },
    { kind: 'note', text: words.confirm.expiry },
    { kind: 'rule' },
    { kind: 'note', text: words.confirm.ignore },
    { kind: 'link', label: words.erase, url: input.signer.url({ purpose: 'erase', ...subject }) },
  ];
  return { ...mailContent(words.confirm.subject, blocks, input.lang), headers: {} };
}

/** A reply digest: one reply or several, on one thread, to one subscriber. */
export function replyMail(input: {
  signer: LinkSigner;
  subscriptionId: number;
  addressId: number;
  lang: string;
  pageKey: string;
  replies: readonly CommentWithPage[];
  pageUrlTemplate: string | null;
}): Composed {
  const words = wording(input.lang);
  const page = pageLabel(input.pageKey);
  const first = input.replies[0]!;
  const subjectLine =
    input.replies.length === 1
      ? words.reply.subjectOne(headerText(first.authorName, 40))
      : words.reply.subjectMany(input.replies.length);
  const blocks: Block[] = [];
  for (const reply of input.replies) {
    blocks.push({
      kind: 'paragraph',
      text: words.reply.heading(headerText(reply.authorName), page),
    });
    blocks.push({ kind: 'quote', text: bodyExcerpt(reply.body) });
    const url = commentUrl(reply.pageKey, reply.id, input.pageUrlTemplate);
    if (url) blocks.push({ kind: 'link', label: words.reply.open, url });
  }
  const unsubscribe = input.signer.url({
    purpose: 'unsubscribe',
    id: input.subscriptionId,
    lang: input.lang,
  });
  blocks.push(
    { kind: 'rule' },
    { kind: 'note', text: words.reply.why(page) },
    { kind: 'link', label: words.reply.unsubscribe, url: unsubscribe },
    {
      kind: 'link',
      label: words.erase,
      url: input.signer.url({ purpose: 'erase', id: input.addressId, lang: input.lang }),
    },
  );
  return {
    ...mailContent(subjectLine, blocks, input.lang),
    // RFC 2369 and RFC 8058: mail clients offer their own unsubscribe button, one POST.
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** `<public-url>/admin/#comment=<id>`: the moderation console opened on that comment. */
export function consoleLink(publicUrl: string, id: number): string {
  return `${publicUrl}/admin/#comment=${id}`;
}

/** New pending and reported comments, to a moderator (in English, like the console). */
export function moderatorMail(input: {
  publicUrl: string;
  items: ReadonlyArray<{ reason: 'pending' | 'reported'; comment: CommentWithPage }>;
}): Composed {
  const words = MODERATOR_WORDING;
  const subjectLine =
    input.items.length === 1
      ? words.subjectOne(input.items[0]!.reason)
      : words.subjectMany(input.items.length);
  const blocks: Block[] = [];
  for (const { reason, comment } of input.items) {
    const name = headerText(comment.authorName);
    const page = pageLabel(comment.pageKey);
    blocks.push({
      kind: 'paragraph',
      text: reason === 'pending' ? words.pending(name, page) : words.reported(name, page),
    });
    blocks.push({ kind: 'quote', text: bodyExcerpt(comment.body) });
    blocks.push({ kind: 'link', label: words.open, url: consoleLink(input.publicUrl, comment.id) });
  }
  return { ...mailContent(subjectLine, blocks, 'en'), headers: {} };
}
