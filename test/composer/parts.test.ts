import { expect, fixture, html } from '@open-wc/testing';
import { ReactiveElement } from '@lit/reactive-element';
import { ConfabError } from '../../src/api/errors.js';
import { Localizer } from '../../src/i18n/localizer.js';
import { enComposer } from '../../src/i18n/locales/en-composer.js';
import { DraftController } from '../../src/elements/composer/draft-controller.js';
import {
  authorOf,
  localErrors,
  sendFailure,
  type FieldValues,
} from '../../src/elements/composer/validation.js';
import { forgetTestDrafts, freshDrafts, reloadedDrafts } from './helpers.js';

const localizer = new Localizer('en');
void localizer.addWriteTexts(enComposer);
const t = localizer.t.bind(localizer);
const values = (more: Partial<FieldValues> = {}): FieldValues => ({
  body: 'Hello',
  name: 'Ada',
  email: '',
  url: '',
  notify: false,
  ...more,
});

describe('composer parts: validation.ts', () => {
  it('trims the author and leaves out empty optional fields', () => {
    const typed = { name: ' Ada ', email: ' a@b.c ', url: '  ' };
    expect(authorOf(values({ ...typed, notify: true }))).to.deep.equal({
      name: 'Ada',
      email: 'a@b.c',
    });
  });

  it('sends the address only with the request for reply mail', () => {
    const typed = { email: 'ada@example.org', url: 'https://ada.example' };
    expect(authorOf(values(typed))).to.deep.equal({ name: 'Ada', url: 'https://ada.example' });
    expect(authorOf(values({ ...typed, notify: true })).email).to.equal('ada@example.org');
  });

  it('words each local problem, and checks only the body of an edit', () => {
    const bad = values({ body: ' ', name: '', email: 'nope', url: 'ftp://x', notify: true });
    expect(localErrors(bad, 'new', t)).to.deep.equal({
      body: 'Please write something first.',
      name: 'Please enter your name.',
      email: 'This does not look like an email address.',
      url: 'Enter a web address starting with http:// or https://.',
    });
    expect(localErrors(bad, 'edit', t)).to.deep.equal({ body: 'Please write something first.' });
    expect(localErrors(values(), 'reply', t)).to.deep.equal({});
  });

  it('needs a plain mailbox with the notify box ticked, and checks no address without it', () => {
    const needed = 'Enter your email address to be notified of replies.';
    const invalid = 'This does not look like an email address.';
    expect(localErrors(values({ notify: true }), 'new', t)).to.deep.equal({ email: needed });
    expect(localErrors(values({ notify: true, email: '  ' }), 'reply', t)).to.deep.equal({
      email: needed,
    });
    // The protocol's mailbox rule (notifyEmailProblem), not the looser shape of any address.
    for (const email of ['a@b', 'Ada <ada@example.org>', 'a@b.c, d@e.f']) {
      expect(localErrors(values({ notify: true, email }), 'new', t), email).to.deep.equal({
        email: invalid,
      });
    }
    expect(
      localErrors(values({ notify: true, email: ' ada@example.org ' }), 'new', t),
    ).to.deep.equal({});
    // Not sent, so not checked: an unticked box never blocks a post.
    expect(localErrors(values({ email: 'nope' }), 'new', t)).to.deep.equal({});
  });

  it('places server field errors it has fields for, and the rest in the form alert', () => {
    const named = new ConfabError('invalid_request', 'bad', {
      fields: { 'author.name': 'taken', body: 'spam' },
    });
    expect(sendFailure(named, 'new', t)).to.deep.equal({
      fieldErrors: { name: 'Not accepted: taken', body: 'Not accepted: spam' },
      formError: '',
    });
    // An edit has no name field: the message goes to the alert, the body's stays with the body.
    const inEdit = sendFailure(named, 'edit', t);
    expect(inEdit.fieldErrors).to.deep.equal({ body: 'Not accepted: spam' });
    expect(inEdit.formError).to.equal('The server did not accept the request. Your text is kept.');
    expect(sendFailure(new TypeError('odd'), 'new', t)).to.deep.equal({
      fieldErrors: {},
      formError: 'Your comment could not be sent. Your text is kept.',
    });
    const limited = new ConfabError('rate_limited', 'slow', { retryAfter: 1.2 });
    expect(sendFailure(limited, 'new', t).formError).to.contain('wait 2 seconds');
  });
});

class DraftHost extends ReactiveElement {
  draft = new DraftController(this);
}
customElements.define('composer-parts-draft-host', DraftHost);

describe('composer parts: draft-controller.ts', () => {
  afterEach(forgetTestDrafts);

  it('opens a saved draft, else the remembered author, else the comment being edited', async () => {
    const drafts = freshDrafts();
    drafts.rememberAuthor({ name: 'Grace', url: 'https://grace.example' });
    drafts.save('reply:c1', { body: 'Saved', name: 'Ada' });
    const host = await fixture<DraftHost>(
      html`<composer-parts-draft-host></composer-parts-draft-host>`,
    );
    host.draft.open(drafts, 'reply:c1', 'reply', '');
    // A field the draft does not hold comes from the remembered author.
    expect(host.draft.values).to.deep.equal({
      body: 'Saved',
      name: 'Ada',
      email: '',
      url: 'https://grace.example',
      notify: false,
    });
    host.draft.open(drafts, 'new', 'new', '');
    expect(host.draft.values).to.deep.include({
      body: '',
      name: 'Grace',
      url: 'https://grace.example',
    });
    host.draft.open(drafts, 'edit:c2', 'edit', 'Original');
    expect(host.draft.values.body).to.equal('Original');
  });

  it('saves a pending change when it switches forms or its host leaves the document', async () => {
    const drafts = freshDrafts();
    const host = await fixture<DraftHost>(
      html`<composer-parts-draft-host></composer-parts-draft-host>`,
    );
    host.draft.open(drafts, 'reply:a', 'reply', '');
    host.draft.set('body', 'for a');
    host.draft.open(drafts, 'reply:b', 'reply', '');
    expect(reloadedDrafts(drafts).load('reply:a')?.body).to.equal('for a');
    host.draft.set('body', 'for b');
    host.remove();
    expect(reloadedDrafts(drafts).load('reply:b')?.body).to.equal('for b');
  });

  it('keeps one Idempotency-Key per content, saved before sending, gone once accepted', async () => {
    const drafts = freshDrafts();
    const host = await fixture<DraftHost>(
      html`<composer-parts-draft-host></composer-parts-draft-host>`,
    );
    host.draft.open(drafts, 'new', 'new', '');
    host.draft.set('name', 'Ada');
    host.draft.set('body', 'One');
    const first = host.draft.submission();
    expect(drafts.load('new')?.idempotencyKey).to.equal(first.idempotencyKey);
    expect(host.draft.submission().idempotencyKey).to.equal(first.idempotencyKey);
    host.draft.set('body', 'Two');
    const second = host.draft.submission();
    expect(second.idempotencyKey).to.not.equal(first.idempotencyKey);
    expect(host.draft.accepted(second)).to.equal(true);
    expect(host.draft.values.body).to.equal('');
    expect(drafts.load('new')).to.equal(null);
    expect(drafts.rememberedAuthor().name).to.equal('Ada');
  });
});
