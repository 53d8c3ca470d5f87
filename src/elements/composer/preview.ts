import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { Translate } from './validation.js';

type RichModule = typeof import('../../render/rich.js');

/** What the preview region shows: `key` changes whenever `make()` would make something else. */
export interface PreviewContent {
  key: string;
  make(): Node | string;
}

/**
 * The composer's Markdown preview: whether it is open, and what it shows. It renders with the
 * thread's one Markdown renderer (src/render/rich.ts, a lazy chunk loaded on first use), so the
 * preview shows what the thread will show.
 */
export class MarkdownPreview {
  on = false;
  #host: ReactiveControllerHost;
  #rich: RichModule | null = null;
  #failed = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  readonly toggle = async (): Promise<void> => {
    this.on = !this.on;
    this.#host.requestUpdate();
    if (!this.on || this.#rich) return;
    try {
      this.#rich = await import('../../render/rich.js');
      this.#failed = false;
    } catch (error) {
      console.warn('confab: the preview could not be loaded', error);
      this.#failed = true;
    }
    this.#host.requestUpdate();
  };

  close(): void {
    this.on = false;
    this.#host.requestUpdate();
  }

  /** The preview of `body`, or null while it is closed. */
  content(body: string, allowImages: boolean, t: Translate): PreviewContent | null {
    if (!this.on) return null;
    const text = (key: Parameters<Translate>[0]): PreviewContent => {
      const message = t(key);
      return { key: `text:${message}`, make: () => message };
    };
    if (this.#failed) return text('composer.previewFailed');
    const rich = this.#rich;
    if (!rich) return text('composer.previewLoading');
    if (!body.trim()) return text('composer.previewEmpty');
    return {
      key: `rich:${allowImages}:${body}`,
      // Mentions stay text: the comment has no place in the thread yet.
      make: () => rich.renderRich(body, { allowImages, findMentions: () => [] }),
    };
  }
}
