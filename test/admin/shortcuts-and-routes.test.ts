import { expect } from '@open-wc/testing';
import { parseRoute, routeHash } from '../../admin/src/model/route.js';
import { commandFor, SHORTCUTS } from '../../admin/src/model/shortcuts.js';
import { SessionStore } from '../../admin/src/session-store.js';
import { auditSummary, reportSummary } from '../../admin/src/model/labels.js';

const key = (value: string, modifiers: Partial<KeyboardEventInit> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe('console shortcuts', () => {
  it('maps the documented keys to commands, each key once', () => {
    expect(commandFor(key('j'), null)).to.equal('next');
    expect(commandFor(key('k'), null)).to.equal('previous');
    expect(commandFor(key('a'), null)).to.equal('approve');
    expect(commandFor(key('d'), null)).to.equal('delete');
    expect(commandFor(key('p'), null)).to.equal('pin');
    expect(commandFor(key('r'), null)).to.equal('reports');
    expect(commandFor(key('x'), null)).to.equal('select');
    expect(commandFor(key('/'), null)).to.equal('search');
    expect(commandFor(key('?'), null)).to.equal('help');
    expect(commandFor(key('A'), null)).to.equal('approve-selected');
    expect(commandFor(key('q'), null)).to.equal(null);
    const keys = SHORTCUTS.map((shortcut) => shortcut.key);
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('leaves keys alone while typing, with modifiers, and while composing', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const select = document.createElement('select');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const button = document.createElement('button');
    expect(commandFor(key('a'), input)).to.equal(null);
    expect(commandFor(key('a'), textarea)).to.equal(null);
    expect(commandFor(key('a'), select)).to.equal(null);
    expect(commandFor(key('x'), checkbox)).to.equal('select');
    expect(commandFor(key('a'), button)).to.equal('approve');
    expect(commandFor(key('a', { ctrlKey: true }), null)).to.equal(null);
    expect(commandFor(key('a', { metaKey: true }), null)).to.equal(null);
    expect(commandFor(key('a', { altKey: true }), null)).to.equal(null);
    expect(commandFor({ ...key('a'), isComposing: true }, null)).to.equal(null);
    expect(commandFor({ ...key('a'), defaultPrevented: true }, null)).to.equal(null);
  });
});

describe('console routes', () => {
  it('reads views and comment links from the fragment, and writes them back', () => {
    expect(parseRoute('')).to.deep.equal({ view: 'pending' });
    expect(parseRoute('#reported')).to.deep.equal({ view: 'reported' });
    expect(parseRoute('#audit')).to.deep.equal({ view: 'audit' });
    expect(parseRoute('#nonsense')).to.deep.equal({ view: 'pending' });
    expect(parseRoute('#comment=42')).to.deep.equal({ view: 'comment', id: '42' });
    expect(parseRoute('#comment=%E0%A4%A')).to.deep.equal({ view: 'pending' });
    expect(routeHash({ view: 'comment', id: 'a b' })).to.equal('#comment=a%20b');
    expect(parseRoute(routeHash({ view: 'comment', id: 'a b' }))).to.deep.equal({
      view: 'comment',
      id: 'a b',
    });
  });
});

describe('console session store', () => {
  afterEach(() => sessionStorage.clear());

  it('keeps the token in sessionStorage, per server, and forgets a damaged entry', () => {
    const one = new SessionStore('https://one.example');
    const two = new SessionStore('https://two.example');
    one.write({ token: 't1', name: 'Mo' });
    expect(one.read()).to.deep.equal({ token: 't1', name: 'Mo' });
    expect(two.read()).to.equal(null);
    expect(localStorage.length).to.equal(0);
    one.clear();
    expect(one.read()).to.equal(null);
    sessionStorage.setItem('confab:moderator:https://one.example', '{not json');
    expect(one.read()).to.equal(null);
    expect(sessionStorage.getItem('confab:moderator:https://one.example')).to.equal(null);
  });
});

describe('console labels', () => {
  it('words reports and audit entries', () => {
    expect(reportSummary({ count: 3, reasons: { abuse: 1, spam: 2 } })).to.equal(
      '3 reports: spam 2, abuse 1',
    );
    expect(reportSummary({ count: 1, reasons: { off_topic: 1 } })).to.equal(
      '1 report: off topic 1',
    );
    const entry = {
      id: '1',
      at: '2026-01-01T00:00:00.000Z',
      moderator: 'Mo',
      commentId: '7',
      page: 'p',
      detail: {},
    };
    expect(auditSummary({ ...entry, action: 'approve' })).to.equal('approved comment 7');
    expect(auditSummary({ ...entry, action: 'lock', commentId: null })).to.equal('locked a thread');
  });
});
