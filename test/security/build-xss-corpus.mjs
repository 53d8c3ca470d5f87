/**
 * Regenerates test/fixtures/xss-corpus.json from pinned public sources.
 *
 *   node test/security/build-xss-corpus.mjs <DOMPurify clone> <H5SC clone> <CheatSheetSeries clone>
 *
 * The upstream files are read with `git show <pinned commit>:<path>` so the corpus is reproducible;
 * the Markdown-specific cases and a few published mutation-XSS vectors are listed below by hand.
 * Every entry records where it came from (see test/fixtures/README.md for the licences).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const DOMPURIFY = { repo: 'cure53/DOMPurify', commit: '1fa97e8f0b671ded461adfe6af255f2aab4202d0' };
const H5SC = { repo: 'cure53/H5SC', commit: '1a91bbc085426579ebcdefb1bc5450760db3dad5' };
const OWASP = {
  repo: 'OWASP/CheatSheetSeries',
  commit: '6b8819da79e0537d072e04296ffa3adfc94ba881',
};
const OWASP_PATH = 'cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.md';

const [dompurifyDir, h5scDir, owaspDir] = process.argv.slice(2);
if (!dompurifyDir || !h5scDir || !owaspDir) {
  console.error(
    'usage: build-xss-corpus.mjs <DOMPurify clone> <H5SC clone> <CheatSheetSeries clone>',
  );
  process.exit(2);
}

function show(dir, commit, path) {
  return execFileSync('git', ['-C', dir, 'show', `${commit}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Upstream modules are evaluated from a scratch directory: they are data files shaped as modules. */
