import { ReactiveElement } from 'lit';
import { isPlainText, renderPlain } from '../../../src/render/plain.js';
import { renderRich } from '../../../src/render/rich.js';

const NO_MENTIONS = () => [];

/**
 * A comment body as readers see it, through the widget's own renderers: plain text as text
 * nodes, Markdown through `renderRich` (the widget's allow-listed elements built as nodes, text as
 * text; no images in the console). Mentions stay text: the console shows comments out of their thread.
 * Renders into its own light DOM, so the styles of the view that holds it apply.
 */
export class ConsoleCommentBody extends ReactiveElement {
  static override properties = { body: { type: String } };

  declare body: string;

  constructor() {
    super();
    this.body = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    if (!changed.has('body')) return;
    this.replaceChildren(
      isPlainText(this.body)
        ? renderPlain(this.body, NO_MENTIONS)
        : renderRich(this.body, { allowImages: false, findMentions: NO_MENTIONS }),
    );
  }
}
