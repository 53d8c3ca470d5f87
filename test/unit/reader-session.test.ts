import { expect } from '@open-wc/testing';
import { ConfabClient } from '../../src/api/client.js';
import { ConfabError } from '../../src/api/errors.js';
import { ReaderSession } from '../../src/api/reader-session.js';
import { testServer } from '../support/server.js';

async function setup(storage?: Storage | null) {
  const server = await testServer();
  const holder: { session?: ReaderSession } = {};
  const client = new ConfabClient({
    endpoint: server.endpoint,
    getToken: () => holder.session?.token ?? null,
    retryBaseMs: 20,
  });
  const session =
    storage === undefined
      ? new ReaderSession(client, server.endpoint)
      : new ReaderSession(client, server.endpoint, storage);
  holder.session = session;
  return { server, client, session };
}

const refusingStorage = {
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
} as unknown as Storage;

describe('ReaderSession', () => {
  it('creates no token until asked, then one for all concurrent callers', async () => {
    const { server, client, session } = await setup();
    expect(session.token).to.equal(null);
    await client.getThread({ page: 'p' });
    const [a, b] = await Promise.all([session.ensure(), session.ensure()]);
    expect(a).to.equal(b);
    expect(localStorage.getItem(`confab:token:${server.endpoint}`)).to.equal(a);
    expect(await session.ensure()).to.equal(a);
    const paths = (await server.requests()).map((r) => r.path);
    expect(paths).to.deep.equal(['/threads', '/session']);
  });

  it('sends the stored token on reads so mine comes back', async () => {
    const { server, client, session } = await setup();
    await server.seed('p', [{ mine: true }]);
    expect(session.token).to.equal(server.readerToken);
    const thread = await client.getThread({ page: 'p' });
    expect(thread.comments[0].mine).to.equal(true);
  });

  it('forgets the token after a 401 so the next write gets a new one', async () => {
    const { server, session } = await setup();
    localStorage.setItem(`confab:token:${server.endpoint}`, 'stale');
    expect(await session.ensure()).to.equal('stale');
    session.forget();
    expect(session.token).to.equal(null);
    const fresh = await session.ensure();
    expect(fresh).not.to.equal('stale');
  });

  it('keeps the token in memory when storage refuses', async () => {
    const { client, session } = await setup(refusingStorage);
    const token = await session.ensure();
    expect(session.token).to.equal(token);
    expect(
      (
        await client.postComment(
          { page: 'p', parentId: null, body: 'x', author: { name: 'A' } },
          'k',
        )
      ).mine,
    ).to.equal(true);
    session.forget();
    expect(session.token).to.equal(null);
  });

  it('lets one caller stop waiting without failing the others', async () => {
    const { server, session } = await setup();
    await server.fault({ path: '/session', delayMs: 300 });
    const controller = new AbortController();
    const impatient = session.ensure(controller.signal);
    const patient = session.ensure();
    controller.abort();
    const error = await impatient.catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfabError);
    expect((error as ConfabError).code).to.equal('aborted');
    expect(await patient).to.be.a('string');
  });
});
