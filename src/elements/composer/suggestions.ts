import type { ReactiveControllerHost } from '@lit/reactive-element';
import { insertMention, mentionQueryAt, suggestNames, type MentionQuery } from './mentions.js';

/**
 * The state of the composer's @-mention listbox: which names it offers for the `@name` at the
 * caret, which one is active, and whether the reader dismissed it. The matching itself lives in
 * ./mentions.ts, part of the composer's chunk (a chunk of its own cost more in gzip overhead than
 * it saved). The composer's view draws the list; this class only decides what is in it.
 */
export class MentionSuggestions {
  /** Offered names; empty when the list is closed. */
  names: string[] = [];
  active = 0;
  #host: ReactiveControllerHost;
  #query: MentionQuery | null = null;
  /** Escape closed the list for the `@` at this position. */
  #dismissedAt = -1;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  get open(): boolean {
    return this.names.length > 0;
  }

  /** Opens, updates or closes the list for the caret's position in `field`. */
  follow(field: HTMLTextAreaElement, participants: readonly string[]): void {
    if (!participants.length || !field.value.includes('@')) {
      this.close();
      return;
    }
    const query = mentionQueryAt(field.value, field.selectionStart);
    if (!query || query.start === this.#dismissedAt) {
      this.close();
      return;
    }
    this.#dismissedAt = -1;
    const names = suggestNames(participants, query.text);
    if (names.join('\n') !== this.names.join('\n')) this.active = 0;
    this.#query = query;
    this.names = names;
    this.#host.requestUpdate();
  }

  /** Moves the active option by `step`, wrapping around. */
  move(step: 1 | -1): void {
    const count = this.names.length;
    this.active = (this.active + step + count) % count;
    this.#host.requestUpdate();
  }

  readonly close = (): void => {
    if (!this.names.length && !this.#query) return;
    this.names = [];
    this.#query = null;
    this.#host.requestUpdate();
  };

  /** Closes the list and keeps it closed while the reader goes on typing this mention. */
  dismiss(): void {
    this.#dismissedAt = this.#query?.start ?? -1;
    this.close();
  }

  /**
   * Replaces the typed query in `field` with `@name ` and puts the caret after it, as typing
   * would: the field's own input event tells the composer.
   */
  insert(field: HTMLTextAreaElement, name: string): void {
    const query = this.#query;
    if (!query) return;
    const { text, caret } = insertMention(field.value, query, name);
    this.close();
    field.value = text;
    field.setSelectionRange(caret, caret);
    field.focus();
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
