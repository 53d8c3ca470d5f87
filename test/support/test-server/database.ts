/**
 * A test scope's view of the reference server's SQLite database, from a connection of its own:
 * seeding threads and reading back what the server stored. Plain SQL against the tables of the
 * server's first migration (pages, tokens, comments, votes; a pending comment is also marked held,
 * in the moderation migration's columns); the server's storage classes are not
 * used, so seeding never depends on how the server organises its code.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Comment, CommentStatus, VoteValue } from '../../../src/protocol/index.js';
import { normalisePageKey } from '../../../src/protocol/index.js';
import { hashToken, newToken } from '../../../server/src/tokens.js';
import type { SeedComment, SeededComment } from './types.js';

interface CommentRow {
  id: number;
  parent_id: number | null;
  token_id: number;
  author_name: string;
  author_url: string | null;
  body: string;
  status: CommentStatus;
  created_at: number;
  edited_at: number | null;
  up: number;
  down: number;
  my_vote: VoteValue | null;
}

const SELECT_COMMENTS = `
  SELECT c.id, c.parent_id, c.token_id, c.author_name, c.author_url, c.body, c.status,
         c.created_at, c.edited_at, c.up, c.down, v.value AS my_vote
  FROM comments c
  JOIN pages p ON p.id = c.page_id
  LEFT JOIN votes v ON v.comment_id = c.id AND v.token_id = @reader`;

export class ScopeDatabase {
  readonly #db: Database.Database;
  /** The token the browser helper hands the widget; owns `mine` seeds. */
  readonly readerToken: string;
  readonly #readerId: number;
  /** One token per seeded author name, as if each had written with their own browser. */
  readonly #authors = new Map<string, number>();
  /** Tokens of other readers whose votes seeds carry. */
  readonly #voters: number[] = [];
  /** ref → comment id, across every seed of the scope. */
  readonly #refs = new Map<string, number>();
  #seeded = 0;

  /** Opens the file the server has created and migrated. */
  constructor(file: string) {
    this.#db = new Database(file, { fileMustExist: true });
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
    this.readerToken = newToken();
    this.#readerId = this.#insertToken(hashToken(this.readerToken));
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #insertToken(hash: Buffer): number {
    return Number(
      this.#db.prepare('INSERT INTO tokens (hash, created_at) VALUES (?, ?)').run(hash, Date.now())
        .lastInsertRowid,
    );
  }

  /** A token nobody holds (its hash matches no token string). */
  #someoneElse(): number {
    return this.#insertToken(randomBytes(32));
  }

  #authorToken(name: string): number {
    let id = this.#authors.get(name);
    if (id === undefined) this.#authors.set(name, (id = this.#someoneElse()));
    return id;
  }

  #voter(index: number): number {
    while (this.#voters.length <= index) this.#voters.push(this.#someoneElse());
    return this.#voters[index]!;
  }

  #pageId(key: string, locked: boolean | undefined): number {
    const found = this.#db.prepare('SELECT id FROM pages WHERE key = ?').pluck().get(key) as
      number | undefined;
    if (found !== undefined) {
      if (locked !== undefined) {
        this.#db.prepare('UPDATE pages SET locked = ? WHERE id = ?').run(locked ? 1 : 0, found);
      }
      return found;
    }
    return Number(
      this.#db
        .prepare('INSERT INTO pages (key, locked, created_at) VALUES (?, ?, ?)')
        .run(key, locked ? 1 : 0, Date.now()).lastInsertRowid,
    );
  }

  /** The comment id of a ref, or undefined. */
  idOf(ref: string): number | undefined {
    return this.#refs.get(ref);
  }

  /**
   * Writes comments into one page, in one transaction; returns them as the reader token reads them.
   * Replies name their parent by ref, which must be seeded before them (here or earlier).
   */
  seed(pageKey: string, specs: readonly SeedComment[], locked?: boolean): SeededComment[] {
    const key = normalisePageKey(pageKey);
    const insert = this.#db.prepare(`
      INSERT INTO comments (page_id, parent_id, token_id, author_name, author_email, author_url,
                            body, status, created_at, edited_at, up, down)
      VALUES (@page, @parent, @token, @name, NULL, @url, @body, @status, @created, @edited, @up, @down)`);
    const vote = this.#db.prepare(
      'INSERT INTO votes (comment_id, token_id, page_id, value) VALUES (?, ?, ?, ?)',
    );
    const held = this.#db.prepare(
      "UPDATE comments SET held_at = created_at, held_for = 'moderation' WHERE id = ?",
    );
    const ids = this.#db.transaction(() => {
      const page = this.#pageId(key, locked);
      const now = Date.now();
      return specs.map((spec, index) => {
        this.#seeded += 1;
        if (spec.ref !== undefined && this.#refs.has(spec.ref)) {
          throw new Error(`seed: the ref "${spec.ref}" is already used in this scope`);
        }
        let parent: number | null = null;
        if (spec.parent !== undefined && spec.parent !== null) {
          const found = this.#refs.get(spec.parent);
          if (found === undefined) {
            throw new Error(
              `seed: no comment with the ref "${spec.parent}" seeded before this one`,
            );
          }
          parent = found;
        }
        const author =
          typeof spec.author === 'string'
            ? { name: spec.author, url: null }
            : { name: `Reader ${this.#seeded}`, url: null, ...spec.author };
        const status = spec.status ?? 'published';
        const deleted = status === 'deleted';
        const myVote = spec.myVote ?? 0;
        const othersUp = Math.max(0, (spec.up ?? 0) - (myVote === 1 ? 1 : 0));
        const othersDown = Math.max(0, (spec.down ?? 0) - (myVote === -1 ? 1 : 0));
        const id = Number(
          insert.run({
            page,
            parent,
            token: spec.mine ? this.#readerId : this.#authorToken(author.name),
            // Deleting wipes what the author wrote; a seeded tombstone holds no more than a real one.
            name: deleted ? '' : author.name,
            url: deleted ? null : (author.url ?? null),
            body: deleted ? '' : (spec.body ?? `Comment ${this.#seeded}`),
            status,
            // One second apart, in the given order, ending now: recent enough to be editable.
            created: timeOf(spec.createdAt, 'createdAt') ?? now - (specs.length - index) * 1000,
            edited: timeOf(spec.editedAt, 'editedAt'),
            up: othersUp + (myVote === 1 ? 1 : 0),
            down: othersDown + (myVote === -1 ? 1 : 0),
          }).lastInsertRowid,
        );
        for (let i = 0; i < othersUp + othersDown; i++) {
          vote.run(id, this.#voter(i), page, i < othersUp ? 1 : -1);
        }
        if (myVote !== 0) vote.run(id, this.#readerId, page, myVote);
        // A pending comment waits in the moderation queue, held by --moderation hold: marked as
        // the moderation migration marks the pending comments it finds.
        if (status === 'pending') held.run(id);
        if (spec.ref !== undefined) this.#refs.set(spec.ref, id);
        return id;
      });
    })();
    const byId = new Map(this.comments(key).map((comment) => [comment.id, comment]));
    return ids.map((id, index) => ({ ...byId.get(String(id))!, ref: specs[index]!.ref ?? null }));
  }

  /**
   * Everything stored for a page, deleted and pending included, oldest first, with `mine` and
   * `myVote` as the reader token sees them.
   */
  comments(pageKey: string): Comment[] {
    const rows = this.#db
      .prepare(`${SELECT_COMMENTS} WHERE p.key = @key ORDER BY c.created_at, c.id`)
      .all({ key: normalisePageKey(pageKey), reader: this.#readerId }) as CommentRow[];
    return rows.map((row) => ({
      id: String(row.id),
      parentId: row.parent_id === null ? null : String(row.parent_id),
      author: { name: row.author_name, url: row.author_url, avatar: null },
      body: row.body,
      createdAt: new Date(row.created_at).toISOString(),
      editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
      status: row.status,
      votes: { up: row.up, down: row.down },
      myVote: row.my_vote ?? 0,
      mine: row.token_id === this.#readerId,
    }));
  }
}

function timeOf(text: string | null | undefined, field: string): number | null {
  if (text === undefined || text === null) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`seed: ${field} "${text}" is not a time`);
  return ms;
}
