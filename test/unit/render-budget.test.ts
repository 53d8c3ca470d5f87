import { expect } from '@open-wc/testing';
import { Thread, type ThreadNode } from '../../src/model/thread.js';
import { RenderBudget } from '../../src/render/budget.js';
import { comment } from '../support/comments.js';

const ids = (nodes: readonly ThreadNode[]) => nodes.map((n) => n.comment.id);

/** Roots r0…r(n-1), each with `replies` replies r<i>.<j>. */
function thread(roots: number, replies: number): Thread {
  return new Thread(
    Array.from({ length: roots }, (_, i) => [
      comment(`r${i}`, { minute: i * 100 }),
      ...Array.from({ length: replies }, (_, j) =>
        comment(`r${i}.${j}`, { parentId: `r${i}`, minute: i * 100 + j + 1 }),
      ),
    ]).flat(),
  );
}

function included(budget: RenderBudget, t: Thread): string[] {
  return ids([...t.walk()].filter((node) => budget.includes(node)));
}

describe('RenderBudget', () => {
  it('lets the first screen in, then grows in document order, returning what came in', () => {
    const t = thread(3, 2);
    const budget = new RenderBudget();
    budget.reset(t.roots, 4);
    expect(included(budget, t)).to.deep.equal(['r0', 'r0.0', 'r0.1', 'r1']);
    expect(budget.pending()).to.equal(true);
    expect(ids(budget.grow(3))).to.deep.equal(['r1.0', 'r1.1', 'r2']);
    expect(ids(budget.grow(10))).to.deep.equal(['r2.0', 'r2.1']);
    expect(budget.pending()).to.equal(false);
    expect(budget.grow(5)).to.deep.equal([]);
  });

  it('numbers a later page after the loaded comments and lets it in a slice at a time', () => {
    const t = thread(1, 1);
    const budget = new RenderBudget();
    budget.reset(t.roots, 100);
    expect(budget.pending()).to.equal(false);
    const first = t.roots.length;
    t.appendPage([comment('p'), comment('p1', { parentId: 'p', minute: 1 })]);
    budget.addPage(t.roots.slice(first));
    expect(budget.includes(t.get('p')!)).to.equal(false);
    expect(budget.pending()).to.equal(true);
    expect(ids(budget.grow(1))).to.deep.equal(['p']);
    expect(ids(budget.grow(1))).to.deep.equal(['p1']);
    expect(budget.pending()).to.equal(false);
  });

  it('never holds back comments that were not part of a loaded answer', () => {
    const t = thread(2, 0);
    const budget = new RenderBudget();
    budget.reset(t.roots, 0);
    const posted = t.upsert(comment('new', { minute: 999 }))!;
    expect(budget.includes(posted)).to.equal(true);
    expect(budget.includes(t.get('r0')!)).to.equal(false);
  });

  it('shows an expanded large subtree again a slice at a time, a small one at once', () => {
    const t = thread(2, 50);
    const budget = new RenderBudget();
    budget.reset(t.roots, 1000);
    const big = t.get('r0')!;
    budget.expand(big);
    const shown = () => big.children.filter((reply) => budget.includes(reply)).length;
    expect(shown()).to.equal(20);
    expect(budget.pending()).to.equal(true);
    expect(ids(budget.grow(25))).to.deep.equal(
      Array.from({ length: 25 }, (_, j) => `r0.${20 + j}`),
    );
    expect(shown()).to.equal(45);
    budget.grow(25);
    expect(shown()).to.equal(50);
    expect(budget.pending()).to.equal(false);
    // The other subtree was never held back.
    expect(t.get('r1')!.children.every((reply) => budget.includes(reply))).to.equal(true);

    const small = thread(1, 5);
    budget.reset(small.roots, 1000);
    budget.expand(small.get('r0')!);
    expect(budget.pending()).to.equal(false);
  });

  it('forgets a subtree waiting to come back when it is collapsed again', () => {
    const t = thread(1, 60);
    const budget = new RenderBudget();
    budget.reset(t.roots, 1000);
    budget.expand(t.get('r0')!);
    budget.collapse(t.get('r0')!);
    expect(budget.pending()).to.equal(false);
    expect(budget.includes(t.get('r0.59')!)).to.equal(true);
  });
});
