import type { CommentStatus, VoteValue } from '../../../src/protocol/index.js';

/**
 * What the server needs from a database, with no HTTP in it. Every method
 * that changes data is one transaction: when its promise resolves, the change
 * is committed. Methods are async so that a networked database (PostgreSQL is
 * the next implementation) fits behind the same interface.
 */
export interface Storage {
  createToken(hash: Buffer, identity: TokenIdentity | null, now: number): Promise<number>;
  findToken(hash: Buffer): Promise<TokenRecord | null>;

  /** Every comment of a page (all statuses, oldest first) and whether it is locked. */
  loadThread(pageKey: string): Promise<ThreadRecord>;
  /** The comments a token wrote and the votes it holds on one page. */
  viewerMarks(pageId: number, tokenId: number): Promise<ViewerMarks>;
  getComment(id: number): Promise<CommentWithPage | null>;

  createComment(input: NewComment): Promise<CreateOutcome>;
  editComment(input: {
    id: number;
    tokenId: number;
    body: string;
    now: number;
    editWindowMs: number;
  }): Promise<ChangeOutcome>;
  /** tokenId null: an administrator's delete, without ownership check. */
  deleteComment(input: { id: number; tokenId: number | null }): Promise<ChangeOutcome>;
  vote(input: { id: number; tokenId: number; value: VoteValue }): Promise<VoteOutcome>;

  approveComment(id: number): Promise<ChangeOutcome>;
  setLocked(pageKey: string, locked: boolean, now: number): Promise<void>;
  listPending(limit: number): Promise<CommentWithPage[]>;

  /** True when the database holds no page and no comment. */
  isEmpty(): Promise<boolean>;
  /** Loads prepared seed data in one transaction (see seed.ts). */
  importSeed(
    pages: readonly SeedPage[],
  ): Promise<{ pages: number; comments: number; votes: number }>;
  /** Changes when another process (the admin command line) has written to the database. */
  externalChangeMarker(): number;
  /** Drops idempotency keys older than the given time. */
  purgeIdempotencyKeys(olderThan: number): Promise<number>;
  backup(destination: string): Promise<void>;
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

export interface TokenIdentity {
  name: string;
  ssoSubject: string;
  url: string | null;
}

export interface TokenRecord {
  id: number;
  name: string | null;
  url: string | null;
}

export interface CommentRecord {
  id: number;
  pageId: number;
  parentId: number | null;
  tokenId: number;
  authorName: string;
  authorUrl: string | null;
  body: string;
  status: CommentStatus;
  createdAt: number;
  editedAt: number | null;
  up: number;
  down: number;
}

export interface CommentWithPage extends CommentRecord {
  pageKey: string;
}

export interface SeedComment {
  /** Index into the page's comments of the parent, which comes earlier; null: top level. */
  parentIndex: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  status: CommentStatus;
  createdAt: number;
  editedAt: number | null;
  up: number;
  down: number;
}

export interface SeedPage {
  key: string;
  locked: boolean;
  comments: SeedComment[];
}

export interface ThreadRecord {
  /** null: no comment was ever posted on the page and it was never locked. */
  pageId: number | null;
  locked: boolean;
  comments: CommentRecord[];
}

export interface ViewerMarks {
  mine: Set<number>;
  votes: Map<number, VoteValue>;
}

export interface NewComment {
  pageKey: string;
  parentId: number | null;
  tokenId: number;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  body: string;
  status: 'published' | 'pending';
  now: number;
  /** Replays within this window answer `stored` instead of posting again. */
  idempotency: { key: string; fingerprint: Buffer; since: number } | null;
  /** Builds the response body stored with the idempotency key, from the new row. */
  responseOf(comment: CommentRecord): string;
}

export type CreateOutcome =
  | { kind: 'created'; comment: CommentWithPage; response: string }
  | { kind: 'replayed'; response: string }
  | { kind: 'key_reused' }
  | { kind: 'locked' }
  | { kind: 'bad_parent'; reason: string };

export type ChangeOutcome =
  | { kind: 'changed'; comment: CommentWithPage; previousStatus: CommentStatus; myVote: VoteValue }
  | { kind: 'unchanged'; comment: CommentWithPage; myVote: VoteValue }
  | { kind: 'not_found' }
  | { kind: 'forbidden'; reason: string };

export type VoteOutcome =
  | { kind: 'voted'; comment: CommentWithPage; myVote: VoteValue; changed: boolean }
  | { kind: 'not_found' }
  | { kind: 'forbidden'; reason: string };
