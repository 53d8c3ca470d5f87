/**
 * Consistency checks of a Confab database (SQLite or PostgreSQL), read from outside the server:
 * the facts every answer relies on, whatever sequence of requests led here.
 */
import assert from 'node:assert/strict';
import type { Comment } from '../../../src/protocol/index.js';
import type { DbInspector } from './db-snapshot.js';

/** Every broken invariant, described; empty when the database is consistent. */
export function storedProblems(db: DbInspector): string[] {
  const problems: string[] = [];
  const integrity = db.integrity();
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  for (const row of db.foreignKeyProblems()) {
    problems.push(`foreign key: ${JSON.stringify(row)}`);
  }
  // The counters every answer shows equal the vote rows: no lost or double count.
  for (const row of db.all<{ id: number; up: number; down: number; ups: number; downs: number }>(
    `SELECT id, up, down, ups, downs FROM (
       SELECT c.id, c.up, c.down,
              COUNT(CASE WHEN v.value = 1 THEN 1 END) AS ups,
              COUNT(CASE WHEN v.value = -1 THEN 1 END) AS downs
         FROM comments c LEFT JOIN votes v ON v.comment_id = c.id
        GROUP BY c.id, c.up, c.down) counted
      WHERE up <> ups OR down <> downs`,
  )) {
    problems.push(
      `comment ${row.id}: counters ${row.up}/${row.down}, rows ${row.ups}/${row.downs}`,
    );
  }
  for (const row of db.all<{ id: number }>(
    `SELECT c.id FROM comments c JOIN comments p ON p.id = c.parent_id WHERE p.page_id != c.page_id`,
  )) {
    problems.push(`reply ${row.id} is on another page than its parent`);
  }
  for (const row of db.all<{ id: number }>(
    `SELECT c.id FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
      WHERE c.parent_id IS NOT NULL AND p.id IS NULL`,
  )) {
    problems.push(`reply ${row.id} has no parent row`);
  }
  for (const row of db.all<{ comment_id: number }>(
    `SELECT v.comment_id FROM votes v JOIN comments c ON c.id = v.comment_id WHERE v.page_id != c.page_id`,
  )) {
    problems.push(`vote on ${row.comment_id} filed under another page`);
  }
  return problems;
}

/**
 * The database is consistent, and the votes the API showed for these
 * comments are exactly the vote rows stored for them.
 */
export function checkStoredVotes(db: DbInspector, shown: readonly Comment[]): void {
  assert.deepEqual(storedProblems(db), []);
  for (const comment of shown) {
    const [row] = db.all<{ ups: number; downs: number }>(
      `SELECT COUNT(CASE WHEN value = 1 THEN 1 END) AS ups,
              COUNT(CASE WHEN value = -1 THEN 1 END) AS downs
         FROM votes WHERE comment_id = ?`,
      Number(comment.id),
    );
    assert.deepEqual(
      comment.votes,
      { up: row!.ups, down: row!.downs },
      `stored votes of ${comment.id}`,
    );
  }
}
