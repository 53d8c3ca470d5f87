import { en, type Catalogue, type Message, type MessageKey } from './locales/en.js';

export type { MessageKey } from './locales/en.js';

/**
 * The languages with a catalogue besides English, known here so that the language and its
 * direction are settled at once. A tag finds the longest entry that starts it, so a regional
 * catalogue (a `pt-pt` beside `pt`) would be an alternative such as `pt(-pt)?` here and a key in
 * ./locales/loaders.ts; for now `pt` is the Brazilian catalogue and `zh` the Simplified Chinese
 * one. The loaders are a chunk of their own, so this entry carries one import however many
 * languages there are, and an English page loads none of it.
 */
const TAGS = /^(ar|de|es|fr|he|it|ja|nl|pl|pt|uk|zh)\b/;

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * Texts, plurals, relative and exact times for one language. One instance per
 * element (no shared state), created again when the element's `lang` changes.
 */
export class Localizer {
  /** The catalogue's tag in lower case, as Intl takes it: `de`, `pt`; `en` when there is none. */
  readonly lang: string;
  /** Whether the language is written right to left (Arabic, Hebrew). */
  readonly rtl: boolean;
  readonly ready: Promise<void>;
  #catalogue: Partial<Catalogue> = en;
  // Made on first use: the first Intl formatter of a language loads its locale data, and the
  // element builds a Localizer on every connect that it often discards at once (bench: the
  // constructor was the top self-time function of a 100-comment load).
  #plurals?: Intl.PluralRules;
  #relativeFormat?: Intl.RelativeTimeFormat;
  #exactFormat?: Intl.DateTimeFormat;
  /**
   * Relative times by their input: Intl formatting costs tens of microseconds a call, a thread
   * asks for the same few ("11 months ago") thousands of times, and every re-render of a
   * comment asks again. Emptied when it grows large.
   */
  #formatted = new Map<string, string>();
  /**
   * Texts by key and parameters, formatted once per language: a long thread asks for the same
   * labels ("Reply", "Actions for the comment by Ada", "Hide 2 replies") thousands of times.
   * Emptied when texts arrive and when it grows large.
   */
  #texts = new Map<string, string>();

  /** The longest start of the tag a catalogue has (`pt-BR` and `pt-PT` find `pt`), else English. */
  constructor(lang?: string | null) {
    const found = TAGS.exec(String(lang).trim().toLowerCase())?.[0];
    this.lang = found ?? 'en';
    this.rtl = /^(ar|he)$/.test(this.lang);
    this.ready = found
      ? import('./locales/loaders.js')
          .then((loaders) => loaders.default(found))
          .then(
            (catalogue) => {
              this.#catalogue = catalogue;
              this.#texts.clear();
            },
            // A chunk that fails to load (offline, moved file) leaves the English texts in place;
            // the browser's error names the file.
            (error: unknown) => console.warn('confab:', error),
          )
      : Promise.resolve();
  }

  /** Adds English texts shipped in a lazily loaded chunk; the language's own catalogue still wins. */
  addEnglish(messages: Partial<Catalogue>): void {
    // Beneath the texts in place: a language's catalogue, loaded or still to come, replaces them.
    this.#catalogue = { ...messages, ...this.#catalogue };
    this.#texts.clear();
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    const textKey = params ? `${key}\n${Object.entries(params).join('\n')}` : key;
    let text = this.#texts.get(textKey);
    if (text === undefined) {
      if (this.#texts.size >= 10_000) this.#texts.clear();
      text = this.#format(key, params ?? {});
      this.#texts.set(textKey, text);
    }
    return text;
  }

  /** The words for an error code; a code without its own (an unexpected one) reads as a network failure. */
  error(code: string): string {
    const key = `error.${code}` as MessageKey;
    const text = this.t(key);
    return text === key ? this.t('error.network') : text;
  }

  #format(key: MessageKey, params: Record<string, string | number>): string {
    const message: Message = this.#catalogue[key] ?? (en as Partial<Catalogue>)[key] ?? key;
    let text: string;
    if (typeof message === 'string') {
      text = message;
    } else {
      const count = Number(params.count ?? 0);
      this.#plurals ??= new Intl.PluralRules(this.lang);
      text = message[this.#plurals.select(count)] ?? message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      if (typeof value !== 'number') return value;
      // No formatter kept: t() keeps each whole text it makes.
      return value.toLocaleString(this.lang);
    });
  }

  /** "3 minutes ago"; times in the future (clock skew) read as now. */
  relative(iso: string, now: number = Date.now()): string {
    const seconds = Math.round((Date.parse(iso) - now) / 1000);
    if (!Number.isFinite(seconds)) return '';
    if (seconds > -45) return this.t('time.now');
    for (const [unit, size] of RELATIVE_UNITS) {
      if (-seconds >= size) return this.#relativeIn(Math.round(seconds / size), unit);
    }
    return this.#relativeIn(seconds, 'second');
  }

  #relativeIn(value: number, unit: Intl.RelativeTimeFormatUnit): string {
    return this.#memo(`r${value}${unit}`, () => {
      this.#relativeFormat ??= new Intl.RelativeTimeFormat(this.lang, { numeric: 'auto' });
      return this.#relativeFormat.format(value, unit);
    });
  }

  #memo(key: string, format: () => string): string {
    let text = this.#formatted.get(key);
    if (text === undefined) {
      if (this.#formatted.size >= 10_000) this.#formatted.clear();
      text = format();
      this.#formatted.set(key, text);
    }
    return text;
  }

  // Not memoised: nearly every comment has its own time, so a memo only kept a second copy of
  // every title in memory (about 85 KB for 1,000 comments); formatting one takes microseconds.
  exact(iso: string): string {
    const time = Date.parse(iso);
    if (!Number.isFinite(time)) return iso;
    this.#exactFormat ??= new Intl.DateTimeFormat(this.lang, {
      dateStyle: 'long',
      timeStyle: 'short',
    });
    return this.#exactFormat.format(time);
  }
}
