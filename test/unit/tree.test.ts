import { expect } from '@open-wc/testing';
import { Thread, type ThreadNode } from '../../src/model/thread.js';
import {
  MAX_NESTING,
  Positions,
  countShown,
  descendants,
  isShown,
  listedBy,
  listedReplies,
} from '../../src/model/tree.js';
import { comment } from '../support/comments.js';

const ids = (nodes: readonly ThreadNode[]) => nodes.map((n) => n.comment.id);

function chain(length: number): Thread {
  return new Thread(
    Array.from({ length }, (_, i) => comment(`d${i}`, { parentId: i ? `d${i - 1}` : null })),
  );
}

describe('tree maths', () => {
  const thread = new Thread([
    comment('a'),
    comment('a1', { parentId: 'a', minute: 1 }),
    comment('a1x', { parentId: 'a1', minute: 2 }),
    comment('a2', { parentId: 'a', minute: 3, status: 'deleted', body: '' }),
    comment('b', { minute: 4, status: 'deleted', body: '' }),
    comment('b1', { parentId: 'b', minute: 5, status: 'deleted', body: '' }),
    comment('c', { minute: 6, status: 'deleted', body: '' }),
    comment('c1', { parentId: 'c', minute: 7 }),
  ]);
  const get = (id: string) => thread.get(id)!;

  it('lists the comments below a node in document order', () => {
    expect(ids(descendants(get('a')))).to.deep.equal(['a1', 'a1x', 'a2']);
    expect(descendants(get('a1x'))).to.deep.equal([]);
  });

  it('shows a deleted comment only while a live reply sits below it', () => {
    expect(isShown(get('a'))).to.equal(true);
    expect(isShown(get('a2'))).to.equal(false);
    expect(isShown(get('b'))).to.equal(false);
    expect(isShown(get('c'))).to.equal(true);
  });

  it('counts the shown comments of subtrees without their tombstones', () => {
    expect(countShown([get('a')])).to.equal(3);
    expect(countShown(thread.roots)).to.equal(4);
    expect(countShown([get('b')])).to.equal(0);
  });

  it('lists shown replies, and past the nesting limit every reply below flat', () => {
    expect(ids(listedReplies(get('a')))).to.deep.equal(['a1']);
    const deep = chain(MAX_NESTING + 5);
    const atLimit = deep.get(`d${MAX_NESTING - 1}`)!;
    expect(ids(listedReplies(atLimit))).to.deep.equal(
      Array.from({ length: 5 }, (_, i) => `d${MAX_NESTING + i}`),
    );
    expect(listedReplies(deep.get(`d${MAX_NESTING}`)!)).to.deep.equal([]);
    expect(ids(listedReplies(deep.get('d3')!))).to.deep.equal(['d4']);
  });

  it('names the comment whose list shows a reply', () => {
    const deep = chain(MAX_NESTING + 5);
    expect(listedBy(deep.get('d0')!)).to.equal(null);
    expect(listedBy(deep.get('d5')!)).to.equal(deep.get('d4'));
    const lister = deep.get(`d${MAX_NESTING - 1}`);
    expect(listedBy(deep.get(`d${MAX_NESTING}`)!)).to.equal(lister);
    expect(listedBy(deep.get(`d${MAX_NESTING + 4}`)!)).to.equal(lister);
  });

  it('keeps a 10,000-deep chain iterative', () => {
    const deep = chain(10_000);
    expect(descendants(deep.get('d0')!).length).to.equal(9_999);
    expect(countShown(deep.roots)).to.equal(10_000);
    expect(listedBy(deep.get('d9999')!)!.depth).to.equal(MAX_NESTING - 1);
  });
});

describe('Positions', () => {
  it('numbers loaded comments in document order, each with the end of its replies', () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('a1x', { parentId: 'a1', minute: 2 }),
      comment('b', { minute: 3 }),
    ]);
    const positions = new Positions();
    positions.add(thread.roots);
    expect(ids(positions.nodes)).to.deep.equal(['a', 'a1', 'a1x', 'b']);
    const at = (id: string) => [positions.at(thread.get(id)!), positions.end(thread.get(id)!)];
    expect(at('a')).to.deep.equal([0, 3]);
    expect(at('a1')).to.deep.equal([1, 3]);
    expect(at('b')).to.deep.equal([3, 4]);

    // A later page is numbered after what is there; a posted comment gets no number.
    const first = thread.roots.length;
    thread.appendPage([comment('c', { minute: 4 }), comment('c1', { parentId: 'c', minute: 5 })]);
    const posted = thread.upsert(comment('a2', { parentId: 'a', minute: 6 }))!;
    positions.add(thread.roots.slice(first));
    expect(at('c')).to.deep.equal([4, 6]);
    expect(at('c1')).to.deep.equal([5, 6]);
    expect(positions.at(posted)).to.equal(undefined);
    expect(positions.size).to.equal(6);
  });
});

describe('Thread.touch', () => {
  it('marks nodes and every subtree they sit in once, and touchAll marks every node', () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('a2', { parentId: 'a', minute: 2 }),
      comment('b', { minute: 3 }),
    ]);
    const [a, a1, a2, b] = ['a', 'a1', 'a2', 'b'].map((id) => thread.get(id)!);
    thread.touch(a1, a2);
    expect([a.version, a1.version, a2.version, b.version]).to.deep.equal([1, 1, 1, 0]);
    thread.touchAll();
    expect([a.version, a1.version, a2.version, b.version]).to.deep.equal([2, 2, 2, 1]);
  });
});
