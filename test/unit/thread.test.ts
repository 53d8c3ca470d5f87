import { expect } from '@open-wc/testing';
import { Thread, type ThreadNode } from '../../src/model/thread.js';
import { comment } from '../support/comments.js';

const order = (thread: Thread) => [...thread.walk()].map((n) => n.comment.id);
const ids = (nodes: ThreadNode[]) => nodes.map((n) => n.comment.id);

describe('Thread', () => {
  it('nests replies under their parents with depths, in document order', () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('a1x', { parentId: 'a1', minute: 2 }),
      comment('b', { minute: 3 }),
      comment('a2', { parentId: 'a', minute: 4 }),
    ]);
    expect(ids(thread.roots)).to.deep.equal(['a', 'b']);
    expect(ids(thread.get('a')!.children)).to.deep.equal(['a1', 'a2']);
    expect(thread.get('a1x')!.depth).to.equal(2);
    expect(thread.get('a1x')!.parent!.comment.id).to.equal('a1');
    expect(order(thread)).to.deep.equal(['a', 'a1', 'a1x', 'a2', 'b']);
    expect(thread.size).to.equal(5);
  });

  it('drops comments whose parent is unknown, without failing', () => {
    const thread = new Thread([
      comment('a'),
      comment('orphan', { parentId: 'ghost' }),
      comment('b'),
    ]);
    expect(order(thread)).to.deep.equal(['a', 'b']);
    expect(thread.get('orphan')).to.equal(undefined);
    expect(thread.upsert(comment('late-orphan', { parentId: 'ghost' }))).to.equal(null);
    expect(thread.size).to.equal(2);
  });

  it('keeps the last of duplicate ids in the first one’s place', () => {
    const thread = new Thread([
      comment('a', { body: 'first' }),
      comment('b'),
      comment('a', { body: 'second' }),
    ]);
    expect(order(thread)).to.deep.equal(['a', 'b']);
    expect(thread.get('a')!.comment.body).to.equal('second');
  });

  it('appends a loaded page after the existing roots and merges repeats', () => {
    const thread = new Thread([comment('a'), comment('b', { minute: 1 })]);
    thread.appendPage([
      comment('b', { minute: 1, votes: { up: 4, down: 0 } }),
      comment('c', { minute: 2 }),
      comment('c1', { parentId: 'c', minute: 3 }),
    ]);
    expect(order(thread)).to.deep.equal(['a', 'b', 'c', 'c1']);
    expect(thread.get('b')!.comment.votes.up).to.equal(4);
  });

  it('places new top-level comments first for newest and last otherwise', () => {
    const newest = new Thread([comment('b', { minute: 2 }), comment('a', { minute: 1 })]);
    newest.upsert(comment('c', { minute: 3 }), { sort: 'newest' });
    expect(ids(newest.roots)).to.deep.equal(['c', 'b', 'a']);
    for (const sort of ['oldest', 'top', undefined] as const) {
      const thread = new Thread([comment('a'), comment('b', { minute: 1 })]);
      thread.upsert(comment('c', { minute: 3 }), { sort });
      expect(ids(thread.roots), String(sort)).to.deep.equal(['a', 'b', 'c']);
    }
  });

  it('inserts replies under their parent in createdAt order', () => {
    const thread = new Thread([
      comment('p'),
      comment('r1', { parentId: 'p', minute: 1 }),
      comment('r3', { parentId: 'p', minute: 3 }),
    ]);
    const node = thread.upsert(comment('r2', { parentId: 'p', minute: 2 }), { sort: 'newest' });
    expect(node!.depth).to.equal(1);
    expect(ids(thread.get('p')!.children)).to.deep.equal(['r1', 'r2', 'r3']);
    thread.upsert(comment('r4', { parentId: 'p', minute: 4 }));
    expect(ids(thread.get('p')!.children)).to.deep.equal(['r1', 'r2', 'r3', 'r4']);
  });

  it('keeps mine and myVote for stream updates but not for own answers', () => {
    const thread = new Thread([comment('a', { mine: true, myVote: 1, votes: { up: 1, down: 0 } })]);
    thread.upsert(comment('a', { body: 'edited', votes: { up: 2, down: 0 } }), {
      fromStream: true,
    });
    const streamed = thread.get('a')!.comment;
    expect(streamed).to.include({ body: 'edited', mine: true, myVote: 1 });
    expect(streamed.votes.up).to.equal(2);
    thread.upsert(comment('a', { body: 'again', mine: false, myVote: 0 }));
    expect(thread.get('a')!.comment).to.include({ mine: false, myVote: 0 });
  });

  it('bumps the version of a changed node and of every node above it', () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('b', { minute: 2 }),
    ]);
    const [a, a1, b] = ['a', 'a1', 'b'].map((id) => thread.get(id)!);
    const before = [a.version, a1.version, b.version];
    thread.setVotes('a1', { up: 3, down: 1 }, -1);
    expect(a1.comment.votes).to.deep.equal({ up: 3, down: 1 });
    expect(a1.comment.myVote).to.equal(-1);
    expect([a.version, a1.version, b.version]).to.deep.equal([
      before[0] + 1,
      before[1] + 1,
      before[2],
    ]);
    thread.upsert(comment('a2', { parentId: 'a', minute: 3 }));
    expect(a.version).to.equal(before[0] + 2);
    expect(thread.setVotes('nope', { up: 0, down: 0 })).to.equal(null);
    thread.setVotes('b', { up: 1, down: 0 });
    expect(b.comment.myVote).to.equal(0);
  });

  it('turns a deleted comment with replies into a tombstone and removes one without', () => {
    const thread = new Thread([
      comment('a'),
      comment('a1', { parentId: 'a', minute: 1 }),
      comment('b', { minute: 2 }),
    ]);
    const tomb = comment('a', { status: 'deleted', body: '', author: '' });
    expect(thread.upsert(tomb, { fromStream: true })!.comment.status).to.equal('deleted');
    expect(order(thread)).to.deep.equal(['a', 'a1', 'b']);
    thread.upsert(comment('b', { status: 'deleted', body: '', author: '' }));
    expect(order(thread)).to.deep.equal(['a', 'a1']);
    // The last reply under a tombstone goes, and the tombstone with it.
    thread.upsert(comment('a1', { parentId: 'a', status: 'deleted', body: '', author: '' }));
    expect(order(thread)).to.deep.equal([]);
    expect(thread.size).to.equal(0);
    expect(thread.upsert(comment('z', { status: 'deleted' }))).to.equal(null);
  });

  it('lists distinct non-empty author names', () => {
    const thread = new Thread([
      comment('a', { author: 'Ann' }),
      comment('b', { author: 'Bob' }),
      comment('c', { author: 'Ann' }),
      comment('d', { author: '', status: 'deleted' }),
      comment('d1', { parentId: 'd', author: 'Cy' }),
    ]);
    expect(thread.authors()).to.have.members(['Ann', 'Bob', 'Cy']);
    expect(thread.authors()).to.have.length(3);
  });

  it('returns the same author list until the thread changes', () => {
    const thread = new Thread([comment('a', { author: 'Ann' }), comment('b', { author: 'Bob' })]);
    const first = thread.authors();
    expect(thread.authors()).to.equal(first);
    thread.setVotes('a', { up: 1, down: 0 });
    expect(thread.authors(), 'a vote changes no name').to.equal(first);
    thread.upsert(comment('c', { author: 'Cy', minute: 2 }));
    const second = thread.authors();
    expect(second).not.to.equal(first);
    expect(second).to.have.members(['Ann', 'Bob', 'Cy']);
    expect(first, 'the old list is left as it was').to.have.members(['Ann', 'Bob']);
  });

  it("lists an author's comments oldest first, longest names first", () => {
    // Document order is not time order: a reply to the first comment is newer than the
    // second top-level comment.
    const thread = new Thread([
      comment('a', { author: 'Ann', minute: 1 }),
      comment('a1', { parentId: 'a', author: 'Bob', minute: 9 }),
      comment('a2', { parentId: 'a', author: 'Ann', minute: 10 }),
      comment('b', { author: 'Ann Lee', minute: 5 }),
      comment('c', { author: 'Ann', minute: 3 }),
    ]);
    const index = thread.commentsByAuthor();
    expect([...index.keys()]).to.deep.equal(['Ann Lee', 'Ann', 'Bob']);
    const ann = index.get('Ann')!;
    expect(ann.map((entry) => entry.node.comment.id)).to.deep.equal(['a', 'c', 'a2']);
    expect(ann.map((entry) => entry.time)).to.deep.equal(
      ['a', 'c', 'a2'].map((id) => Date.parse(thread.get(id)!.comment.createdAt)),
    );
    expect(index.get('Nobody')).to.equal(undefined);
  });

  it('stays consistent through a random mix of pages, posts, stream events and deletions', () => {
    // A small fixed-seed generator, so a failure can be replayed.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const thread = new Thread();
    const known: string[] = [];
    for (let step = 0; step < 3000; step++) {
      const roll = random();
      const id = `x${step}`;
      const parentId =
        known.length > 0 && random() < 0.6 ? known[Math.floor(random() * known.length)] : null;
      if (roll < 0.3) thread.appendPage([comment(id, { parentId, minute: step })]);
      else if (roll < 0.7)
        thread.upsert(comment(id, { parentId, minute: step }), { fromStream: true });
      else if (roll < 0.85 && known.length > 0) {
        const target = thread.get(known[Math.floor(random() * known.length)]);
        if (target) {
          thread.upsert({
            ...target.comment,
            status: 'deleted',
            body: '',
            author: { name: '', url: null, avatar: null },
          });
        }
        continue;
      } else continue;
      known.push(id);
    }
    const seen = new Set<string>();
    for (const node of thread.walk()) {
      expect(seen.has(node.comment.id), 'visited once').to.equal(false);
      seen.add(node.comment.id);
      expect(thread.get(node.comment.id)).to.equal(node);
      expect(node.depth).to.equal(node.parent ? node.parent.depth + 1 : 0);
      const siblings = node.parent ? node.parent.children : thread.roots;
      expect(siblings.includes(node)).to.equal(true);
      if (node.comment.status === 'deleted') {
        expect(node.children.length, 'a tombstone holds up replies').to.be.above(0);
      }
    }
    expect(seen.size).to.equal(thread.size);
  });

  it('handles 5,000 comments, wide and deep, without quadratic work', () => {
    const flat = [];
    for (let i = 0; i < 2500; i++) {
      flat.push(comment(`t${i}`, { minute: i, author: `Reader ${i % 300}` }));
      flat.push(comment(`r${i}`, { parentId: `t${i}`, minute: i, author: `Reader ${i % 7}` }));
    }
    const chain = [comment('c0')];
    for (let i = 1; i < 5000; i++)
      chain.push(comment(`c${i}`, { parentId: `c${i - 1}`, minute: i }));
    const started = performance.now();
    const wide = new Thread(flat);
    const deep = new Thread(chain);
    for (let i = 0; i < 500; i++)
      wide.upsert(comment(`n${i}`, { parentId: `t${i}`, minute: i, author: 'Reader 1' }));
    expect([...wide.walk()]).to.have.length(5500);
    expect([...deep.walk()]).to.have.length(5000);
    expect(deep.get('c4999')!.depth).to.equal(4999);
    expect(wide.authors()).to.have.length(300);
    // Generous: a quadratic build would take seconds; this is a guard, not a benchmark.
    expect(performance.now() - started).to.be.below(5000);
  });
});
