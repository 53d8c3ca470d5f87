import { expect } from '@open-wc/testing';
import { Localizer } from '../../src/i18n/localizer.js';
import { en, type Catalogue, type Message } from '../../src/i18n/locales/en.js';
import { enComposer } from '../../src/i18n/locales/en-composer.js';
import load, { loaders } from '../../src/i18n/locales/loaders.js';

/** Every English text: the widget's and the composer's. */
const english: Record<string, Message> = { ...en, ...enComposer };
const FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
const textsOf = (message: Message) =>
  typeof message === 'string' ? [message] : Object.values(message).filter((text) => text);

/**
 * What is wrong with a catalogue for `lang`, one line per fault: keys English lacks or it lacks,
 * a plain text where English counts (or the reverse), placeholders English does not have (a
 * plain text must keep all of them: the element splits some texts at `{name}`), and plural forms
 * other than the categories Intl.PluralRules gives the language.
 */
function problemsOf(catalogue: Record<string, Message>, lang: string): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
  for (const key of Object.keys(english)) {
    if (!Object.hasOwn(catalogue, key)) problems.push(`${key}: missing`);
  }
  for (const [key, message] of Object.entries(catalogue)) {
    const source = english[key];
    if (source === undefined) {
      problems.push(`${key}: not an English key`);
      continue;
    }
    if (typeof source !== typeof message) {
      problems.push(`${key}: ${typeof message === 'string' ? 'plain text' : 'plural forms'}`);
      continue;
    }
    const allowed = new Set(textsOf(source).flatMap(placeholders));
    for (const text of textsOf(message)) {
      for (const name of placeholders(text)) {
        if (!allowed.has(name)) problems.push(`${key}: {${name}} is not in the English text`);
      }
    }
    if (typeof message === 'string') {
      const used = new Set(placeholders(message));
      for (const name of allowed) {
        if (!used.has(name)) problems.push(`${key}: {${name}} is missing`);
      }
    } else {
      const forms = Object.keys(message);
      for (const category of categories) {
        if (!forms.includes(category)) problems.push(`${key}: no "${category}" form`);
      }
      for (const form of forms) {
        if (!categories.includes(form)) problems.push(`${key}: "${form}" is not a ${lang} form`);
      }
    }
  }
  return problems;
}

const tags = Object.keys(loaders);

describe('catalogues', () => {
  it('has a catalogue for each language of issue 16', () => {
    // pt-BR and zh-CN are the catalogues of `pt` and `zh` (Localizer: the longest start of a tag).
    const languages = ['de', 'es', 'fr', 'pt', 'it', 'nl', 'pl', 'uk', 'ja', 'zh', 'ar', 'he'];
    for (const tag of languages) {
      expect(tags, tag).to.include(tag);
    }
  });

  it('finds the catalogue of every loader key from its tag (the Localizer’s TAGS agree)', () => {
    for (const tag of tags) expect(new Localizer(tag).lang, tag).to.equal(tag);
  });

  for (const tag of tags) {
    it(`${tag}: every English key, no other, English placeholders, the language's plural forms`, async () => {
      const catalogue: Catalogue = await load(tag);
      expect(problemsOf(catalogue, tag)).to.deep.equal([]);
    });
  }

  it('finds what is wrong with a faulty catalogue', () => {
    const faulty: Record<string, Message> = { ...english, 'extra.key': 'x' };
    delete faulty['thread.label'];
    faulty['comment.inReplyTo'] = 'Antwort an {nam}';
    faulty['thread.heading'] = { one: '{count} Kommentar', few: 'x', other: '{total} Kommentare' };
    faulty['sort.label'] = { other: 'Sortieren' };
    expect(problemsOf(faulty, 'de')).to.have.members([
      'thread.label: missing',
      'extra.key: not an English key',
      'comment.inReplyTo: {nam} is not in the English text',
      'comment.inReplyTo: {name} is missing',
      'thread.heading: {total} is not in the English text',
      'thread.heading: "few" is not a de form',
      'sort.label: plural forms',
    ]);
    expect(problemsOf({ ...english }, 'pl')).to.include('thread.heading: no "few" form');
    expect(FORMS).to.include.members(
      new Intl.PluralRules('ar').resolvedOptions().pluralCategories as string[],
    );
  });
});
