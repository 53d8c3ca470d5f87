import { expect } from '@open-wc/testing';
import { ConfabError } from '../../src/api/errors.js';
import { parseComment, parseVoteEvent } from '../../src/api/event-stream.js';
import { parseErrorBody, parseThread } from '../../src/api/validate.js';
import { parseCounts, parseSession, parseVoteResponse } from '../../src/api/validate-writes.js';
import { comment } from '../support/comments.js';

function badResponse(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfabError);
    expect((error as ConfabError).code).to.equal('bad_response');
    return (error as ConfabError).message;
  }
  throw new Error('expected bad_response');
}

const valid = comment('a', { parentId: 'p', votes: { up: 2, down: 1 }, myVote: -1, mine: true });
/** `valid` as the guard gives it back: an author not marked verified is `verified: false`. */
const validParsed = { ...valid, author: { ...valid.author, verified: false } };

describe('answer validation', () => {
  it('passes a valid comment through as a fresh copy', () => {
    const parsed = parseComment(valid);
    expect(parsed).to.deep.equal(validParsed);
    expect(
      parseComment({ ...valid, author: { ...valid.author, verified: true } }).author,
    ).to.include({ verified: true });
    expect(parsed).not.to.equal(valid);
    expect(parsed.author).not.to.equal(valid.author);
  });

  it('defaults the fields a minimal server may leave out', () => {
    const { author, ...rest }: Partial<typeof valid> = { ...valid };
    delete rest.editedAt;
    delete rest.myVote;
    delete rest.mine;
    const parsed = parseComment({ ...rest, author: { name: author!.name } });
    expect(parsed).to.include({ editedAt: null, myVote: 0, mine: false });
    expect(parsed.author).to.deep.equal({
      name: author!.name,
      url: null,
      avatar: null,
      verified: false,
    });
  });

  const broken: Array<[string, unknown, string]> = [
    ['not an object', 'hello', 'comment should be an object'],
    ['an array', [], 'comment should be an object'],
    ['an id that is a number', { ...valid, id: 7 }, 'comment.id'],
    ['an empty id', { ...valid, id: '' }, 'comment.id'],
    ['a missing author', { ...valid, author: null }, 'comment.author'],
    ['a name that is not a string', { ...valid, author: { name: ['x'] } }, 'comment.author.name'],
    ['an unknown status', { ...valid, status: 'spam' }, 'comment.status'],
    ['negative votes', { ...valid, votes: { up: -1, down: 0 } }, 'comment.votes.up'],
    ['fractional votes', { ...valid, votes: { up: 1.5, down: 0 } }, 'comment.votes.up'],
    ['a vote of 2', { ...valid, myVote: 2 }, 'comment.myVote'],
    ['mine as a string', { ...valid, mine: 'yes' }, 'comment.mine'],
    ['a body that is an object', { ...valid, body: { html: '<b>' } }, 'comment.body'],
  ];
  for (const [title, value, path] of broken) {
    it(`refuses a comment with ${title}`, () => {
      expect(badResponse(() => parseComment(value))).to.include(path);
    });
  }

  it('checks every comment of a thread and names the bad one', () => {
    const thread = {
      page: 'p',
      locked: false,
      total: 2,
      comments: [valid, { ...valid, id: 3 }],
      nextCursor: null,
    };
    expect(badResponse(() => parseThread(thread))).to.include('thread.comments[1].id');
    expect(badResponse(() => parseThread({ ...thread, comments: {} }))).to.include(
      'thread.comments',
    );
    expect(badResponse(() => parseThread({ ...thread, total: '2' }))).to.include('thread.total');
    const ok = parseThread({ ...thread, comments: [valid], extra: 1 });
    expect(ok).to.deep.equal({ ...thread, comments: [validParsed] });
  });

  it('checks sessions, votes, vote events and counts', () => {
    expect(parseSession({ token: 't', name: null })).to.deep.equal({ token: 't', name: null });
    expect(badResponse(() => parseSession({ token: '' }))).to.include('session.token');
    expect(parseVoteResponse({ votes: { up: 1, down: 0 }, myVote: 1 })).to.deep.equal({
      votes: { up: 1, down: 0 },
      myVote: 1,
    });
    expect(badResponse(() => parseVoteEvent({ id: 'a' }))).to.include('event.votes');
    const counts = parseCounts(JSON.parse('{"counts": {"a": 1, "__proto__": 2}}'));
    expect(counts.a).to.equal(1);
    expect(Object.keys(counts)).to.deep.equal(['a', '__proto__']);
    expect(Object.getPrototypeOf(counts)).to.equal(Object.prototype);
    expect(badResponse(() => parseCounts({ counts: { a: 'many' } }))).to.include('counts["a"]');
    expect(badResponse(() => parseCounts({}))).to.include('counts');
  });

  it('reads error bodies leniently, keeping only string field messages', () => {
    expect(
      parseErrorBody({ error: { code: 'locked', message: 'No', fields: { body: 'Bad', n: 1 } } }),
    ).to.deep.equal({
      code: 'locked',
      message: 'No',
      fields: { body: 'Bad' },
    });
    expect(parseErrorBody('<html>')).to.equal(null);
    expect(parseErrorBody({ message: 'no error member' })).to.equal(null);
  });
});
