import { expect } from '@open-wc/testing';
import { ConfabClient } from '../../src/api/client.js';
import { ConfabError } from '../../src/api/errors.js';
import { parseReportResponse } from '../../src/api/validate-writes.js';
import { testServer } from '../support/server.js';

async function failure(promise: Promise<unknown>): Promise<ConfabError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConfabError);
    return error as ConfabError;
  }
  throw new Error('expected the call to fail');
}

async function setup() {
  const server = await testServer({
    threads: {
      p: [
        { ref: 'a', author: 'Ada' },
        { ref: 'm', author: 'Me', mine: true },
      ],
    },
  });
  const state = { token: server.readerToken as string | null };
  const client = new ConfabClient({
    endpoint: server.endpoint,
    getToken: () => state.token,
    retryBaseMs: 20,
  });
  const sent = async () =>
    (await server.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/reports'));
  return { server, client, state, sent, a: server.ids.a, m: server.ids.m };
}

describe('ConfabClient.report', () => {
  it('posts the reason and the note, and a repeat counts once', async () => {
    const { client, sent, a } = await setup();
    expect(await client.report(a, 'spam', 'Same link everywhere')).to.deep.equal({
      reported: true,
    });
    expect(await client.report(a, 'off_topic')).to.deep.equal({ reported: true });
    const [first, second] = await sent();
    expect(first!.path).to.equal(`/comments/${a}/reports`);
    expect(first!.body).to.deep.equal({ reason: 'spam', note: 'Same link everywhere' });
    expect(first!.headers.authorization).to.match(/^Bearer /);
    expect(second!.body).to.deep.equal({ reason: 'off_topic' });
  });

  it('fails with the protocol’s codes: own comment, unknown comment, no token', async () => {
    const { client, state, a, m } = await setup();
    expect((await failure(client.report(m, 'abuse'))).code).to.equal('forbidden');
    expect((await failure(client.report('999999', 'abuse'))).code).to.equal('not_found');
    state.token = null;
    expect((await failure(client.report(a, 'abuse'))).code).to.equal('unauthorized');
  });

  it('repeats a report only when no answer arrived', async () => {
    const { server, client, sent, a } = await setup();
    await server.fault({
      method: 'POST',
      path: `/comments/${a}/reports`,
      status: 503,
      retryAfter: 0,
    });
    expect((await failure(client.report(a, 'spam'))).code).to.equal('unavailable');
    expect((await sent()).length).to.equal(1);
  });

  it('refuses an answer that is not the protocol’s', async () => {
    const { server, client, a } = await setup();
    await server.fault({
      method: 'POST',
      path: `/comments/${a}/reports`,
      body: '{"reported":"yes"}',
    });
    expect((await failure(client.report(a, 'spam'))).code).to.equal('bad_response');
    expect(parseReportResponse({ reported: true, extra: 1 })).to.deep.equal({ reported: true });
  });
});
