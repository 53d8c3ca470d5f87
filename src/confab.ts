// The script-tag entry (dist/confab.js): registers <confab-comments> when loaded.
// <confab-composer> is deliberately not imported here (src/define.ts does, for the npm
// entry): the element loads it as a chunk of its own alongside its first thread request,
// which keeps this file within its 20 KB gzip budget (docs/performance.md).
import { ConfabComments } from './elements/confab-comments.js';

if (!customElements.get('confab-comments')) {
  customElements.define('confab-comments', ConfabComments);
}
