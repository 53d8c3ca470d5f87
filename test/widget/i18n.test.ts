import { expect } from '@open-wc/testing';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import { Localizer } from '../../src/i18n/localizer.js';
import { en } from '../../src/i18n/locales/en.js';
import { enComposer } from '../../src/i18n/locales/en-composer.js';
import { PAGE, container, minutesAgo, mount, part, root, textOf, until } from './helpers.js';
import { testServer } from '../support/server.js';

describe('Localizer', () => {
  it('picks a supported language from a tag, else English', async () => {
    expect(new Localizer('de-AT').lang).to.equal('de');
    expect(new Localizer('DE').lang).to.equal('de');
    expect(new Localizer('ru').lang).to.equal('en');
    expect(new Localizer('english').lang).to.equal('en');
    expect(new Localizer('').lang).to.equal('en');
    expect(new Localizer(null).lang).to.equal('en');
    const german = new Localizer('de');
    // Until the lazy catalogue is in, the English text stands in.
    expect(german.t('comment.reply')).to.equal('Reply');
    await german.ready;
    expect(german.t('comment.reply')).to.equal('Antworten');
  });

  it('falls back from the full tag to its language, then to English', () => {
    // One Portuguese catalogue (the Brazilian one): pt-BR has no entry of its own, so its
    // language finds it, and pt-PT's the same.
    expect(new Localizer('pt-BR').lang).to.equal('pt');
    expect(new Localizer('pt-PT').lang).to.equal('pt');
    expect(new Localizer('pt').lang).to.equal('pt');
    expect(new Localizer('zh-CN').lang).to.equal('zh');
    expect(new Localizer('zh-Hans-CN').lang).to.equal('zh');
    expect(new Localizer('fr-CA').lang).to.equal('fr');
    expect(new Localizer('ptx').lang).to.equal('en');
    expect(new Localizer('en-GB').lang).to.equal('en');
  });

  it('knows which languages are written right to left', () => {
    expect(new Localizer('ar').rtl).to.equal(true);
    expect(new Localizer('ar-EG').rtl).to.equal(true);
    expect(new Localizer('he').rtl).to.equal(true);
    expect(new Localizer('de').rtl).to.equal(false);
    expect(new Localizer('en').rtl).to.equal(false);
    expect(new Localizer('arz').rtl).to.equal(false);
  });

  it('reads Portuguese texts for pt-PT and pt-BR alike', async () => {
    for (const tag of ['pt-BR', 'pt-PT']) {
      const portuguese = new Localizer(tag);
      await portuguese.ready;
      expect(portuguese.t('comment.reply'), tag).to.equal('Responder');
      expect(portuguese.t('thread.heading', { count: 2 }), tag).to.equal('2 comentários');
    }
  });

  it('counts in Arabic with its six plural forms', async () => {
    const arabic = new Localizer('ar');
    await arabic.ready;
    const number = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(arabic.t('thread.heading', { count: 0 })).to.equal('لا تعليقات');
    expect(arabic.t('thread.heading', { count: 1 })).to.equal('تعليق واحد');
    expect(arabic.t('thread.heading', { count: 2 })).to.equal('تعليقان');
    expect(arabic.t('thread.heading', { count: 3 })).to.equal(`${number(3)} تعليقات`);
    expect(arabic.t('thread.heading', { count: 11 })).to.equal(`${number(11)} تعليقًا`);
    expect(arabic.t('thread.heading', { count: 100 })).to.equal(`${number(100)} تعليق`);
    expect(arabic.relative('2026-01-10T11:57:00Z', Date.parse('2026-01-10T12:00:00Z'))).to.equal(
      new Intl.RelativeTimeFormat('ar', { numeric: 'auto' }).format(-3, 'minute'),
    );
  });

  it('chooses plural forms with Intl.PluralRules and formats the count', async () => {
    const english = new Localizer('en');
    expect(english.t('thread.heading', { count: 0 })).to.equal('0 comments');
    expect(english.t('thread.heading', { count: 1 })).to.equal('1 comment');
    expect(english.t('thread.heading', { count: 1234 })).to.equal('1,234 comments');
    const german = new Localizer('de');
    await german.ready;
    expect(german.t('thread.heading', { count: 1 })).to.equal('1 Kommentar');
    expect(german.t('thread.heading', { count: 1234 })).to.equal('1.234 Kommentare');
  });

  it('writes relative and exact times', async () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    const english = new Localizer('en');
    expect(english.relative('2026-01-10T11:59:50Z', now)).to.equal('just now');
    expect(english.relative('2026-01-10T11:57:00Z', now)).to.equal('3 minutes ago');
    expect(english.relative('2026-01-10T09:00:00Z', now)).to.equal('3 hours ago');
    expect(english.relative('2026-01-09T12:00:00Z', now)).to.equal('yesterday');
    expect(english.relative('2025-01-10T12:00:00Z', now)).to.equal('last year');
    // Clock skew: a time slightly in the future still reads as now.
    expect(english.relative('2026-01-10T12:00:20Z', now)).to.equal('just now');
    expect(english.relative('not a date', now)).to.equal('');
    const german = new Localizer('de');
    await german.ready;
    expect(german.relative('2026-01-10T11:57:00Z', now)).to.equal('vor 3 Minuten');
    expect(german.exact('2026-01-10T12:00:00Z')).to.equal(
      new Intl.DateTimeFormat('de', { dateStyle: 'long', timeStyle: 'short' }).format(now),
    );
  });

  it('has a German text for every English key', async () => {
    const { default: de } = await import('../../src/i18n/locales/de.js');
    expect(Object.keys(de).sort()).to.deep.equal(Object.keys({ ...en, ...enComposer }).sort());
  });

  it('switches the widget’s language when lang changes', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', createdAt: minutesAgo(2) }] },
    });
    const element = await mount(server.endpoint);
    expect(textOf(part(root(element), 'heading'))).to.equal('1 comment');
    element.setAttribute('lang', 'de');
    await until(() => textOf(part(root(element), 'heading')) === '1 Kommentar', 'German heading');
    expect(textOf(part(root(element), 'reply-button'))).to.equal('Antworten');
  });

  describe('picking the language in the page', () => {
    const threads = {
      [PAGE]: [
        { ref: 'a', author: 'Ada', createdAt: minutesAgo(2) },
        { ref: 'b', author: 'Bo', createdAt: minutesAgo(1) },
        { ref: 'c', author: 'Cy', createdAt: minutesAgo(1) },
      ],
    };
    const heading = (element: ConfabComments) => textOf(part(root(element), 'heading'));
    const htmlLang = document.documentElement.getAttribute('lang');
    afterEach(() => {
      if (htmlLang === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', htmlLang);
    });

    it('takes the closest ancestor’s lang, before the document’s', async () => {
      document.documentElement.setAttribute('lang', 'es');
      const server = await testServer({ threads });
      const outer = container();
      outer.setAttribute('lang', 'nl');
      const inner = document.createElement('section');
      inner.setAttribute('lang', 'fr-CA');
      outer.append(inner);
      const element = await mount(server.endpoint, {}, inner);
      await until(() => heading(element) === '3 commentaires', 'French from the section');
    });

    it('takes <html lang> when no ancestor has one', async () => {
      document.documentElement.setAttribute('lang', 'pl');
      const server = await testServer({ threads });
      const element = await mount(server.endpoint);
      await until(() => heading(element) === '3 komentarze', 'Polish (few) from <html lang>');
    });

    it('falls back from pt-BR to pt, and from an unknown language to English', async () => {
      const server = await testServer({ threads });
      const portuguese = await mount(server.endpoint, { lang: 'pt-BR' });
      await until(() => heading(portuguese) === '3 comentários', 'Portuguese');
      const unknown = await mount(server.endpoint, { lang: 'tlh' });
      expect(heading(unknown)).to.equal('3 comments');
      expect(textOf(part(root(unknown), 'reply-button'))).to.equal('Reply');
    });

    it('counts in Arabic in the widget', async () => {
      const server = await testServer({ threads });
      const element = await mount(server.endpoint, { lang: 'ar' });
      const three = new Intl.NumberFormat('ar').format(3);
      await until(() => heading(element) === `${three} تعليقات`, 'Arabic few form');
      expect(textOf(part(root(element), 'reply-button'))).to.equal('رد');
    });
  });
});
