import type BetterSqlite3 from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append-only: a released migration is never edited, a change is a new
 * version. Times are integer milliseconds since the epoch (sortable, exact).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pages, tokens, comments, votes, idempotency keys',
    sql: `
      CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE,
        name TEXT,
        url TEXT,
        sso_subject TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages (id),
        parent_id INTEGER REFERENCES comments (id),
        token_id INTEGER NOT NULL REFERENCES tokens (id),
        author_name TEXT NOT NULL,
        author_email TEXT,
        author_url TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('published', 'pending', 'deleted')),
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        up INTEGER NOT NULL DEFAULT 0 CHECK (up >= 0),
        down INTEGER NOT NULL DEFAULT 0 CHECK (down >= 0)
      );
      CREATE INDEX comments_by_page ON comments (page_id, created_at, id);
      CREATE INDEX comments_by_token ON comments (token_id, page_id);
      CREATE INDEX comments_by_parent ON comments (parent_id);
      CREATE INDEX comments_pending ON comments (created_at) WHERE status = 'pending';
      CREATE TABLE votes (
        comment_id INTEGER NOT NULL REFERENCES comments (id),
        token_id INTEGER NOT NULL REFERENCES tokens (id),
        page_id INTEGER NOT NULL REFERENCES pages (id),
        value INTEGER NOT NULL CHECK (value IN (-1, 1)),
        PRIMARY KEY (comment_id, token_id)
      ) WITHOUT ROWID;
      CREATE INDEX votes_by_token ON votes (token_id, page_id);
      CREATE TABLE idempotency_keys (
        token_id INTEGER NOT NULL REFERENCES tokens (id),
        key TEXT NOT NULL,
        fingerprint BLOB NOT NULL,
        comment_id INTEGER NOT NULL REFERENCES comments (id),
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (token_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
];

/** Brings the database up to the newest version, each migration in its own transaction. */
export function migrate(db: BetterSqlite3.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current =
    (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `The database is at schema version ${current}, newer than this confab-server knows (${newest}); upgrade confab-server.`,
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}
