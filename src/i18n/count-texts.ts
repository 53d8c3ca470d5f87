/**
 * The texts of `<confab-count>`, kept apart from the widget's catalogues so that dist/count.js
 * stays within 2 KB gzip. One entry per language of the widget (docs/i18n.md), under the same
 * keys its Localizer finds (`pt` is Brazilian, `zh` Simplified): plural forms chosen with
 * `Intl.PluralRules` (`zero` for 0 when the language has a text for it), `{count}` where the
 * number goes. Machine-assisted like the catalogues, except English and German.
 */
export type CountForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export const COUNT_TEXTS: Readonly<Record<string, CountForms>> = {
  en: { zero: 'No comments', one: '{count} comment', other: '{count} comments' },
  de: { zero: 'Keine Kommentare', one: '{count} Kommentar', other: '{count} Kommentare' },
  ar: {
    zero: 'لا تعليقات',
    one: 'تعليق واحد',
    two: 'تعليقان',
    few: '{count} تعليقات',
    many: '{count} تعليقًا',
    other: '{count} تعليق',
  },
  es: { zero: 'Sin comentarios', one: '{count} comentario', other: '{count} comentarios' },
  fr: { zero: 'Aucun commentaire', one: '{count} commentaire', other: '{count} commentaires' },
  he: { zero: 'אין תגובות', one: 'תגובה אחת', two: 'שתי תגובות', other: '{count} תגובות' },
  it: { zero: 'Nessun commento', one: '{count} commento', other: '{count} commenti' },
  ja: { zero: 'コメントなし', other: 'コメント {count} 件' },
  nl: { zero: 'Geen reacties', one: '{count} reactie', other: '{count} reacties' },
  pl: {
    zero: 'Brak komentarzy',
    one: '{count} komentarz',
    few: '{count} komentarze',
    many: '{count} komentarzy',
    other: '{count} komentarza',
  },
  pt: { zero: 'Nenhum comentário', one: '{count} comentário', other: '{count} comentários' },
  uk: {
    zero: 'Немає коментарів',
    one: '{count} коментар',
    few: '{count} коментарі',
    many: '{count} коментарів',
    other: '{count} коментарів',
  },
  zh: { zero: '暂无评论', other: '{count} 条评论' },
};

/** `de-AT` → `de`, `pt-PT` → `pt`, else `en`: the longest start of the tag with texts, as the widget picks. */
export function countLocale(tag: string): string {
  const parts = tag.toLowerCase().split('-');
  while (parts.length) {
    const candidate = parts.join('-');
    if (COUNT_TEXTS[candidate]) return candidate;
    parts.pop();
  }
  return 'en';
}
