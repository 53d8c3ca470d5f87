import { unsafeCSS } from '@lit/reactive-element';
import { AVATAR_HUES } from '../render/avatar.js';
import commentsText from './confab-comments.css?inline';

// Evenly spread hues for generated avatars; the class is picked from a hash of the name.
const avatarHues = Array.from(
  { length: AVATAR_HUES },
  (_, index) => `.hue-${index}{--confab-avatar-hue:${(index * 360) / AVATAR_HUES}}`,
).join('');

/** The thread's look (confab-comments.css; src/styles/tokens.ts says how styles are built). */
export const commentsStyles = unsafeCSS(commentsText + avatarHues);
