import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from './dialect.js';

/**
 * What the import command needs (server/src/import/): where each imported comment came from,
 * and a staging table where a run's parsed items wait while their threads and parents are
 * resolved with SQL, so that an export of any size is imported in bounded memory.
 */
export async function up(db: Kysely<unknown>, d: SchemaDialect): Promise<void> {
  // One row per imported comment: the source's id for it (a second run of the same file finds
  // it here and adds nothing) and the author's email as the source had it. That address was
  // never given to this server and nobody consented to mail from it: nothing sends mail to it.
  await db.schema
    .createTable('imported_comments')
    .addColumn('comment_id', d.idType, (c) => c.primaryKey().references('comments.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('author_email', 'text')
    .addColumn('imported_at', d.timeType, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_staging')
    .addColumn('seq', d.idType, (c) => d.idColumn(c))
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('staged_at', d.timeType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('thread', 'comment')`))
    // Where the item starts in the file, for the report.
    .addColumn('line', 'integer')
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('thread_key', 'text')
    .addColumn('parent_key', 'text')
    .addColumn('page_key', 'text')
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_email', 'text')
    .addColumn('author_url', 'text')
    .addColumn('token_hash', d.blobType)
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('created_at', d.timeType)
    .addColumn('edited_at', d.timeType)
    .addColumn('up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('down', 'integer', (c) => c.notNull().defaultTo(0))
    // Why the item is not imported as written: 'skipped' (spam, deleted …) or 'failed' (bad data).
    .addColumn('skip_kind', 'text')
    .addColumn('skip_reason', 'text')
    .addColumn('note', 'text')
    // Filled in while resolving.
    .addColumn('parent_seq', d.idType)
    .addColumn('outcome', 'text')
    .addColumn('depth', 'integer')
    .addColumn('comment_id', d.idType)
    .execute();
  await db.schema
    .createIndex('import_staging_by_key')
    .on('import_staging')
    .columns(['run_id', 'source_key'])
    .execute();
  await db.schema
    .createIndex('import_staging_by_parent')
    .on('import_staging')
    .columns(['run_id', 'parent_seq'])
    .execute();
  await db.schema
    .createIndex('import_staging_by_page')
    .on('import_staging')
    .columns(['run_id', 'page_key', 'depth', 'seq'])
    .execute();
}
