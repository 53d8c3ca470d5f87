import { parseArgs } from 'node:util';
import { LIMITS, normalisePageKey, pageKeyProblem } from '../../src/protocol/index.js';
import { createServices } from './services/index.js';
import { openStorage } from './storage/open.js';
import type { CommentRecord } from './storage/types.js';
import { isoTime } from './thread-view.js';
import { describeProblem, parseCommentId } from './validation.js';

export const ADMIN_HELP = `Usage: confab-server admin [--db <file>] [--json] <command>

Moderates the database a running server uses (safe while it runs: SQLite in
WAL mode; the server notices the change on its next request).

  pending              comments waiting for approval (--moderation hold), oldest first
  approve <id>         publish a pending comment
  delete <id>          delete a comment (a tombstone if it has replies)
  lock <page>          close a thread for new comments (answers 423)
  unlock <page>        open it again
  list <page>          every comment of a thread, whatever its status
  backup <file>        online backup to <file>, consistent while the server writes
  check                run PRAGMA integrity_check

  --db <file>          CONFAB_DB; default ./confab.sqlite
  --json               machine-readable output for pending and list
`;

function line(comment: CommentRecord & { pageKey?: string }): string {
  const excerpt = comment.body.replace(/\s+/g, ' ').slice(0, 60);
  const where = comment.pageKey ? ` ${comment.pageKey}` : '';
  const parent = comment.parentId === null ? '' : ` (reply to ${comment.parentId})`;
  return `${comment.id}\t${comment.status}\t${isoTime(comment.createdAt)}${where}${parent}\t${comment.authorName}: ${excerpt}`;
}

class UsageError extends Error {}

/** Runs one admin command; returns the exit code. */
export async function runAdmin(
  argv: readonly string[],
  out: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    out.error(`confab-server admin: ${(error as Error).message}\n\n${ADMIN_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, argument, extra] = positionals;
  if (values.help || !command) {
    (values.help ? out.log : out.error)(ADMIN_HELP);
    return values.help ? 0 : 2;
  }
  const storage = await openStorage(values.db ?? process.env.CONFAB_DB ?? './confab.sqlite');
  // Through the services, like the server: the same rules, and every change writes its
  // event, which a running server's feed reads and sends to its open streams.
  const { moderation } = createServices(storage);
  try {
    const needs = (what: string): string => {
      if (argument === undefined || extra !== undefined)
        throw new UsageError(`${command} takes one ${what}`);
      return argument;
    };
    const commentId = (): number => {
      const id = parseCommentId(needs('comment id'));
      if (id === null) throw new UsageError(`"${argument}" is not a comment id`);
      return id;
    };
    const pageKey = (): string => {
      const raw = needs('page key');
      const problem = pageKeyProblem(raw);
      if (problem) {
        throw new UsageError(`page key ${describeProblem(problem, LIMITS.pageKeyMaxChars)}`);
      }
      return normalisePageKey(raw);
    };
    switch (command) {
      case 'pending': {
        const pending = await moderation.pending(1000);
        if (values.json) out.log(JSON.stringify(pending));
        else if (pending.length === 0) out.log('No comment is waiting for approval.');
        else for (const comment of pending) out.log(line(comment));
        return 0;
      }
      case 'approve': {
        const result = await moderation.approve(commentId());
        if (!result.ok) throw new UsageError(`no comment ${argument}`);
        out.log(
          result.changed
            ? `Approved comment ${argument} on ${result.comment.pageKey}.`
            : `Comment ${argument} is ${result.comment.status}; nothing to approve.`,
        );
        return 0;
      }
      case 'delete': {
        const result = await moderation.delete(commentId());
        if (!result.ok) throw new UsageError(`no comment ${argument}`);
        out.log(
          result.changed
            ? `Deleted comment ${argument} on ${result.comment.pageKey}.`
            : `Comment ${argument} was already deleted.`,
        );
        return 0;
      }
      case 'lock':
      case 'unlock': {
        const key = pageKey();
        await moderation.lock(key, command === 'lock');
        out.log(`${command === 'lock' ? 'Locked' : 'Unlocked'} ${key}.`);
        return 0;
      }
      case 'list': {
        const key = pageKey();
        const thread = await moderation.thread(key);
        if (values.json)
          out.log(JSON.stringify({ page: key, locked: thread.locked, comments: thread.comments }));
        else {
          out.log(`${key}: ${thread.comments.length} comments${thread.locked ? ', locked' : ''}`);
          for (const comment of thread.comments) out.log(line(comment));
        }
        return 0;
      }
      case 'backup': {
        const file = needs('destination file');
        await storage.backup(file);
        out.log(`Backed up to ${file}.`);
        return 0;
      }
      case 'check': {
        const result = await storage.integrityCheck();
        out.log(result);
        return result === 'ok' ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`confab-server admin: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
