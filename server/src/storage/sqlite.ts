import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Compilable,
  type RawBuilder,
} from 'kysely';
import type { CommentStatus, VoteValue } from '../../../src/protocol/index.js';
import { migrate } from './migrations.js';
import type { Database as Tables } from './schema.js';
import type {
  ChangeOutcome,
  CommentRecord,
  CommentWithPage,
  CreateOutcome,
  NewComment,
  SeedPage,
  Storage,
  ThreadRecord,
  TokenIdentity,
  TokenRecord,
  ViewerMarks,
  VoteOutcome,
} from './types.js';

export type SyncMode = 'full' | 'normal';

/**
 * Kysely builds the SQL (typed against the schema) but never runs it: each
 * query is compiled once, here, into a better-sqlite3 prepared statement with
 * named parameters. Requests then pay only for SQLite itself, synchronously,
 * which also makes every transaction below free of interleaving within the
 * process.
 */
const builder = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/**
 * A named placeholder, bound when the statement runs. Its type is left open:
 * tables and columns are checked against the schema, values at the call.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function param(name: string): RawBuilder<any> {
  return sql.raw(`@${name}`);
}

const COMMENT_COLUMNS = [
  'comments.id as id',
  'comments.page_id as pageId',
  'comments.parent_id as parentId',
  'comments.token_id as tokenId',
  'comments.author_name as authorName',
  'comments.author_url as authorUrl',
  'comments.body as body',
  'comments.status as status',
  'comments.created_at as createdAt',
  'comments.edited_at as editedAt',
  'comments.up as up',
  'comments.down as down',
] as const;

const QUERIES = {
  insertToken: builder.insertInto('tokens').values({
    hash: param('hash'),
    name: param('name'),
    url: param('url'),
    sso_subject: param('sso'),
    created_at: param('now'),
  }),
  tokenByHash: builder
    .selectFrom('tokens')
    .select(['id', 'name', 'url'])
    .where('hash', '=', param('hash')),
  pageByKey: builder.selectFrom('pages').select(['id', 'locked']).where('key', '=', param('key')),
  insertPage: builder
    .insertInto('pages')
    .values({ key: param('key'), locked: param('locked'), created_at: param('now') }),
  setLocked: builder
    .insertInto('pages')
    .values({ key: param('key'), locked: param('locked'), created_at: param('now') })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ locked: param('locked') })),
  commentsOfPage: builder
    .selectFrom('comments')
    .select(COMMENT_COLUMNS)
    .where('page_id', '=', param('page'))
    .orderBy('created_at')
    .orderBy('id'),
  commentById: builder
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .select([...COMMENT_COLUMNS, 'pages.key as pageKey'])
    .where('comments.id', '=', param('id')),
  pendingComments: builder
    .selectFrom('comments')
    .innerJoin('pages', 'pages.id', 'comments.page_id')
    .select([...COMMENT_COLUMNS, 'pages.key as pageKey'])
    .where('comments.status', '=', sql.lit('pending'))
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .limit(param('limit')),
  // One indexed query for both marks: own comments carry vote 0, vote rows
  // are never 0 (withdrawing a vote deletes its row).
  viewerMarks: builder
    .selectFrom('comments')
    .select(['id', sql<number>`0`.as('vote')])
    .where('token_id', '=', param('token'))
    .where('page_id', '=', param('page'))
    .unionAll(
      builder
        .selectFrom('votes')
        .select(['comment_id as id', 'value as vote'])
        .where('token_id', '=', param('token'))
        .where('page_id', '=', param('page')),
    ),
  insertComment: builder.insertInto('comments').values({
    page_id: param('page'),
    parent_id: param('parent'),
    token_id: param('token'),
    author_name: param('name'),
    author_email: param('email'),
    author_url: param('url'),
    body: param('body'),
    status: param('status'),
    created_at: param('now'),
    edited_at: param('editedAt'),
    up: param('up'),
    down: param('down'),
  }),
  idempotencyByKey: builder
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response'])
    .where('token_id', '=', param('token'))
    .where('key', '=', param('key'))
    .where('created_at', '>=', param('since')),
  storeIdempotency: builder
    .insertInto('idempotency_keys')
    .values({
      token_id: param('token'),
      key: param('key'),
      fingerprint: param('fingerprint'),
      comment_id: param('comment'),
      response: param('response'),
      created_at: param('now'),
    })
    // An expired key may be used again; the new result replaces the old one.
    .onConflict((conflict) =>
      conflict.columns(['token_id', 'key']).doUpdateSet({
        fingerprint: param('fingerprint'),
        comment_id: param('comment'),
        response: param('response'),
        created_at: param('now'),
      }),
    ),
  forgetIdempotencyOfComment: builder
    .deleteFrom('idempotency_keys')
    .where('comment_id', '=', param('id')),
  purgeIdempotency: builder
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', param('before')),
  updateBody: builder
    .updateTable('comments')
    .set({ body: param('body'), edited_at: param('now') })
    .where('id', '=', param('id')),
  // Deleting keeps the row (replies hang on it) but nothing the author wrote.
  markDeleted: builder
    .updateTable('comments')
    .set({
      status: sql.lit('deleted'),
      body: sql.lit(''),
      author_name: sql.lit(''),
      author_email: sql.lit(null),
      author_url: sql.lit(null),
    })
    .where('id', '=', param('id')),
  approve: builder
    .updateTable('comments')
    .set({ status: sql.lit('published') })
    .where('id', '=', param('id'))
    .where('status', '=', sql.lit('pending')),
  voteOf: builder
    .selectFrom('votes')
    .select('value')
    .where('comment_id', '=', param('id'))
    .where('token_id', '=', param('token')),
  upsertVote: builder
    .insertInto('votes')
    .values({
      comment_id: param('id'),
      token_id: param('token'),
      page_id: param('page'),
      value: param('value'),
    })
    .onConflict((conflict) =>
      conflict.columns(['comment_id', 'token_id']).doUpdateSet({ value: param('value') }),
    ),
  deleteVote: builder
    .deleteFrom('votes')
    .where('comment_id', '=', param('id'))
    .where('token_id', '=', param('token')),
  // Counters move by deltas inside the vote's transaction, never by a value
  // computed outside it, so no concurrent vote can be lost.
  moveCounters: builder
    .updateTable('comments')
    .set({
      up: sql<number>`up + @up`,
      down: sql<number>`down + @down`,
    })
    .where('id', '=', param('id')),
  isEmpty: builder.selectNoFrom([
    sql<number>`NOT EXISTS (SELECT 1 FROM pages) AND NOT EXISTS (SELECT 1 FROM comments)`.as(
      'empty',
    ),
  ]),
} satisfies Record<string, Compilable>;

type Statements = { [name in keyof typeof QUERIES]: Database.Statement };

interface CommentRow extends Omit<CommentRecord, 'status'> {
  status: string;
}

function asComment<T extends CommentRow>(row: T): T & { status: CommentStatus } {
  return row as T & { status: CommentStatus };
}

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface SqliteOptions {
  sync?: SyncMode;
  readonly?: boolean;
}

export class SqliteStorage implements Storage {
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #dataVersion: Database.Statement;
  /** Writes waiting for the next group commit, in arrival order. */
  readonly #queued: QueuedWrite[] = [];

  constructor(file: string, options: SqliteOptions = {}) {
    this.#db = new Database(file, { fileMustExist: false });
    // WAL lets readers (and the admin command line) work beside the writer.
    this.#db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so a 201 survives not only a
    // killed process but a power cut; NORMAL survives a killed process only.
    this.#db.pragma(`synchronous = ${options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
    migrate(this.#db);
    const statements: Partial<Statements> = {};
    for (const [name, query] of Object.entries(QUERIES)) {
      const compiled = query.compile();
      // Values written into a query must be sql.lit(); a bound value here
      // would silently shift every named parameter.
      if (compiled.parameters.length > 0) {
        throw new Error(`query ${name} has inline values; use param() or sql.lit()`);
      }
      statements[name as keyof Statements] = this.#db.prepare(compiled.sql);
    }
    this.#statements = statements as Statements;
    this.#dataVersion = this.#db.prepare('PRAGMA data_version').pluck();
  }

  async createToken(hash: Buffer, identity: TokenIdentity | null, now: number): Promise<number> {
    return this.#write(() => {
      const result = this.#statements.insertToken.run({
        hash,
        name: identity?.name ?? null,
        url: identity?.url ?? null,
        sso: identity?.ssoSubject ?? null,
        now,
      });
      return Number(result.lastInsertRowid);
    });
  }

  /**
   * Group commit. With `synchronous = FULL` every COMMIT waits for an fsync
   * (milliseconds on a virtual disk), which one write at a time caps at a few
   * hundred writes a second. Writes that arrive while the process is busy are
   * queued and committed together, one transaction and one fsync for all;
   * each runs in its own savepoint, so one that throws is undone alone. A
   * promise settles only after the COMMIT that holds its write: a 201 still
   * means the row is on disk.
   */
  #write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#queued.length === 1) setImmediate(() => this.#commitQueued());
    });
  }

  #commitQueued(): void {
    const batch = this.#queued.splice(0);
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.#db
        .transaction(() => {
          for (const job of batch) {
            try {
              outcomes.push({ ok: true, value: this.#db.transaction(job.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  async findToken(hash: Buffer): Promise<TokenRecord | null> {
    return (this.#statements.tokenByHash.get({ hash }) as TokenRecord | undefined) ?? null;
  }

  async loadThread(pageKey: string): Promise<ThreadRecord> {
    // One snapshot: the page row and its comments are read in one transaction.
    return this.#db.transaction(() => {
      const page = this.#statements.pageByKey.get({ key: pageKey }) as
        { id: number; locked: number } | undefined;
      if (!page) return { pageId: null, locked: false, comments: [] };
      const rows = this.#statements.commentsOfPage.all({ page: page.id }) as CommentRow[];
      return { pageId: page.id, locked: page.locked === 1, comments: rows.map(asComment) };
    })();
  }

  async viewerMarks(pageId: number, tokenId: number): Promise<ViewerMarks> {
    const rows = this.#statements.viewerMarks.all({ page: pageId, token: tokenId }) as Array<{
      id: number;
      vote: number;
    }>;
    const marks: ViewerMarks = { mine: new Set(), votes: new Map() };
    for (const row of rows) {
      if (row.vote === 0) marks.mine.add(row.id);
      else marks.votes.set(row.id, row.vote as VoteValue);
    }
    return marks;
  }

  #commentById(id: number): CommentWithPage | null {
    const row = this.#statements.commentById.get({ id }) as
      (CommentRow & { pageKey: string }) | undefined;
    return row ? asComment(row) : null;
  }

  async getComment(id: number): Promise<CommentWithPage | null> {
    return this.#commentById(id);
  }

  async createComment(input: NewComment): Promise<CreateOutcome> {
    const s = this.#statements;
    return this.#write((): CreateOutcome => {
      if (input.idempotency) {
        const earlier = s.idempotencyByKey.get({
          token: input.tokenId,
          key: input.idempotency.key,
          since: input.idempotency.since,
        }) as { fingerprint: Buffer; response: string } | undefined;
        if (earlier) {
          return earlier.fingerprint.equals(input.idempotency.fingerprint)
            ? { kind: 'replayed', response: earlier.response }
            : { kind: 'key_reused' };
        }
      }
      const page = s.pageByKey.get({ key: input.pageKey }) as
        { id: number; locked: number } | undefined;
      if (page?.locked === 1) return { kind: 'locked' };
      if (input.parentId !== null) {
        const parent = this.#commentById(input.parentId);
        const reason = !parent
          ? 'does not exist'
          : !page || parent.pageId !== page.id
            ? 'is on another page'
            : parent.status === 'deleted'
              ? 'has been deleted'
              : parent.status === 'pending' && parent.tokenId !== input.tokenId
                ? 'does not exist'
                : null;
        if (reason) return { kind: 'bad_parent', reason };
      }
      const pageId =
        page?.id ??
        Number(s.insertPage.run({ key: input.pageKey, locked: 0, now: input.now }).lastInsertRowid);
      const id = Number(
        s.insertComment.run({
          page: pageId,
          parent: input.parentId,
          token: input.tokenId,
          name: input.authorName,
          email: input.authorEmail,
          url: input.authorUrl,
          body: input.body,
          status: input.status,
          now: input.now,
          editedAt: null,
          up: 0,
          down: 0,
        }).lastInsertRowid,
      );
      const comment: CommentWithPage = {
        id,
        pageId,
        pageKey: input.pageKey,
        parentId: input.parentId,
        tokenId: input.tokenId,
        authorName: input.authorName,
        authorUrl: input.authorUrl,
        body: input.body,
        status: input.status,
        createdAt: input.now,
        editedAt: null,
        up: 0,
        down: 0,
      };
      const response = input.responseOf(comment);
      if (input.idempotency) {
        s.storeIdempotency.run({
          token: input.tokenId,
          key: input.idempotency.key,
          fingerprint: input.idempotency.fingerprint,
          comment: id,
          response,
          now: input.now,
        });
      }
      return { kind: 'created', comment, response };
    });
  }

  async editComment(input: {
    id: number;
    tokenId: number;
    body: string;
    now: number;
    editWindowMs: number;
  }): Promise<ChangeOutcome> {
    return this.#write((): ChangeOutcome => {
      const comment = this.#commentById(input.id);
      const refusal = this.#ownershipProblem(comment, input.tokenId);
      if (refusal) return refusal;
      const own = comment!;
      if (own.status === 'deleted') {
        return { kind: 'forbidden', reason: 'A deleted comment cannot be edited' };
      }
      if (input.now - own.createdAt > input.editWindowMs) {
        return { kind: 'forbidden', reason: 'The edit window of this comment has passed' };
      }
      const myVote = this.#voteOf(own.id, input.tokenId);
      if (own.body === input.body) return { kind: 'unchanged', comment: own, myVote };
      this.#statements.updateBody.run({ id: own.id, body: input.body, now: input.now });
      return {
        kind: 'changed',
        comment: { ...own, body: input.body, editedAt: input.now },
        previousStatus: own.status,
        myVote,
      };
    });
  }

  async deleteComment(input: { id: number; tokenId: number | null }): Promise<ChangeOutcome> {
    return this.#write((): ChangeOutcome => {
      const comment = this.#commentById(input.id);
      if (input.tokenId !== null) {
        const refusal = this.#ownershipProblem(comment, input.tokenId);
        if (refusal) return refusal;
      } else if (!comment) {
        return { kind: 'not_found' };
      }
      const own = comment!;
      const myVote = this.#voteOf(own.id, input.tokenId);
      if (own.status === 'deleted') return { kind: 'unchanged', comment: own, myVote };
      this.#statements.markDeleted.run({ id: own.id });
      this.#statements.forgetIdempotencyOfComment.run({ id: own.id });
      return {
        kind: 'changed',
        comment: { ...own, status: 'deleted', body: '', authorName: '', authorUrl: null },
        previousStatus: own.status,
        myVote,
      };
    });
  }

  #voteOf(id: number, tokenId: number | null): VoteValue {
    if (tokenId === null) return 0;
    return ((this.#statements.voteOf.pluck().get({ id, token: tokenId }) as number | undefined) ??
      0) as VoteValue;
  }

  /** Someone else's pending comment does not exist for the caller; someone else's comment is not theirs. */
  #ownershipProblem(comment: CommentWithPage | null, tokenId: number): ChangeOutcome | null {
    if (!comment || (comment.status === 'pending' && comment.tokenId !== tokenId)) {
      return { kind: 'not_found' };
    }
    if (comment.tokenId !== tokenId) {
      return { kind: 'forbidden', reason: 'Only the author of a comment can change it' };
    }
    return null;
  }

  async vote(input: { id: number; tokenId: number; value: VoteValue }): Promise<VoteOutcome> {
    const s = this.#statements;
    return this.#write((): VoteOutcome => {
      const comment = this.#commentById(input.id);
      if (!comment || (comment.status === 'pending' && comment.tokenId !== input.tokenId)) {
        return { kind: 'not_found' };
      }
      if (comment.status === 'deleted') {
        return { kind: 'forbidden', reason: 'A deleted comment cannot be voted on' };
      }
      const key = { id: input.id, token: input.tokenId };
      const before = this.#voteOf(input.id, input.tokenId);
      if (before === input.value) {
        return { kind: 'voted', comment, myVote: before, changed: false };
      }
      if (input.value === 0) s.deleteVote.run(key);
      else s.upsertVote.run({ ...key, page: comment.pageId, value: input.value });
      const up = (input.value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
      const down = (input.value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
      s.moveCounters.run({ id: input.id, up, down });
      return {
        kind: 'voted',
        comment: { ...comment, up: comment.up + up, down: comment.down + down },
        myVote: input.value,
        changed: true,
      };
    });
  }

  async approveComment(id: number): Promise<ChangeOutcome> {
    return this.#db
      .transaction((): ChangeOutcome => {
        const comment = this.#commentById(id);
        if (!comment) return { kind: 'not_found' };
        if (comment.status !== 'pending') return { kind: 'unchanged', comment, myVote: 0 };
        this.#statements.approve.run({ id });
        return {
          kind: 'changed',
          comment: { ...comment, status: 'published' },
          previousStatus: 'pending',
          myVote: 0,
        };
      })
      .immediate();
  }

  async setLocked(pageKey: string, locked: boolean, now: number): Promise<void> {
    this.#statements.setLocked.run({ key: pageKey, locked: locked ? 1 : 0, now });
  }

  async listPending(limit: number): Promise<CommentWithPage[]> {
    const rows = this.#statements.pendingComments.all({ limit }) as Array<
      CommentRow & { pageKey: string }
    >;
    return rows.map(asComment);
  }

  async isEmpty(): Promise<boolean> {
    return this.#statements.isEmpty.pluck().get() === 1;
  }

  async importSeed(
    pages: readonly SeedPage[],
  ): Promise<{ pages: number; comments: number; votes: number }> {
    const s = this.#statements;
    return this.#db
      .transaction(() => {
        const now = Date.now();
        // Seed comments belong to synthetic tokens nobody holds: one per author
        // name, and a pool of voters, so vote totals equal real vote rows.
        const authorTokens = new Map<string, number>();
        const tokenFor = (name: string): number => {
          let id = authorTokens.get(name);
          if (id === undefined) {
            id = Number(
              s.insertToken.run({ hash: randomBytes(32), name: null, url: null, sso: null, now })
                .lastInsertRowid,
            );
            authorTokens.set(name, id);
          }
          return id;
        };
        const voters: number[] = [];
        const voter = (index: number): number => {
          while (voters.length <= index) {
            voters.push(
              Number(
                s.insertToken.run({ hash: randomBytes(32), name: null, url: null, sso: null, now })
                  .lastInsertRowid,
              ),
            );
          }
          return voters[index]!;
        };
        let commentCount = 0;
        let voteCount = 0;
        for (const page of pages) {
          const pageId = Number(
            s.insertPage.run({ key: page.key, locked: page.locked ? 1 : 0, now }).lastInsertRowid,
          );
          const ids: number[] = [];
          for (const comment of page.comments) {
            const deleted = comment.status === 'deleted';
            const id = Number(
              s.insertComment.run({
                page: pageId,
                parent: comment.parentIndex === null ? null : ids[comment.parentIndex]!,
                token: tokenFor(comment.authorName),
                name: deleted ? '' : comment.authorName,
                email: null,
                url: deleted ? null : comment.authorUrl,
                body: deleted ? '' : comment.body,
                status: comment.status,
                now: comment.createdAt,
                editedAt: comment.editedAt,
                up: comment.up,
                down: comment.down,
              }).lastInsertRowid,
            );
            ids.push(id);
            commentCount += 1;
            for (let i = 0; i < comment.up + comment.down; i++) {
              s.upsertVote.run({
                id,
                token: voter(i),
                page: pageId,
                value: i < comment.up ? 1 : -1,
              });
              voteCount += 1;
            }
          }
        }
        return { pages: pages.length, comments: commentCount, votes: voteCount };
      })
      .immediate();
  }

  externalChangeMarker(): number {
    return this.#dataVersion.get() as number;
  }

  async purgeIdempotencyKeys(olderThan: number): Promise<number> {
    return this.#statements.purgeIdempotency.run({ before: olderThan }).changes;
  }

  async backup(destination: string): Promise<void> {
    await this.#db.backup(destination);
  }

  async integrityCheck(): Promise<string> {
    const rows = this.#db.pragma('integrity_check', { simple: false }) as Array<{
      integrity_check: string;
    }>;
    return rows.map((row) => row.integrity_check).join('\n');
  }

  async close(): Promise<void> {
    // Writes already accepted are committed, not dropped.
    this.#commitQueued();
    if (this.#db.open) this.#db.close();
  }
}
