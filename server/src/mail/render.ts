/**
 * Mails and pages as blocks, rendered once as plain text and once as HTML, so the two parts of a
 * mail always say the same. Every text put in is readers' text or built from it: it is escaped
 * for HTML here, and made safe for a header line by `headerText`.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  /** A reader's words, quoted. */
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'note'; text: string }
  | { kind: 'rule' };

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Invisible format characters (bidi overrides, zero-width joiners) and line separators. */
const FORMAT = /[\p{Cf}\u2028\u2029]/gu;

/**
 * Text safe for one header line whatever a reader wrote: controls (CR and LF included) and
 * invisible format characters become spaces, runs of space become one, and it is cut to
 * `max` characters. Encoded words (`=?utf-8?…?=`) a reader wrote are kept from being decoded
 * by the sender, which encodes a subject holding one (mail/sender.ts).
 */
export function headerText(text: string, max = 60): string {
  const flat = text.replace(CONTROLS, ' ').replace(FORMAT, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** A reader's text for a mail body: controls other than newlines removed, cut to `max`. */
export function bodyExcerpt(text: string, max = 500): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export function renderText(blocks: readonly Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
      case 'note':
        return block.text;
      case 'quote':
        return block.text
          .split('\n')
          .map((line) => (line ? `> ${line}` : '>'))
          .join('\n');
      case 'link':
        return `${block.label}:\n${block.url}`;
      case 'rule':
        return '--';
    }
  });
  return `${parts.join('\n\n')}\n`;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'note':
      return `<p style="color:#555;font-size:0.9em">${escapeHtml(block.text)}</p>`;
    case 'quote':
      return (
        '<blockquote style="margin:0 0 1em;padding:0 0 0 1em;border-left:3px solid #999;' +
        `white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`
      );
    case 'link':
      return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
    case 'rule':
      return '<hr>';
  }
}

export function renderHtml(blocks: readonly Block[], lang: string, title: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(title)}</title></head>` +
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">' +
    `${blocks.map(htmlBlock).join('')}</body></html>`
  );
}

export function mailContent(subject: string, blocks: readonly Block[], lang: string): MailContent {
  return { subject, text: renderText(blocks), html: renderHtml(blocks, lang, subject) };
}
