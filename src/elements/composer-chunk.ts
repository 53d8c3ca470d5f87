/*
 * The write path: what only a reader who writes or acts needs. The comment form, the report form,
 * the draft storage and the controller that votes, posts, edits, deletes and reports. One lazily
 * imported chunk of the script-tag bundle (the entry stays within its 20 KB gzip budget), fetched
 * in parallel with the first thread request.
 */
import { ConfabComposer } from './confab-composer.js';
import { ConfabReportForm } from './confab-report-form.js';

export { CommentActions } from '../controllers/comment-actions.js';

/** Defines the forms' elements unless they are (the npm entry, src/define.ts, does it up front). */
export function defineForms(): void {
  if (!customElements.get('confab-composer')) {
    customElements.define('confab-composer', ConfabComposer);
  }
  if (!customElements.get('confab-report-form')) {
    customElements.define('confab-report-form', ConfabReportForm);
  }
}
