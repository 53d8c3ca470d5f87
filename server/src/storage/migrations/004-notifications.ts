import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';

/**
 * Reply notifications, moderator mail and webhooks: the addresses readers asked to be mailed
 * at and what they follow, the notices waiting for a mail, the job queue that sends mail and
 * webhooks, which outbox events were turned into jobs and which replies were announced, a
 * little server state (the secret that signs mail links), and moderators' addresses. Also:
 * emails that earlier releases kept on every comment, though nobody asked to be mailed, are
 * erased; comments never hold one again.
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('server_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();

  // Ids in signed links: never handed out twice, so an old link cannot name a newer row.
  await db.schema
    .createTable('mail_addresses')
    .addColumn('id', d.idType, (c) => d.idColumn(c, { neverReused: true }))
    .addColumn('email', 'text', (c) => c.notNull())
    // The address lower-cased: one row per mailbox however it is spelled.
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', d.timeType)
    .addColumn('confirm_sent_at', d.timeType)
    .addColumn('confirmations_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', d.idType, (c) => d.idColumn(c, { neverReused: true }))
    .addColumn('address_id', d.idType, (c) => c.notNull().references('mail_addresses.id'))
    .addColumn('page_id', d.idType, (c) => c.notNull().references('pages.id'))
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .addUniqueConstraint('subscriptions_once_per_page', ['address_id', 'page_id'])
    .execute();

  // The comments whose replies a subscription is mailed about.
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('watched_comments')
        .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
        .addColumn('subscription_id', d.idType, (c) => c.notNull().references('subscriptions.id'))
        .addPrimaryKeyConstraint('watched_comments_pkey', ['comment_id']),
    )
    .execute();
  await db.schema
    .createIndex('watched_comments_by_subscription')
    .on('watched_comments')
    .column('subscription_id')
    .execute();

  // What a digest mail will tell a recipient (a subscription, `s:<id>`, or a moderator,
  // `m:<address>`); mailed ones stay a while, to space the next digest.
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('notices')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
        .addColumn('reason', 'text', (c) =>
          c.notNull().check(sql`reason IN ('reply', 'pending', 'reported')`),
        )
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addColumn('mailed_at', d.timeType)
        .addPrimaryKeyConstraint('notices_pkey', ['recipient', 'comment_id', 'reason']),
    )
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', d.idType, (c) => d.idColumn(c, { neverReused: true }))
    .addColumn('kind', 'text', (c) => c.notNull())
    // At most one queued job per key (a recipient's next digest, an address's confirmation).
    .addColumn('dedupe_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state IN ('queued', 'dead')`),
    )
    // When the job is due; while a worker holds it, when its claim lapses.
    .addColumn('run_at', d.timeType, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', d.timeType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
  await db.schema
    .createIndex('jobs_queued_once')
    .unique()
    .on('jobs')
    .column('dedupe_key')
    .where(sql.ref('state'), '=', 'queued')
    .execute();

  // Outbox events already turned into jobs: each exactly once, whichever instance got there.
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('event_dispatch')
        .addColumn('event_id', d.idType, (c) => c.notNull())
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('event_dispatch_pkey', ['event_id']),
    )
    .execute();

  // Replies whose notices were made: once in a comment's life, whatever approvals follow (a
  // held edit approved, a comment hidden by reports and approved again).
  await d
    .keyedByPrimaryKey(
      db.schema
        .createTable('announced_replies')
        .addColumn('comment_id', d.idType, (c) => c.notNull().references('comments.id'))
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('announced_replies_pkey', ['comment_id']),
    )
    .execute();

  // Moderator mail goes to the moderators (migration 003) who gave an address.
  await db.schema.alterTable('moderators').addColumn('email', 'text').execute();

  // Issue 15, item 10: nobody asked to be mailed, so these addresses had no purpose.
  await sql`UPDATE comments SET author_email = NULL WHERE author_email IS NOT NULL`.execute(db);
}
