import type { Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';
import * as initial from './001-initial.js';
import * as eventsAndReports from './002-events-and-reports.js';
import * as moderation from './003-moderation.js';
import * as notifications from './004-notifications.js';
import * as imports from './005-imports.js';
import * as sharedState from './007-shared-state.js';

export { POSTGRES, SQLITE, type DialectName, type SchemaDialect } from './dialect.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: SchemaDialect): Promise<void>;
}

/**
 * Append-only: a released migration is never edited, a change is a new file and a new entry
 * here. Applied versions are recorded in `schema_migrations`, the table the first release
 * created, so its databases move forward from where they are.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'pages, tokens, comments, votes, idempotency keys', up: initial.up },
  { version: 2, name: 'events (the outbox) and reader reports', up: eventsAndReports.up },
  { version: 3, name: 'moderators, bans, audit log, held comments and edits', up: moderation.up },
  { version: 4, name: 'notifications, mail and webhook jobs', up: notifications.up },
  { version: 5, name: 'imported comments and the import staging table', up: imports.up },
  {
    version: 7,
    name: 'shared rate limits; notifications of events and resets',
    up: sharedState.up,
  },
];

interface MigrationTables {
  schema_migrations: { version: number; name: string; applied_at: string };
}

/**
 * Brings the database up to the newest version: applies every listed migration it has not
 * recorded, in version order, each in its own transaction together with its record, so a failed
 * one leaves the database as it was before it. Numbers are handed out to work done in parallel
 * and may land out of order (7 before 5): a migration is applied because it is missing, not
 * because its number is above the highest recorded. Whether it is recorded is read again inside
 * its transaction: two processes starting at once do not both apply it.
 */
export async function migrate(database: Kysely<unknown>, dialect: SchemaDialect): Promise<number> {
  const db = database as Kysely<MigrationTables>;
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  const recorded = async (tx: Kysely<MigrationTables>) =>
    new Set(
      (await tx.selectFrom('schema_migrations').select('version').execute()).map((row) =>
        Number(row.version),
      ),
    );
  const found = Math.max(0, ...(await recorded(db)));
  if (found > newest) {
    throw new Error(
      `The database is at schema version ${found}, newer than this confab-server knows (${newest}); upgrade confab-server.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if ((await recorded(db)).has(migration.version)) continue;
    await db.transaction().execute(async (tx) => {
      if ((await recorded(tx)).has(migration.version)) return;
      await migration.up(tx as unknown as Kysely<unknown>, dialect);
      await tx
        .insertInto('schema_migrations')
        .values({
          version: migration.version,
          name: migration.name,
          applied_at: new Date().toISOString(),
        })
        .execute();
    });
  }
  return newest;
}
