import { unsafeCSS } from '@lit/reactive-element';
import composerText from './confab-composer.css?inline';

/** The composer's look (confab-composer.css; src/styles/tokens.ts says how styles are built). */
export const composerStyles = unsafeCSS(composerText);
