import { expect, oneEvent } from '@open-wc/testing';
import {
  PAGE,
  composerIn,
  composerPart,
  mount,
  part,
  root,
  textOf,
  typeInto,
  until,
  write,
} from './helpers.js';
import { testServer, type LoggedRequest, type TestServer } from '../support/server.js';

// Test pages share one localStorage: an address of this file's own.
const ADDRESS = `reader-${Math.random().toString(36).slice(2)}@example.org`;

async function postOf(server: TestServer): Promise<LoggedRequest> {
  const posts = (await server.requests()).filter(
    (r) => r.method === 'POST' && r.path === '/comments',
  );
  expect(posts).to.have.length(1);
  return posts[0]!;
}

function storedAuthor(endpoint: string): string {
  return localStorage.getItem(`confab:author:${endpoint}`) ?? '';
}

describe('<confab-comments> reply notifications', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) {
      if (localStorage.getItem(key)?.includes(ADDRESS)) localStorage.removeItem(key);
    }
  });

  it('with the box ticked: sends the address with notify, says where replies go, and the server mails a confirmation', async () => {
    const server = await testServer({ mail: true });
    const element = await mount(server.endpoint);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    await typeInto(composerPart(composer, 'email'), ADDRESS);
    composerPart(composer, 'notify').click();
    const posted = oneEvent(element, 'confab-posted');
    await write(composer, 'Tell me when someone answers', 'Ada');
    await posted;

    const post = await postOf(server);
    expect(post.body).to.deep.include({ notify: true, lang: 'en' });
    expect((post.body as { author: unknown }).author).to.deep.equal({
      name: 'Ada',
      email: ADDRESS,
    });
    const sentence = `Replies will be mailed to ${ADDRESS}. If this address is new here, confirm it with the link we just sent.`;
    await until(
      () =>
        textOf(root(element).querySelector('[role="status"]')) ===
        `Your comment was posted. ${sentence}`,
      'announced',
    );
    expect(textOf(composerPart(composer, 'notify-status'))).to.equal(sentence);
    // The server took the request: the first request of an address is answered with a confirmation.
    await until(async () => (await server.mails()).length > 0, 'confirmation mail');
    const [mail] = await server.mails();
    expect(mail!.to).to.deep.equal([ADDRESS]);
    expect(mail!.subject).to.equal('Confirm reply notifications');
    expect(storedAuthor(server.endpoint)).to.contain(ADDRESS);
  });

  it('asks for the mails in the language the widget speaks, and says so in it', async () => {
    const server = await testServer({ mail: true });
    const element = await mount(server.endpoint, { lang: 'de' });
    const composer = composerIn(root(element));
    await until(
      () => textOf(composerPart(composer, 'submit')) === 'Kommentar senden',
      'German form',
    );
    await typeInto(composerPart(composer, 'email'), ADDRESS);
    composerPart(composer, 'notify').click();
    const posted = oneEvent(element, 'confab-posted');
    await write(composer, 'Bitte Bescheid geben', 'Anna');
    await posted;
    expect((await postOf(server)).body).to.deep.include({ notify: true, lang: 'de' });
    expect(textOf(composerPart(composer, 'notify-status'))).to.equal(
      `Antworten werden an ${ADDRESS} geschickt. Ist diese Adresse hier neu, bestätigen Sie sie bitte über den Link, den wir gerade gesendet haben.`,
    );
    await until(async () => (await server.mails()).length > 0, 'confirmation mail');
    expect((await server.mails())[0]!.subject).to.equal(
      'Benachrichtigungen über Antworten bestätigen',
    );
  });

  it('with the box clear: the address typed is neither sent nor stored', async () => {
    const server = await testServer({ mail: true });
    const element = await mount(server.endpoint);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    await typeInto(composerPart(composer, 'email'), ADDRESS);
    const posted = oneEvent(element, 'confab-posted');
    await write(composer, 'No mail for me', 'Ada');
    await posted;

    const post = await postOf(server);
    expect(post.body).to.not.have.property('notify');
    expect(JSON.stringify(post.body)).to.not.contain(ADDRESS);
    await until(
      () => textOf(root(element).querySelector('[role="status"]')) === 'Your comment was posted.',
      'announced',
    );
    expect(composerPart(composer, 'notify-status').hidden).to.equal(true);
    expect(storedAuthor(server.endpoint)).to.contain('Ada');
    expect(storedAuthor(server.endpoint)).to.not.contain(ADDRESS);
  });

  it('shows a server that sends no mail refusing the request next to the address, and keeps the text', async () => {
    const server = await testServer();
    const element = await mount(server.endpoint);
    const composer = composerIn(root(element));
    await composer.updateComplete;
    await typeInto(composerPart(composer, 'email'), ADDRESS);
    composerPart(composer, 'notify').click();
    await write(composer, 'Mail me, if you can', 'Ada');
    const email = composerPart(composer, 'email');
    await until(() => email.getAttribute('aria-invalid') === 'true', 'refusal shown');
    const message = composer.shadowRoot!.getElementById('email-error');
    expect(textOf(message)).to.equal('Not accepted: this server does not send notifications');
    expect(composerPart<HTMLTextAreaElement>(composer, 'textarea').value).to.equal(
      'Mail me, if you can',
    );
    expect((await postOf(server)).body).to.deep.include({ notify: true });
    expect(await server.comments(PAGE)).to.have.length(0);
  });

  it('exports the notify part, so ::part() styles the checkbox from the page', async () => {
    const server = await testServer();
    const style = document.createElement('style');
    style.textContent = 'confab-comments::part(notify) { outline-color: rgb(1, 2, 3); }';
    document.head.append(style);
    try {
      const element = await mount(server.endpoint);
      expect(part(root(element), 'form').getAttribute('exportparts')).to.contain('notify');
      const box = composerPart(composerIn(root(element)), 'notify');
      expect(getComputedStyle(box).outlineColor).to.equal('rgb(1, 2, 3)');
    } finally {
      style.remove();
    }
  });
});
