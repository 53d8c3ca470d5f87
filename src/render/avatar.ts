import type { Author } from '../protocol/index.js';
import { element, svgElement } from './dom.js';
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

/** One placeholder per name, copied for each of that author's comments (a thread has few authors). */
const placeholders = new Map<string, Element>();

/** Initials on a colour hashed from the name. */
function placeholderFor(name: string): Element {
  let avatar = placeholders.get(name);
  if (!avatar) {
    if (placeholders.size >= 1000) placeholders.clear();
    avatar = svgElement(
      'svg',
      { part: 'avatar', class: 'avatar', viewBox: '0 0 40 40', 'aria-hidden': 'true' },
      svgElement('circle', {
        class: `avatar-background hue-${hueOf(name)}`,
        cx: '20',
        cy: '20',
        r: '20',
      }),
      svgElement(
        'text',
        { class: 'avatar-initials', x: '20', y: '20', dy: '0.35em', 'text-anchor': 'middle' },
        initialsOf(name),
      ),
    );
    placeholders.set(name, avatar);
  }
  return avatar.cloneNode(true) as Element;
}

/**
 * The author's avatar: their `avatar` URL when it is http(s), else a locally
 * generated placeholder (initials on a colour hashed from the name). Decorative:
 * the name is printed next to it.
 */
export function avatarElement(author: Author): Element {
  const src = safeHttpUrl(author.avatar);
  if (src) {
    return element('img', {
      part: 'avatar',
      class: 'avatar',
      src,
      alt: '',
      width: '40',
      height: '40',
      loading: 'lazy',
      decoding: 'async',
      referrerpolicy: 'no-referrer',
    });
  }
  return placeholderFor(author.name);
}
