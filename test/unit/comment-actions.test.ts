import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { CommentActions, type WriteHost } from '../../src/controllers/comment-actions.js';
import { ThreadSource } from '../../src/controllers/thread-source.js';
import { UiState } from '../../src/controllers/ui-state.js';
import { Localizer } from '../../src/i18n/localizer.js';
import { ControllerHost } from '../support/controller-host.js';
import { testServer, type SeedComment, type TestServer } from '../support/server.js';

async function until(predicate: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out: ${what}`);
}

/** The write path over a real thread source and the reference server; records what it tells the element. */
async function setup(comments: SeedComment[]) {
  const server: TestServer = await testServer({ threads: { p: comments } });
  const host = new ControllerHost();
  const source = new ThreadSource(host, {
    reset: () => {},
    ready: () => {},
    page: () => {},
    live: () => {},
    error: () => {},
  });
  host.connect();
  source.load({ endpoint: server.endpoint, page: 'p', sort: 'oldest', limit: 50 });
  await until(() => source.phase === 'ready', 'thread loaded');
  const failures: string[] = [];
  const events: Event[] = [];
  const announced: string[] = [];
  const ui = new UiState(() => {});
  const localizer = new Localizer('en');
  const writeHost: WriteHost = {
    source,
    ui,
    localizer: () => localizer,
    allowImages: () => false,
    sso: () => null,
    announce: (text) => announced.push(text),
    fail: (code) => failures.push(code),
    article: () => null,
    heading: () => null,
    settled: () => Promise.resolve(),
    update: () => host.requestUpdate(),
    dispatch: (event) => events.push(event),
  };
  const actions = new CommentActions(writeHost);
  actions.sync();
  const node = (ref: string) => source.thread!.get(server.ids[ref])!;
  return { server, source, ui, actions, failures, events, announced, node };
}

describe('CommentActions', () => {
  it('counts a vote at once and keeps what the server answers', async () => {
    const { server, actions, events, node } = await setup([{ ref: 'a', up: 2 }]);
    await server.fault({ method: 'PUT', path: `/comments/${server.ids.a}/vote`, delayMs: 300 });
    actions.act('up', node('a'));
    expect(node('a').comment.votes.up).to.equal(3);
    expect(node('a').comment.myVote).to.equal(1);
    await until(() => events.length === 1, 'voted');
    expect(events[0]!.type).to.equal('confab-voted');
    expect((await server.comments('p'))[0]!.votes.up).to.equal(3);
  });

  it('rolls a refused vote back, with the reason under the comment', async () => {
    const { server, actions, ui, failures, node } = await setup([{ ref: 'a', up: 2 }]);
    await server.fault({
      method: 'PUT',
      path: `/comments/${server.ids.a}/vote`,
      status: 403,
      error: { code: 'forbidden' },
    });
    actions.act('down', node('a'));
    expect(node('a').comment.votes.down).to.equal(1);
    await until(() => failures.length === 1, 'refused');
    expect(failures).to.deep.equal(['forbidden']);
    expect(node('a').comment.votes).to.deep.equal({ up: 2, down: 0 });
    expect(ui.notice(server.ids.a)).to.equal(
      'Your vote was not counted. You are not allowed to do that.',
    );
  });

  it('opens and closes one reply form at a time, kept while it is open', async () => {
    const { server, actions, ui, node } = await setup([{ ref: 'a' }, { ref: 'b' }]);
    expect(actions.forms.get('new')!.localName).to.equal('confab-composer');
    actions.act('reply', node('a'));
    const form = actions.forms.get(`reply:${server.ids.a}`)!;
    expect(form.getAttribute('part')).to.equal('reply-form');
    expect(ui.panel('reply')).to.equal(server.ids.a);
    actions.act('reply', node('b'));
    expect(actions.forms.get(`reply:${server.ids.a}`)).to.equal(null);
    expect(ui.panel('reply')).to.equal(server.ids.b);
    actions.forms.get(`reply:${server.ids.b}`)!.dispatchEvent(new Event('confab-composer-cancel'));
    expect(ui.panel('reply')).to.equal(null);
    expect(actions.forms.get(`reply:${server.ids.b}`)).to.equal(null);
    actions.act('reply', node('a'));
    actions.reset();
    expect(actions.forms.get(`reply:${server.ids.a}`)).to.equal(null);
    expect(actions.forms.get('new')).to.not.equal(null);
  });

  it('asks before deleting, then deletes and says so', async () => {
    const { server, source, actions, ui, announced, node } = await setup([
      { ref: 'm', mine: true },
      { ref: 'r', parent: 'm' },
    ]);
    actions.act('delete', node('m'));
    expect(ui.panel('confirm')).to.equal(server.ids.m);
    expect(actions.forms.get(`confirm:${server.ids.m}`)!.getAttribute('role')).to.equal('group');
    actions.act('cancel-delete', node('m'));
    expect(ui.panel('confirm')).to.equal(null);
    actions.act('delete', node('m'));
    actions.act('confirm-delete', node('m'));
    await until(() => announced.length === 1, 'deleted');
    expect(announced).to.deep.equal(['Your comment was deleted.']);
    expect(node('m').comment.status).to.equal('deleted');
    expect(source.total).to.equal(1);
    expect(ui.panel('confirm')).to.equal(null);
    expect((await server.requests()).filter((r) => r.method === 'DELETE').length).to.equal(1);
  });
});
