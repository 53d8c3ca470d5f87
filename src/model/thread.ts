/**
 * The reply tree of one thread, mutated in place as pages, posts and stream events arrive.
 * Nodes are found by id through a Map, so building and updating stay linear in the thread's size.
 */
import type { Comment, SortOrder, VoteValue, Votes } from '../protocol/index.js';

export interface ThreadNode {
  comment: Comment;
  parent: ThreadNode | null;
  children: ThreadNode[];
  /** 0 = top level. */
  depth: number;
  /**
   * Incremented whenever this node's comment or votes change, and also when anything below it
   * changes (a reply added, edited or removed) or `touch` marks it, so a renderer that memoises a
   * whole subtree on `version` never shows a stale one.
   */
  version: number;
}

export interface UpsertOptions {
  /** From the event stream, which carries no token: keep the node's own `mine` and `myVote`. */
  fromStream?: boolean;
  /** Where a new top-level comment goes: first for 'newest', last otherwise. */
  sort?: SortOrder;
}

/** An author's comments, oldest first, with their creation times parsed once. */
export interface AuthorEntry {
  node: ThreadNode;
  time: number;
}

function timeOf(comment: Comment): number {
  const time = Date.parse(comment.createdAt);
  return Number.isNaN(time) ? 0 : time;
}

/**
 * Each author's comments. An author's list is put in time order (its times parsed) the first
 * time `get` asks for it: the first screen asks for the few names its mentions use, and parsing
 * and sorting every comment's time up front cost 5-9 ms per 5,000 comments before it.
 */
class AuthorIndex extends Map<string, AuthorEntry[]> {
  readonly #ordered = new Set<string>();

  override get(name: string): AuthorEntry[] | undefined {
    const entries = super.get(name);
    if (entries && !this.#ordered.has(name)) {
      this.#ordered.add(name);
      for (const entry of entries) entry.time = timeOf(entry.node.comment);
      entries.sort((a, b) => a.time - b.time);
    }
    return entries;
  }
}

export class Thread {
  readonly roots: ThreadNode[] = [];
  readonly #byId = new Map<string, ThreadNode>();
  #authorIndex: AuthorIndex | null = null;
  #authorNames: { index: AuthorIndex; names: string[] } | null = null;

  /** Flat, parents first. A comment whose parent is unknown is dropped; duplicate ids: last wins. */
  constructor(comments: readonly Comment[] = []) {
    this.appendPage(comments);
  }

  get(id: string): ThreadNode | undefined {
    return this.#byId.get(id);
  }

  /** Nodes held, all statuses. */
  get size(): number {
    return this.#byId.size;
  }

