import { expect } from '@open-wc/testing';
import {
  bodyProblem,
  codePointLength,
  emailProblem,
  hasControlCharacters,
  httpUrl,
  isBlank,
  isMentionableName,
  LIMITS,
  MENTION_WORD_CHAR,
  nameKey,
  nameProblem,
  normalisePageKey,
  notifyEmailProblem,
  pageKeyProblem,
  REPORT_REASONS,
  reportNoteProblem,
  urlProblem,
} from '../../src/protocol/index.js';

// The protocol's rules, tested once here: the widget's composer and the reference server both
// check with these functions (server/src/validation.ts words their problems in English).

const PAGE_KEYS: Array<[string, string, string]> = [
  ['scheme and host lower-cased', 'HTTPS://Example.COM/Path', 'https://example.com/Path'],
  ['path case kept', 'https://example.com/About/Team', 'https://example.com/About/Team'],
  ['default http port dropped', 'http://example.com:80/a', 'http://example.com/a'],
  ['default https port dropped', 'https://example.com:443/a', 'https://example.com/a'],
  ['other port kept', 'http://example.com:8080/a', 'http://example.com:8080/a'],
  ['https on port 80 kept', 'https://example.com:80/a', 'https://example.com:80/a'],
  ['fragment dropped', 'https://example.com/a#comments', 'https://example.com/a'],
  ['query dropped', 'https://example.com/a?utm_source=x&b=2', 'https://example.com/a'],
  ['query and fragment dropped', 'https://example.com/a/?q#f', 'https://example.com/a'],
  ['trailing slash removed', 'https://example.com/blog/', 'https://example.com/blog'],
  ['root keeps its slash', 'https://example.com/', 'https://example.com/'],
  ['bare host gets the root path', 'https://example.com', 'https://example.com/'],
  ['root with query', 'https://example.com/?page=2', 'https://example.com/'],
  [
    'unreserved escapes decoded',
    'https://example.com/%7Euser/a%2Db%5Fc%2Ed',
    'https://example.com/~user/a-b_c.d',
  ],
  [
    'escaped letters and digits decoded',
    'https://example.com/%41%62%30',
    'https://example.com/Ab0',
  ],
  ['reserved escapes kept', 'https://example.com/a%2Fb%3Fc', 'https://example.com/a%2Fb%3Fc'],
  ['escaped space kept', 'https://example.com/a%20b', 'https://example.com/a%20b'],
  ['lower-case escapes of unreserved decoded', 'https://example.com/%7e', 'https://example.com/~'],
  [
    'non-ASCII path percent-encoded as a browser does',
    'https://example.com/café',
    'https://example.com/caf%C3%A9',
  ],
  ['user info dropped', 'https://user:secret@example.com/a', 'https://example.com/a'],
  ['IPv6 host with port', 'http://[::1]:8080/a/', 'http://[::1]:8080/a'],
  ['non-URL key used as is', 'post-42', 'post-42'],
  ['non-URL key keeps case and slash', 'Post/42/', 'Post/42/'],
  ['other schemes used as is', 'ftp://Example.com/a/', 'ftp://Example.com/a/'],
  ['scheme-less host used as is', 'example.com/a/', 'example.com/a/'],
  ['unparseable http-looking key used as is', 'http://exa mple.com/', 'http://exa mple.com/'],
  [
    'already normal',
    'http://localhost:5173/articles/x.html',
    'http://localhost:5173/articles/x.html',
  ],
];

describe('protocol rules: page keys', () => {
  for (const [name, input, expected] of PAGE_KEYS) {
    it(name, () => {
      expect(normalisePageKey(input)).to.equal(expected);
    });
  }

  it('normalisation is idempotent', () => {
    for (const [, input] of PAGE_KEYS) {
      const once = normalisePageKey(input);
      expect(normalisePageKey(once), input).to.equal(once);
    }
  });

  it('refuses empty, overlong, control-character and lone-surrogate keys', () => {
    expect(pageKeyProblem('')).to.equal('empty');
    expect(pageKeyProblem('a'.repeat(LIMITS.pageKeyMaxChars))).to.equal(null);
    expect(pageKeyProblem('a'.repeat(LIMITS.pageKeyMaxChars + 1))).to.equal('too_long');
    expect(pageKeyProblem('post\n42')).to.equal('control_characters');
    expect(pageKeyProblem('post\u007f')).to.equal('control_characters');
    expect(pageKeyProblem('post\u009b2J')).to.equal('control_characters');
    expect(pageKeyProblem('https://example.com/\u0085')).to.equal('control_characters');
    expect(pageKeyProblem('post-\ud800')).to.equal('invalid_unicode');
  });
});

