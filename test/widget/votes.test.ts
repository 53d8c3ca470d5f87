import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PAGE, mount, mustComment, mustOwn, own, textOf, until } from './helpers.js';
import { testServer } from '../support/server.js';

describe('<confab-comments> votes', () => {
  it('counts an up-vote at once, sends it with a fresh reader token, and withdraws it on a second press', async () => {
    const server = await testServer({ threads: { [PAGE]: [{ ref: 'a', author: 'Ada', up: 2 }] } });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.a);
    const up = mustOwn(article, 'vote-up');
    expect(up.getAttribute('aria-pressed')).to.equal('false');
    await server.fault({ method: 'PUT', path: `/comments/${ids.a}/vote`, delayMs: 400 });
    const voted = oneEvent(element, 'confab-voted');
    up.click();
    await element.updateComplete;
    // Optimistic: shown before the server has answered.
    expect(textOf(mustOwn(article, 'score'))).to.equal('3');
    expect(up.getAttribute('aria-pressed')).to.equal('true');
    const event = await voted;
    expect(event.detail).to.deep.equal({ id: ids.a, value: 1 });

    const requests = await server.requests();
    const sessions = requests.filter((r) => r.method === 'POST' && r.path === '/session');
    expect(sessions.length).to.equal(1);
    const vote = requests.find((r) => r.method === 'PUT')!;
    expect(vote.path).to.equal(`/comments/${ids.a}/vote`);
    expect(vote.body).to.deep.equal({ value: 1 });
    expect(vote.headers.authorization).to.match(/^Bearer \S+/);

    const withdrawn = oneEvent(element, 'confab-voted');
    up.click();
    expect((await withdrawn).detail).to.deep.equal({ id: ids.a, value: 0 });
    await element.updateComplete;
    expect(textOf(mustOwn(article, 'score'))).to.equal('2');
    expect(up.getAttribute('aria-pressed')).to.equal('false');
    const stored = (await server.comments(PAGE))[0]!;
    expect(stored.votes).to.deep.equal({ up: 2, down: 0 });
  });

  it('rolls an optimistic vote back with a visible message when the server refuses it', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', up: 5, down: 1 }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.a);
    await server.fault({
      method: 'PUT',
      path: `/comments/${ids.a}/vote`,
      status: 403,
      error: { code: 'forbidden', message: 'no' },
    });
    const failed = oneEvent(element, 'confab-error');
    mustOwn(article, 'vote-down').click();
    await element.updateComplete;
    expect(textOf(mustOwn(article, 'score'))).to.equal('3');
    expect((await failed).detail.code).to.equal('forbidden');
    await until(() => own(article, 'error'), 'message shown');
    expect(textOf(mustOwn(article, 'score'))).to.equal('4');
    expect(mustOwn(article, 'vote-down').getAttribute('aria-pressed')).to.equal('false');
    expect(textOf(own(article, 'error'))).to.equal(
      'Your vote was not counted. You are not allowed to do that.',
    );
    expect(own(article, 'error')!.getAttribute('role')).to.equal('alert');
  });

  it('shows the reader’s own vote as pressed and votes from the keyboard', async () => {
    const server = await testServer({
      threads: { [PAGE]: [{ ref: 'a', author: 'Ada', up: 1, myVote: 1 }] },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const article = mustComment(element, ids.a);
    expect(mustOwn(article, 'vote-up').getAttribute('aria-pressed')).to.equal('true');
    mustOwn(article, 'vote-down').focus();
    const voted = oneEvent(element, 'confab-voted');
    await sendKeys({ press: 'Enter' });
    expect((await voted).detail).to.deep.equal({ id: ids.a, value: -1 });
    await element.updateComplete;
    expect(textOf(mustOwn(article, 'score'))).to.equal('-1');
    expect(mustOwn(article, 'vote-up').getAttribute('aria-pressed')).to.equal('false');
    expect(mustOwn(article, 'vote-down').getAttribute('aria-pressed')).to.equal('true');
    const vote = (await server.requests()).find((r) => r.method === 'PUT')!;
    expect(vote.headers.authorization).to.equal(`Bearer ${server.readerToken}`);
  });
  it('rolls a vote back with the rate-limit message when the server’s real limit refuses it', async () => {
    const server = await testServer({
      rateLimits: true,
      flags: ['--limit-votes-token', '1/1m'],
      threads: {
        [PAGE]: [
          { ref: 'a', author: 'Ada' },
          { ref: 'b', author: 'Bo', up: 4 },
        ],
      },
    });
    const { ids } = server;
    const element = await mount(server.endpoint);
    const voted = oneEvent(element, 'confab-voted');
    mustOwn(mustComment(element, ids.a), 'vote-up').click();
    await voted;
    const second = mustComment(element, ids.b);
    const failed = oneEvent(element, 'confab-error');
    mustOwn(second, 'vote-up').click();
    expect((await failed).detail.code).to.equal('rate_limited');
    await until(() => own(second, 'error'), 'message shown');
    expect(textOf(own(second, 'error'))).to.equal(
      'Your vote was not counted. Too many requests. Please wait a moment and try again.',
    );
    expect(textOf(mustOwn(second, 'score'))).to.equal('4');
    expect(mustOwn(second, 'vote-up').getAttribute('aria-pressed')).to.equal('false');
    expect((await server.comments(PAGE)).map((c) => c.votes.up)).to.deep.equal([1, 4]);
  });
});
