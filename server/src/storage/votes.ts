import { sql } from 'kysely';
import type { VoteValue } from '../../../src/protocol/index.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';

const voteOf = prepared((db, p: { commentId: number; tokenId: number }) =>
  db
    .selectFrom('votes')
    .select('value')
    .where('comment_id', '=', p.commentId)
    .where('token_id', '=', p.tokenId),
);

const upsert = prepared(
  (db, p: { commentId: number; tokenId: number; pageId: number; value: -1 | 1 }) =>
    db
      .insertInto('votes')
      .values({ comment_id: p.commentId, token_id: p.tokenId, page_id: p.pageId, value: p.value })
      .onConflict((conflict) =>
        conflict.columns(['comment_id', 'token_id']).doUpdateSet({ value: p.value }),
      ),
);

const remove = prepared((db, p: { commentId: number; tokenId: number }) =>
  db.deleteFrom('votes').where('comment_id', '=', p.commentId).where('token_id', '=', p.tokenId),
);

// One indexed query for both marks: own comments carry vote 0, vote rows are never 0
// (withdrawing a vote deletes its row).
const marks = prepared((db, p: { pageId: number; tokenId: number }) =>
  db
    .selectFrom('comments')
    .select(['id', sql<number>`0`.as('vote')])
    .where('token_id', '=', p.tokenId)
    .where('page_id', '=', p.pageId)
    .unionAll(
      db
        .selectFrom('votes')
        .select(['comment_id as id', 'value as vote'])
        .where('token_id', '=', p.tokenId)
        .where('page_id', '=', p.pageId),
    ),
);

/** The vote a token holds on a comment; 0 for none. */
export async function currentVote(db: Db, commentId: number, tokenId: number): Promise<VoteValue> {
  return (await voteOf.first(db, { commentId, tokenId }))?.value ?? 0;
}

export async function setVote(
  db: Db,
  vote: { commentId: number; tokenId: number; pageId: number; value: VoteValue },
) {
  if (vote.value === 0) await remove.run(db, vote);
  else await upsert.run(db, { ...vote, value: vote.value });
}

export interface ViewerMarks {
  /** Comments the token wrote. */
  mine: Set<number>;
  /** The token's votes. */
  votes: Map<number, VoteValue>;
}

/** The comments a token wrote and the votes it holds on one page. */
export async function viewerMarks(db: Db, pageId: number, tokenId: number): Promise<ViewerMarks> {
  const found: ViewerMarks = { mine: new Set(), votes: new Map() };
  for (const row of await marks.all(db, { pageId, tokenId })) {
    if (row.vote === 1 || row.vote === -1) found.votes.set(row.id, row.vote);
    else found.mine.add(row.id);
  }
  return found;
}
