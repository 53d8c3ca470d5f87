import { visit } from 'jsonc-parser';
import { markdownBody } from './html.js';
import {
  authorEmail,
  authorName,
  authorUrl,
  bodyCheck,
  ImportFileError,
  parseTime,
  type CommentItem,
  type ImportItem,
  type Skip,
} from './items.js';
import { linesOf, parseJson } from './json.js';

/**
 * A Commento export (Dashboard → Export data; gzipped JSON), version 1:
 *
 *   {"version": 1,
 *    "comments": [{"commentHex": "…", "domain": "blog.example", "url": "/a/post",
 *      "commenterHex": "…" | "anonymous", "markdown": "…", "parentHex": "root" | "…",
 *      "score": 3, "state": "approved" | "unapproved" | "flagged",
 *      "creationDate": "2019-05-01T19:57:18.123Z", "deleted": false}],
 *    "commenters": [{"commenterHex": "…", "email": "…", "name": "…", "link": "…" | "undefined",
 *      "photo": "…", "provider": "commento", "joinDate": "…"}]}
 *
 * Commento's export names the page path `url` (its database column is `path`; both are read).
 * Comments are Markdown already. Commento marks a deletion by replacing the text with
 * "[deleted]" and the commenter with "anonymous" (its export leaves `deleted` out); either
 * sign counts. "flagged" is Commento's word for what its spam filter caught. The score
 * (upvotes minus downvotes) becomes up or down votes.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const string = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The line each element of `comments` starts on. */
function commentLines(text: string): number[] {
  const offsets: number[] = [];
  const element = (offset: number, path: () => ReadonlyArray<string | number>) => {
    const at = path();
    if (at.length === 2 && at[0] === 'comments') offsets.push(offset);
  };
  visit(text, {
    onObjectBegin: (offset, _length, _line, _column, path) => element(offset, path),
    onArrayBegin: (offset, _length, _line, _column, path) => element(offset, path),
    onLiteralValue: (_value, offset, _length, _line, _column, path) => element(offset, path),
  });
  return linesOf(text, offsets);
}

interface Commenter {
  name: string;
  email: string;
  link: string;
}

function comment(value: unknown, line: number, commenters: Map<string, Commenter>): CommentItem {
  const notes: string[] = [];
  const raw = isObject(value) ? value : {};
  const hex = string(raw.commentHex).trim();
  const domain = string(raw.domain).trim();
  const path = string(raw.url) || string(raw.path);
  const commenterHex = string(raw.commenterHex);
  const markdown = string(raw.markdown);
  const state = string(raw.state);
  const createdAt = parseTime(string(raw.creationDate));
  const commenter = commenters.get(commenterHex);
  const deleted =
    raw.deleted === true || (markdown === '[deleted]' && commenterHex === 'anonymous');
  const body = deleted ? '' : markdownBody(markdown);
  let skip: Skip | null;
  if (!isObject(value)) skip = { kind: 'failed', reason: 'not an object' };
  else if (hex === '') skip = { kind: 'failed', reason: 'no commentHex' };
  else if (deleted) skip = { kind: 'skipped', reason: 'deleted' };
  else if (state === 'flagged') skip = { kind: 'skipped', reason: 'flagged as spam' };
  else if (state !== 'approved' && state !== 'unapproved' && state !== '') {
    skip = { kind: 'failed', reason: `state "${state}" is not approved, unapproved or flagged` };
  } else if (domain === '') skip = { kind: 'failed', reason: 'no domain' };
  else if (createdAt === null) {
    skip = { kind: 'failed', reason: `creationDate "${string(raw.creationDate)}" is not a time` };
  } else skip = bodyCheck(body);
  const score = typeof raw.score === 'number' && Number.isSafeInteger(raw.score) ? raw.score : 0;
  const parent = string(raw.parentHex);
  return {
    kind: 'comment',
    key: `commento:${hex || `line-${line}`}`,
    line,
    // Commento knows the domain, not the scheme: https, which --map can change.
    page: domain === '' ? null : `https://${domain}${path.startsWith('/') ? '' : '/'}${path}`,
    threadKey: null,
    parentKey: parent === '' || parent === 'root' ? null : `commento:${parent}`,
    author: {
      name: authorName(commenter?.name ?? 'Anonymous', notes),
      email: authorEmail(commenter?.email),
      url: authorUrl(commenter?.link, notes),
    },
    tokenHash: null,
    body,
    createdAt,
    editedAt: null,
    status: state === 'unapproved' ? 'pending' : 'published',
    skip,
    up: Math.max(score, 0),
    down: Math.max(-score, 0),
    notes,
  };
}

/** The comments of a Commento export (read whole: Commento exports are small). */
export function* parseCommento(text: string): Generator<ImportItem> {
  const document = parseJson(text);
  if (!isObject(document) || !Array.isArray(document.comments)) {
    throw new ImportFileError('not a Commento export: no "comments" array at the top level', 1, 1);
  }
  if (document.version !== 1) {
    throw new ImportFileError(
      `Commento export version ${JSON.stringify(document.version)}: only version 1 is known`,
    );
  }
  const commenters = new Map<string, Commenter>();
  for (const value of Array.isArray(document.commenters) ? document.commenters : []) {
    if (!isObject(value)) continue;
    commenters.set(string(value.commenterHex), {
      name: string(value.name),
      email: string(value.email),
      link: string(value.link),
    });
  }
  const lines = commentLines(text.replace(/^\uFEFF/, ''));
  let index = 0;
  for (const value of document.comments) {
    yield comment(value, lines[index] ?? 0, commenters);
    index += 1;
  }
}
