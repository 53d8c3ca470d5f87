import { ConfabClient } from '../api/client.js';
import { ReaderSession } from '../api/reader-session.js';
import type { Localizer } from '../i18n/localizer.js';
import { enComposer } from '../i18n/locales/en-composer.js';
import { DraftStore } from '../model/drafts.js';
import type { ThreadNode } from '../model/thread.js';
import type { Comment, ReportReason, VoteValue } from '../protocol/index.js';
import {
  ConfabComposer,
  type ComposerMode,
  type ComposerSubmission,
} from '../elements/confab-composer.js';
import { ConfabReportForm } from '../elements/confab-report-form.js';
import { ConfabPostedEvent, ConfabVotedEvent } from '../elements/write-events.js';
import { element } from '../render/dom.js';
import { FormPool } from './form-pool.js';
import { errorCode, type ThreadSource } from './thread-source.js';
import type { Panel, UiState } from './ui-state.js';

/** What the write path uses of the element. */
export interface WriteHost {
  source: ThreadSource;
  ui: UiState;
  localizer(): Localizer;
  allowImages(): boolean;
  /** The host site's signed token (the `sso` attribute), or null. */
  sso(): string | null;
  announce(text: string): void;
  /** Dispatches confab-error (what failed is also shown where it happened). */
  fail(code: string): void;
  /** The comment's `<article>`, when it is in the DOM. */
  article(id: string): HTMLElement | null;
  heading(): HTMLElement | null;
  /** Resolves once the element has rendered what changed. */
  settled(): Promise<unknown>;
  update(): void;
  dispatch(event: Event): void;
}

/** Parts of the composer that the element re-exports, so `::part()` reaches into it. */
const COMPOSER_PARTS =
  'textarea,submit,cancel,preview-toggle,preview,field-error,name,email,notify,notify-status,url,count,suggestions,error';
const REPORT_PARTS = 'report-reasons,report-reason,report-note,submit,cancel,error';
/** Where focus goes when a panel opens. */
const FOCUS: Record<Panel, string> = {
  reply: 'confab-composer',
  edit: 'confab-composer',
  report: 'confab-report-form',
  confirm: '[part~="confirm-delete"]',
};

function button(part: string, action: string, label: string): HTMLButtonElement {
  return element('button', { type: 'button', part, 'data-action': action }, label);
}

/**
 * The write path, loaded with the form's chunk: votes (shown at once and rolled back when the
 * server refuses), new comments, replies, edits, deletes and reports, and the forms they use.
 * What it changes goes into the thread through the thread source, what it opens into the
 * interface state; the element renders both.
 */
export class CommentActions {
  readonly forms = new FormPool();
  readonly #host: WriteHost;
  readonly #votes = new Set<string>();
  #drafts: DraftStore | null = null;
  /** The writes' client: the thread's endpoint, with the reader's token. */
  #client: ConfabClient | null = null;
  #session: ReaderSession | null = null;
  #endpoint = '';
  #localizer: Localizer | null = null;
  /** What the forms say of signing in: the name posted under, or the code of why it failed. */
  #signedInAs: string | null = null;
  #signInError: string | null = null;

  constructor(host: WriteHost) {
    this.#host = host;
    this.forms.set('new', this.#composer('new', null));
    this.reset();
  }

  /** Another thread was loaded: its forms close, and drafts are kept for its page. */
  reset(): void {
    this.forms.clear();
    this.#votes.clear();
    const { source } = this.#host;
    this.#drafts = new DraftStore(source.endpoint, source.pageKey);
    if (!this.#client || this.#endpoint !== source.endpoint) {
      this.#endpoint = source.endpoint;
      this.#client = new ConfabClient({
        endpoint: source.endpoint,
        getToken: () => source.session?.token ?? null,
      });
    }
    // The thread reads its token; writing may have to create one, for both.
    const session =
      source.session instanceof ReaderSession
        ? source.session
        : new ReaderSession(this.#client, source.endpoint);
    source.session = this.#session = session;
  }

  /** Gives the forms what the thread looks like now (before every update of the element). */
  sync(): void {
    const host = this.#host;
    const localizer = this.#texts();
    const session = this.#session;
    const sso = host.sso();
    if (session && sso !== session.sso) void this.#signIn(session, sso);
    // The question asked in another language now (or its catalogue arrived): asked again.
    const asking = host.ui.panel('confirm');
    const confirmation = asking === null ? null : this.forms.get(`confirm:${asking}`);
    if (
      confirmation &&
      confirmation.getAttribute('aria-label') !== localizer.t('comment.deleteConfirm')
    ) {
      this.forms.set(`confirm:${asking}`, this.#confirmation());
    }
    this.forms.sync({
      localizer,
      drafts: this.#drafts,
      participants: host.source.thread?.authors() ?? [],
      locked: host.source.locked,
      allowImages: host.allowImages(),
      signedInAs: this.#signedInAs,
      signInError: this.#signInError === null ? '' : localizer.error(this.#signInError),
    });
  }

  /** Signs the session in with the host site's token, or out (null); the forms show the outcome. */
  async #signIn(session: ReaderSession, sso: string | null): Promise<void> {
    this.#signedInAs = null;
    this.#signInError = null;
    try {
      const answer = await session.signIn(sso);
      if (session.sso === sso) this.#signedInAs = answer?.name ?? null;
    } catch (error) {
      // Reading goes on; the forms say why writing will not work with this token.
      if (session.sso === sso) this.#signInError = this.#refused(error);
    }
    this.#host.update();
  }

