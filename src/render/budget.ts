import { Positions } from '../model/tree.js';
import type { ThreadNode } from '../model/thread.js';

/** Comments shown at once when a collapsed subtree is expanded; the rest follow in slices. */
const EXPAND_AT_ONCE = 20;

/** A subtree shown again after a collapse: its comments before `upto` are back in the DOM. */
interface Window {
  node: ThreadNode;
  upto: number;
  to: number;
}

/**
 * Which comments of the loaded answers may be in the DOM so far. Loaded comments are numbered in
 * document order (`Positions`); the budget is how many of them, from the first, are rendered, and
 * it grows slice by slice, so neither a long thread, nor a later page, nor a top-level comment
 * with hundreds of replies is rendered in one task. A subtree expanded again comes back a slice
 * at a time in the same way. Comments that arrive otherwise (posts, live events) are never held
 * back.
 */
export class RenderBudget {
  #positions = new Positions();
  #limit = 0;
  #windows: Window[] = [];

  /** A new thread: numbers its comments, and lets the first `firstScreen` of them in. */
  reset(roots: readonly ThreadNode[], firstScreen: number): void {
    this.#positions = new Positions();
    this.#positions.add(roots);
    // Never past the last numbered comment: a later page starts right after it.
    this.#limit = Math.min(firstScreen, this.#positions.size);
    this.#windows = [];
  }

  /** A later page: its comments are numbered after the loaded ones and let in by `grow`. */
  addPage(roots: readonly ThreadNode[]): void {
    this.#positions.add(roots);
  }

  includes(node: ThreadNode): boolean {
    const at = this.#positions.at(node);
    if (at === undefined) return true;
    if (at >= this.#limit) return false;
    for (const window of this.#windows) {
      if (at >= window.upto && at < window.to) return false;
    }
    return true;
  }

  pending(): boolean {
    return this.#windows.length > 0 || this.#limit < this.#positions.size;
  }

  /** Lets up to `count` more comments in; returns them (their parents must render them). */
  grow(count: number): ThreadNode[] {
    const window = this.#windows[0];
    const nodes = this.#positions.nodes;
    if (window) {
      const from = window.upto;
      window.upto = Math.min(window.to, from + count);
      if (window.upto >= window.to) this.#windows.shift();
      return nodes.slice(from, window.upto);
    }
    const from = this.#limit;
    this.#limit = Math.min(nodes.length, from + count);
    return nodes.slice(from, this.#limit);
  }

  /** A collapsed subtree is expanded: its first comments come back now, the rest in slices. */
  expand(node: ThreadNode): void {
    const at = this.#positions.at(node);
    const to = this.#positions.end(node);
    this.collapse(node);
    if (at === undefined || to === undefined || to - at - 1 <= EXPAND_AT_ONCE) return;
    this.#windows.push({ node, upto: at + 1 + EXPAND_AT_ONCE, to });
  }

  /** A subtree is collapsed: nothing of it is waiting to come back. */
  collapse(node: ThreadNode): void {
    this.#windows = this.#windows.filter((window) => window.node !== node);
  }
}
