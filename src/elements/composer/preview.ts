import { renderRich } from '../../render/rich.js';

/*
 * The composer's Markdown preview: a lazy chunk, loaded the first time the
 * reader presses "Preview". It renders through the thread's one sanitising
 * renderer, so the preview shows exactly what the thread will show.
 */

/** The body as the thread will render it (mentions stay text: the comment has no place in the thread yet). */
export function renderPreview(body: string, allowImages: boolean): DocumentFragment {
  return renderRich(body, { allowImages, findMentions: () => [] });
}