  /** The thread's localizer, with what the write path says (the entry's catalogue lacks it). */
  #texts(): Localizer {
    const localizer = this.#host.localizer();
    if (localizer !== this.#localizer) {
      this.#localizer = localizer;
      // What the thread shows of writing (a confirmation, a refusal) in the language, once in.
      void localizer.addWriteTexts(enComposer).then(() => this.#host.update());
    }
    return localizer;
  }

  /** A button of a comment, by its `data-action`. */
  act(action: string, node: ThreadNode): void {
    const id = node.comment.id;
    const ui = this.#host.ui;
    if (action === 'up' || action === 'down') {
      void this.#vote(node, action === 'up' ? 1 : -1);
    } else if (action === 'reply' || action === 'edit' || action === 'report') {
      // Reply and Report toggle their form; Edit is disabled while its form is open.
      if (ui.isOpen(action, id)) this.#close(action, id);
      else this.#open(action, node);
    } else if (action === 'delete') {
      this.#open('confirm', node);
    } else if (action === 'cancel-delete') {
      this.#close('confirm', id);
    } else if (action === 'confirm-delete') {
      void this.#delete(node);
    }
  }

  #open(panel: Panel, node: ThreadNode): void {
    const id = node.comment.id;
    const previous = this.#host.ui.panel(panel);
    if (previous !== null) this.forms.delete(`${panel}:${previous}`);
    this.forms.set(
      `${panel}:${id}`,
      panel === 'report'
        ? this.#reportForm(id)
        : panel === 'confirm'
          ? this.#confirmation()
          : this.#composer(panel, node),
    );
    this.#host.ui.setPanel(panel, id);
    void this.#focus(id, FOCUS[panel]);
  }

  /** Closes a panel; `refocus` gives focus back to the button that opened it. */
  #close(panel: Panel, id: string, refocus = true): void {
    this.forms.delete(`${panel}:${id}`);
    this.#host.ui.setPanel(panel, null);
    if (refocus) void this.#focus(id, `[part~="${panel === 'confirm' ? 'delete' : panel}-button"]`);
  }

  async #focus(id: string, selector: string): Promise<void> {
    await this.#host.settled();
    this.#host.article(id)?.querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * A new comment, a reply or an edit: one composer element per form, kept while the form is
   * open so that its draft, focus and errors survive every update around it.
   */
  #composer(mode: ComposerMode, node: ThreadNode | null): ConfabComposer {
    const id = node?.comment.id ?? null;
    const form = document.createElement('confab-composer') as ConfabComposer;
    form.setAttribute('part', mode === 'new' ? 'form' : `${mode}-form`);
    form.setAttribute('exportparts', COMPOSER_PARTS);
    form.mode = mode;
    form.formKey = id ? `${mode}:${id}` : 'new';
    form.initialBody = mode === 'edit' && node ? node.comment.body : '';
    form.replyToName = mode === 'reply' && node ? node.comment.author.name : null;
    form.send = (draft) => (mode === 'edit' ? this.#edit(id!, draft) : this.#post(id, draft));
    form.addEventListener('confab-composer-cancel', () => {
      if (id && mode !== 'new') this.#close(mode, id);
    });
    return form;
  }

  /** "Delete this comment?", in place of the Delete button. */
  #confirmation(): HTMLElement {
    const t = this.#texts();
    const question = t.t('comment.deleteConfirm');
    const yes = button('confirm-delete', 'confirm-delete', t.t('comment.deleteYes'));
    yes.className = 'danger';
    return element(
      'span',
      { class: 'confirm', role: 'group', 'aria-label': question },
      element('span', { 'aria-hidden': 'true' }, question),
      yes,
      button('cancel-delete', 'cancel-delete', t.t('comment.deleteNo')),
    );
  }

  #reportForm(id: string): ConfabReportForm {
    const form = document.createElement('confab-report-form') as ConfabReportForm;
    form.setAttribute('part', 'report-form');
    form.setAttribute('exportparts', REPORT_PARTS);
    form.send = (reason, note) => this.#report(id, reason, note);
    form.addEventListener('confab-report-cancel', () => this.#close('report', id));
    return form;
  }

  async #vote(node: ThreadNode, requested: 1 | -1): Promise<void> {
    const { source, ui } = this.#host;
    const { thread, scope } = source;
    const client = this.#client;
    const session = this.#session;
    const id = node.comment.id;
    if (!client || !session || !thread || this.#votes.has(id)) return;
    const before = { votes: { ...node.comment.votes }, myVote: node.comment.myVote };
    const value: VoteValue = before.myVote === requested ? 0 : requested;
    const votes = { ...before.votes };
    if (before.myVote === 1) votes.up--;
    if (before.myVote === -1) votes.down--;
    if (value === 1) votes.up++;
    if (value === -1) votes.down++;
    this.#votes.add(id);
    ui.setNotice(id, null);
    thread.setVotes(id, votes, value);
    this.#host.update();
    try {
      await scope.keep(session.ensure(scope.signal));
      const answer = await scope.keep(client.vote(id, value, scope.signal));
      thread.setVotes(id, answer.votes, answer.myVote);
      this.#host.dispatch(new ConfabVotedEvent(id, answer.myVote));
    } catch (error) {
      // Rolled back, with the reason under the comment.
      thread.setVotes(id, before.votes, before.myVote);
      const code = this.#refused(error);
      ui.setNotice(id, this.#t('comment.voteRefused', code));
    } finally {
      this.#votes.delete(id);
      this.#host.update();
    }
  }

  /** The composers' `send`: errors go back to the composer, which shows them. */
  async #post(parentId: string | null, draft: ComposerSubmission): Promise<Comment> {
    const { source, ui } = this.#host;
    const { scope } = source;
    const client = this.#client;
    const session = this.#session;
    if (!client || !session) throw new Error('confab: the thread is not loaded');
    try {
      await session.ensure();
      const { body, author, hp, notify } = draft;
      // Reply mail in the language the reader reads the thread in.
      const mail = notify && { notify, lang: this.#texts().lang };
      const comment = await client.postComment(
        { page: source.pageKey, parentId, body, author, hp, ...mail },
        draft.idempotencyKey,
      );
      // The composer hears of its comment whatever happened meanwhile; the thread only if it is
      // still the one it was posted to.
      if (!scope.active) return comment;
      if (parentId) {
        this.#close('reply', parentId, false);
        ui.expand(parentId);
      }
      // Whether the address still needs confirming is not said: that would tell who subscribed.
      const mailed = notify
        ? ` ${this.#texts().t('composer.notifySent', { email: author.email! })}`
        : '';
      await this.#show(comment, 'thread.posted', mailed);
      this.#host.dispatch(new ConfabPostedEvent(comment));
      return comment;
    } catch (error) {
      if (scope.active) this.#refused(error);
      throw error;
    }
  }

  async #edit(id: string, draft: ComposerSubmission): Promise<Comment> {
    const { scope } = this.#host.source;
    const client = this.#client;
    if (!client) throw new Error('confab: the thread is not loaded');
    try {
      const comment = await client.editComment(id, draft.body);
      if (!scope.active) return comment;
      this.#close('edit', id, false);
      await this.#show(comment, 'thread.updated');
      return comment;
    } catch (error) {
      if (scope.active) this.#refused(error);
      throw error;
    }
  }

  /** A posted or edited comment goes into the thread, is announced and takes focus. */
  async #show(
    comment: Comment,
    announcement: 'thread.posted' | 'thread.updated',
    more = '',
  ): Promise<void> {
    const host = this.#host;
    host.source.integrate(comment);
    host.announce(this.#texts().t(announcement) + more);
    await host.settled();
    host.article(comment.id)?.focus();
  }

  async #delete(node: ThreadNode): Promise<void> {
    const { source, ui } = this.#host;
    const { scope } = source;
    const client = this.#client;
    const id = node.comment.id;
    if (!client) return;
    try {
      const comment = await scope.keep(client.deleteComment(id));
      ui.setPanel('confirm', null);
      const parent = node.parent;
      source.integrate(comment);
      const host = this.#host;
      host.announce(this.#texts().t('thread.deletedAnnounce'));
      await host.settled();
      // Focus stays in the thread: on the tombstone, else on the parent, else on the heading.
      const target =
        host.article(id) ?? (parent ? host.article(parent.comment.id) : null) ?? host.heading();
      target?.focus();
    } catch (error) {
      ui.setNotice(id, this.#t('comment.deleteRefused', this.#refused(error)));
    }
  }

  /** The report form's `send`: errors go back to the form, which shows them. */
  async #report(id: string, reason: ReportReason, note: string): Promise<unknown> {
    const { source, ui } = this.#host;
    const { scope } = source;
    const client = this.#client;
    const session = this.#session;
    if (!client || !session) throw new Error('confab: the thread is not loaded');
    try {
      await scope.keep(session.ensure());
      const answer = await scope.keep(client.report(id, reason, note));
      ui.setReported(id);
      this.#close('report', id);
      this.#host.announce(this.#texts().t('comment.reported'));
      return answer;
    } catch (error) {
      this.#refused(error);
      throw error;
    }
  }

  /** A write the server refused: forgets a rejected token, notes a lock, says so. */
  #refused(error: unknown): string {
    const code = errorCode(error);
    const source = this.#host.source;
    if (code === 'unauthorized') source.session?.forget();
    if (code === 'locked') {
      source.locked = true;
      this.#host.update();
    }
    this.#host.fail(code);
    return code;
  }

  /** A sentence with the words for an error code as its `{reason}`. */
  #t(key: 'comment.voteRefused' | 'comment.deleteRefused', code: string): string {
    const localizer = this.#texts();
    return localizer.t(key, { reason: localizer.error(code) });
  }
}
