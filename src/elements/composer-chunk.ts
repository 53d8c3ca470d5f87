/*
 * What the comment form needs and the thread alone does not: the form element and the
 * draft storage. One lazily imported chunk of the script-tag bundle (the entry stays
 * within its 20 KB gzip budget), fetched in parallel with the first thread request.
 */
export { ConfabComposer } from './confab-composer.js';
export { DraftStore } from '../model/drafts.js';
