import { normalisePageKey } from '../../../src/protocol/index.js';
import { htmlText, paragraphs } from './html.js';
import {
  authorEmail,
  authorName,
  authorUrl,
  ImportFileError,
  parseTime,
  type CommentItem,
  type ImportItem,
  type Skip,
} from './items.js';
import { walkXml, type XmlElement, type XmlVisitor } from './xml.js';

/**
 * A WordPress export (WXR: Tools → Export), RSS with the `wp:` namespace
 * (http://wordpress.org/export/1.0/ to 1.2/):
 *
 *   <rss><channel><link>…</link><wp:base_blog_url>https://blog.example</wp:base_blog_url>
 *     <item><link>https://blog.example/2019/03/hello/</link><wp:status>publish</wp:status>
 *       <wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>…</wp:comment_author>
 *         <wp:comment_author_email>…</wp:comment_author_email>
 *         <wp:comment_author_url>…</wp:comment_author_url>
 *         <wp:comment_date_gmt>2019-03-04 01:02:03</wp:comment_date_gmt>
 *         <wp:comment_content><![CDATA[text as typed, HTML allowed]]></wp:comment_content>
 *         <wp:comment_approved>1</wp:comment_approved> (0, spam, trash, post-trashed)
 *         <wp:comment_type></wp:comment_type> (comment, pingback, trackback …)
 *         <wp:comment_parent>0</wp:comment_parent></wp:comment></item></channel></rss>
 *
 * Comment ids are the blog's own, so keys carry the blog's address: two blogs imported into
 * one server do not collide.
 */

const isWp = (uri: string, prefix: string) =>
  uri.startsWith('http://wordpress.org/export/') || (uri.startsWith('urn:') && prefix === 'wp');

/** Posts whose comments readers could see: published ones and attachments' pages. */
const PUBLIC_STATUSES = new Set(['publish', 'inherit', '']);
const COMMENT_TYPES = new Set(['', 'comment', 'review']);

interface Item {
  link: string;
  status: string;
}

type Fields = Record<string, string>;

function comment(fields: Fields, line: number, item: Item, blog: string): CommentItem {
  const notes: string[] = [];
  const field = (name: string) => (fields[name] ?? '').trim();
  const approved = field('comment_approved');
  const type = field('comment_type');
  let createdAt = parseTime(field('comment_date_gmt'));
  if (createdAt === null && (createdAt = parseTime(field('comment_date'))) !== null) {
    notes.push('no comment_date_gmt: the local comment_date was taken as UTC');
  }
  let skip: Skip | null;
  let status: CommentItem['status'] = 'published';
  if (field('comment_id') === '') skip = { kind: 'failed', reason: 'no wp:comment_id' };
  else if (type === 'pingback' || type === 'trackback') skip = { kind: 'skipped', reason: type };
  else if (!COMMENT_TYPES.has(type)) {
    skip = { kind: 'skipped', reason: `not a reader's comment (type "${type}")` };
  } else if (approved === 'spam') skip = { kind: 'skipped', reason: 'marked as spam' };
  else if (approved === 'trash') skip = { kind: 'skipped', reason: 'in the trash' };
  else if (approved === 'post-trashed')
    skip = { kind: 'skipped', reason: 'its post is in the trash' };
  else if (approved !== '1' && approved !== '0') {
    skip = {
      kind: 'failed',
      reason: `wp:comment_approved "${approved}" is not 1, 0, spam or trash`,
    };
  } else if (!PUBLIC_STATUSES.has(item.status)) {
    skip = { kind: 'skipped', reason: `its post is not published (status "${item.status}")` };
  } else if (createdAt === null) {
    skip = {
      kind: 'failed',
      reason: `comment_date_gmt "${field('comment_date_gmt')}" is not a time`,
    };
  } else skip = null;
  if (approved === '0') status = 'pending';
  const parent = field('comment_parent');
  return {
    kind: 'comment',
    key: `wordpress:${blog}#${field('comment_id') || `line-${line}`}`,
    line,
    page: item.link.trim() || null,
    threadKey: null,
    parentKey: parent === '' || parent === '0' ? null : `wordpress:${blog}#${parent}`,
    author: {
      // WordPress stores names HTML-escaped (O&#039;Brien, Tom &amp; Jerry).
      name: authorName(htmlText(fields.comment_author ?? ''), notes),
      email: authorEmail(fields.comment_author_email),
      url: authorUrl(fields.comment_author_url, notes),
    },
    tokenHash: null,
    // Converted to Markdown (and checked) off this thread; a comment left out needs no body.
    body: '',
    html: skip === null ? paragraphs(fields.comment_content ?? '') : undefined,
    createdAt,
    editedAt: null,
    status,
    skip,
    up: 0,
    down: 0,
    notes,
  };
}

function visitor(): XmlVisitor<ImportItem> {
  const channel: Fields = {};
  let item: Item | null = null;
  let fields: Fields | null = null;
  let commentLine = 0;
  let blog: string | null = null;
  const blogKey = () =>
    (blog ??= normalisePageKey(
      (channel.base_blog_url || channel.base_site_url || channel.link || '').trim(),
    ));
  return {
    open(element: XmlElement, depth: number) {
      if (depth === 1 && element.local !== 'rss') {
        throw new ImportFileError(
          `not a WordPress export (WXR): the root element is <${element.local}>, not <rss>`,
          element.line,
        );
      }
      if (depth === 3 && element.local === 'item') item = { link: '', status: '' };
      if (depth === 4 && item && element.local === 'comment' && isWp(element.uri, element.prefix)) {
        fields = {};
        commentLine = element.line;
      }
    },
    close(element: XmlElement, text: string, depth: number, emit) {
      const wp = isWp(element.uri, element.prefix);
      if (depth === 3) {
        if (element.local === 'item') item = null;
        // <atom:link> shares the local name; the channel's own <link> has no namespace.
        else if (element.local === 'link' && element.uri === '') channel.link = text;
        else if (wp) channel[element.local] = text;
      } else if (depth === 4 && item) {
        if (element.local === 'comment' && wp && fields) {
          emit(comment(fields, commentLine, item, blogKey()));
          fields = null;
        } else if (element.local === 'link' && element.uri === '') item.link = text;
        else if (element.local === 'status' && wp) item.status = text.trim();
      } else if (depth === 5 && fields && wp) {
        fields[element.local] = text;
      }
    },
  };
}

/** The comments of a WordPress export, streamed. */
export function parseWordpress(chunks: AsyncIterable<string>): AsyncGenerator<ImportItem> {
  return walkXml(chunks, visitor());
}
