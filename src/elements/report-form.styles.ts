import { unsafeCSS } from '@lit/reactive-element';
import reportFormText from './confab-report-form.css?inline';

/** The report form's look (confab-report-form.css; src/styles/tokens.ts says how styles are built). */
export const reportFormStyles = unsafeCSS(reportFormText);
