import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import type { ConfabComposer } from '../../src/elements/confab-composer.js';
import {
  PAGE,
  composerIn,
  composerPart,
  container,
  deepActiveElement,
  mount,
  mustComment,
  mustOwn,
  root,
  textOf,
  typeInto,
  until,
  write,
} from './helpers.js';
import { testServer } from '../support/server.js';

// The secret the test servers are started with; the tests sign as the host site would.
const SECRET = 'a-test-secret-of-at-least-32-characters-long';
const nowSeconds = () => Math.floor(Date.now() / 1000);

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));

/** An HS256 JWT, made the way docs/sso.md shows the host site making one (here with WebCrypto). */
async function sign(payload: Record<string, unknown>, secret = SECRET): Promise<string> {
  const data = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data));
  return `${data}.${base64url(new Uint8Array(signature))}`;
}

const grace = () =>
  sign({
    sub: 'user-1',
    name: 'Grace Hopper',
    url: 'https://grace.example',
    exp: nowSeconds() + 600,
  });

/** The widget with `sso` set before it connects, as a page of a signed-in reader has it. */
async function mountSignedIn(
  endpoint: string,
  sso: string,
  lang?: string,
): Promise<ConfabComments> {
  const element = document.createElement('confab-comments');
  element.setAttribute('endpoint', endpoint);
  element.setAttribute('page', PAGE);
  element.setAttribute('loading', 'eager');
  element.setAttribute('sso', sso);
  if (lang) element.setAttribute('lang', lang);
  const loaded = oneEvent(element, 'confab-loaded');
  container().append(element);
  await loaded;
  return element;
}

const signedInText = (composer: ConfabComposer) =>
  textOf(composer.shadowRoot!.querySelector('.signed-in:not([hidden])'));
const nameField = (composer: ConfabComposer) => composerPart<HTMLInputElement>(composer, 'name');
const honeypot = (composer: ConfabComposer) =>
  composer.shadowRoot!.querySelector<HTMLInputElement>('input[name="hp"]')!;

/** Types the body only (a signed-in form has no name to fill) and sends it. */
async function send(composer: ConfabComposer, body: string): Promise<void> {
  await typeInto(composerPart(composer, 'textarea'), body);
  composerPart(composer, 'submit').click();
}

