import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LIMITS, normalisePageKey, pageKeyProblem } from '../../src/protocol/index.js';
import { createServices } from './services/index.js';
import type { SeedComment, SeedPage } from './services/seed.js';
import { openStorage } from './storage/open.js';
import { describeProblem } from './validation.js';

export const SEED_HELP = `Usage: confab-server seed [--db <file>] <seed.json>

Loads demonstration threads into an EMPTY database (no page, no comment);
a database that already holds data is left alone. Format:

  {"threads":[{"page":"http://localhost:5173/articles/x.html","locked":false,
    "comments":[{"ref":"c1","parentRef":null,"author":{"name":"Ada","url":null},
      "body":"Markdown…","createdAt":"2026-01-01T10:00:00Z","editedAt":null,
      "status":"published","votes":{"up":3,"down":1}}]}]}

parentRef names an earlier comment of the same thread; status is published,
pending or deleted (a deleted comment is kept as a tombstone); votes become
vote rows from synthetic tokens, so totals always equal rows.
`;

export class SeedError extends Error {}

type Json = Record<string, unknown>;

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SeedError(`${where} must be an object`);
  }
  return value as Json;
}

function text(value: unknown, where: string, max: number, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '') || value.length > max) {
    throw new SeedError(
      `${where} must be a ${allowEmpty ? '' : 'non-empty '}string of at most ${max} characters`,
    );
  }
  return value;
}

function time(value: unknown, where: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new SeedError(`${where} must be an RFC 3339 time`);
  return ms;
}

function count(value: unknown, where: string): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 100_000) {
    throw new SeedError(`${where} must be a whole number from 0 to 100000`);
  }
  return value as number;
}

/** Checks a seed document and turns it into storage's seed pages; throws SeedError naming the place at fault. */
export function parseSeed(document: unknown): SeedPage[] {
  const root = object(document, 'the seed');
  if (!Array.isArray(root.threads)) throw new SeedError('threads must be an array');
  const seen = new Set<string>();
  return root.threads.map((threadValue, t) => {
    const thread = object(threadValue, `threads[${t}]`);
    const raw = text(thread.page, `threads[${t}].page`, LIMITS.pageKeyMaxChars);
    const problem = pageKeyProblem(raw);
    if (problem) {
      throw new SeedError(`threads[${t}].page ${describeProblem(problem, LIMITS.pageKeyMaxChars)}`);
    }
    const key = normalisePageKey(raw);
    if (seen.has(key)) throw new SeedError(`threads[${t}].page repeats the page ${key}`);
    seen.add(key);
    if (!Array.isArray(thread.comments))
      throw new SeedError(`threads[${t}].comments must be an array`);
    const refs = new Map<string, number>();
    const comments = thread.comments.map((commentValue, c): SeedComment => {
      const where = `threads[${t}].comments[${c}]`;
      const comment = object(commentValue, where);
      const ref = text(comment.ref, `${where}.ref`, 200);
      if (refs.has(ref)) throw new SeedError(`${where}.ref "${ref}" is used twice`);
      let parentIndex: number | null = null;
      if (comment.parentRef !== null && comment.parentRef !== undefined) {
        const parent = refs.get(String(comment.parentRef));
        if (parent === undefined) {
          throw new SeedError(
            `${where}.parentRef "${String(comment.parentRef)}" names no earlier comment of this thread`,
          );
        }
        parentIndex = parent;
      }
      refs.set(ref, c);
      const status = comment.status ?? 'published';
      if (status !== 'published' && status !== 'pending' && status !== 'deleted') {
        throw new SeedError(`${where}.status must be published, pending or deleted`);
      }
      const author = object(comment.author, `${where}.author`);
      const url = author.url ?? null;
      if (
        url !== null &&
        (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > LIMITS.urlMaxChars)
      ) {
        throw new SeedError(`${where}.author.url must be null or an http(s) URL`);
      }
      const votes = comment.votes === undefined ? {} : object(comment.votes, `${where}.votes`);
      return {
        parentIndex,
        authorName: text(
          author.name,
          `${where}.author.name`,
          LIMITS.nameMaxChars,
          status === 'deleted',
        ).trim(),
        authorUrl: url as string | null,
        body: text(comment.body, `${where}.body`, LIMITS.bodyMaxChars, status === 'deleted'),
        status,
        createdAt: time(comment.createdAt, `${where}.createdAt`),
        editedAt: comment.editedAt == null ? null : time(comment.editedAt, `${where}.editedAt`),
        up: count(votes.up, `${where}.votes.up`),
        down: count(votes.down, `${where}.votes.down`),
      };
    });
    return { key, locked: thread.locked === true, comments };
  });
}

/** `confab-server seed`: returns the exit code. */
export async function runSeed(
  argv: readonly string[],
  out: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    out.error(`confab-server seed: ${(error as Error).message}\n\n${SEED_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.log(SEED_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    out.error(`confab-server seed: give exactly one seed file\n\n${SEED_HELP}`);
    return 2;
  }
  const file = positionals[0]!;
  let pages: SeedPage[];
  try {
    pages = parseSeed(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if (error instanceof SeedError || error instanceof SyntaxError) {
      out.error(`confab-server seed: ${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const db = values.db ?? process.env.CONFAB_DB ?? './confab.sqlite';
  const storage = await openStorage(db);
  const { seed } = createServices(storage);
  try {
    if (!(await seed.isEmpty())) {
      out.log(`confab-server seed: ${db} already holds comments; skipped seeding.`);
      return 0;
    }
    const loaded = await seed.load(pages);
    out.log(
      `confab-server seed: loaded ${loaded.pages} threads, ${loaded.comments} comments, ${loaded.votes} votes into ${db}.`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
