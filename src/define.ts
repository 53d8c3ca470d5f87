import { ConfabComments } from './elements/confab-comments.js';
import { ConfabCount } from './elements/confab-count.js';
import { ConfabComposer } from './elements/confab-composer.js';
import { ConfabReportForm } from './elements/confab-report-form.js';

/*
 * The one place that registers the widget's elements. A tag that is already
 * defined (a second copy of the script on the page) is skipped, not re-defined.
 */
const elements: Array<[string, CustomElementConstructor]> = [
  ['confab-comments', ConfabComments],
  ['confab-count', ConfabCount],
  ['confab-composer', ConfabComposer],
  ['confab-report-form', ConfabReportForm],
];

for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-comments': ConfabComments;
    'confab-count': ConfabCount;
  }
}
