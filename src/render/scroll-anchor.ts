/**
 * Remembers where the first comment visible at the top of the viewport is, and returns a function
 * that scrolls by however much it has moved since, so that comments arriving above never push the
 * reader's place away.
 */
export function captureScrollAnchor(root: ParentNode): () => void {
  for (const article of root.querySelectorAll<HTMLElement>('article[data-comment-id]')) {
    const top = article.getBoundingClientRect().top;
    if (top >= 0) {
      return () => {
        if (!article.isConnected) return;
        const moved = article.getBoundingClientRect().top - top;
        if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
      };
    }
  }
  return () => {};
}
