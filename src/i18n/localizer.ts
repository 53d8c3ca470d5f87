import { en, type Catalogue, type Message, type MessageKey } from './locales/en.js';

export type { MessageKey } from './locales/en.js';

/** Locales with a catalogue; English is bundled, the others are separate chunks. */
const lazyCatalogues: Record<string, () => Promise<Catalogue>> = {
  de: () => import('./locales/de.js').then((module) => module.de),
};

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
  readonly lang: string;
  readonly ready: Promise<void>;
  #catalogue: Partial<Catalogue> = en;
  /** English texts that arrive with a lazy chunk (the composer's), used where `en` has none. */
  #englishExtras: Partial<Catalogue> = {};
  // Made on first use: the first Intl formatter of a language loads its locale data, and the
  // element builds a Localizer on every connect that it often discards at once (bench: the
  // constructor was the top self-time function of a 100-comment load).
  #plurals?: Intl.PluralRules;
  #numbers?: Intl.NumberFormat;
  #relativeFormat?: Intl.RelativeTimeFormat;
  #exactFormat?: Intl.DateTimeFormat;
  /**
   * Formatted numbers and times by their input: Intl formatting costs tens of microseconds a
   * call, a thread asks for the same few ("11 months ago", reply counts) thousands of times,
   * and every re-render of a comment asks again. Emptied when it grows large.
   */
  #formatted = new Map<string, string>();
  /**
   * Texts by key and parameters, formatted once per language: a long thread asks for the same
   * labels ("Reply", "Actions for the comment by Ada", "Hide 2 replies") thousands of times.
   * Emptied when texts arrive and when it grows large.
   */
  #texts = new Map<string, string>();

  constructor(lang?: string | null) {
    const primary = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
    const load: (() => Promise<Catalogue>) | undefined = Object.hasOwn(lazyCatalogues, primary)
      ? lazyCatalogues[primary]
      : undefined;
    this.lang = load ? primary : 'en';
    this.ready = load
      ? load().then(
          (catalogue) => {
            this.#catalogue = catalogue;
            this.#texts.clear();
          },
          // A chunk that fails to load (offline, moved file) leaves the English texts in place.
          (error: unknown) =>
            console.warn('confab: could not load the catalogue for', this.lang, error),
        )
      : Promise.resolve();
  }

  /** Adds English texts shipped in a lazily loaded chunk; the language's own catalogue still wins. */
  addEnglish(messages: Partial<Catalogue>): void {
    this.#englishExtras = { ...this.#englishExtras, ...messages };
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
    const message: Message =
      this.#catalogue[key] ?? (en as Partial<Catalogue>)[key] ?? this.#englishExtras[key] ?? key;
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
      return this.#memo(`n${value}`, () => {
        this.#numbers ??= new Intl.NumberFormat(this.lang);
        return this.#numbers.format(value);
      });
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
