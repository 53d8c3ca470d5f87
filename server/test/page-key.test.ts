import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalisePageKey } from '../src/page-key.js';

const CASES: Array<[string, string, string]> = [
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

for (const [name, input, expected] of CASES) {
  test(`page key: ${name}`, () => {
    assert.equal(normalisePageKey(input), expected);
  });
}

test('page key normalisation is idempotent', () => {
  for (const [, input] of CASES) {
    const once = normalisePageKey(input);
    assert.equal(normalisePageKey(once), once, input);
  }
});
