/** The panels a comment can open below its actions; one comment at a time has each. */
export type Panel = 'reply' | 'edit' | 'confirm' | 'report';

/**
 * What the reader has opened, collapsed, been told or followed, per comment: the one place for
 * the thread's interface state. Every change goes through `#changed`, which tells the element
 * which comment to show again, so a new kind of state cannot forget to.
 */
export class UiState {
  readonly #changed: (id: string) => void;
  readonly #panels = new Map<Panel, string>();
  readonly #collapsed = new Set<string>();
  readonly #notices = new Map<string, string>();
  readonly #reported = new Set<string>();
  #highlighted: string | null = null;

  /** `changed` is called with the id of every comment whose state changed. */
  constructor(changed: (id: string) => void) {
    this.#changed = changed;
  }

  /** The comment that has `panel` open, or null. */
  panel(panel: Panel): string | null {
    return this.#panels.get(panel) ?? null;
  }

  isOpen(panel: Panel, id: string): boolean {
    return this.#panels.get(panel) === id;
  }

  /** Opens `panel` on comment `id` (closing it where it was), or closes it with null. */
  setPanel(panel: Panel, id: string | null): void {
    const previous = this.panel(panel);
    if (previous === id) return;
    if (id === null) this.#panels.delete(panel);
    else this.#panels.set(panel, id);
    if (previous !== null) this.#changed(previous);
    if (id !== null) this.#changed(id);
  }

  isCollapsed(id: string): boolean {
    return this.#collapsed.has(id);
  }

  /** Collapses or expands a comment's replies; returns whether they are collapsed now. */
  toggle(id: string): boolean {
    const collapsed = !this.#collapsed.delete(id);
    if (collapsed) this.#collapsed.add(id);
    this.#changed(id);
    return collapsed;
  }

  /** Expands a comment's replies; returns whether they were collapsed. */
  expand(id: string): boolean {
    const was = this.#collapsed.delete(id);
    if (was) this.#changed(id);
    return was;
  }

  /** A message shown under the comment (a refused vote or delete), or null. */
  notice(id: string): string | null {
    return this.#notices.get(id) ?? null;
  }

  setNotice(id: string, text: string | null): void {
    if (this.notice(id) === text) return;
    if (text === null) this.#notices.delete(id);
    else this.#notices.set(id, text);
    this.#changed(id);
  }

  /** Whether the reader reported the comment during this visit. */
  isReported(id: string): boolean {
    return this.#reported.has(id);
  }

  setReported(id: string): void {
    this.#reported.add(id);
    this.#changed(id);
  }

  /** The comment marked by the URL fragment or a followed mention. */
  get highlighted(): string | null {
    return this.#highlighted;
  }

  highlight(id: string | null): void {
    const previous = this.#highlighted;
    if (previous === id) return;
    this.#highlighted = id;
    if (previous !== null) this.#changed(previous);
    if (id !== null) this.#changed(id);
  }

  /** Forgets everything (another thread was loaded). */
  reset(): void {
    this.#panels.clear();
    this.#collapsed.clear();
    this.#notices.clear();
    this.#reported.clear();
    this.#highlighted = null;
  }
}
