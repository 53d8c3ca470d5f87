import { unsafeCSS } from '@lit/reactive-element';
import tokensText from './tokens.css?inline';
import sharedText from './shared.css?inline';

/*
 * The styles live in plain .css files, minified by the build's CSS minifier (Lightning CSS, as
 * Vite runs it) and imported as text with `?inline`; unsafeCSS only wraps our own files here,
 * never anything from the page or a comment.
 */

/** Design tokens (tokens.css): the `--confab-*` defaults on :host, light and dark. */
export const tokens = unsafeCSS(tokensText);

/** Helpers every shadow root of the widget shares (shared.css). */
export const shared = unsafeCSS(sharedText);
