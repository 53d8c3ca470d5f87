import { mentionFinder } from '../model/mentions.js';
import type { Thread, ThreadNode } from '../model/thread.js';
import { element } from './dom.js';
import { isPlainText, renderPlain } from './plain.js';
import type * as Rich from './rich.js';
import { yieldToBrowser } from './tasks.js';

/** A rendered body, and whether it is plain text (which neither images nor the rich renderer change). */
export interface RenderedBody {
  node: HTMLElement;
  plain: boolean;
}

/**
 * Comment bodies as `<div part="body">`: plain text with DOM calls, everything else through the
 * Markdown renderer of the rich chunk, which builds allow-listed nodes (neither parses HTML). Until that
 * chunk is here, such a body shows its source as text; the thread renderer renders those again
 * once it has arrived.
 */
export class BodyRenderer {
  #rich: typeof Rich | null = null;
  #loading: Promise<void> | null = null;

  get richReady(): boolean {
    return this.#rich !== null;
  }

  /** What a rich body depends on besides its text; a change renders it again. */
  variant(allowImages: boolean): number {
    return (allowImages ? 2 : 0) + (this.#rich ? 1 : 0);
  }

  /**
   * Fetches the rich chunk (alongside the thread, never after it), once however often it is
   * asked; `ready` runs when it has arrived. A failed load can be tried again.
   */
  load(ready: () => void): void {
    if (this.#loading) return;
    this.#loading = import('./rich.js').then(
      async (module) => {
        // The renderer's first use compiles its patterns and code: done here, in a task of its
        // own, rather than in the task that renders the first rich comments.
        await yieldToBrowser();
        module.renderRich('*a*', { allowImages: false, findMentions: () => [] });
        this.#rich = module;
        ready();
      },
      (error: unknown) => {
        this.#loading = null;
        console.warn('confab: the Markdown renderer could not be loaded', error);
      },
    );
  }

  render(thread: Thread, node: ThreadNode, allowImages: boolean): RenderedBody {
    const body = node.comment.body;
    const findMentions = /[@&]/.test(body) ? mentionFinder(thread, node) : () => [];
    const plain = isPlainText(body);
    const content = plain
      ? renderPlain(body, findMentions)
      : this.#rich
        ? this.#rich.renderRich(body, { allowImages, findMentions })
        : element('p', { class: 'source' }, body);
    // A body in another script than the page's runs in its own direction.
    return { node: element('div', { part: 'body', class: 'body', dir: 'auto' }, content), plain };
  }
}
