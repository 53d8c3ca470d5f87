import type { Generated } from 'kysely';

/** The tables as Kysely sees them; columns are snake_case as in the migrations. */
export interface Database {
  schema_migrations: { version: number; name: string; applied_at: string };
  pages: { id: Generated<number>; key: string; locked: number; created_at: number };
  tokens: {
    id: Generated<number>;
    hash: Buffer;
    name: string | null;
    url: string | null;
    sso_subject: string | null;
    created_at: number;
  };
  comments: {
    id: Generated<number>;
    page_id: number;
    parent_id: number | null;
    token_id: number;
    author_name: string;
    author_email: string | null;
    author_url: string | null;
    body: string;
    status: string;
    created_at: number;
    edited_at: number | null;
    up: number;
    down: number;
  };
  votes: { comment_id: number; token_id: number; page_id: number; value: number };
  idempotency_keys: {
    token_id: number;
    key: string;
    fingerprint: Buffer;
    comment_id: number;
    response: string;
    created_at: number;
  };
}
