// A build plugin that drops DOMPurify's default allow-lists the widget never reads: about 1.9 KB
// gzip of the rich chunk (DOMPurify cannot be tree-shaken; these lists are plain data).
//
// DOMPurify allows, when a config names no ALLOWED_TAGS / ALLOWED_ATTR of its own, every HTML,
// SVG and MathML tag and attribute it considers safe, and USE_PROFILES adds the same lists back.
// src/render/rich.ts always passes its own short ALLOWED_TAGS and ALLOWED_ATTR and never
// USE_PROFILES, so these lists only ever fill sets that the widget's config replaces:
// - the HTML tag list (SVG and MathML tag lists stay: the namespace checks read them),
// - the HTML, SVG, MathML and XML attribute lists.
// They become empty arrays. Emptying an allow-list can only make the sanitiser stricter, never
// let more through: were a config ever to rely on the defaults again, it would allow no element
// and no attribute, and fail closed.
//
// The plugin checks DOMPurify's code before changing it and fails the build when it does not
// look as expected (a DOMPurify upgrade that renamed or reused a list): each list must be declared
// once at the top level as `const NAME = freeze([...])`, and every other reference must be a
// spread into `DEFAULT_ALLOWED_TAGS` / `DEFAULT_ALLOWED_ATTR` or an `addToSet(ALLOWED_TAGS |
// ALLOWED_ATTR, NAME)` call (the USE_PROFILES branch).
import ts from 'typescript';

/** The lists, by their names in dompurify/dist/purify.es.mjs (3.x). */
const LISTS = {
  html$1: 'DEFAULT_ALLOWED_TAGS',
  html: 'DEFAULT_ALLOWED_ATTR',
  svg: 'DEFAULT_ALLOWED_ATTR',
  mathMl: 'DEFAULT_ALLOWED_ATTR',
  xml: 'DEFAULT_ALLOWED_ATTR',
};

const PURIFY_FILE = /[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/;

function fail(message) {
  throw new Error(`purify-defaults: ${message}; check DOMPurify's code before building`);
}

/** Is `node` (an identifier named `name`) inside a function that has a parameter of that name? */
function shadowed(node, name) {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isFunctionLike(at) && at.parameters?.some((p) => p.name.getText() === name)) {
      return true;
    }
  }
  return false;
}

/** A reference the lists may have: a spread into the default set, or a USE_PROFILES addition. */
function expectedUse(node, defaultSet) {
  const spread = node.parent;
  if (ts.isSpreadElement(spread) && ts.isArrayLiteralExpression(spread.parent)) {
    const call = spread.parent.parent;
    const declaration = call?.parent;
    return (
      ts.isCallExpression(call) &&
      call.expression.getText() === 'addToSet' &&
      ts.isVariableDeclaration(declaration) &&
      declaration.name.getText() === defaultSet
    );
  }
  const call = node.parent;
  return (
    ts.isCallExpression(call) &&
    call.expression.getText() === 'addToSet' &&
    call.arguments.length === 2 &&
    call.arguments[1] === node &&
    /^ALLOWED_(?:TAGS|ATTR)$/.test(call.arguments[0].getText())
  );
}

/** DOMPurify's source with the unused default lists emptied; throws when the code is unexpected. */
export function emptyPurifyDefaults(code) {
  const source = ts.createSourceFile('purify.es.mjs', code, ts.ScriptTarget.Latest, true);
  const edits = [];
  for (const [name, defaultSet] of Object.entries(LISTS)) {
    const declarations = source.statements.flatMap((statement) =>
      ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.filter((d) => d.name.getText() === name)
        : [],
    );
    const initializer = declarations[0]?.initializer;
    const list = initializer && ts.isCallExpression(initializer) ? initializer.arguments[0] : null;
    if (
      declarations.length !== 1 ||
      initializer.expression.getText() !== 'freeze' ||
      !list ||
      !ts.isArrayLiteralExpression(list) ||
      list.elements.length === 0 ||
      !list.elements.every(ts.isStringLiteral)
    ) {
      fail(`no single top-level \`const ${name} = freeze([...strings])\``);
    }
    const visit = (node) => {
      if (
        ts.isIdentifier(node) &&
        node.text === name &&
        node !== declarations[0].name &&
        !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
        !(ts.isPropertyAssignment(node.parent) && node.parent.name === node) &&
        !ts.isParameter(node.parent) &&
        !shadowed(node, name) &&
        !expectedUse(node, defaultSet)
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        fail(`\`${name}\` is used on line ${line + 1} in a way this plugin does not know`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    edits.push({ start: list.getStart(source), end: list.end });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const { start, end } of edits) out = `${out.slice(0, start)}[]${out.slice(end)}`;
  return out;
}

/** The Vite plugin (build only); the browser-test config that mirrors the build uses it too. */
export function purifyDefaults() {
  return {
    name: 'confab:purify-defaults',
    apply: 'build',
    transform(code, id) {
      if (!PURIFY_FILE.test(id.split('?')[0])) return null;
      return { code: emptyPurifyDefaults(code), map: null };
    },
  };
}

export { PURIFY_FILE };
