import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';

/**
 * Pages, tokens, comments, votes and idempotency keys: the schema of the first release,
 * written with Kysely's schema builder so that PostgreSQL gets it too. On SQLite it is the
 * same schema that release created from plain SQL (server/test/migrations.test.ts compares
 * them), so databases created by either are the same.
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('pages')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('locked', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`locked IN (0, 1)`),
    )
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tokens')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('hash', d.blobType, (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('url', 'text')
    .addColumn('sso_subject', 'text')
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('comments')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('page_id', d.idType, (c) => c.notNull().references('pages.id'))
    .addColumn('parent_id', d.idType, (c) => c.references('comments.id'))
    .addColumn('token_id', d.idType, (c) => c.notNull().references('tokens.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('author_url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('published', 'pending', 'deleted')`),
    )
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .addColumn('edited_at', d.timeType)
    .addColumn('up', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`up >= 0`),
    )
    .addColumn('down', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`down >= 0`),
    )
    .execute();
  await db.schema
    .createIndex('comments_by_page')
    .on('comments')
    .columns(['page_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('comments_by_token')
    .on('comments')
    .columns(['token_id', 'page_id'])
    .execute();
  await db.schema.createIndex('comments_by_parent').on('comments').column('parent_id').execute();
  await db.schema
    .createIndex('comments_pending')
    .on('comments')
    .column('created_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('votes')
        .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
        .addColumn('token_id', d.idType, (c) => c.notNull().references('tokens.id'))
        .addColumn('page_id', d.idType, (c) => c.notNull().references('pages.id'))
        .addColumn('value', 'integer', (c) => c.notNull().check(sql`value IN (-1, 1)`))
        .addPrimaryKeyConstraint('votes_pkey', ['comment_id', 'token_id']),
    )
    .execute();
  await db.schema
    .createIndex('votes_by_token')
    .on('votes')
    .columns(['token_id', 'page_id'])
    .execute();
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('idempotency_keys')
        .addColumn('token_id', d.idType, (c) => c.notNull().references('tokens.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', d.blobType, (c) => c.notNull())
        .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pkey', ['token_id', 'key']),
    )
    .execute();
  await db.schema
    .createIndex('idempotency_keys_by_age')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}
