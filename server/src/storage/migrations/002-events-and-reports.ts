import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';

/**
 * The outbox of changes (events) and reader reports. Tables are only added: nothing of the
 * first release's tables changes.
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('events')
    // Clients send event ids back (Last-Event-ID): one must never name two events.
    .addColumn('id', d.idType, (c) => d.idColumn(c, { neverReused: true }))
    .addColumn('page_key', 'text', (c) => c.notNull())
    // Free text, so that a new kind needs no migration.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('comment_id', d.idType, (c) => c.references('comments.id'))
    .addColumn('visible', 'integer', (c) => c.notNull().check(sql`visible IN (0, 1)`))
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_by_page').on('events').columns(['page_key', 'id']).execute();
  await db.schema.createIndex('events_by_age').on('events').column('created_at').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', d.idType, (c) => d.idColumn(c))
    .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
    .addColumn('token_id', d.idType, (c) => c.notNull().references('tokens.id'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason IN ('spam', 'abuse', 'off_topic', 'other')`),
    )
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`state IN ('open', 'dismissed')`),
    )
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    // One report per reader and comment: a repeat counts once, whatever the race.
    .addUniqueConstraint('reports_once_per_token', ['comment_id', 'token_id'])
    .execute();
  await db.schema
    .createIndex('reports_open')
    .on('reports')
    .column('comment_id')
    .where(sql.ref('state'), '=', 'open')
    .execute();
}
