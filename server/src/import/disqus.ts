import {
  authorEmail,
  authorName,
  bodyCheck,
  count,
  ImportFileError,
  parseTime,
  type CommentItem,
  type ImportItem,
  type Skip,
} from './items.js';
import { walkXml, type XmlElement, type XmlVisitor } from './xml.js';

/**
 * A Disqus export (Admin → Community → Export, mailed as .xml.gz):
 *
 *   <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
 *     <category dsq:id="…">…</category>
 *     <thread dsq:id="7"><id>the site's identifier</id><link>https://blog.example/a</link>
 *       <title>…</title><createdAt>…</createdAt>…</thread>
 *     <post dsq:id="42"><message><![CDATA[<p>HTML</p>]]></message>
 *       <createdAt>2019-03-04T01:02:03Z</createdAt><isDeleted>false</isDeleted>
 *       <isSpam>false</isSpam><author><name>…</name><email>…</email>
 *       <isAnonymous>…</isAnonymous><username>…</username></author>
 *       <thread dsq:id="7"/><parent dsq:id="41"/></post>
 *   </disqus>
 *
 * Threads and posts come in any order (a post may precede its thread or its parent): this
 * parser only reads, the writer resolves. Likes are read from <likes> and <dislikes> where an
 * export has them.
 */

const INTERNALS = 'http://disqus.com/disqus-internals';
const internal = (uri: string, prefix: string) => uri === INTERNALS || prefix === 'dsq';

interface ThreadDraft {
  id: string | undefined;
  line: number;
  link: string;
}

interface PostDraft {
  id: string | undefined;
  line: number;
  message: string;
  createdAt: string;
  deleted: boolean;
  spam: boolean;
  name: string;
  username: string;
  email: string;
  threadId: string | undefined;
  parentId: string | undefined;
  likes: string;
  dislikes: string;
}

const isTrue = (text: string) => text.trim().toLowerCase() === 'true';

export function disqusThreadKey(id: string): string {
  return `disqus-thread:${id}`;
}

function post(draft: PostDraft): CommentItem {
  const notes: string[] = [];
  const empty = draft.message.trim() === '';
  const createdAt = parseTime(draft.createdAt);
  let skip: Skip | null;
  if (draft.id === undefined) skip = { kind: 'failed', reason: 'the post has no dsq:id' };
  else if (draft.spam) skip = { kind: 'skipped', reason: 'marked as spam' };
  else if (draft.deleted) skip = { kind: 'skipped', reason: 'deleted' };
  else if (draft.threadId === undefined) {
    skip = { kind: 'failed', reason: 'the post names no thread' };
  } else if (createdAt === null) {
    skip = { kind: 'failed', reason: `createdAt "${draft.createdAt.trim()}" is not a time` };
  } else if (empty) skip = bodyCheck('');
  else skip = null;
  return {
    kind: 'comment',
    key: `disqus:${draft.id ?? `line-${draft.line}`}`,
    line: draft.line,
    page: null,
    threadKey: draft.threadId === undefined ? null : disqusThreadKey(draft.threadId),
    parentKey: draft.parentId === undefined ? null : `disqus:${draft.parentId}`,
    author: {
      // A profile without a display name shows its username on Disqus.
      name: authorName(draft.name.trim() || draft.username, notes),
      email: authorEmail(draft.email),
      url: null,
    },
    tokenHash: null,
    // Converted to Markdown (and checked) off this thread; a comment left out needs no body.
    body: '',
    html: skip === null ? draft.message : undefined,
    createdAt,
    editedAt: null,
    status: 'published',
    skip,
    up: count(draft.likes),
    down: count(draft.dislikes),
    notes,
  };
}

function visitor(): XmlVisitor<ImportItem> {
  let thread: ThreadDraft | null = null;
  let postDraft: PostDraft | null = null;
  let inAuthor = false;
  return {
    open(element: XmlElement, depth: number) {
      if (depth === 1) {
        if (element.local !== 'disqus') {
          throw new ImportFileError(
            `not a Disqus export: the root element is <${element.prefix ? `${element.prefix}:` : ''}${element.local}>, not <disqus>`,
            element.line,
          );
        }
        return;
      }
      const id = element.attribute('id', internal);
      if (depth === 2) {
        if (element.local === 'thread') thread = { id, line: element.line, link: '' };
        else if (element.local === 'post') {
          postDraft = {
            id,
            line: element.line,
            message: '',
            createdAt: '',
            deleted: false,
            spam: false,
            name: '',
            username: '',
            email: '',
            threadId: undefined,
            parentId: undefined,
            likes: '',
            dislikes: '',
          };
        }
      } else if (depth === 3 && postDraft) {
        if (element.local === 'thread') postDraft.threadId = id;
        else if (element.local === 'parent') postDraft.parentId = id;
        else if (element.local === 'author') inAuthor = true;
      }
    },
    close(element: XmlElement, text: string, depth: number, emit) {
      if (depth === 2) {
        if (element.local === 'thread' && thread) {
          if (thread.id !== undefined) {
            emit({
              kind: 'thread',
              key: disqusThreadKey(thread.id),
              page: thread.link.trim() || null,
              // Disqus closes old threads by itself when a site asks it to; whether a thread
              // takes new comments here is the site owner's choice (admin lock).
              locked: false,
              line: thread.line,
            });
          }
          thread = null;
        } else if (element.local === 'post' && postDraft) {
          emit(post(postDraft));
          postDraft = null;
        }
        return;
      }
      if (thread && depth === 3) {
        if (element.local === 'link') thread.link = text;
      } else if (postDraft && depth === 3) {
        switch (element.local) {
          case 'message':
            postDraft.message = text;
            break;
          case 'createdAt':
            postDraft.createdAt = text;
            break;
          case 'isDeleted':
            postDraft.deleted = isTrue(text);
            break;
          case 'isSpam':
            postDraft.spam = isTrue(text);
            break;
          case 'likes':
            postDraft.likes = text;
            break;
          case 'dislikes':
            postDraft.dislikes = text;
            break;
          case 'author':
            inAuthor = false;
            break;
        }
      } else if (postDraft && inAuthor && depth === 4) {
        if (element.local === 'name') postDraft.name = text;
        else if (element.local === 'username') postDraft.username = text;
        else if (element.local === 'email') postDraft.email = text;
      }
    },
  };
}

/** The threads and posts of a Disqus export, streamed. */
export function parseDisqus(chunks: AsyncIterable<string>): AsyncGenerator<ImportItem> {
  return walkXml(chunks, visitor());
}
