// The script-tag entry dist/count.js: registers <confab-count> when loaded. It shares no module
// with dist/confab.js (a page of article listings loads this alone; 2 KB gzip at most).
import { ConfabCount } from './elements/confab-count.js';

if (!customElements.get('confab-count')) customElements.define('confab-count', ConfabCount);
