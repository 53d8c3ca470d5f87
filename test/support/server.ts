/**
 * Browser-side handle on a real reference server for one test (test/support/test-server/).
 *
 * Each call to `testServer()` starts a server of its own, with its own database, so tests never
 * share comments, tokens, faults or request logs. A server opened inside a test (or a beforeEach)
 * is closed after that test; one opened in a `before` hook after the last test of the file.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { Comment } from '../../src/protocol/index.js';
import type {
  Command,
  CommentRewrite,
  FaultSpec,
  LoggedRequest,
  OpenResult,
  SeedComment,
  SeededComment,
  SentMail,
  ServerSetup,
} from './test-server/types.js';

export type {
  CommentRewrite,
  FaultSpec,
  LoggedRequest,
  SeedComment,
  SeededComment,
  SentMail,
  ServerSetup,
} from './test-server/types.js';

export interface TestServer {
  /** e.g. '/api/3f…': the element's endpoint attribute. */
  endpoint: string;
  /** The token that owns `mine: true` seeds (stored in localStorage when such seeds are made). */
  readerToken: string;
  /** The server's id of every comment seeded with a ref, by ref; an unknown ref throws. */
  ids: Readonly<Record<string, string>>;
  /** Ids mapped back to the refs they were seeded with (other ids stay as they are). */
  refs(ids: readonly string[]): string[];
  seed(
    page: string,
    comments: SeedComment[],
    options?: { locked?: boolean },
  ): Promise<SeededComment[]>;
  /** Injects a fault into the next matching requests (see FaultSpec). */
  fault(fault: FaultSpec): Promise<void>;
  /** Lays fields over comments (by id) in every answer and event that carries them. */
  rewrite(changes: Record<string, CommentRewrite>): Promise<void>;
  /** Every request the endpoint received, oldest first. */
  requests(): Promise<LoggedRequest[]>;
  /** Writes an event into the page's open streams (a string is sent raw); resolves to their number. */
  pushEvent(page: string, event: 'comment' | 'vote', data: unknown): Promise<number>;
  /** Breaks every open event stream off. */
  dropStreams(): Promise<void>;
  /** Pages with an open event stream, one entry per stream. */
  openStreams(): Promise<string[]>;
  /** What the database holds for a page, deleted and pending included, as the reader token sees it. */
  comments(page: string): Promise<Comment[]>;
  /** A moderator made with `confab-server admin add-moderator <name>`, and its password. */
  moderator(name?: string): Promise<{ name: string; password: string }>;
  /** The mails the scope's SMTP sink received (setup `mail: true`), oldest first. */
  mails(): Promise<SentMail[]>;
}

async function command<T>(payload: Command): Promise<T> {
  const answer = (await executeServerCommand('confab-test-server', payload)) as
    { result: T } | { error: string };
  if ('error' in answer) throw new Error(`test server (${payload.op}): ${answer.error}`);
  return answer.result;
}

let inTest = false;
const closeAfterTest: string[] = [];
const closeAfterFile: string[] = [];

async function close(scopes: string[]): Promise<void> {
  if (scopes.length > 0) await command({ op: 'close', scopes });
}

// Root hooks of every test file that uses a server.
beforeEach(() => {
  inTest = true;
});
afterEach(async () => {
  inTest = false;
  await close(closeAfterTest.splice(0));
});
after(async () => {
  await close(closeAfterFile.splice(0));
});

function storesReaderToken(comments: SeedComment[]): boolean {
  return comments.some((c) => c.mine || (c.myVote !== undefined && c.myVote !== 0));
}

export async function testServer(setup: ServerSetup = {}): Promise<TestServer> {
  const opened = await command<OpenResult>({ op: 'open', setup });
  const scope = opened.scope;
  (inTest ? closeAfterTest : closeAfterFile).push(scope);
  const endpoint = `/api/${scope}`;
  const byRef = new Map<string, string>();
  const byId = new Map<string, string>();
  const remember = (seeded: SeededComment[]) => {
    for (const comment of seeded) {
      if (comment.ref === null) continue;
      byRef.set(comment.ref, comment.id);
      byId.set(comment.id, comment.ref);
    }
  };
  remember(opened.seeded);
  const rememberReader = () => {
    localStorage.setItem(`confab:token:${endpoint}`, opened.readerToken);
  };
  const seededSpecs = Object.values(setup.threads ?? {}).flatMap((t) =>
    Array.isArray(t) ? t : t.comments,
  );
  if (storesReaderToken(seededSpecs)) rememberReader();

  const ids = new Proxy({} as Record<string, string>, {
    get(_target, ref) {
      if (typeof ref !== 'string') return undefined;
      const id = byRef.get(ref);
      if (id === undefined) throw new Error(`no comment seeded with the ref "${ref}"`);
      return id;
    },
  });

  return {
    endpoint,
    readerToken: opened.readerToken,
    ids,
    refs: (list) => list.map((id) => byId.get(id) ?? id),
    async seed(page, comments, options = {}) {
      const seeded = await command<SeededComment[]>({
        op: 'seed',
        scope,
        page,
        comments,
        locked: options.locked,
      });
      remember(seeded);
      if (storesReaderToken(comments)) rememberReader();
      return seeded;
    },
    async fault(fault) {
      await command({ op: 'fault', scope, fault });
    },
    async rewrite(changes) {
      await command({ op: 'rewrite', scope, changes });
    },
    requests: () => command<LoggedRequest[]>({ op: 'requests', scope }),
    pushEvent: (page, event, data) => command<number>({ op: 'push', scope, page, event, data }),
    async dropStreams() {
      await command({ op: 'drop-streams', scope });
    },
    openStreams: () => command<string[]>({ op: 'streams', scope }),
    comments: (page) => command<Comment[]>({ op: 'comments', scope, page }),
    moderator: (name = 'Morgan') => command({ op: 'moderator', scope, name }),
    mails: () => command<SentMail[]>({ op: 'mails', scope }),
  };
}