  /** "Load more": new top-level comments go after the existing ones, in the page's order. */
  appendPage(comments: readonly Comment[]): void {
    // Nodes made by this call have not been rendered yet, so adding their replies need not bump
    // every ancestor's version (which would make a long reply chain quadratic).
    const fresh = new Set<ThreadNode>();
    for (const comment of comments) {
      const existing = this.#byId.get(comment.id);
      if (existing) {
        this.#replace(existing, comment);
        continue;
      }
      const parent = comment.parentId === null ? null : this.#byId.get(comment.parentId);
      if (parent === undefined) continue;
      fresh.add(this.#attach(comment, parent, parent && !fresh.has(parent) ? 'by-time' : 'last'));
    }
    this.#authorIndex = null;
  }

  /**
   * A new or changed comment (own post, edit, delete, or a server-sent event). A reply goes under
   * its parent in createdAt order; a new top-level comment goes first for sort 'newest', last
   * otherwise. A deleted comment with no replies leaves the tree, as it leaves the server's listing.
   * Returns the node, or null when ignored (unknown parent).
   */
  upsert(comment: Comment, options: UpsertOptions = {}): ThreadNode | null {
    const existing = this.#byId.get(comment.id);
    if (existing) {
      const next = options.fromStream
        ? { ...comment, mine: existing.comment.mine, myVote: existing.comment.myVote }
        : comment;
      this.#replace(existing, next);
      if (next.status === 'deleted') this.#pruneDeleted(existing);
      return existing;
    }
    if (comment.status === 'deleted') return null;
    if (comment.parentId === null) {
      return this.#attach(comment, null, options.sort === 'newest' ? 'first' : 'last');
    }
    const parent = this.#byId.get(comment.parentId);
    return parent ? this.#attach(comment, parent, 'by-time') : null;
  }

  setVotes(id: string, votes: Votes, myVote?: VoteValue): ThreadNode | null {
    const node = this.#byId.get(id);
    if (!node) return null;
    node.comment = { ...node.comment, votes: { ...votes }, myVote: myVote ?? node.comment.myVote };
    this.touch(node);
    return node;
  }

  /** Document order: each comment followed by its replies. */
  *walk(): IterableIterator<ThreadNode> {
    // An explicit stack: reply chains can be deeper than a recursive generator should go.
    const stack: ThreadNode[] = [...this.roots].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield node;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }

  /**
   * Distinct non-empty author names: the same array until the thread next changes (so a form
   * bound to it is not updated for nothing); do not modify it.
   */
  authors(): string[] {
    const index = this.commentsByAuthor() as AuthorIndex;
    if (this.#authorNames?.index !== index) this.#authorNames = { index, names: [...index.keys()] };
    return this.#authorNames.names;
  }

  /**
   * Each author's comments, oldest first (as `get` returns them), keyed by name with the longest
   * names first (the order the mention rule tries them in); cached until the thread next changes.
   */
  commentsByAuthor(): ReadonlyMap<string, readonly AuthorEntry[]> {
    if (this.#authorIndex) return this.#authorIndex;
    const index = new Map<string, AuthorEntry[]>();
    for (const node of this.#byId.values()) {
      const name = node.comment.author.name;
      if (name === '') continue;
      let entries = index.get(name);
      if (!entries) index.set(name, (entries = []));
      entries.push({ node, time: 0 });
    }
    this.#authorIndex = new AuthorIndex([...index].sort(([a], [b]) => b.length - a.length));
    return this.#authorIndex;
  }

  #attach(comment: Comment, parent: ThreadNode | null, place: 'first' | 'last' | 'by-time') {
    const node: ThreadNode = {
      comment,
      parent,
      children: [],
      depth: parent ? parent.depth + 1 : 0,
      version: 0,
    };
    const siblings = parent ? parent.children : this.roots;
    if (place === 'first') siblings.unshift(node);
    else if (place === 'last') siblings.push(node);
    else siblings.splice(insertionIndex(siblings, timeOf(comment)), 0, node);
    this.#byId.set(comment.id, node);
    if (parent && place === 'by-time') this.touch(parent);
    this.#authorIndex = null;
    return node;
  }

  #replace(node: ThreadNode, comment: Comment): void {
    const { name } = node.comment.author;
    if (comment.author.name !== name || comment.createdAt !== node.comment.createdAt) {
      this.#authorIndex = null;
    }
    node.comment = comment;
    this.touch(node);
  }

  /** Removes deleted nodes that no longer hold up any reply, walking up through tombstones. */
  #pruneDeleted(node: ThreadNode): void {
    let current: ThreadNode | null = node;
    while (current && current.comment.status === 'deleted' && current.children.length === 0) {
      const parent: ThreadNode | null = current.parent;
      const siblings = parent ? parent.children : this.roots;
      siblings.splice(siblings.indexOf(current), 1);
      this.#byId.delete(current.comment.id);
      if (parent) this.touch(parent);
      current = parent;
    }
    this.#authorIndex = null;
  }

  /**
   * Marks nodes as changed: each, and every subtree it sits in, gets a new version. Also for what
   * the model does not hold but a renderer shows (an open form, a collapsed subtree).
   */
  touch(...nodes: ThreadNode[]): void {
    // Ancestors shared by several nodes are bumped once, so marking many is linear.
    const seen = new Set<ThreadNode>();
    for (const node of nodes) {
      for (let n: ThreadNode | null = node; n && !seen.has(n); n = n.parent) {
        seen.add(n);
        n.version++;
      }
    }
  }

  /** Marks every node as changed (the language, the clock: what every comment shows). */
  touchAll(): void {
    for (const node of this.#byId.values()) node.version++;
  }
}

/** After every sibling created at or before `time`, so replies stay oldest first. */
function insertionIndex(siblings: readonly ThreadNode[], time: number): number {
  let low = 0;
  let high = siblings.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timeOf(siblings[mid].comment) <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}