const scratch = mkdtempSync(join(tmpdir(), 'xss-corpus-'));
function loadModule(text, name) {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

/** Coarse grouping, most specific first, so the report can say what kinds of attack were tried. */
function categorise(payload, title = '') {
  const t = title.toLowerCase();
  if (/mxss|mutation|namespace|namepsace|noscript|nesting-based|removal-based/.test(t))
    return 'mutation-xss';
  if (
    /clobber/.test(t) ||
    /\b(id|name)\s*=\s*["']?(body|location|cookie|getelementbyid|createelement|attributes|submit)/i.test(
      payload,
    )
  )
    return 'dom-clobbering';
  if (/<\s*(svg|math)\b/i.test(payload)) return 'svg-mathml';
  if (/<\s*script\b/i.test(payload)) return 'script-element';
  if (/\bon[a-z]+\s*=/i.test(payload)) return 'event-handler';
  if (/(java|vb|live)\s*script|data\s*:|&#|&colon;/i.test(payload)) return 'url-scheme';
  if (/style|expression\s*\(|behavior\s*:|-moz-binding/i.test(payload)) return 'css';
  if (
    /<\s*(iframe|object|embed|applet|meta|base|form|link|frame|frameset|isindex|input|button)\b/i.test(
      payload,
    )
  )
    return 'embedding';
  return 'other-html';
}

const corpus = [];
function add(id, payload, source, category) {
  if (typeof payload !== 'string' || payload.trim() === '') return;
  if (corpus.some((entry) => entry.payload === payload)) return;
  corpus.push({ id, payload, source, category });
}

// DOMPurify's own expectation fixtures.
{
  const path = 'test/fixtures/expect.mjs';
  const file = loadModule(show(dompurifyDir, DOMPURIFY.commit, path), 'expect.mjs');
  const { default: cases } = await import(file);
  cases.forEach((entry, index) => {
    add(
      `dompurify-${String(index + 1).padStart(3, '0')}`,
      entry.payload,
      `https://github.com/${DOMPURIFY.repo}/blob/${DOMPURIFY.commit}/${path}#case-${index + 1}`,
      categorise(entry.payload, entry.title),
    );
  });
}

// html5sec.org (H5SC): items with their %placeholder% payloads filled in as the site does.
{
  const require = createRequire(import.meta.url);
  const items = require(loadModule(show(h5scDir, H5SC.commit, 'items.js'), 'items.cjs'));
  const payloads = require(loadModule(show(h5scDir, H5SC.commit, 'payloads.js'), 'payloads.cjs'));
  for (const item of items) {
    const payload = item.data.replace(/%([a-z0-9_]+)%/g, (whole, key) => payloads[key] ?? whole);
    add(
      `h5sc-${String(item.id).padStart(3, '0')}`,
      payload,
      `https://html5sec.org/#${item.id} (https://github.com/${H5SC.repo}/blob/${H5SC.commit}/items.js)`,
      categorise(payload, item.name?.en ?? ''),
    );
  }
}

// OWASP XSS Filter Evasion Cheat Sheet: fenced code blocks of the "Tests" part and the WAF bypass list.
{
  const text = show(owaspDir, OWASP.commit, OWASP_PATH);
  const lines = text.split('\n');
  let heading = '';
  let inTests = false;
  let fence = null;
  let serial = 0;
  const source = () => `https://github.com/${OWASP.repo}/blob/${OWASP.commit}/${OWASP_PATH}`;
  for (const line of lines) {
    if (fence) {
      if (line.startsWith('```')) {
        const payload = fence.join('\n').replace(/\\([<>])/g, '$1');
        // Server-side snippets (PHP, HTTP parameter pollution pages) are not input a comment could carry.
        if (inTests && !/<\?|\$_GET|\?php/.test(payload) && payload.length <= 2000) {
          serial += 1;
          add(
            `owasp-${String(serial).padStart(3, '0')}`,
            payload,
            `${source()} (${heading})`,
            categorise(payload, heading),
          );
        }
        fence = null;
      } else fence.push(line);
      continue;
    }
    if (line.startsWith('```')) {
      fence = [];
      continue;
    }
    const h = /^(#+)\s+(.*)$/.exec(line);
    if (h) {
      heading = h[2];
      if (h[1] === '##')
        inTests = heading === 'Tests' || heading.startsWith('Methods to Bypass WAF');
      if (
        /HTTP Parameter Pollution|Character Escape Sequences|General issues|Reflected XSS in JavaScript|DOM-based XSS|request Redirection/.test(
          heading,
        )
      )
        inTests = false;
      if (heading.startsWith('WAF ByPass')) inTests = true;
      continue;
    }
    const bullet = /^- `(.+)`\s*$/.exec(line);
    if (inTests && heading.startsWith('WAF ByPass') && bullet) {
      serial += 1;
      add(
        `owasp-${String(serial).padStart(3, '0')}`,
        bullet[1],
        `${source()} (${heading})`,
        categorise(bullet[1], heading),
      );
    }
  }
}

// Published mutation-XSS vectors (sanitiser bypasses in browsers' HTML re-parsing).
const MXSS = [
  [
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    'https://research.securitum.com/mutation-xss-via-mathml-mutation-dompurify-2-0-17-bypass/',
  ],
  [
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    'https://research.securitum.com/dompurify-bypass-using-mxss/',
  ],
  [
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
    'https://research.securitum.com/mutation-xss-via-mathml-mutation-dompurify-2-0-17-bypass/',
  ],
  [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    'https://portswigger.net/research/bypassing-dompurify-again-with-mutation-xss',
  ],
  [
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    'https://portswigger.net/research/bypassing-dompurify-again-with-mutation-xss',
  ],
  [
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    'https://portswigger.net/research/bypassing-dompurify-again-with-mutation-xss',
  ],
  [
    '<listing>&lt;img src=1 onerror=alert(1)&gt;</listing>',
    'https://cure53.de/fp170.pdf (mutation-based XSS, listing element)',
  ],
  [
    '<img src="x` `<script>alert(1)</script>"` `>',
    'https://cure53.de/fp170.pdf (mutation-based XSS, backtick attribute)',
  ],
];
MXSS.forEach(([payload, source], index) =>
  add(`mxss-${String(index + 1).padStart(2, '0')}`, payload, source, 'mutation-xss'),
);

// Markdown-specific cases written for Confab: marked turns these into HTML, so the scheme and attribute
// checks must hold after Markdown parsing and entity decoding, not only on raw HTML.
const OWN = 'confab (written for this project, test/security/build-xss-corpus.mjs)';
const markdown = {
  'markdown-link': [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](javascript:alert(1) "title")',
    '[x](javascript://example.com/%0Aalert(1))',
    '[x](javascript:window.__confabPwned(1))',
    '[x](vbscript:msgbox(1))',
    '[x](VBScript:msgbox(1))',
    '[x](livescript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,<script>alert(1)</script>)',
    '[x](data:image/svg+xml,<svg onload=alert(1)>)',
    '[x](file:///etc/passwd)',
    '[x](blob:https://example.com/uuid)',
    '[x](filesystem:https://example.com/temporary/x)',
    '[x](//evil.example/path)',
    '[x](https://example.com/" onmouseover="alert(1))',
    '[x](https://example.com/"><img src=x onerror=alert(1)>)',
    '[[x](javascript:alert(1))](https://example.com/)',
    '[x](https://example.com/)[y](javascript:alert(1))',
    '[![x](https://example.com/a.png)](javascript:alert(1))',
    '[<img src=x onerror=alert(1)>](https://example.com/)',
    '[x](https://example.com/ "a\\" onclick=\\"alert(1)")',
    '[x](https://example.com/ \'a" onclick="alert(1)\')',
    '[x](https://example.com/ (a" onclick="alert(1)))',
    '[x](https://example.com/ "<img src=x onerror=alert(1)>")',
    '**[bold](javascript:alert(1))**',
    '> [quoted](javascript:alert(1))',
    '- [listed](javascript:alert(1))',
    '| a |\n|---|\n| [cell](javascript:alert(1)) |',
  ],
  'scheme-obfuscation': [
    '[x](jav&#x09;ascript:alert(1))',
    '[x](jav&#9;ascript:alert(1))',
    '[x](jav&#x0A;ascript:alert(1))',
    '[x](jav&#x0D;ascript:alert(1))',
    '[x](&#x6A;avascript:alert(1))',
    '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
    '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](javascript&#58;alert(1))',
    '[x](javascript&#x3A;alert(1))',
    '[x](javascript&#x3a;alert&lpar;1&rpar;)',
    '[x](java&NewLine;script:alert(1))',
    '[x](java&Tab;script:alert(1))',
    '[x](&Tab;javascript:alert(1))',
    '[x](&#x20;javascript:alert(1))',
    '[x](&#0;javascript:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](\u0000javascript:alert(1))',
    '[x](java\u0000script:alert(1))',
    '[x](javascript\u00a0:alert(1))',
    '[x](\u2028javascript:alert(1))',
    '[x](java\u200bscript:alert(1))',
    '[x](\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54\uff1aalert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](javascript%3Aalert(1))',
    '[x](data&colon;text/html,<script>alert(1)</script>)',
    '[x](&#100;ata:text/html,<script>alert(1)</script>)',
    '[x](vb&#x09;script:msgbox(1))',
    '[x](java\\script:alert(1))',
  ],
  'markdown-reference': [
    '[x][evil]\n\n[evil]: javascript:alert(1)',
    '[x][evil]\n\n[evil]: <javascript:alert(1)>',
    '[x][evil]\n\n[evil]: jav&#x09;ascript:alert(1) "t"',
    '[evil]\n\n[evil]: data:text/html,<script>alert(1)</script>',
    '[x][]\n\n[x]: vbscript:msgbox(1)',
    '![x][img]\n\n[img]: javascript:alert(1)',
    '[x][ok]\n\n[ok]: https://example.com/ "a\\" onmouseover=\\"alert(1)"',
  ],
  'markdown-autolink': [
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    '<vbscript:msgbox(1)>',
    '<data:text/html,<script>alert(1)</script>>',
    '<https://example.com/" onclick="alert(1)>',
    "<https://example.com/'onclick='alert(1)>",
    '<mailto:a@example.com?subject="><img src=x onerror=alert(1)>>',
    '<a@example.com onclick=alert(1)>',
    'https://example.com/"onmouseover="alert(1)',
    'www.example.com/"onmouseover="alert(1)',
    'https://example.com/<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
  ],
  'markdown-image': [
    '![x](javascript:alert(1))',
    '![x](https://example.com/a.png"onerror="alert(1))',
    '![x" onerror="alert(1)](https://example.com/a.png)',
    '![x](x onerror=alert(1))',
    '![x](https://example.com/a.png "t\\" onerror=\\"alert(1)")',
    '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '![x](data:image/png;base64,iVBORw0KGgo=)',
    '![x](vbscript:msgbox(1))',
    '![<img src=x onerror=alert(1)>](https://example.com/a.png)',
    '![x](https://example.com/a.svg)',
  ],
  'markdown-raw-html': [
    '<script>alert(1)</script>',
    'hello <img src=x onerror=alert(1)> world',
    '<a href="javascript:alert(1)">x</a>',
    '<details open ontoggle=alert(1)>',
    '<style>*{display:none}</style>',
    '<p style="position:fixed;inset:0;background:red">covered</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<a id="__confabPwned" name="__confabPwned">clobber</a>',
    '<img name="getElementById" id="createElement" src="https://example.com/a.png">',
    '<!-- <img src=x onerror=alert(1)> -->',
    '# <img src=x onerror=alert(1)>',
    '*<img src=x onerror=alert(1)>*',
    '`<script>alert(1)</script>`',
    '```html\n<script>alert(1)</script>\n```',
    '    <script>alert(1)</script>',
    '<div>\n\n[x](javascript:alert(1))\n\n</div>',
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    '<math><a href="javascript:alert(1)">x</a></math>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<input autofocus onfocus=alert(1)>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<template><img src=x onerror=alert(1)></template>',
    '<a href="https://example.com/" target="_self" rel="opener">opener</a>',
    '<link rel="stylesheet" href="https://example.com/evil.css">',
    '<img srcset="javascript:alert(1) 1x">',
    '<video poster="javascript:alert(1)"><source onerror=alert(1)></video>',
  ],
};
for (const [category, payloads] of Object.entries(markdown)) {
  payloads.forEach((payload, index) =>
    add(
      `md-${category.replace(/^markdown-/, '')}-${String(index + 1).padStart(2, '0')}`,
      payload,
      OWN,
      category,
    ),
  );
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'xss-corpus.json');
writeFileSync(out, JSON.stringify(corpus, null, 2) + '\n');
const counts = {};
for (const entry of corpus) counts[entry.category] = (counts[entry.category] ?? 0) + 1;
console.log(`${corpus.length} payloads → ${out}`);
console.log(counts);
