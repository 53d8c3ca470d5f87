// A build plugin for the script-tag bundle: minifies the static text of Lit's
// html`…`, svg`…` and css`…` templates, which no JavaScript minifier touches
// (template literal text is data to it). It removes indentation and CSS
// comments; the widget's gzip weight is a headline number (docs/performance.md).
//
// Conservative by design, so that nothing renders differently:
// - html/svg: a run of whitespace that contains a line break becomes one space
//   (HTML collapses it to one space anyway); a template that contains <pre>,
//   a <textarea> with text between its tags, or a white-space style is left
//   alone.
// - css: comments go, whitespace runs become one space, and spaces next to
//   { } ; , and after a declaration's colon are dropped; quoted strings are
//   left as they are.
// Only the literal parts change, never an expression inside ${…}, and only
// files under src/. Templates are found with the TypeScript parser, not a regex.
import ts from 'typescript';

const TAGS = new Set(['html', 'svg', 'css']);

export function minifyHtmlText(text) {
  return text.replace(/[ \t\r\n\f]*\n[ \t\r\n\f]*/g, ' ');
}

export function minifyCssText(text) {
  const parts = text.split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/);
  return parts
    .map((part, index) => {
      if (index % 2 === 1) {
        // An attribute selector's value needs no quotes when it is a name: [role=option].
        const bare = /^.([a-zA-Z][-\w]*).$/.exec(part)?.[1];
        const selector = /\[[-\w]+=$/.test(parts[index - 1]) && parts[index + 1].startsWith(']');
        return bare && selector ? bare : part;
      }
      return (
        part
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,]) ?/g, '$1')
          // "prop: value" right after { or ; is a declaration, never a selector.
          .replace(/([{;])([-\w]+): /g, '$1$2:')
          // A declaration's last semicolon is optional.
          .replace(/;}/g, '}')
          // 0.5 is .5 (not after a digit, a dot or a name: 10.5, 1.0.5, h0.5).
          .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2')
          .replace(/ !important/g, '!important')
          // Space never matters inside parentheses' edges, around / or around the child combinator;
          // nor around * between a ) and a number (calc), where it cannot be the universal selector.
          .replace(/\( | \)| ?([/>]) ?/g, (m, op) => op ?? m.trim())
          .replace(/\) \* (?=[\d.])/g, ')*')
      );
    })
    .join('');
}

function quasisOf(template) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [template];
  return [template.head, ...template.templateSpans.map((span) => span.literal)];
}

/** Returns the minified source, or null when nothing changed. */
export function minifyTemplatesInSource(code, fileName = 'module.ts') {
  if (!/\b(?:html|svg|css)`/.test(code)) return null;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const edits = [];
  const visit = (node) => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      TAGS.has(node.tag.text)
    ) {
      const quasis = quasisOf(node.template);
      const spans = quasis.map((quasi) => {
        // A quasi's text lies between "`" or "}" and "${" or "`".
        const opensExpression =
          quasi.kind === ts.SyntaxKind.TemplateHead || quasi.kind === ts.SyntaxKind.TemplateMiddle;
        const start = quasi.getStart(source) + 1;
        const end = quasi.end - (opensExpression ? 2 : 1);
        return { start, end, text: code.slice(start, end) };
      });
      const css = node.tag.text === 'css';
      const whole = spans.map((s) => s.text).join('');
      // Whitespace inside <pre> or a <textarea>'s text is content. A textarea closed right after
      // its start tag (its value set by a binding) holds none, so it does not stop minifying.
      const keepAsIs = !css && /<pre\b|white-space|<textarea\b(?![^>]*><\/textarea>)/i.test(whole);
      if (!keepAsIs) {
        for (const span of spans) {
          const minified = css ? minifyCssText(span.text) : minifyHtmlText(span.text);
          if (minified !== span.text) edits.push({ ...span, minified });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (edits.length === 0) return null;
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.minified + out.slice(edit.end);
  return out;
}

/** The Vite plugin (build only). */
export function minifyLitTemplates() {
  return {
    name: 'confab:minify-lit-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id)) return null;
      const out = minifyTemplatesInSource(code, id);
      // Line breaks inside templates become spaces, so lines shift; the map
      // to the original source is approximate for these files only.
      return out === null ? null : { code: out, map: null };
    },
  };
}
