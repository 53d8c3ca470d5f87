import { CountBatch } from '../api/count-batch.js';
import { COUNT_TEXTS, countLocale } from '../i18n/count-texts.js';

const STYLES = `:host{color:var(--confab-count-color,inherit)}
[part~=number]{color:var(--confab-count-number-color,inherit);font-weight:var(--confab-count-number-weight,inherit)}
[hidden]{display:none}`;

// One batch per document, so that every count of a page shares one request.
const batches = new WeakMap<Document, CountBatch>();

/**
 * The number of comments of a thread, for listing pages: `<confab-count page="post-42">Comments
 * </confab-count>`. Every `<confab-count>` of the page is counted by one `GET /counts`; until the
 * answer comes, and for good when the server cannot be reached, the text the host wrote stays.
 *
 * @summary A thread's comment count, batched with every other count of the page.
 * @tag confab-count
 *
 * @attr page - Thread key whose comments to count (as `<confab-comments page>` names it).
 * @attr endpoint - Base URL of the comment server; else `<meta name="confab-endpoint" content>`.
 * @attr lang - Language of the text; else the nearest `lang` of the page; the widget's thirteen languages (docs/i18n.md), else English.
 *
 * @csspart count - The text once the count is known ("12 comments").
 * @csspart number - The number inside it.
 *
 * @cssstate loaded - The count is shown.
 * @cssstate failed - The server could not be reached or refused: the host's text stays.
 *
 * @cssprop --confab-count-color - Colour of the text (inherited by default).
 * @cssprop --confab-count-number-color - Colour of the number.
 * @cssprop --confab-count-number-weight - Font weight of the number.
 */
export class ConfabCount extends HTMLElement {
  static observedAttributes = ['page', 'endpoint', 'lang'];

  #count: number | null = null;
  #generation = 0;
  #slot?: HTMLSlotElement;
  #text?: HTMLElement;
  #before = new Text();
  #number?: HTMLElement;
  #after = new Text();
  #states = this.attachInternals().states;

  /** The count once the server has answered; null before, and when it could not. */
  get count(): number | null {
    return this.#count;
  }

  connectedCallback(): void {
    if (!this.#text) {
      const root = this.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
      root.adoptedStyleSheets = [sheet];
      this.#slot = document.createElement('slot');
      this.#number = document.createElement('span');
      this.#number.part.add('number');
      this.#text = document.createElement('span');
      this.#text.part.add('count');
      this.#text.hidden = true;
      this.#text.append(this.#before, this.#number, this.#after);
      root.append(this.#slot, this.#text);
    }
    this.#load();
  }

  disconnectedCallback(): void {
    this.#generation++;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.isConnected || old === value) return;
    if (name === 'lang') this.#show();
    else this.#load();
  }

  #load(): void {
    const generation = ++this.#generation;
    const page = this.getAttribute('page');
    const endpoint =
      this.getAttribute('endpoint') ??
      document.querySelector<HTMLMetaElement>('meta[name="confab-endpoint"]')?.content;
    this.#states.delete('failed');
    if (!page || !endpoint) return;
    let batch = batches.get(document);
    if (!batch) batches.set(document, (batch = new CountBatch()));
    batch.count(endpoint.trim(), page).then(
      (count) => {
        if (generation !== this.#generation) return;
        this.#count = count;
        this.#show();
      },
      () => {
        // Unreachable, refused or garbled: the host's own text stays.
        if (generation === this.#generation) this.#states.add('failed');
      },
    );
  }

  #show(): void {
    const count = this.#count;
    if (count === null || !this.#text) return;
    const locale = countLocale(this.closest('[lang]')?.getAttribute('lang') || 'en');
    const forms = COUNT_TEXTS[locale]!;
    const form = count === 0 && forms.zero ? 'zero' : new Intl.PluralRules(locale).select(count);
    const [before, after] = (forms[form] ?? forms.other).split('{count}');
    this.#before.data = before!;
    this.#number!.textContent = after === undefined ? '' : count.toLocaleString(locale);
    this.#after.data = after ?? '';
    this.#text.lang = locale;
    this.#text.hidden = false;
    this.#slot!.hidden = true;
    this.#states.add('loaded');
  }
}
