/**
 * Counting and numbering over the reply tree, as pure functions of a Thread's nodes. Everything
 * is iterative: a hostile reply chain can be thousands of levels deep.
 */
import type { ThreadNode } from './thread.js';

/**
 * Replies deeper than this are listed flat inside their ancestor at this depth, so neither
 * rendering nor counting nests without bound.
 */
export const MAX_NESTING = 32;

/** The nodes below `node`, in document order. */
export function descendants(node: ThreadNode): ThreadNode[] {
  const found: ThreadNode[] = [];
  const stack = [...node.children].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    found.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return found;
}

const live = (node: ThreadNode) => node.comment.status !== 'deleted';

/** A comment is shown unless it is deleted and every reply below it is deleted too. */
export function isShown(node: ThreadNode): boolean {
  return live(node) || descendants(node).some(live);
}

/** Comments shown in these subtrees, tombstones not counted. */
export function countShown(nodes: readonly ThreadNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (live(node)) count++;
    for (const below of descendants(node)) if (live(below)) count++;
  }
  return count;
}

/**
 * The replies listed inside `node`: its shown children, or at the nesting limit every shown
 * comment below it (each then listed without replies of its own).
 */
export function listedReplies(node: ThreadNode): ThreadNode[] {
  if (node.depth >= MAX_NESTING) return [];
  return (node.depth + 1 < MAX_NESTING ? node.children : descendants(node)).filter(isShown);
}

/** The comment whose reply list shows `node` (its parent, or past the nesting limit the ancestor that lists it flat). */
export function listedBy(node: ThreadNode): ThreadNode | null {
  let lister = node.parent;
  while (lister && lister.depth >= MAX_NESTING) lister = lister.parent;
  return lister;
}

/**
 * Document-order numbers for the comments of the answers loaded so far: each comment's position
 * and one past its last reply. A later page is numbered after the earlier ones (its top-level
 * comments come after theirs); comments that arrive otherwise (posts, live events) have none.
 */
export class Positions {
  /** The numbered nodes, by position. */
  readonly nodes: ThreadNode[] = [];
  readonly #at = new WeakMap<ThreadNode, number>();
  readonly #end = new WeakMap<ThreadNode, number>();

  /** Numbers these top-level comments and everything below them, after what is numbered. */
  add(roots: readonly ThreadNode[]): void {
    const first = this.nodes.length;
    for (const root of roots) {
      this.nodes.push(root);
      for (const below of descendants(root)) this.nodes.push(below);
    }
    // One past the last reply: sizes summed from the last node up, so no recursion.
    const sizes = new Map<ThreadNode, number>();
    for (let i = this.nodes.length - 1; i >= first; i--) {
      const node = this.nodes[i]!;
      let size = 1;
      for (const child of node.children) size += sizes.get(child) ?? 0;
      sizes.set(node, size);
      this.#at.set(node, i);
      this.#end.set(node, i + size);
    }
  }

  get size(): number {
    return this.nodes.length;
  }

  /** The node's position, or undefined when it was not part of a loaded answer. */
  at(node: ThreadNode): number | undefined {
    return this.#at.get(node);
  }

  /** One past the position of the node's last reply. */
  end(node: ThreadNode): number | undefined {
    return this.#end.get(node);
  }
}
