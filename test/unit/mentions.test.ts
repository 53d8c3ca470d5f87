import { expect } from '@open-wc/testing';
import { mentionFinder, type MentionMatch } from '../../src/model/mentions.js';
import { Thread } from '../../src/model/thread.js';
import { comment } from '../support/comments.js';

// Minutes give the creation order; the mentioning comment 'm' is written at minute 50,
// as a reply to 'ann-0'.
const thread = new Thread([
  comment('ann-0', { author: 'Ann', minute: 0 }),
  comment('m', { author: 'Cy', parentId: 'ann-0', minute: 50 }),
  comment('bob-1', { author: 'Bob', minute: 1 }),
  comment('ann-2', { author: 'Ann', minute: 2 }),
  comment('daryl-3', { author: 'Daryl', minute: 3 }),
  comment('brothers-4', { author: 'Daryl and his brother Darryl', minute: 4 }),
  comment('party-5', { author: 'An Interested Party', minute: 5 }),
  comment('an-6', { author: 'An', minute: 6 }),
  comment('zwsp-7', { author: 'Ann\u200B', minute: 7 }),
  comment('bidi-8', { author: '\u202EnnA', minute: 8 }),
  comment('zoe-9', { author: 'Zoë', minute: 9 }),
  comment('blank-10', { author: '  ', minute: 10 }),
  comment('bob-40', { author: 'Bob', minute: 40 }),
  comment('bob-60', { author: 'Bob', minute: 60 }),
  comment('later-70', { author: 'Later', minute: 70 }),
  comment('gone-11', { author: '', status: 'deleted', body: '', minute: 11 }),
  comment('gone-reply', { author: 'Eve', parentId: 'gone-11', minute: 12 }),
]);
const find = mentionFinder(thread, thread.get('m')!);
const summary = (matches: MentionMatch[]) =>
  matches.map((m) => [m.name, m.targetId, m.start, m.end]);

const cases: Array<[string, string, Array<[string, string, number, number]>]> = [
  ['prefers the parent when its author has the name', '@Ann thanks', [['Ann', 'ann-0', 0, 4]]],
  ['links the author’s latest comment before this one', '@Bob: yes', [['Bob', 'bob-40', 0, 4]]],
  [
    'links a multi-word name ended by a colon',
    '@Daryl and his brother Darryl: yes',
    [['Daryl and his brother Darryl', 'brothers-4', 0, 29]],
  ],
  ['falls back to the shorter name', '@Daryl and his brother', [['Daryl', 'daryl-3', 0, 6]]],
  ['ends a name at a comma', 'Hi @Daryl, hi', [['Daryl', 'daryl-3', 3, 9]]],
  [
    'links a name with spaces',
    '@An Interested Party: agreed',
    [['An Interested Party', 'party-5', 0, 20]],
  ],
  ['takes the longest name only when it is whole', '@An idea', [['An', 'an-6', 0, 3]]],
  ['does not stop a name inside a longer word', '@Annabel', []],
  ['leaves a name with no earlier comment plain', '@Later you said', []],
  ['leaves unknown names plain', '@Unknown person', []],
  ['finds a name at the very end of the text', 'I agree with @Bob', [['Bob', 'bob-40', 13, 17]]],
  ['ends a name at an apostrophe', "@Bob's point", [['Bob', 'bob-40', 0, 4]]],
  [
    'ends a name at closing punctuation',
    '(@Bob) and @Ann.',
    [
      ['Bob', 'bob-40', 1, 5],
      ['Ann', 'ann-0', 11, 15],
    ],
  ],
  ['treats a doubled @ as a mention of the name', '@@Bob', [['Bob', 'bob-40', 1, 5]]],
  ['ignores an @ inside a word (e-mail addresses)', 'write to x@Bob.com', []],
  ['compares names exactly (no case folding)', '@bob @ANN', []],
  ['never links a name holding a zero-width character', '@Ann\u200B', [['Ann', 'ann-0', 0, 4]]],
  ['never links a name holding a bidi control', '@\u202EnnA hello', []],
  ['never links an empty or blank name', '@ hello @  , there', []],
  ['handles letters with diacritics', '@Zoë! @Zoëy', [['Zoë', 'zoe-9', 0, 4]]],
];

describe('mentionFinder', () => {
  for (const [title, text, expected] of cases) {
    it(title, () => {
      expect(summary(find(text))).to.deep.equal(expected);
    });
  }

  it('covers exactly @ + name with start and end', () => {
    const text = 'so @Daryl and his brother Darryl: yes';
    const [match] = find(text);
    expect(text.slice(match.start, match.end)).to.equal('@Daryl and his brother Darryl');
  });

  it('does not prefer a deleted parent', () => {
    const reply = thread.get('gone-reply')!;
    expect(summary(mentionFinder(thread, reply)('@Ann'))).to.deep.equal([['Ann', 'ann-2', 0, 4]]);
  });

  it('prefers the parent even over a later comment of the same author', () => {
    const t = new Thread([
      comment('old', { author: 'Bo', minute: 0 }),
      comment('new', { author: 'Bo', minute: 5 }),
      comment('reply', { author: 'X', parentId: 'old', minute: 9 }),
    ]);
    expect(summary(mentionFinder(t, t.get('reply')!)('@Bo'))).to.deep.equal([['Bo', 'old', 0, 3]]);
    expect(summary(mentionFinder(t, t.get('new')!)('@Bo'))).to.deep.equal([['Bo', 'old', 0, 3]]);
    expect(mentionFinder(t, t.get('old')!)('@Bo')).to.deep.equal([]);
  });

  it('picks up authors added after the thread was built', () => {
    const t = new Thread([comment('a', { author: 'A', minute: 0 }), comment('z', { minute: 9 })]);
    t.upsert(comment('n', { author: 'Newcomer', minute: 1 }));
    expect(summary(mentionFinder(t, t.get('z')!)('@Newcomer'))).to.deep.equal([
      ['Newcomer', 'n', 0, 9],
    ]);
  });
});
