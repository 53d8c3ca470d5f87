// Which property names the script-tag build may shorten (terser's `mangle.properties`).
//
// Renaming a property is only safe when every read and write of it is in the bundle's own
// JavaScript, where terser renames them all alike. It breaks as soon as the name is seen from
// outside: a DOM or JavaScript API, Lit's and DOMPurify's internals, the protocol's JSON, a
// Lit property binding or reactive property named in a string, a module export read off a
// dynamically imported namespace, the element's public API, or an end-to-end test that
// evaluates code in the page. So the names are derived from the sources at every build
// rather than listed by hand, and a name qualifies only when:
// - it is a `private` or `protected` member of a class in src/ (or listed in EXTRA below),
// - no class or interface in src/ declares it public, object literals never use it as a key,
// - it is not exported by any module in src/,
// - no string or template literal in src/ contains it as a word (Lit reactive properties
//   declared by name, `.prop=${…}` bindings, `changed.has('name')`),
// - TypeScript's own lib declarations (DOM, ECMAScript) declare no member of that name,
// - it does not occur as a word in Lit's or DOMPurify's code, in docs/protocol.md (the
//   protocol's JSON shapes; src/protocol.ts declares them as interfaces too), or in the
//   end-to-end tests.
// A name that fails any test is simply left long; the rule can cost bytes, never behaviour.
import ts from 'typescript';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Public members of internal classes and interfaces (the api client, the thread model's
// helpers, the composer's options) that the script-tag bundle never exposes: nothing outside
// the bundle can reach them. Each still has to pass every test above except the first two.
const EXTRA = [
  'addEnglish',
  'appendPage',
  'authors',
  'bodyMaxChars',
  'commentsByAuthor',
  'countsMaxPages',
  'editComment',
  'findMentions',
  'fromStream',
  'getCounts',
  'getThread',
  'getToken',
  'maxResponseBytes',
  'maxRetries',
  'nameMaxChars',
  'onComment',
  'onStatus',
  'onVote',
  'pageKeyMaxChars',
  'postComment',
  'rememberAuthor',
  'rememberedAuthor',
  'retryBaseMs',
  'setVotes',
  'targetId',
  'threadDefaultLimit',
  'threadMaxLimit',
  'upsert',
  'urlMaxChars',
  'waitOnline',
];

function files(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, pattern);
    return pattern.test(path) ? [path] : [];
  });
}

function addWords(text, set) {
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*/g)) set.add(match[0]);
}

const isExported = (node) =>
  (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some(
    (m) => m.kind === ts.SyntaxKind.ExportKeyword,
  ) ?? false;

/** The property names terser may rename in the script-tag bundle, sorted. */
export function internalPropertyNames() {
  const candidates = new Set(EXTRA);
  const excluded = new Set();

  for (const file of files(join(root, 'src'), /\.ts$/)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const visit = (node) => {
      if (
        (ts.isPropertyDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isGetAccessorDeclaration(node) ||
          ts.isSetAccessorDeclaration(node)) &&
        ts.isIdentifier(node.name)
      ) {
        const flags = ts.getCombinedModifierFlags(node);
        const hidden =
          flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) &&
          !(flags & ts.ModifierFlags.Override);
        if (hidden) candidates.add(node.name.text);
        else if (!EXTRA.includes(node.name.text)) excluded.add(node.name.text);
      } else if (
        (ts.isPropertySignature(node) ||
          ts.isMethodSignature(node) ||
          ts.isPropertyAssignment(node) ||
          ts.isShorthandPropertyAssignment(node) ||
          ts.isBindingElement(node)) &&
        node.name &&
        ts.isIdentifier(node.name)
      ) {
        // Interface fields and object keys: data that may cross the bundle's edge (JSON, events,
        // options). EXTRA names the few internal ones worth renaming anyway.
        if (!EXTRA.includes(node.name.text)) excluded.add(node.name.text);
      }
      if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName)) {
        excluded.add(node.propertyName.text);
      }
      if (
        (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
        node.name &&
        isExported(node)
      ) {
        excluded.add(node.name.text);
      }
      if (ts.isVariableStatement(node) && isExported(node)) {
        for (const d of node.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) excluded.add(d.name.text);
        }
      }
      if (ts.isExportSpecifier(node)) {
        excluded.add(node.name.text);
        if (node.propertyName) excluded.add(node.propertyName.text);
      }
      if (
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)
      ) {
        addWords(node.text, excluded);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  // Every member TypeScript's lib declares (DOM, ECMAScript), whatever the interface.
  const lib = join(root, 'node_modules/typescript/lib');
  for (const name of readdirSync(lib)) {
    if (!/^lib\.(dom|es\d+|esnext)\b.*\.d\.ts$/.test(name)) continue;
    const source = ts.createSourceFile(name, readFileSync(join(lib, name), 'utf8'), 99);
    const visit = (node) => {
      if (node.name && ts.isIdentifier(node.name) && !ts.isParameter(node)) {
        excluded.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  for (const pkg of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'dompurify']) {
    for (const file of files(join(root, 'node_modules', pkg), /\.m?js$/)) {
      addWords(readFileSync(file, 'utf8'), excluded);
    }
  }
  for (const file of [join(root, 'docs/protocol.md'), ...files(join(root, 'test/e2e'), /\.ts$/)]) {
    if (existsSync(file)) addWords(readFileSync(file, 'utf8'), excluded);
  }

  return [...candidates].filter((name) => !excluded.has(name)).sort();
}
