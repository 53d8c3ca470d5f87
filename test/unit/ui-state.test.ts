import { expect } from '@open-wc/testing';
import { UiState } from '../../src/controllers/ui-state.js';

describe('UiState', () => {
  let changed: string[];
  let ui: UiState;
  beforeEach(() => {
    changed = [];
    ui = new UiState((id) => changed.push(id));
  });

  it('keeps one comment per panel and says which comments changed', () => {
    ui.setPanel('reply', 'a');
    expect(ui.panel('reply')).to.equal('a');
    expect(ui.isOpen('reply', 'a')).to.equal(true);
    ui.setPanel('reply', 'b');
    expect(ui.isOpen('reply', 'a')).to.equal(false);
    ui.setPanel('edit', 'a');
    expect([ui.panel('reply'), ui.panel('edit')]).to.deep.equal(['b', 'a']);
    ui.setPanel('reply', null);
    ui.setPanel('reply', null);
    expect(changed).to.deep.equal(['a', 'a', 'b', 'a', 'b']);
  });

  it('collapses, expands, notes, marks and highlights', () => {
    expect(ui.toggle('a')).to.equal(true);
    expect(ui.isCollapsed('a')).to.equal(true);
    expect(ui.expand('a')).to.equal(true);
    expect(ui.expand('a')).to.equal(false);
    ui.setNotice('b', 'refused');
    expect(ui.notice('b')).to.equal('refused');
    ui.setNotice('b', 'refused');
    ui.setNotice('b', null);
    ui.setReported('c');
    expect(ui.isReported('c')).to.equal(true);
    ui.highlight('d');
    ui.highlight('e');
    expect(ui.highlighted).to.equal('e');
    expect(changed).to.deep.equal(['a', 'a', 'b', 'b', 'c', 'd', 'd', 'e']);
  });

  it('forgets everything on reset', () => {
    ui.setPanel('confirm', 'a');
    ui.toggle('b');
    ui.setNotice('c', 'x');
    ui.setReported('d');
    ui.highlight('e');
    ui.reset();
    expect(ui.panel('confirm')).to.equal(null);
    expect(ui.isCollapsed('b')).to.equal(false);
    expect(ui.notice('c')).to.equal(null);
    expect(ui.isReported('d')).to.equal(false);
    expect(ui.highlighted).to.equal(null);
  });
});
