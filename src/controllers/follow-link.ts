import type { Thread } from '../model/thread.js';
import type { DeepLinkParts } from './deep-links.js';

/** What following a link needs of DeepLinks: showing the comment once it is rendered. */
export interface FollowParts extends DeepLinkParts {
  /** Scrolls to (with `scroll`) and focuses (when `focus`) the comment as soon as it is rendered. */
  show(id: string, focus: boolean, scroll: (article: HTMLElement) => void): void;
}

/**
 * Scrolls a comment to the top of the view, and again in the next frames until it stays put:
 * comments above it that were never near the view (`content-visibility: auto`) only get their
 * real height once they are laid out, which can push it out of the view again.
 */
export function scrollTo(article: HTMLElement, frames = 12): void {
  article.scrollIntoView({ block: 'start' });
  let last = NaN;
  const settle = () => {
    if (!article.isConnected || frames-- <= 0) return;
    const top = article.getBoundingClientRect().top;
    if (top === last) return;
    if (Math.abs(top) >= 1) article.scrollIntoView({ block: 'start' });
    last = article.getBoundingClientRect().top;
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
}

/**
 * Follows a link to comment `id` of `thread` (recorded in the page's history first, with
 * `record`): pages on first when it is not loaded yet, then expands its collapsed ancestors, marks
 * it, and has it scrolled to (and focused, with `focus`) once the render slices have put it in the
 * DOM, so no task renders more than a slice for it.
 * A chunk of its own (DeepLinks loads it): most visits follow no link.
 */
export async function followLink(
  parts: FollowParts,
  thread: Thread,
  id: string,
  focus: boolean,
  record = false,
): Promise<void> {
  if (record) {
    const url = new URL(location.href);
    url.hash = `comment-${encodeURIComponent(id)}`;
    history.pushState(history.state, '', url);
  }
  if (!thread.get(id)) await parts.find(id);
  // Another load may have replaced the thread meanwhile; it follows the fragment itself.
  const node = parts.thread() === thread ? thread.get(id) : undefined;
  if (!node) return;
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
    if (parts.ui.isCollapsed(ancestor.comment.id)) parts.expand(ancestor);
  }
  parts.ui.highlight(id);
  parts.show(id, focus, scrollTo);
}
