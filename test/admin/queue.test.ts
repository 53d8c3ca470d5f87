import { expect } from '@open-wc/testing';
import {
  appendPage,
  applyChange,
  belongsTo,
  emptyFilter,
  keepCurrent,
  moveCurrent,
  pruneSelection,
} from '../../admin/src/model/queue.js';
import type { ModComment } from '../../src/protocol/index.js';

let next = 1;

/** A moderator's view of a comment; every field can be overridden. */
function mod(fields: Partial<ModComment> = {}): ModComment {
  const id = String(next++);
  return {
    id,
    parentId: null,
    author: { name: `Reader ${id}`, url: null, avatar: null },
    body: `Comment ${id}`,
    createdAt: `2026-01-01T00:00:${String(next % 60).padStart(2, '0')}.000Z`,
    editedAt: null,
    status: 'pending',
    votes: { up: 0, down: 0 },
    myVote: 0,
    mine: false,
    page: 'https://blog.example/a',
    reports: { count: 0, reasons: {} },
    heldFor: ['moderation'],
    ...fields,
  };
}

const ids = (items: ModComment[]) => items.map((item) => item.id);

describe('console queue model', () => {
  describe('belongsTo', () => {
    it('sorts comments into the queues as the server does', () => {
      const pending = mod({ status: 'pending' });
      const heldEdit = mod({
        status: 'published',
        pendingEdit: { body: 'new', editedAt: pending.createdAt, heldFor: ['links'] },
      });
      const reported = mod({ status: 'published', reports: { count: 2, reasons: { spam: 2 } } });
      const deletedReported = mod({ status: 'deleted', reports: { count: 1, reasons: {} } });
      const published = mod({ status: 'published' });
      const queue = (status: 'pending' | 'reported' | 'published' | 'deleted') =>
        [pending, heldEdit, reported, deletedReported, published]
          .filter((comment) => belongsTo(comment, emptyFilter(status)))
          .map((comment) => comment.id);
      expect(queue('pending')).to.deep.equal([pending.id, heldEdit.id]);
      expect(queue('reported')).to.deep.equal([reported.id]);
      expect(queue('published')).to.deep.equal([heldEdit.id, reported.id, published.id]);
      expect(queue('deleted')).to.deep.equal([deletedReported.id]);
    });

    it('keeps the page, text and author filters, case-insensitively', () => {
      const comment = mod({
        body: 'Buy CHEAP pills',
        author: { name: 'Spam King', url: null, avatar: null },
        page: 'https://blog.example/a',
      });
      const filter = emptyFilter('pending');
      expect(belongsTo(comment, { ...filter, q: 'cheap' })).to.equal(true);
      expect(belongsTo(comment, { ...filter, q: 'expensive' })).to.equal(false);
      expect(belongsTo(comment, { ...filter, author: 'king' })).to.equal(true);
      expect(belongsTo(comment, { ...filter, author: 'queen' })).to.equal(false);
      // The filter's page key is normalised as the server normalises it.
      expect(belongsTo(comment, { ...filter, page: 'HTTPS://Blog.example/a/#x' })).to.equal(true);
      expect(belongsTo(comment, { ...filter, page: 'https://blog.example/b' })).to.equal(false);
    });

    it('finds the text in a held edit too', () => {
      const comment = mod({
        status: 'published',
        body: 'old words',
        pendingEdit: { body: 'new words', editedAt: '2026-01-01T00:00:00.000Z', heldFor: [] },
      });
      expect(belongsTo(comment, { ...emptyFilter('pending'), q: 'new' })).to.equal(true);
    });
  });

  describe('applyChange', () => {
    it('adds a new pending comment at the end of a complete oldest-first queue', () => {
      const a = mod({ createdAt: '2026-01-01T00:00:01.000Z' });
      const b = mod({ createdAt: '2026-01-01T00:00:02.000Z' });
      const arriving = mod({ createdAt: '2026-01-01T00:00:03.000Z' });
      expect(ids(applyChange([a, b], arriving, emptyFilter('pending'), true))).to.deep.equal([
        a.id,
        b.id,
        arriving.id,
      ]);
      // With more pages to load, it belongs to one of those pages.
      expect(ids(applyChange([a, b], arriving, emptyFilter('pending'), false))).to.deep.equal([
        a.id,
        b.id,
      ]);
    });

    it('puts a new comment first in a newest-first queue', () => {
      const old = mod({ status: 'published', createdAt: '2026-01-01T00:00:01.000Z' });
      const arriving = mod({ status: 'published', createdAt: '2026-01-02T00:00:00.000Z' });
      expect(ids(applyChange([old], arriving, emptyFilter('published'), false))).to.deep.equal([
        arriving.id,
        old.id,
      ]);
    });

    it('takes an approved comment out of the pending queue and updates one in place', () => {
      const a = mod();
      const b = mod();
      const approved = { ...a, status: 'published' as const };
      expect(ids(applyChange([a, b], approved, emptyFilter('pending'), true))).to.deep.equal([
        b.id,
      ]);
      const edited = { ...b, body: 'changed' };
      const after = applyChange([a, b], edited, emptyFilter('pending'), true);
      expect(after[1]).to.equal(edited);
    });

    it('orders the reported queue by open reports, most first', () => {
      const few = mod({ status: 'published', reports: { count: 1, reasons: { spam: 1 } } });
      const many = mod({ status: 'published', reports: { count: 3, reasons: { abuse: 3 } } });
      const filter = emptyFilter('reported');
      const list = applyChange([few], many, filter, true);
      expect(ids(list)).to.deep.equal([many.id, few.id]);
      // Approving dismisses its reports: it leaves the queue.
      const dismissed = { ...many, reports: { count: 0, reasons: {} } };
      expect(ids(applyChange(list, dismissed, filter, true))).to.deep.equal([few.id]);
    });

    it('leaves the list alone for a comment of another queue', () => {
      const a = mod();
      const other = mod({ status: 'published' });
      const list = [a];
      const after = applyChange(list, other, emptyFilter('pending'), true);
      expect(ids(after)).to.deep.equal([a.id]);
      expect(after).not.to.equal(list);
    });
  });

  it('appendPage skips comments already listed', () => {
    const a = mod();
    const b = mod();
    const c = mod();
    expect(ids(appendPage([a, b], [b, c]))).to.deep.equal([a.id, b.id, c.id]);
  });

  describe('the current comment', () => {
    it('moves by j/k within the list, starting at the first', () => {
      const list = [mod(), mod(), mod()];
      expect(moveCurrent(list, null, 1)).to.equal(list[0]!.id);
      expect(moveCurrent(list, list[0]!.id, 1)).to.equal(list[1]!.id);
      expect(moveCurrent(list, list[2]!.id, 1)).to.equal(list[2]!.id);
      expect(moveCurrent(list, list[0]!.id, -1)).to.equal(list[0]!.id);
      expect(moveCurrent([], null, 1)).to.equal(null);
    });

    it('passes to the next one when the current one leaves, or the new last', () => {
      const [a, b, c] = [mod(), mod(), mod()];
      expect(keepCurrent([a!, b!, c!], [a!, c!], b!.id)).to.equal(c!.id);
      expect(keepCurrent([a!, b!, c!], [a!, b!], c!.id)).to.equal(b!.id);
      expect(keepCurrent([a!, b!, c!], [a!, b!, c!], b!.id)).to.equal(b!.id);
      expect(keepCurrent([a!], [], a!.id)).to.equal(null);
      expect(keepCurrent([], [a!], null)).to.equal(a!.id);
    });
  });

  it('pruneSelection forgets comments no longer listed', () => {
    const [a, b] = [mod(), mod()];
    const selection = pruneSelection(new Set([a!.id, b!.id, 'gone']), [b!]);
    expect([...selection]).to.deep.equal([b!.id]);
  });
});