describe('<confab-comments> signed-in readers (sso)', () => {
  it('signs in with the token: no name to fill, the comment comes back verified with the badge, axe passes', async () => {
    const server = await testServer({
      ssoSecret: SECRET,
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Hi' }] },
    });
    const sso = await grace();
    const element = await mountSignedIn(server.endpoint, sso);
    const composer = composerIn(root(element));
    await until(() => signedInText(composer) === 'Signed in as Grace Hopper', 'signed in');
    expect(nameField(composer).closest<HTMLElement>('.field')!.hidden).to.equal(true);
    expect(composerPart(composer, 'url').closest<HTMLElement>('.field')!.hidden).to.equal(true);

    const posted = oneEvent(element, 'confab-posted');
    await send(composer, 'Signed and sent');
    const { comment } = (await posted).detail;
    expect(comment.author).to.deep.include({ name: 'Grace Hopper', verified: true });
    const article = mustComment(element, comment.id);
    const badge = mustOwn(article, 'verified');
    expect(badge.getAttribute('aria-label')).to.equal('Verified account');
    expect(badge.closest('[part~="author"]')).to.not.equal(null);
    // Others' comments carry no badge.
    expect(mustComment(element, server.ids.a).querySelector('[part~="verified"]')).to.equal(null);

    const requests = await server.requests();
    const session = requests.find((r) => r.method === 'POST' && r.path === '/session')!;
    expect(session.body).to.deep.equal({ sso });
    const post = requests.find((r) => r.method === 'POST' && r.path === '/comments')!;
    expect((post.body as { author: unknown }).author).to.deep.equal({ name: 'Grace Hopper' });
    expect(post.body).to.not.have.property('hp');
    // The signed-in token lives in memory: no anonymous token was stored or replaced.
    expect(localStorage.getItem(`confab:token:${server.endpoint}`)).to.equal(null);
    await expect(element).to.be.accessible();
  });

  for (const [kind, token] of [
    ['expired', () => sign({ sub: 'u', name: 'Old', exp: nowSeconds() - 60 })],
    ['forged', () => sign({ sub: 'u', name: 'Mallory', exp: nowSeconds() + 600 }, 'x'.repeat(40))],
  ] as const) {
    it(`an ${kind} token gives a localized error in the form and in confab-error; reading goes on`, async () => {
      const server = await testServer({
        ssoSecret: SECRET,
        threads: { [PAGE]: [{ ref: 'a', author: 'Ada', body: 'Still readable' }] },
      });
      const sso = await token();
      const errored = new Promise<CustomEvent<{ code: string; message: string }>>((resolve) =>
        addEventListener('confab-error', resolve as EventListener, { once: true }),
      );
      const element = await mountSignedIn(server.endpoint, sso, 'de');
      const { detail } = await errored;
      expect(detail.code).to.equal('sso_refused');
      // (The event's message is in the language of the moment; the form follows the language.)
      expect(detail.message).to.be.a('string').and.not.equal('');
      const composer = composerIn(root(element));
      const alert = () => textOf(composerPart(composer, 'error'));
      await until(() => alert().includes('Anmeldung wurde nicht angenommen'), 'the error shown');
      expect(textOf(mustOwn(mustComment(element, server.ids.a), 'body'))).to.equal(
        'Still readable',
      );
      // Sending does not fall back to posting anonymously under the reader's back.
      await typeInto(nameField(composer), 'Mallory');
      await send(composer, 'Let me in');
      await until(() => !composerPart<HTMLButtonElement>(composer, 'submit').disabled, 'settled');
      expect(alert()).to.contain('Anmeldung wurde nicht angenommen');
      const requests = await server.requests();
      expect(requests.filter((r) => r.path === '/comments')).to.have.length(0);
      expect(requests.filter((r) => r.path === '/session')).to.have.length(1);
    });
  }

  it('removing sso goes back to the anonymous token; setting it again signs in again', async () => {
    const server = await testServer({ ssoSecret: SECRET });
    const sso = await grace();
    const element = await mountSignedIn(server.endpoint, sso);
    const composer = composerIn(root(element));
    await until(() => signedInText(composer) !== '', 'signed in');

    element.removeAttribute('sso');
    await until(
      () => !nameField(composer).closest<HTMLElement>('.field')!.hidden,
      'the name field back',
    );
    expect(signedInText(composer)).to.equal('');
    const posted = oneEvent(element, 'confab-posted');
    await write(composer, 'Anonymous again', 'Bo');
    const { comment } = (await posted).detail;
    expect(comment.author.name).to.equal('Bo');
    expect(comment.author.verified).to.not.equal(true);
    expect(mustComment(element, comment.id).querySelector('[part~="verified"]')).to.equal(null);
    const anonymous = localStorage.getItem(`confab:token:${server.endpoint}`);
    expect(anonymous).to.be.a('string');

    element.sso = sso;
    await until(() => signedInText(composer) === 'Signed in as Grace Hopper', 'signed in again');
    const sessions = (await server.requests()).filter((r) => r.path === '/session');
    expect(sessions.map((r) => r.body)).to.deep.equal([{ sso }, {}, { sso }]);
    expect(localStorage.getItem(`confab:token:${server.endpoint}`)).to.equal(anonymous);
  });
});

describe('<confab-comments> honeypot', () => {
  it('is out of sight, the tab order and the accessibility tree; a filled one sends hp and the comment is held', async () => {
    const server = await testServer();
    const element = await mount(server.endpoint);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    const trap = honeypot(composer);
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.closest('[aria-hidden="true"]')).to.not.equal(null);
    expect(trap.getBoundingClientRect().right).to.be.lessThan(0);
    // Keyboard: from the website field Tab goes on to the text, back from the name it leaves.
    composerPart(composer, 'url').focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(composerPart(composer, 'textarea'));
    nameField(composer).focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActiveElement()).to.not.equal(trap);
    await expect(element).to.be.accessible();

    trap.value = 'https://spam.example';
    const posted = oneEvent(element, 'confab-posted');
    await write(composer, 'Buy now', 'Bot');
    const { comment } = (await posted).detail;
    // The server holds it for review (never refuses it: a person may have filled it).
    expect(comment.status).to.equal('pending');
    const post = (await server.requests()).find((r) => r.path === '/comments')!;
    expect(post.body).to.deep.include({ hp: 'https://spam.example' });
    expect(textOf(mustOwn(mustComment(element, comment.id), 'status'))).to.equal(
      'Awaiting moderation',
    );
  });
});
