import { sql, type Kysely } from 'kysely';
import { nameKey } from '../../../../src/protocol/index.js';
import type { SchemaDialect } from './dialect.js';

/**
 * Moderation: moderators and their sessions, login attempts, bans, the audit log, names reserved
 * by signed-in readers; and on comments what review needs (why and since when a comment is held,
 * an edit waiting for review, pins, verified authors and their avatars). Columns are only added,
 * one ALTER each (SQLite adds one column per statement).
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  const flag = (name: string) =>
    db.schema
      .alterTable('comments')
      .addColumn(name, 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`${sql.ref(name)} IN (0, 1)`),
      )
      .execute();
  const column = (table: string, name: string, type: 'text' | 'integer' | 'bigint') =>
    db.schema.alterTable(table).addColumn(name, type).execute();

  // Comma-separated hold reasons (HOLD_REASONS); null: never held.
  await column('comments', 'held_for', 'text');
  // Set while the comment, or an edit of it, waits in the review queue.
  await column('comments', 'held_at', d.timeType);
  await flag('pinned');
  await flag('author_verified');
  await column('comments', 'author_avatar', 'text');
  // An edit waiting for review: readers keep seeing `body` until it is approved.
  await column('comments', 'edit_body', 'text');
  await column('comments', 'edit_at', d.timeType);
  await column('comments', 'edit_held_for', 'text');
  await column('tokens', 'avatar', 'text');
  // Comments already pending were held by --moderation hold.
  await sql`UPDATE comments SET held_at = created_at, held_for = 'moderation' WHERE status = 'pending'`.execute(
    db,
  );
  await db.schema
    .createIndex('comments_held')
    .on('comments')
    .columns(['held_at', 'id'])
    .where(sql.ref('held_at'), 'is not', null)
    .execute();
  // The published and deleted queues: newest first across every thread.
  await db.schema
    .createIndex('comments_by_time')
    .on('comments')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema.createIndex('tokens_by_sso_subject').on('tokens').column('sso_subject').execute();

  await db.schema
    .createTable('moderators')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('name', 'text', (c) => c.notNull())
    // The name as compared (nameKey): no two moderators whose names look alike.
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    // scrypt$<N>$<r>$<p>$<salt>$<hash>: the parameters travel with each hash.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('moderator_sessions')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('moderator_id', d.idType, (c) => c.notNull().references('moderators.id'))
    // SHA-256 of the token; the token itself is never stored.
    .addColumn('hash', d.blobType, (c) => c.notNull().unique())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .addColumn('expires_at', d.timeType, (c) => c.notNull())
    .addColumn('revoked_at', d.timeType)
    .execute();
  await db.schema
    .createIndex('moderator_sessions_by_moderator')
    .on('moderator_sessions')
    .column('moderator_id')
    .execute();

  // One row per login attempt that has not (yet) succeeded, per client address and per name.
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_by_key')
    .on('login_attempts')
    .columns(['key', 'created_at'])
    .execute();

  await db.schema
    .createTable('bans')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('reader', 'address')`))
    .addColumn('token_id', d.idType, (c) => c.references('tokens.id'))
    // A signed-in reader is banned by identity, whichever token they use next.
    .addColumn('sso_subject', 'text')
    .addColumn('comment_id', d.idType, (c) => c.references('comments.id'))
    .addColumn('author_name', 'text')
    .addColumn('cidr', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .addColumn('expires_at', d.timeType)
    .addColumn('lifted_at', d.timeType)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', d.idType, (c) => d.idColumn(c, { neverReused: true }))
    // No reference: the entry outlives the moderator.
    .addColumn('moderator_id', d.idType)
    .addColumn('moderator', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment_id', d.idType)
    .addColumn('page_key', 'text')
    // JSON object.
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_by_page')
    .on('audit_log')
    .columns(['page_key', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_by_comment')
    .on('audit_log')
    .columns(['comment_id', 'id'])
    .execute();

  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('reserved_names')
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sso_subject', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('reserved_names_pkey', ['name_key']),
    )
    .execute();

  // Readers who signed in before names were reserved keep theirs: the first to use a name wins.
  const signedIn = await sql<{ name: string; subject: string; at: number }>`
    SELECT name, sso_subject AS subject, created_at AS at FROM tokens
    WHERE sso_subject IS NOT NULL AND name IS NOT NULL ORDER BY id`.execute(db);
  for (const { name, subject, at } of signedIn.rows) {
    const key = nameKey(name);
    if (key === '') continue;
    await sql`INSERT INTO reserved_names (name_key, name, sso_subject, created_at)
      VALUES (${key}, ${name}, ${subject}, ${at}) ON CONFLICT (name_key) DO NOTHING`.execute(db);
  }
}
