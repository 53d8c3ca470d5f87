import { html, type TemplateResult } from 'lit';
import type { Author } from '../protocol.js';
import { safeHttpUrl } from './url.js';

/** Generated avatars use one of this many hues (CSS classes `hue-0` …, see the element's styles). */
export const AVATAR_HUES = 12;

/** A stable hue per name, so a reader is recognisable without any third-party image. */
function hueOf(name: string): number {
  let hash = 0;
  for (const character of name) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_HUES;
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => [...word][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/**
 * The author's avatar: their `avatar` URL when it is http(s), else a locally
 * generated placeholder (initials on a colour hashed from the name). Decorative:
 * the name is printed next to it.
 */
export function renderAvatar(author: Author): TemplateResult {
  const src = safeHttpUrl(author.avatar);
  if (src) {
    return html`<img
      part="avatar"
      class="avatar"
      src=${src}
      alt=""
      width="40"
      height="40"
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
    />`;
  }
  // One template, not an svg`` inside an html``: the <svg> element already parses its content
  // as SVG, and a nested template per comment cost time and memory in long threads. Kept on
  // one line per element: whitespace around the initials would shift their centring.
  // prettier-ignore
  return html`<svg part="avatar" class="avatar" viewBox="0 0 40 40" aria-hidden="true"><circle class="avatar-background hue-${hueOf(author.name)}" cx="20" cy="20" r="20"></circle><text class="avatar-initials" x="20" y="20" dy="0.35em" text-anchor="middle">${initialsOf(author.name)}</text></svg>`;
}