describe('protocol rules: text fields', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).to.equal(3);
    expect(codePointLength('😀😀')).to.equal(2);
    expect(codePointLength('e\u0301')).to.equal(2);
    expect(codePointLength('')).to.equal(0);
  });

  it('takes a body of 1 to 10,000 characters once trimmed, emoji counting one each', () => {
    expect(bodyProblem('  \n\t ')).to.equal('empty');
    expect(bodyProblem('x')).to.equal(null);
    expect(bodyProblem('😀'.repeat(LIMITS.bodyMaxChars))).to.equal(null);
    expect(bodyProblem('😀'.repeat(LIMITS.bodyMaxChars + 1))).to.equal('too_long');
    expect(bodyProblem(`  ${'a'.repeat(LIMITS.bodyMaxChars)}  `)).to.equal(null);
  });

  it('refuses NUL and lone surrogates, which could not be stored as sent', () => {
    expect(bodyProblem('a\u0000b')).to.equal('control_characters');
    expect(bodyProblem('a\ud83d')).to.equal('invalid_unicode');
    expect(nameProblem('\udc00Ada')).to.equal('invalid_unicode');
  });

  it('refuses control characters in bodies, except tab and line breaks', () => {
    expect(bodyProblem('line one\r\nline two\n\tindented')).to.equal(null);
    for (const char of ['\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f']) {
      expect(bodyProblem(`a${char}b`), JSON.stringify(char)).to.equal('control_characters');
    }
    // C1 controls: U+009B is the one-character CSI of 8-bit terminals.
    expect(bodyProblem('a\u0085b')).to.equal('control_characters');
    expect(bodyProblem('\u009b2Jhidden')).to.equal('control_characters');
    expect(bodyProblem('\u001b[2K\u001b[1Aforged line')).to.equal('control_characters');
    expect(reportNoteProblem('see\u001b[31m')).to.equal('control_characters');
    expect(reportNoteProblem('two\nlines')).to.equal(null);
  });

  it('refuses every control character in names, line breaks and tabs included', () => {
    for (const char of ['\r', '\n', '\t', '\u0007', '\u001b', '\u007f', '\u0090', '\u009f']) {
      expect(nameProblem(`Ada${char}Lovelace`), JSON.stringify(char)).to.equal(
        'control_characters',
      );
    }
    expect(nameProblem('Ada\u0000')).to.equal('control_characters');
  });

  it('counts a body or a name of invisible characters only as empty', () => {
    const invisible = [
      '\u200b', // zero-width space
      '\u200c\u200d', // zero-width non-joiner and joiner
      '\ufeff', // byte order mark
      '\u2060', // word joiner
      '\u00ad', // soft hyphen
      '\u034f', // combining grapheme joiner
      '\u202e\u2066', // bidi controls
      '\ufe0f', // variation selector
      '\u3164', // Hangul filler
      '\u2800', // blank braille pattern
      '\u00a0\u3000', // no-break and ideographic spaces
    ];
    for (const text of invisible) {
      expect(bodyProblem(` ${text}${text} `), JSON.stringify(text)).to.equal('empty');
      expect(nameProblem(text), JSON.stringify(text)).to.equal('empty');
    }
    expect(bodyProblem('\u200b'.repeat(50) + '\n\u200d')).to.equal('empty');
    expect(isBlank('\u200b\u200d\ufeff')).to.equal(true);
    // Something visible among them is text; joiners inside emoji and names stay allowed.
    expect(bodyProblem('\u200bx\u200b')).to.equal(null);
    expect(bodyProblem('👩\u200d💻')).to.equal(null);
    expect(nameProblem('Zoë\u200d')).to.equal(null);
    expect(isBlank('a')).to.equal(false);
  });

  it('names control characters for the shared checks of other inputs', () => {
    expect(hasControlCharacters('plain text')).to.equal(false);
    expect(hasControlCharacters('a\tb')).to.equal(true);
    expect(hasControlCharacters('a\tb\r\n', true)).to.equal(false);
    expect(hasControlCharacters('\u009b', true)).to.equal(true);
    expect(hasControlCharacters('\u00a0é€')).to.equal(false);
  });

  it('takes a name of 1 to 64 characters', () => {
    expect(nameProblem(' ')).to.equal('empty');
    expect(nameProblem('Ada Lovelace')).to.equal(null);
    expect(nameProblem('n'.repeat(LIMITS.nameMaxChars))).to.equal(null);
    expect(nameProblem('n'.repeat(LIMITS.nameMaxChars + 1))).to.equal('too_long');
  });

  it('takes a report note of at most 500 characters, or none', () => {
    expect(reportNoteProblem('')).to.equal(null);
    expect(reportNoteProblem('  ')).to.equal(null);
    expect(reportNoteProblem('Spam link in the second paragraph')).to.equal(null);
    expect(reportNoteProblem('😀'.repeat(LIMITS.reportNoteMaxChars))).to.equal(null);
    expect(reportNoteProblem('n'.repeat(LIMITS.reportNoteMaxChars + 1))).to.equal('too_long');
    expect(reportNoteProblem('a\u0000b')).to.equal('control_characters');
    expect(reportNoteProblem('a\ud83d')).to.equal('invalid_unicode');
    expect([...REPORT_REASONS]).to.deep.equal(['spam', 'abuse', 'off_topic', 'other']);
  });

  it('takes only absolute http(s) URLs of at most 512 characters as a website', () => {
    expect(urlProblem('')).to.equal(null);
    expect(urlProblem('   ')).to.equal(null);
    expect(urlProblem('https://example.com/me')).to.equal(null);
    expect(urlProblem(' http://example.com ')).to.equal(null);
    expect(urlProblem('javascript:alert(1)')).to.equal('not_http_url');
    expect(urlProblem('/relative')).to.equal('not_http_url');
    expect(urlProblem('ftp://example.com/')).to.equal('not_http_url');
    expect(urlProblem(`https://example.com/${'a'.repeat(LIMITS.urlMaxChars)}`)).to.equal(
      'too_long',
    );
    expect(httpUrl('data:text/html,x')).to.equal(null);
    expect(httpUrl('HTTPS://Example.com')?.href).to.equal('https://example.com/');
  });

  it('resolves a relative URL against a base, and still takes only http(s)', () => {
    expect(httpUrl('/a/b', 'https://example.com/x/y')?.href).to.equal('https://example.com/a/b');
    expect(httpUrl('../c', 'https://example.com/x/y/z')?.href).to.equal('https://example.com/x/c');
    expect(httpUrl('javascript:alert(1)', 'https://example.com/')).to.equal(null);
    expect(httpUrl('/a', 'not a url')).to.equal(null);
    expect(httpUrl('//exa%20mple.com/', 'https://example.com/')).to.equal(null);
  });

  it('takes an email address by its shape only', () => {
    expect(emailProblem('')).to.equal(null);
    expect(emailProblem('ada@example.com')).to.equal(null);
    expect(emailProblem('ada@localhost')).to.equal(null);
    expect(emailProblem('ada')).to.equal('not_email');
    expect(emailProblem('ada @example.com')).to.equal('not_email');
    expect(emailProblem('a@b@c')).to.equal('not_email');
    expect(emailProblem(`${'a'.repeat(250)}@b.cd`)).to.equal('too_long');
  });

  it('takes an address to notify only as one plain mailbox, required', () => {
    expect(notifyEmailProblem('')).to.equal('empty');
    expect(notifyEmailProblem(' ada@example.com ')).to.equal(null);
    expect(notifyEmailProblem('anna.müller@bücher.example')).to.equal(null);
    for (const bad of [
      'ada@localhost',
      'Ada <ada@example.com>',
      'ada@example.com, eve@evil.example',
      'ada@example.com\r\nBcc: eve@evil.example',
      'ada\u200b@example.com',
      '"ada"@example.com',
      'ada@-example.com',
    ]) {
      expect(notifyEmailProblem(bad), JSON.stringify(bad)).to.equal('not_email');
    }
    expect(notifyEmailProblem(`${'a'.repeat(250)}@b.cd`)).to.equal('too_long');
  });
});

