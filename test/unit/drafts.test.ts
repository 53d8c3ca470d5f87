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
    expect(store.rememberedAuthor()).to.deep.equal({
      name: 'Ann',
      email: '',
      url: '',
      notify: false,
    });
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
      notify: false,
    });
    new DraftStore(endpoint, 'p').rememberAuthor({ name: 'Ann', email: 'ann@example.com' }, true);
    expect(new DraftStore(endpoint, 'q').rememberedAuthor()).to.deep.equal({
      name: 'Ann',
      email: 'ann@example.com',
      url: '',
      notify: true,
    });
    expect(new DraftStore(freshEndpoint(), 'p').rememberedAuthor().name).to.equal('');
  });

  /** What localStorage holds under the endpoint's keys, parsed. */
  function stored(endpoint: string): unknown[] {
    return Object.keys(localStorage)
      .filter((key) => key.includes(endpoint))
      .map((key) => JSON.parse(localStorage.getItem(key)!) as unknown);
  }

  it('keeps an address only with the request for reply mail, and forgets it without', () => {
    const endpoint = freshEndpoint();
    const store = new DraftStore(endpoint, 'p');
    store.rememberAuthor({ name: 'Ann', email: 'ann@example.com' }, true);
    expect(JSON.stringify(stored(endpoint))).to.contain('ann@example.com');
    store.rememberAuthor({ name: 'Ann', email: 'ann@example.com' });
    expect(JSON.stringify(stored(endpoint))).to.not.contain('ann@example.com');
    expect(store.rememberedAuthor()).to.deep.equal({
      name: 'Ann',
      email: '',
      url: '',
      notify: false,
    });
    // A draft drops an address that came without `notify`, and keeps one that came with it.
    store.save('new', { body: 'x', name: 'Ann', email: 'ann@example.com' });
    expect(JSON.stringify(stored(endpoint))).to.not.contain('ann@example.com');
    store.save('new', { body: 'x', email: 'ann@example.com', notify: true });
    expect(store.load('new')).to.deep.equal({ body: 'x', email: 'ann@example.com', notify: true });
  });

  it('erases an address an older version stored without notify, when it reads it', () => {
    const endpoint = freshEndpoint();
    const store = new DraftStore(endpoint, 'p');
    store.save('new', { body: 'x' });
    store.rememberAuthor({ name: 'Ann' });
    // What versions before the notify box wrote: the address with every draft and author.
    for (const key of Object.keys(localStorage).filter((k) => k.includes(endpoint))) {
      const old = key.includes('author')
        ? { name: 'Ann', email: 'old@example.com', url: 'https://ann.example' }
        : { body: 'x', name: 'Ann', email: 'old@example.com', url: '' };
      localStorage.setItem(key, JSON.stringify(old));
    }
    const reloaded = new DraftStore(endpoint, 'p');
    expect(reloaded.rememberedAuthor()).to.deep.equal({
      name: 'Ann',
      email: '',
      url: 'https://ann.example',
      notify: false,
    });
    expect(reloaded.load('new')).to.deep.equal({ body: 'x', name: 'Ann', url: '' });
    expect(stored(endpoint)).to.have.length(2);
    expect(JSON.stringify(stored(endpoint))).to.not.contain('old@example.com');
  });
});
