import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';

/**
 * What several server processes on one database share, beyond the data:
 *
 * - `rate_limits`: one counter per limiter and key, for the rate limits of every instance
 *   (rate-limit-store.ts; SQLite, one process, keeps them in memory and leaves it empty).
 * - On PostgreSQL, notifications on the channel `confab_events`: the id and page of every new
 *   event (each instance's feed then reads the outbox), and `reset` after a change to the
 *   tables threads are read from that did not come through the services (plain SQL), so
 *   every instance drops its cached threads as a SQLite server does when another process
 *   writes. NOTIFY is transactional: a notification goes out at COMMIT, or never.
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  await d
    .unlogged(
      d.keyedByPrimaryKey(
        db.schema
          .createTable('rate_limits')
          // The limiter and the client: `<limiter>:<address or token hash>`.
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', d.timeType, (c) => c.notNull())
          .addColumn('window_ms', 'integer', (c) => c.notNull())
          .addColumn('hits', 'integer', (c) => c.notNull()),
      ),
    )
    .execute();
  await db.schema
    .createIndex('rate_limits_by_end')
    .on('rate_limits')
    .columns(['window_start', 'window_ms'])
    .execute();

  if (d.name !== 'postgres') return;
  await sql`
    create function confab_notify_event() returns trigger language plpgsql as $$
    begin
      perform pg_notify('confab_events', new.id::text || ' ' || new.page_key);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger events_notify after insert on events
      for each row execute function confab_notify_event()`.execute(db);
  // Confab's own transactions set confab.writer (storage/postgres.ts) and describe their
  // changes with events; anything else is a change no event describes.
  await sql`
    create function confab_notify_reset() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('confab.writer', true), '') <> 'confab' then
        perform pg_notify('confab_events', 'reset');
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['pages', 'comments', 'votes', 'tokens']) {
    await sql`
      create trigger ${sql.id(`${table}_notify_reset`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function confab_notify_reset()`.execute(db);
  }
}
