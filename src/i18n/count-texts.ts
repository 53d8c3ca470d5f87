/**
 * The texts of `<confab-count>`, kept apart from the widget's catalogues so that dist/count.js
 * stays within 2 KB gzip. One entry per language: plural forms chosen with `Intl.PluralRules`
 * (`zero` for 0 when the language has a text for it), `{count}` where the number goes.
 */
export type CountForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export const COUNT_TEXTS: Readonly<Record<string, CountForms>> = {
  en: { zero: 'No comments', one: '{count} comment', other: '{count} comments' },
  de: { zero: 'Keine Kommentare', one: '{count} Kommentar', other: '{count} Kommentare' },
};

/** `de-AT` → `de` → `en`: the nearest language with texts. */
export function countLocale(tag: string): string {
  const parts = tag.toLowerCase().split('-');
  while (parts.length) {
    const candidate = parts.join('-');
    if (COUNT_TEXTS[candidate]) return candidate;
    parts.pop();
  }
  return 'en';
}
