import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { testServer, type TestServer } from '../support/server.js';
import {
  $$,
  cardIds,
  moderatorToken,
  mountConsole,
  press,
  reader,
  readerToken,
  until,
} from './helpers.js';

const PAGE = 'post-1';

/** A server with something in every view: held comments, a reported one, a ban, an audit entry. */
async function busyServer(): Promise<TestServer> {
  const server = await testServer({
    moderate: true,
    threads: {
      [PAGE]: [
        {
          ref: 'held',
          author: 'Ada',
          body: 'A **first** comment with a [link](https://example.com)',
          status: 'pending',
        },
        { ref: 'other', author: 'Bo', body: 'Another one, waiting', status: 'pending' },
        { ref: 'reported', author: 'Troll', body: 'Rude words' },
      ],
    },
  });
  const token = await readerToken(server);
  await fetch(`${server.endpoint}/comments/${server.ids.reported}/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ reason: 'abuse', note: 'Insults' }),
  });
  return server;
}

for (const scheme of ['light', 'dark'] as const) {
  describe(`moderation console: accessibility (axe), ${scheme}`, function () {
    // Several axe audits per test: each takes seconds when the machine is busy.
    this.timeout(60_000);

    beforeEach(() => emulateMedia({ colorScheme: scheme }));
    afterEach(() => emulateMedia({ colorScheme: 'light' }));

    it('is clean signed out, on the sign-in form', async () => {
      const server = await testServer();
      const element = await mountConsole(server, { signedIn: false });
      await until(() => $$(element, 'console-login form').length === 1, 'the form');
      await expect(element).to.be.accessible();
      // With a refusal shown.
      $$<HTMLInputElement>(element, 'console-login input[name="name"]')[0]!.value = 'Nobody';
      $$<HTMLInputElement>(element, 'console-login input[name="password"]')[0]!.value = 'wrong';
      $$<HTMLFormElement>(element, 'console-login form')[0]!.requestSubmit();
      await until(
        () => /Wrong name or password/.test(element.shadowRoot!.textContent ?? ''),
        'refused',
      );
      await expect(element).to.be.accessible();
    });

    it('is clean on a held edit beside its published text', async () => {
      const server = await testServer({ moderate: true });
      const visitor = await reader(server);
      const posted = await visitor.postComment(
        { page: PAGE, parentId: null, body: 'First version', author: { name: 'Ada' } },
        'a11y-edit',
      );
      const token = await moderatorToken(server, 'Sam');
      await fetch(`${server.endpoint}/admin/comments/${posted.id}/approve`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token.token}` },
      });
      await visitor.editComment(posted.id, 'Second *version*');
      const element = await mountConsole(server);
      await until(() => cardIds(element).length === 1, 'the held edit');
      await expect(element).to.be.accessible();
    });

    it('is clean on a queue, with reports open, and with a dialog open', async () => {
      const server = await busyServer();
      const element = await mountConsole(server);
      await until(() => cardIds(element).length === 2, 'the pending queue');
      await press('j');
      await press('x');
      await expect(element).to.be.accessible();

      location.hash = '#reported';
      await until(() => cardIds(element).length === 1, 'the reported queue');
      await press('r');
      await until(() => $$(element, 'section.reports li').length === 1, 'the reports');
      await expect(element).to.be.accessible();

      await press('d');
      await until(() => $$(element, 'dialog[open]').length === 1, 'the dialog');
      await expect(element).to.be.accessible();
      await press('Escape');
    });

    it('is clean on the bans, the audit log and the shortcuts', async () => {
      const server = await busyServer();
      const element = await mountConsole(server, { hash: '#bans' });
      await until(() => $$(element, 'console-bans form').length === 1, 'the bans view');
      (element.shadowRoot!.querySelector('#ban-cidr') as HTMLInputElement).value = '198.51.100.7';
      element.shadowRoot!.querySelector<HTMLFormElement>('console-bans form')!.requestSubmit();
      await until(() => $$(element, 'console-bans tbody tr').length === 1, 'the ban listed');
      await expect(element).to.be.accessible();

      location.hash = '#audit';
      await until(() => $$(element, 'console-audit tbody tr').length >= 1, 'the audit log');
      await expect(element).to.be.accessible();

      await press('?');
      await until(() => $$(element, 'dialog.help[open]').length === 1, 'the shortcuts');
      await expect(element).to.be.accessible();
      await press('Escape');
    });
  });
}
