import { expect } from '@open-wc/testing';
import { DraftStore } from '../../src/model/drafts.js';

const freshEndpoint = () => `/api-${crypto.randomUUID()}`;

/** Storage that refuses everything, as in some privacy modes and sandboxed frames. */
const throwingStorage = {
  get length(): number {
    throw new DOMException('denied', 'SecurityError');
  },
  key() {
    throw new DOMException('denied', 'SecurityError');
  },
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  clear() {
    throw new DOMException('denied', 'SecurityError');
  },
} as Storage;

describe('DraftStore', () => {
  it('keeps a draft across a reload (a new store on the same page)', () => {
    const endpoint = freshEndpoint();
    const draft = {
      body: 'Half a thought',
      name: 'Ann',
      url: 'https://ann.example',
      idempotencyKey: 'k1',
    };
    new DraftStore(endpoint, 'p').save('new', draft);
    expect(new DraftStore(endpoint, 'p').load('new')).to.deep.equal(draft);
  });

  it('keeps drafts per page, per endpoint and per form', () => {
    const endpoint = freshEndpoint();
    const store = new DraftStore(endpoint, 'p');
    store.save('new', { body: 'top' });
    store.save('reply:c1', { body: 'reply' });
    expect(store.load('reply:c1')!.body).to.equal('reply');
    expect(store.load('edit:c1')).to.equal(null);
    expect(new DraftStore(endpoint, 'other').load('new')).to.equal(null);
    expect(new DraftStore(freshEndpoint(), 'p').load('new')).to.equal(null);
    // A ':' in the page must not let one page's keys run into another's.
    new DraftStore(endpoint, 'a:b').save('new', { body: 'x' });
    expect(new DraftStore(endpoint, 'a').load('b:new')).to.equal(null);
  });

  it('removes a draft when saved empty or cleared', () => {
    const store = new DraftStore(freshEndpoint(), 'p');
    store.save('new', { body: 'text' });
    store.save('new', { body: '   ' });
    expect(store.load('new')).to.equal(null);
    store.save('new', { body: 'text' });
    store.clear('new');
    expect(store.load('new')).to.equal(null);
  });

  it('survives storage that throws, keeping drafts for this visit', () => {
    const store = new DraftStore(freshEndpoint(), 'p', throwingStorage);
    store.save('new', { body: 'still here' });
    expect(store.load('new')).to.deep.equal({ body: 'still here' });
    store.rememberAuthor({ name: 'Ann' });
    expect(store.rememberedAuthor()).to.deep.equal({ name: 'Ann', email: '', url: '' });
    store.clear('new');
    expect(store.load('new')).to.equal(null);
  });

  it('works without any storage', () => {
    const store = new DraftStore(freshEndpoint(), 'p', null);
    store.save('new', { body: 'memory only' });
    expect(store.load('new')!.body).to.equal('memory only');
  });

  it('ignores stored values that are not drafts', () => {
    const endpoint = freshEndpoint();
    const store = new DraftStore(endpoint, 'p');
    store.save('new', { body: 'x' });
    const key = Object.keys(localStorage).find((k) => k.includes(endpoint))!;
    localStorage.setItem(key, '{not json');
    expect(new DraftStore(endpoint, 'p').load('new')).to.equal(null);
    localStorage.setItem(key, JSON.stringify({ body: 42 }));
    expect(new DraftStore(endpoint, 'p').load('new')).to.equal(null);
    localStorage.setItem(key, JSON.stringify({ body: 'ok', name: 7, extra: 'dropped' }));
    expect(new DraftStore(endpoint, 'p').load('new')).to.deep.equal({ body: 'ok' });
  });

  it('remembers the author per endpoint, across pages', () => {
    const endpoint = freshEndpoint();
    expect(new DraftStore(endpoint, 'p').rememberedAuthor()).to.deep.equal({
      name: '',
      email: '',
      url: '',
    });
    new DraftStore(endpoint, 'p').rememberAuthor({ name: 'Ann', email: 'ann@example.com' });
    expect(new DraftStore(endpoint, 'q').rememberedAuthor()).to.deep.equal({
      name: 'Ann',
      email: 'ann@example.com',
      url: '',
    });
    expect(new DraftStore(freshEndpoint(), 'p').rememberedAuthor().name).to.equal('');
  });
});