describe('protocol rules: mentions', () => {
  it('continues a name with letters, combining marks and digits only', () => {
    for (const char of ['a', 'Ж', '中', '٣', '7', '\u0301', '\u093f']) {
      expect(MENTION_WORD_CHAR.test(char), char).to.equal(true);
    }
    for (const char of [' ', ':', ',', '@', '-', '\u200b']) {
      expect(MENTION_WORD_CHAR.test(char), JSON.stringify(char)).to.equal(false);
    }
  });

  it('never mentions a blank name or one holding invisible characters', () => {
    expect(isMentionableName('Ada')).to.equal(true);
    expect(isMentionableName('An Interested Party')).to.equal(true);
    expect(isMentionableName('  ')).to.equal(false);
    expect(isMentionableName('Ad\u200ba')).to.equal(false);
    expect(isMentionableName('\u202eAda')).to.equal(false);
  });
});

describe('protocol rules: name keys (reserved names)', () => {
  const SAME: Array<[string, string, string]> = [
    ['case', 'Ada Lovelace', 'ADA LOVELACE'],
    ['full case folding (ß, final sigma)', 'Straße', 'STRASSE'],
    ['Greek final sigma', 'Σοφος', 'σοφοσ'],
    ['full-width letters (NFKC)', 'Ada', 'Ａｄａ'],
    ['mathematical letters (NFKC)', 'Ada', '\u{1d400}\u{1d41d}\u{1d41a}'],
    ['a zero-width space', 'Ada', 'A\u200bda'],
    ['zero-width joiner and non-joiner', 'Ada', 'A\u200dd\u200ca'],
    ['a BOM and a word joiner', 'Ada', '\ufeffAd\u2060a'],
    ['bidi controls', 'Ada', '\u202aAda\u202c'],
    ['a soft hyphen', 'Ada', 'Ad\u00ada'],
    ['a variation selector', 'Ada', 'Ada\ufe0f'],
    ['a combining grapheme joiner', 'Ada', 'A\u034fda'],
    ['a Hangul filler', 'Ada', 'Ada\u3164'],
    ['a tag character', 'Ada', 'Ada\u{e0041}'],
    ['runs of white space and no-break spaces', 'Ada Lovelace', ' Ada \u00a0 Lovelace\t'],
    ['Cyrillic а, е, о, р, с', 'apecop', 'ареcор'],
    ['Cyrillic upper case', 'ACEHKMOPTX', 'АСЕНКМОРТХ'],
    ['Greek upper case', 'ABEHIKMNOPTXYZ', 'ΑΒΕΗΙΚΜΝΟΡΤΧΥΖ'],
    ['Greek lower case', 'aop', 'αορ'],
    ['I, l and 1', 'Bill', 'BiII'],
    ['digit one for l', 'Bill', 'Bi11'],
    ['digit zero for O', 'Bob', 'B0b'],
    ['rn for m', 'Kim', 'Kirn'],
    ['vv for w', 'Wanda', 'VVanda'],
    ['dotless i', 'Tim', 'Tım'],
  ];
  for (const [what, a, b] of SAME) {
    it(`takes names that differ only by ${what} for the same name`, () => {
      expect(nameKey(b), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).to.equal(nameKey(a));
    });
  }

  it('keeps names apart that look different', () => {
    const names = [
      'Ada',
      'Adam',
      'Ada L',
      'José',
      'Jose Luis',
      'Zoë',
      'Zoe',
      '李雷',
      '李蕾',
      'Ana',
    ];
    const keys = new Set(names.map(nameKey));
    // José and Jose stay apart: an accent is visible.
    expect(nameKey('José')).not.to.equal(nameKey('Jose'));
    expect(nameKey('Zoë')).not.to.equal(nameKey('Zoe'));
    expect(keys.size).to.equal(names.length);
  });

  it('is idempotent and never longer than needed', () => {
    for (const name of ['Ada', 'Straße', 'Ａｄａ', 'Кirn\u200b', 'ΑΒΓ']) {
      expect(nameKey(nameKey(name))).to.equal(nameKey(name));
    }
    expect(nameKey('\u200b\u200b')).to.equal('');
  });
});
