import domino, { type DominoElement } from '@mixmark-io/domino';
import TurndownService from 'turndown';
import { httpUrl } from '../../../src/protocol/index.js';
import { storableText } from './items.js';

/**
 * Imported HTML becomes Markdown, the only form Confab stores bodies in: links, emphasis,
 * strikethrough, code, quotes and lists keep their meaning; everything else becomes its text.
 * Turndown does the conversion, over a real HTML parser (domino), so entities are decoded once
 * and text that looked like markup in the source (`&lt;script&gt;`) stays text: the widget
 * never parses a body as HTML (its text is only ever text), so it shows as written.
 * Active content goes: scripts, styles, frames and forms are dropped with their content, event
 * handler attributes with their element's markup, and links or images that are not http(s)
 * (or mailto for links) keep only their text.
 */

// Elements dropped whole: what they hold is code, not text a commenter wrote.
const DROPPED = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'source',
  'track',
  'form',
  'input',
  'button',
  'select',
  'textarea',
] as const;

function linkTarget(href: string | null): string | null {
  if (!href) return null;
  const value = href.trim();
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(value)) return value;
  if (!httpUrl(value)) return null;
  // Spaces, parentheses and angle brackets escaped: the destination is one token to any Markdown reader.
  return value.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    linkStyle: 'inlined',
    // A line break is a newline: the widget keeps every line break of a body.
    br: '',
  });
  service.remove([...DROPPED] as TurndownService.Filter);

  service.addRule('link', {
    filter: 'a',
    replacement(content, node) {
      const element = node;
      const text = content.trim();
      // A Disqus @mention becomes the plain @Name that Confab's own mentions resolve.
      if (text.startsWith('@') && element.hasAttribute('data-dsq-mention')) return content;
      const target = linkTarget(element.getAttribute('href'));
      if (!target) return content;
      if (text === '' || text === target) return `<${target}>`;
      return `[${text}](${target})`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement(_content, node) {
      const element = node;
      const alt = service.escape((element.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim());
      const target = linkTarget(element.getAttribute('src'));
      // Not an image in the body (the widget shows none unless the site allows them): a link to it.
      return target ? `[${alt || 'image'}](${target})` : alt;
    },
  });
  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  service.addRule('strikethrough', {
    filter: ['del', 's', 'strike'] as TurndownService.Filter,
    replacement: (content) => (content.trim() ? `~~${content}~~` : content),
  });
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement(_content, node) {
      const code = (node.textContent ?? '').replace(/\n$/, '');
      const fence = '`'.repeat(
        Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)),
      );
      return `\n\n${fence}\n${code}\n${fence}\n\n`;
    },
  });
  // One space after the marker (Turndown pads to four), continuation lines indented to match.
  service.addRule('listItem', {
    filter: 'li',
    replacement(content, node) {
      const parent = node.parentNode as TurndownService.Node | null;
      let marker = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        const index = Array.prototype.indexOf.call(parent.children, node) as number;
        marker = `${(Number.isSafeInteger(start) ? start : 1) + index}. `;
      }
      const text = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '\n')
        .replace(/\n/gm, `\n${' '.repeat(marker.length)}`);
      return `${marker}${text}${node.nextSibling && !text.endsWith('\n') ? '\n' : ''}`;
    },
  });
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => ` ${content.trim()} `,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content) => `\n${content.trim()}\n`,
  });

  // Turndown escapes what CommonMark would read as markup; the widget's Markdown also reads
  // `~~` as strikethrough and `1)` as a list item.
  const escape = service.escape.bind(service);
  service.escape = (text: string) =>
    escape(text)
      .replace(/~/g, '\\~')
      .replace(/^(\d+)\) /gm, '$1\\) ');
  return service;
}

let shared: { service: TurndownService; container: DominoElement } | null = null;

/**
 * HTML (a Disqus message, a WordPress comment after `paragraphs`) as Markdown. Each body is
 * parsed into one reused element of one document (the fragment parser keeps a body's unclosed
 * tags inside it), which costs a third of what a new document per body does: on an import of
 * 100,000 comments, that was most of the time.
 */
export function htmlToMarkdown(html: string): string {
  const { service, container } = converter();
  container.innerHTML = storableText(html);
  const markdown = service.turndown(container as unknown as TurndownService.Node);
  container.textContent = '';
  return tidy(markdown);
}

function converter(): { service: TurndownService; container: DominoElement } {
  if (!shared) {
    const document = domino.createDocument('<body></body>');
    shared = { service: createService(), container: document.createElement('div') };
  }
  return shared;
}

/** The text of an HTML fragment: entities decoded, tags dropped (names, titles). */
export function htmlText(html: string): string {
  if (!/[&<]/.test(html)) return html;
  const { container } = converter();
  container.innerHTML = storableText(html);
  const text = container.textContent ?? '';
  container.textContent = '';
  return text;
}

/** Trailing spaces off every line, at most one blank line in a row, no blank start or end. */
function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * WordPress keeps comments as typed, with line breaks for paragraphs and breaks, and adds the
 * <p> and <br> when it shows them; this adds them before conversion, leaving <pre> blocks alone.
 */
export function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/i)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .split(/\n[ \t]*\n/)
            .map((paragraph) => paragraph.trim())
            .filter((paragraph) => paragraph !== '')
            .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`)
            .join('\n'),
    )
    .join('\n');
}

/** Markdown that came as Markdown (Commento, Confab): only made storable. */
export function markdownBody(markdown: string): string {
  return storableText(markdown).trim();
}
