import { randomBytes } from 'node:crypto';
import type { CommentStatus } from '../../../src/protocol/index.js';
import { insertComment } from '../storage/comments.js';
import { insertPage, isEmpty } from '../storage/pages.js';
import { insertToken } from '../storage/tokens.js';
import type { Storage } from '../storage/types.js';
import { setVote } from '../storage/votes.js';
import type { Clock } from './results.js';

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

/** Demonstration threads for an empty database (the seed command; seed.ts checks the file). */
export class SeedService {
  readonly #storage: Storage;
  readonly #now: Clock;

  constructor(storage: Storage, now: Clock) {
    this.#storage = storage;
    this.#now = now;
  }

  /** True when the database holds no page and no comment. */
  isEmpty(): Promise<boolean> {
    return this.#storage.read((db) => isEmpty(db));
  }

  /**
   * Loads the pages in one transaction. Seed comments belong to synthetic tokens nobody
   * holds: one per author name, and a pool of voters, so vote totals equal real vote rows.
   * Seeds write no events: they go into an empty database, before anyone watches it.
   */
  load(pages: readonly SeedPage[]): Promise<{ pages: number; comments: number; votes: number }> {
    return this.#storage.transaction(async (tx) => {
      const now = this.#now();
      const synthetic = () => insertToken(tx, randomBytes(32), null, now);
      const authorTokens = new Map<string, number>();
      const voters: number[] = [];
      let comments = 0;
      let votes = 0;
      for (const page of pages) {
        const pageId = await insertPage(tx, page.key, page.locked, now);
        const ids: number[] = [];
        for (const comment of page.comments) {
          let tokenId = authorTokens.get(comment.authorName);
          if (tokenId === undefined)
            authorTokens.set(comment.authorName, (tokenId = await synthetic()));
          const deleted = comment.status === 'deleted';
          const id = await insertComment(tx, {
            pageId,
            parentId: comment.parentIndex === null ? null : ids[comment.parentIndex]!,
            tokenId,
            authorName: deleted ? '' : comment.authorName,
            authorUrl: deleted ? null : comment.authorUrl,
            body: deleted ? '' : comment.body,
            status: comment.status,
            createdAt: comment.createdAt,
            editedAt: comment.editedAt,
            up: comment.up,
            down: comment.down,
            authorVerified: false,
            authorAvatar: null,
            heldFor: comment.status === 'pending' ? 'moderation' : null,
          });
          ids.push(id);
          comments += 1;
          for (let i = 0; i < comment.up + comment.down; i++) {
            while (voters.length <= i) voters.push(await synthetic());
            await setVote(tx, {
              commentId: id,
              tokenId: voters[i]!,
              pageId,
              value: i < comment.up ? 1 : -1,
            });
            votes += 1;
          }
        }
      }
      return { pages: pages.length, comments, votes };
    });
  }
}
