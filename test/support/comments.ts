/** Protocol comments for model tests, with only the fields a test cares about spelled out. */
import type { Comment } from '../../src/protocol/index.js';

const START = Date.parse('2026-01-01T00:00:00Z');

/** `minute` sets createdAt to that many minutes after a fixed start (default: 0). */
export function comment(
  id: string,
  fields: Partial<Omit<Comment, 'author'>> & { author?: string; minute?: number } = {},
): Comment {
  const { author = `Author of ${id}`, minute = 0, ...rest } = fields;
  return {
    id,
    parentId: null,
    author: { name: author, url: null, avatar: null },
    body: `Body of ${id}`,
    createdAt: new Date(START + minute * 60_000).toISOString(),
    editedAt: null,
    status: 'published',
    votes: { up: 0, down: 0 },
    myVote: 0,
    mine: false,
    ...rest,
  };
}
