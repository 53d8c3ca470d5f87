import { expect } from '@open-wc/testing';
import { Localizer } from '../../src/i18n/localizer.js';
import { enComposer } from '../../src/i18n/locales/en-composer.js';

describe('Localizer text cache', () => {
  it('formats each text once per key and parameters, and again when texts arrive', async () => {
    const english = new Localizer('en');
    expect(english.t('comment.actions', { name: 'Ada' })).to.equal(
      'Actions for the comment by Ada',
    );
    expect(english.t('comment.actions', { name: 'Bo' })).to.equal('Actions for the comment by Bo');
    // A key the entry's catalogue lacks reads as itself until the write path adds its texts.
    expect(english.t('composer.cancel')).to.equal('composer.cancel');
    void english.addWriteTexts(enComposer);
    expect(english.t('composer.cancel')).to.equal('Cancel');

    const german = new Localizer('de');
    expect(german.t('comment.reply')).to.equal('Reply');
    await german.ready;
    expect(german.t('comment.reply')).to.equal('Antworten');
  });

  it('adds a language’s write texts over the English ones, in either order of arrival', async () => {
    const german = new Localizer('de');
    const writing = german.addWriteTexts(enComposer);
    // English at once, so the form is never without words.
    expect(german.t('composer.cancel')).to.equal('Cancel');
    expect(german.addWriteTexts(enComposer)).to.equal(writing);
    await writing;
    expect(german.t('composer.cancel')).to.equal('Abbrechen');
    await german.ready;
    expect(german.t('composer.cancel')).to.equal('Abbrechen');
    expect(german.t('comment.reply')).to.equal('Antworten');
  });

  it('words an error code, an unknown one as a network failure', () => {
    const english = new Localizer('en');
    expect(english.error('forbidden')).to.equal('You are not allowed to do that.');
    expect(english.error('something_new')).to.equal(english.t('error.network'));
  });
});
