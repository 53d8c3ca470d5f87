/*
 * The library entry for bundlers (dist/index.js): classes and types, without
 * registering anything. `import 'confab-widget/define.js'` registers the
 * elements; or call customElements.define yourself.
 */
export { ConfabComments } from './elements/confab-comments.js';
export { ConfabCount } from './elements/confab-count.js';
export { ConfabComposer } from './elements/confab-composer.js';
export { ConfabReportForm } from './elements/confab-report-form.js';
export {
  ConfabErrorEvent,
  ConfabLoadedEvent,
  ConfabPostedEvent,
  ConfabVotedEvent,
} from './elements/events.js';
export { ConfabClient, type ClientOptions } from './api/client.js';
export { ConfabError, type ConfabErrorCode } from './api/errors.js';
export { ReaderSession } from './api/reader-session.js';
export { Localizer, type MessageKey } from './i18n/localizer.js';
export type * from './protocol/index.js';
