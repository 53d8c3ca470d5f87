#!/usr/bin/env node
// Writes the README's tables of <confab-comments> attributes, events and parts
// from custom-elements.json (made by `npm run analyze` from the element's
// JSDoc), so the README says what the code says. Run after a build:
//   node scripts/readme-api.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './demo-server.mjs';

const START = '<!-- api:start (written by scripts/readme-api.mjs from custom-elements.json) -->';
const END = '<!-- api:end -->';

const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'custom-elements.json'), 'utf8'));
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'confab-comments');
if (!element) throw new Error('custom-elements.json does not describe <confab-comments>');

// The manifest names types as written in the code; spell out the protocol's
// type aliases (`SortOrder`) so that a reader sees the allowed values.
const protocolSource = await readFile(join(REPO_ROOT, 'src', 'protocol', 'types.ts'), 'utf8');
const aliases = new Map(
  [...protocolSource.matchAll(/^export type (\w+) = ([^;{]+);/gm)].map((match) => [
    match[1],
    match[2].trim(),
  ]),
);
const typeText = (text) => (text ? (aliases.get(text) ?? text) : '');

/** Table cells may not contain a bare `|` or a line break. */
const cell = (text = '') =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
const code = (text) => (text ? `\`${cell(text)}\`` : '');

const attributes = (element.attributes ?? []).map(
  (attribute) =>
    `| \`${attribute.name}\` | ${code(typeText(attribute.type?.text))} | ${code(attribute.default)} | ${cell(attribute.description)} |`,
);
const events = (element.events ?? []).map(
  (event) => `| \`${event.name}\` | ${cell(event.description)} |`,
);
const parts = (element.cssParts ?? []).map(
  (part) => `| \`${part.name}\` | ${cell(part.description)} |`,
);
const propertyCount = (element.cssProperties ?? []).length;

const section = [
  START,
  '',
  '### Attributes',
  '',
  '| attribute | type | default | meaning |',
  '|---|---|---|---|',
  ...attributes,
  '',
  '### Events',
  '',
  'All bubble and are composed, so a listener on `document` hears them.',
  '',
  '| event | when |',
  '|---|---|',
  ...events,
  '',
  '### Parts',
  '',
  'Style them from the page with `confab-comments::part(name)`.',
  '',
  '| part | what |',
  '|---|---|',
  ...parts,
  '',
  `The ${propertyCount} \`--confab-*\` custom properties are listed in [docs/theming.md](docs/theming.md).`,
  '',
  END,
].join('\n');

const readmePath = join(REPO_ROOT, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from === -1 || to === -1 || to < from) {
  throw new Error(`README.md needs the markers ${START} and ${END}`);
}
await writeFile(readmePath, readme.slice(0, from) + section + readme.slice(to + END.length));
console.log(
  `README.md: ${attributes.length} attributes, ${events.length} events, ${parts.length} parts`,
);
