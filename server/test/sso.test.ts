/**
 * Signed-in readers: POST /session with the host site's HS256 JWT (expired, forged and
 * wrong-algorithm tokens refused, `alg: none` included), verified authors, names reserved
 * against anonymous look-alikes (issue 15 item 11), bans that follow the identity.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { signSsoToken, verifySsoToken } from '../src/sso.js';
import { pageQuery, TestServer, type Answer } from './support.js';
import { addModerator, login } from './support/moderators.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const NOW_S = () => Math.floor(Date.now() / 1000);

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT with any header, signed with HS256 over whatever the header says. */
function forge(header: unknown, payload: unknown, secret = SECRET): string {
  const data = `${b64(header)}.${b64(payload)}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}

function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
}

describe('POST /session with a signed token', () => {
  let server: TestServer;
  before(async () => (server = await TestServer.start({ ssoSecret: SECRET })));
  after(() => server.stop());

  const signIn = (sso: string) => server.call('POST', '/session', { body: { sso } });

  test('a valid token gives a token bound to the user; their comments are verified and carry the vouched name, URL and avatar', async () => {
    const sso = signSsoToken(
      {
        sub: 'user-1',
        name: 'Grace Hopper',
        email: 'grace@example.com',
        url: 'https://grace.example',
        avatar: 'https://grace.example/me.png',
        iat: NOW_S(),
        exp: NOW_S() + 600,
      },
      SECRET,
    );
    const session = await signIn(sso);
    assert.equal(session.status, 201);
    assert.equal(session.json.name, 'Grace Hopper');
    const posted = await server.post(session.json.token, { page: 'post-sso', name: 'Anyone' });
    assert.deepEqual(posted.json.comment.author, {
      name: 'Grace Hopper',
      url: 'https://grace.example',
      avatar: 'https://grace.example/me.png',
      verified: true,
    });
    const thread = await server.thread(pageQuery('post-sso'));
    assert.equal(thread.json.comments[0].author.verified, true);
    // Nothing keeps the email: no column of any table holds it.
    assert.equal(server.query(`SELECT 1 FROM tokens WHERE name LIKE '%grace@%'`).length, 0);
    const anonymous = await server.post(await server.session(), { page: 'post-sso', name: 'Bo' });
    assert.equal(anonymous.json.comment.author.verified, undefined);
  });

  test('expired, forged, tampered, unsigned and wrong-algorithm tokens are 400 naming sso, and store nothing', async () => {
    const payload = { sub: 'user-2', name: 'Mallory', exp: NOW_S() + 600 };
    const good = signSsoToken(payload, SECRET);
    const [header, body, signature] = good.split('.') as [string, string, string];
    const bad: Array<[string, string]> = [
      ['expired', signSsoToken({ ...payload, exp: NOW_S() - 1 }, SECRET)],
      ['wrong secret', signSsoToken(payload, 'another-secret-of-at-least-32-characters!')],
      ['tampered payload', `${header}.${b64({ ...payload, sub: 'admin' })}.${signature}`],
      ['alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`],
      ['alg none, signature kept', `${b64({ alg: 'none' })}.${body}.${signature}`],
      ['alg None', forge({ alg: 'None' }, payload)],
      ['alg HS512', forge({ alg: 'HS512', typ: 'JWT' }, payload)],
      ['alg RS256', forge({ alg: 'RS256', typ: 'JWT' }, payload)],
      ['no alg', forge({ typ: 'JWT' }, payload)],
      ['crit header', forge({ alg: 'HS256', crit: ['exp'] }, payload)],
      ['typ other', forge({ alg: 'HS256', typ: 'JWE' }, payload)],
      ['header not an object', forge(['HS256'], payload)],
      ['no exp', signSsoToken({ sub: 'u', name: 'Mallory' }, SECRET)],
      ['exp a string', signSsoToken({ ...payload, exp: String(NOW_S() + 600) }, SECRET)],
      ['nbf in the future', signSsoToken({ ...payload, nbf: NOW_S() + 3600 }, SECRET)],
      ['no sub', signSsoToken({ name: 'Mallory', exp: NOW_S() + 600 }, SECRET)],
      ['empty sub', signSsoToken({ ...payload, sub: '' }, SECRET)],
      ['no name', signSsoToken({ sub: 'u', exp: NOW_S() + 600 }, SECRET)],
      ['name too long', signSsoToken({ ...payload, name: 'x'.repeat(65) }, SECRET)],
      ['name with ESC', signSsoToken({ ...payload, name: 'Ma\u001b[2Kllory' }, SECRET)],
      ['url not http', signSsoToken({ ...payload, url: 'javascript:alert(1)' }, SECRET)],
      ['avatar not http', signSsoToken({ ...payload, avatar: 'data:image/png,x' }, SECRET)],
      ['email not an email', signSsoToken({ ...payload, email: 'nope' }, SECRET)],
      ['payload an array', forge({ alg: 'HS256' }, [payload])],
      ['padded signature', `${good}=`],
      ['four parts', `${good}.x`],
      ['two parts', `${header}.${body}`],
      ['not base64url', `${header}.${body}.${signature.slice(0, -2)}+/`],
      ['no dots', 'garbage'],
    ];
    const before = server.count('tokens');
    for (const [what, sso] of bad) {
      const answer = await signIn(sso);
      assertError(answer, 400, 'invalid_request');
      assert.ok(answer.json.error.fields.sso, what);
    }
    assert.equal(server.count('tokens'), before);
    assert.equal((await signIn(good)).status, 201);
  });

  test('a signed-in name is reserved: anonymous readers cannot post under it or under anything that looks the same', async () => {
    const session = await signIn(
      signSsoToken({ sub: 'user-3', name: 'Ada Lovelace', exp: NOW_S() + 600 }, SECRET),
    );
    assert.equal(session.status, 201);
    const anonymous = await server.session();
    for (const name of [
      'Ada Lovelace',
      'ada lovelace',
      'ADA  LOVELACE',
      'Ada Lo\u200bvelace',
      '\u202eAda Lovelace',
      'Ada Love\u00adlace',
      'Ａｄａ Ｌｏｖｅｌａｃｅ',
      '\u0410da Lovelace', // Cyrillic А
      'Ada Lovelaсe', // Cyrillic с
      'Ada LoveIace', // capital I for l
    ]) {
      const answer = await server.post(anonymous, { page: 'post-names', name });
      assertError(answer, 400, 'invalid_request');
      assert.match(answer.json.error.fields['author.name'], /signed-in reader/, name);
    }
    assert.equal((await server.thread(pageQuery('post-names'))).json.total, 0);
    assert.equal(
      (await server.post(anonymous, { page: 'post-names', name: 'Ada L.' })).status,
      201,
    );
    // The signed-in reader posts under their own name.
    assert.equal((await server.post(session.json.token, { page: 'post-names' })).status, 201);
  });

  test('a ban of a signed-in reader follows their identity to their next token', async () => {
    const token = signSsoToken({ sub: 'user-4', name: 'Eve', exp: NOW_S() + 600 }, SECRET);
    const first = (await signIn(token)).json.token;
    const id = (await server.post(first, { page: 'post-sso-ban' })).json.comment.id;
    const admin = await login(server, 'Grace', await addModerator(server, 'Grace'));
    const ban = await server.call('POST', '/admin/bans', { token: admin, body: { commentId: id } });
    assert.equal(ban.status, 201);
    const next = (await signIn(token)).json.token;
    assertError(await server.post(next, { page: 'post-sso-ban' }), 403, 'forbidden');
    assert.equal(
      (await server.post(await server.session(), { page: 'post-sso-ban', name: 'Bo' })).status,
      201,
    );
  });
});

