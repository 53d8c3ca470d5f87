import { parseArgs } from 'node:util';
import {
  LIMITS,
  nameProblem,
  normalisePageKey,
  notifyEmailProblem,
  pageKeyProblem,
} from '../../src/protocol/index.js';
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
  add-moderator <name> create a moderator; the last line printed is their generated password
                       (--email <address>: where their moderator mail goes)
  moderator-email <name> [<address>]  mail new pending and reported comments to this address
                       (when the server sends mail: --smtp); without one, stop
  moderators           list the moderators
  remove-moderator <name>  remove a moderator; their tokens stop working at once
  reset-password <name>    a new generated password (last line); their tokens stop working
  backup <file>        online backup to <file>, consistent while the server writes
  check                run PRAGMA integrity_check

  --db <file>          CONFAB_DB; default ./confab.sqlite
  --json               machine-readable output for pending, list and moderators
`;

/** C0 and C1 controls, DEL, and the bidi controls that reorder what a terminal shows. */
const UNSAFE_FOR_TERMINAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Stored text as a terminal may show it: every control and bidi character written as `\u{…}`,
 * so no name or body can erase, move or forge a line of the output (rows stored before
 * controls were refused, or written by plain SQL, are not trusted either).
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`);
}

/** JSON whose strings hold no raw C1 or bidi character (JSON.stringify escapes only C0). */
function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSAFE_FOR_TERMINAL,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function line(comment: CommentRecord & { pageKey?: string }): string {
  const excerpt = terminalSafe(comment.body.replace(/\s+/g, ' ').slice(0, 60));
  const where = comment.pageKey ? ` ${terminalSafe(comment.pageKey)}` : '';
  const parent = comment.parentId === null ? '' : ` (reply to ${comment.parentId})`;
  return `${comment.id}\t${comment.status}\t${isoTime(comment.createdAt)}${where}${parent}\t${terminalSafe(comment.authorName)}: ${excerpt}`;
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
        email: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    out.error(`confab-server admin: ${terminalSafe((error as Error).message)}\n\n${ADMIN_HELP}`);
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
  const { moderation, moderators } = createServices(storage);
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
    const moderatorName = (): string => {
      const name = needs('moderator name');
      const problem = nameProblem(name);
      if (problem) {
        throw new UsageError(`moderator name ${describeProblem(problem, LIMITS.nameMaxChars)}`);
      }
      return name.trim();
    };
    const mailbox = (address: string): string => {
      const problem = notifyEmailProblem(address);
      if (problem) throw new UsageError(`"${address}" is not one plain address to mail`);
      return address.trim();
    };
    switch (command) {
      case 'add-moderator': {
        const name = moderatorName();
        const email = values.email === undefined ? null : mailbox(values.email);
        const result = await moderators.add(name);
        if (!result.ok) {
          throw new UsageError(
            `a moderator named "${name}" (or a name that looks the same) exists`,
          );
        }
        if (email !== null) await moderators.setEmail(name, email);
        out.log(`Added moderator ${name}. The password is shown once; only its hash is kept.`);
        out.log(`password: ${result.password}`);
        return 0;
      }
      case 'moderators': {
        const list = await moderators.list();
        if (values.json) {
          out.log(
            terminalSafeJson(
              list.map((m) => ({ name: m.name, createdAt: isoTime(m.createdAt), email: m.email })),
            ),
          );
        } else if (list.length === 0)
          out.log('No moderator yet: add one with add-moderator <name>.');
        else {
          for (const m of list) {
            const mail = m.email === null ? '' : `\tmail to ${terminalSafe(m.email)}`;
            out.log(`${terminalSafe(m.name)}\tsince ${isoTime(m.createdAt)}${mail}`);
          }
        }
        return 0;
      }
      case 'moderator-email': {
        if (argument === undefined) throw new UsageError('moderator-email takes a moderator name');
        const name = argument.trim();
        const email = extra === undefined ? null : mailbox(extra);
        if (positionals.length > 3)
          throw new UsageError('moderator-email takes a name and an address');
        const result = await moderators.setEmail(name, email);
        if (!result.ok) throw new UsageError(`no moderator named "${name}"`);
        out.log(
          email === null
            ? `${terminalSafe(name)} gets no moderator mail.`
            : `Moderator mail for ${terminalSafe(name)} goes to ${email}.`,
        );
        return 0;
      }
      case 'remove-moderator': {
        const name = moderatorName();
        const result = await moderators.remove(name);
        if (!result.ok) throw new UsageError(`no moderator named "${name}"`);
        out.log(`Removed moderator ${name}; their tokens no longer work.`);
        return 0;
      }
      case 'reset-password': {
        const name = moderatorName();
        const result = await moderators.resetPassword(name);
        if (!result.ok) throw new UsageError(`no moderator named "${name}"`);
        out.log(`New password for ${name}; their tokens no longer work.`);
        out.log(`password: ${result.password}`);
        return 0;
      }
      case 'pending': {
        const pending = await moderation.pending(1000);
        if (values.json) out.log(terminalSafeJson(pending));
        else if (pending.length === 0) out.log('No comment is waiting for approval.');
        else for (const comment of pending) out.log(line(comment));
        return 0;
      }
      case 'approve': {
        const result = await moderation.approve(commentId());
        if (!result.ok) throw new UsageError(`no comment ${argument}`);
        out.log(
          result.changed
            ? `Approved comment ${argument} on ${terminalSafe(result.comment.pageKey)}.`
            : `Comment ${argument} is ${result.comment.status}; nothing to approve.`,
        );
        return 0;
      }
      case 'delete': {
        const result = await moderation.delete(commentId());
        if (!result.ok) throw new UsageError(`no comment ${argument}`);
        out.log(
          result.changed
            ? `Deleted comment ${argument} on ${terminalSafe(result.comment.pageKey)}.`
            : `Comment ${argument} was already deleted.`,
        );
        return 0;
      }
      case 'lock':
      case 'unlock': {
        const key = pageKey();
        await moderation.lock(key, command === 'lock');
        out.log(`${command === 'lock' ? 'Locked' : 'Unlocked'} ${terminalSafe(key)}.`);
        return 0;
      }
      case 'list': {
        const key = pageKey();
        const thread = await moderation.thread(key);
        if (values.json)
          out.log(
            terminalSafeJson({ page: key, locked: thread.locked, comments: thread.comments }),
          );
        else {
          out.log(
            `${terminalSafe(key)}: ${thread.comments.length} comments${thread.locked ? ', locked' : ''}`,
          );
          for (const comment of thread.comments) out.log(line(comment));
        }
        return 0;
      }
      case 'backup': {
        const file = needs('destination file');
        await storage.backup(file);
        out.log(`Backed up to ${terminalSafe(file)}.`);
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
      out.error(`confab-server admin: ${terminalSafe(error.message)}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
