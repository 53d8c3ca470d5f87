import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';
import * as initial from './001-initial.js';
import * as eventsAndReports from './002-events-and-reports.js';
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
 * Brings the database up to the newest version, each migration in its own transaction
 * together with its record, so a failed one leaves the database at the version before it.
 * The version is read again inside each transaction: two processes starting at once do not
 * both apply a migration.
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
  const current = async (tx: Kysely<MigrationTables>) =>
    (
      await tx
        .selectFrom('schema_migrations')
        .select(sql<number | null>`max(version)`.as('version'))
        .executeTakeFirst()
    )?.version ?? 0;
  const found = await current(db);
  if (found > newest) {
    throw new Error(
      `The database is at schema version ${found}, newer than this confab-server knows (${newest}); upgrade confab-server.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= found) continue;
    await db.transaction().execute(async (tx) => {
      if ((await current(tx)) >= migration.version) return;
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
