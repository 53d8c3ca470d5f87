import { escapeHtml } from './render.js';

/**
 * The small HTML pages the links in mails open (confirm, unsubscribe, erase): a question with
 * one button, or what happened. A page shown on GET only asks: mail clients and scanners fetch
 * links on their own, so nothing changes until the button's POST.
 */

/** The pages' own header: inline styles only, forms post only to this server. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function page(lang: string, title: string, inner: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;line-height:1.5;max-width:36em;' +
    'margin:3em auto;padding:0 1em;color:#1a1a1a;background:#fff}' +
    'button{font:inherit;padding:.5em 1.2em;min-height:44px;cursor:pointer}' +
    '@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}}</style>' +
    `</head><body><main><h1>${escapeHtml(title)}</h1>${inner}</main></body></html>`
  );
}

/** A question and a button that POSTs the same link's token back (to the page's own path). */
export function askPage(input: {
  lang: string;
  title: string;
  question: string;
  button: string;
  action: string;
  token: string;
}): string {
  const action = `${input.action}?token=${encodeURIComponent(input.token)}`;
  return page(
    input.lang,
    input.title,
    `<p>${escapeHtml(input.question)}</p>` +
      `<form method="post" action="${escapeHtml(action)}">` +
      `<input type="hidden" name="token" value="${escapeHtml(input.token)}">` +
      `<button type="submit">${escapeHtml(input.button)}</button></form>`,
  );
}

/** What a POST did, or why a link does not work. */
export function donePage(lang: string, title: string, message: string): string {
  return page(lang, title, `<p>${escapeHtml(message)}</p>`);
}
