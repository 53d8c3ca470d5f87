import { unsafeCSS } from 'lit';
import tokensText from '../../../src/styles/tokens.css?inline';
import sharedText from '../../../src/styles/shared.css?inline';
import consoleText from './console.css?inline';

/** The widget's tokens and helpers, then the console's own sheet (our files only, never data). */
export const consoleStyles = [unsafeCSS(tokensText), unsafeCSS(sharedText), unsafeCSS(consoleText)];