test('without a configured secret, a signed token is 400 naming sso', async () => {
  const server = await TestServer.start({ ssoSecret: null });
  try {
    const answer = await server.call('POST', '/session', {
      body: { sso: signSsoToken({ sub: 'u', name: 'A', exp: NOW_S() + 60 }, SECRET) },
    });
    assertError(answer, 400, 'invalid_request');
    assert.match(answer.json.error.fields.sso, /not configured/);
  } finally {
    await server.stop();
  }
});

test('verifySsoToken: exp is checked against the clock it is given, nbf and iat with a minute of leeway', () => {
  const at = 1_800_000_000;
  const sso = signSsoToken(
    { sub: 'u', name: 'A', exp: at + 10, nbf: at + 30, iat: at + 30 },
    SECRET,
  );
  assert.deepEqual(verifySsoToken(sso, SECRET, at * 1000), {
    subject: 'u',
    name: 'A',
    url: null,
    avatar: null,
  });
  assert.deepEqual(verifySsoToken(sso, SECRET, (at + 10) * 1000), { problem: 'has expired' });
  const early = signSsoToken({ sub: 'u', name: 'A', exp: at + 600, nbf: at + 61 }, SECRET);
  assert.match((verifySsoToken(early, SECRET, at * 1000) as { problem: string }).problem, /nbf/);
});
