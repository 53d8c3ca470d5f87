import { expect } from '@open-wc/testing';
import {
  insertMention,
  mentionQueryAt,
  suggestNames,
} from '../../src/elements/composer/mentions.js';

const PEOPLE = ['Daryl', 'Daryl and his brother Darryl', 'An Interested Party', 'Dana Scully'];

describe('composer mentions: finding the query', () => {
  it('takes the @ and letters before the caret, names with spaces included', () => {
    expect(mentionQueryAt('hi @Da', 6)).to.deep.equal({ start: 3, end: 6, text: 'Da' });
    expect(mentionQueryAt('@An Inter', 9)).to.deep.equal({ start: 0, end: 9, text: 'An Inter' });
    expect(mentionQueryAt('hi @Dana and more', 8)).to.deep.equal({
      start: 3,
      end: 8,
      text: 'Dana',
    });
  });

  it('ignores a bare @, an email address, and an @ on an earlier line', () => {
    expect(mentionQueryAt('hi @', 4)).to.equal(null);
    expect(mentionQueryAt('@ Da', 4)).to.equal(null);
    expect(mentionQueryAt('mail ada@example', 16)).to.equal(null);
    expect(mentionQueryAt('@Da\nna', 6)).to.equal(null);
    expect(mentionQueryAt('no at sign', 10)).to.equal(null);
    expect(mentionQueryAt(`@${'a'.repeat(80)}`, 81)).to.equal(null);
  });

  it('suggests names starting with the query first, then names with a word starting with it', () => {
    expect(suggestNames(PEOPLE, 'da')).to.deep.equal([
      'Daryl',
      'Daryl and his brother Darryl',
      'Dana Scully',
    ]);
    expect(suggestNames(PEOPLE, 'sc')).to.deep.equal(['Dana Scully']);
    expect(suggestNames(PEOPLE, 'daryl and')).to.deep.equal(['Daryl and his brother Darryl']);
    expect(suggestNames(PEOPLE, 'zz')).to.deep.equal([]);
  });

  it('never suggests empty names or names with invisible characters, nor a name twice', () => {
    expect(suggestNames(['', '   ', 'Da\u200Bna', 'Dana', 'Dana'], 'da')).to.deep.equal(['Dana']);
    const many = Array.from({ length: 20 }, (_, i) => `Dan ${i}`);
    expect(suggestNames(many, 'dan')).to.have.length(8);
  });

  it('replaces the query with @Full Name and a space', () => {
    expect(
      insertMention('hi @Da, ok', { start: 3, end: 6, text: 'Da' }, 'Dana Scully'),
    ).to.deep.equal({ text: 'hi @Dana Scully , ok', caret: 16 });
  });
});
