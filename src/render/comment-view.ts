import type { Author } from '../protocol/index.js';
import { avatarElement } from './avatar.js';
import type { RenderedBody } from './bodies.js';
import { element, placeAfter, setText, svgElement } from './dom.js';
import { skeleton } from './skeleton.js';
import { safeHttpUrl } from './url.js';

/*
 * One comment's DOM, built and updated with DOM calls instead of a Lit template.
 *
 * Why: a Lit template instance keeps a part object (and marker comments) for every binding, and a
 * comment has about thirty. In a 1,000-comment thread those parts were most of the widget's heap
 * and most of its render time (docs/performance.md). A view clones a prebuilt skeleton and updates
 * it in place, so focus and the forms' drafts survive every update just as with Lit. Every node is
 * found by name: the skeleton names the header and the actions row, which the view keeps, and an
 * update finds what it writes inside them by part. It keeps no other node between updates: each
 * kept node keeps a JS wrapper alive (eleven kept nodes per comment cost about 0.3 MB of heap at
 * 1,000 comments). `update` only writes this comment's DOM: it creates no forms and queues no work.
 *
 * Safety: nothing here parses HTML. Every value goes in as a text node, an attribute or an element
 * built by the caller (bodies come from renderPlain or renderRich, which parse no HTML either).
 */

/** What a comment shows; the thread renderer computes it, the view only puts it into the DOM. */
export interface CommentState {
  id: string;
  depth: number;
  highlighted: boolean;
  /** The tombstone text of a deleted comment; null for a live one. */
  tombstone: string | null;
  live: LiveState | null;
  /** An error about this comment (a refused vote or delete), or null. */
  notice: string | null;
  /** A confirmation (the comment was reported), or null. */
  status: string | null;
  /** The open forms below the comment (report, reply), kept by their controllers. */
  forms: readonly Element[];
  replies: RepliesState | null;
}

export interface LiveState {
  author: Author;
  name: string;
  createdAt: string;
  exactTime: string;
  relativeTime: string;
  /** Title and text of the "edited" marker, or null. */
  edited: { title: string; text: string } | null;
  /** Text of the "awaiting moderation" badge, or null. */
  pending: string | null;
  /** Label of the mark of a signed-in author (`author.verified`), or null. */
  verified: string | null;
  /** Content of the "in reply to …" line, or null. */
  inReplyTo: Node[] | null;
  /** The edit form, or the body. */
  body: Element | BodyState;
  actionsLabel: string;
  upLabel: string;
  downLabel: string;
  scoreLabel: string;
  myVote: -1 | 0 | 1;
  score: number;
  /** The Reply button, or null when the thread is locked. */
  reply: ToggleState | null;
  /** The Report button, or null (the reader's own comments). */
  report: ToggleState | null;
  /** Edit and delete, for the reader's own comments. */
  own: OwnState | null;
}

/** A body to show: rendered once per text and variant, kept until one of them changes. */
export interface BodyState {
  source: string;
  /** What a rich body depends on besides its text (images allowed, rich renderer loaded). */
  variant: number;
  render(): RenderedBody;
}

/** A button that opens a form: its label and whether the form is open. */
export interface ToggleState {
  label: string;
  expanded: boolean;
}

export interface OwnState {
  editLabel: string;
  editing: boolean;
  deleteLabel: string;
  /** The "Delete this comment?" group, made by the write path, while it is asked. */
  confirm: Element | null;
}

export interface RepliesState {
  toggleLabel: string;
  collapsed: boolean;
  flat: boolean;
}

function button(attributes: Record<string, string>, label: string): HTMLButtonElement {
  return element('button', { type: 'button', ...attributes }, label);
}

function voteButton(direction: 'up' | 'down', path: string): HTMLButtonElement {
  return element(
    'button',
    { part: `vote vote-${direction}`, class: 'vote', type: 'button', 'data-action': direction },
    svgElement(
      'svg',
      { viewBox: '0 0 16 16', 'aria-hidden': 'true' },
      svgElement('path', { d: path }),
    ),
  );
}

/** The nodes of a live comment that its view keeps, by name (skeleton.ts finds them in a clone). */
interface LiveNodes extends Record<string, Element> {
  li: HTMLLIElement;
  article: HTMLElement;
  header: HTMLElement;
  actions: HTMLElement;
}

const liveSkeleton = skeleton<LiveNodes>((name) =>
  name(
    'li',
    element(
      'li',
      {},
      name(
        'article',
        element(
          'article',
          { part: 'comment', class: 'comment', tabindex: '-1' },
          name(
            'header',
            element(
              'header',
              { part: 'header', class: 'header' },
              element('h3', { part: 'author', class: 'author' }, element('bdi')),
              element('time', { part: 'time' }),
            ),
          ),
          name(
            'actions',
            element(
              'div',
              { part: 'actions', class: 'actions', role: 'group' },
              voteButton('up', 'M8 3l6 8H2z'),
              element('span', { class: 'visually-hidden' }),
              element('span', { part: 'score', class: 'score' }),
              voteButton('down', 'M8 13L2 5h12z'),
            ),
          ),
        ),
      ),
    ),
  ),
);

/** The node inside `scope` that `selector` names (a part, or the skeleton's one of its kind). */
function find<T extends Element = HTMLElement>(scope: Element, selector: string): T {
  return scope.querySelector<T>(selector)!;
}

/** The part `name` inside `scope`, if it is there. */
function part(scope: Element, name: string): HTMLElement | null {
  return scope.querySelector(`[part~="${name}"]`);
}

/** Sets an attribute only when it changes (an unchanged write still costs style invalidation). */
function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** No forms: one shared empty list, so that a view without forms allocates none. */
export const NO_FORMS: readonly Element[] = Object.freeze([]);

function detach(node: Node | null): null {
  node?.parentNode?.removeChild(node);
  return null;
}

/** One comment's `<li>`, kept by the thread renderer per comment and updated in place. */
export class CommentView {
  readonly li: HTMLLIElement;
  readonly article: HTMLElement;
  readonly deleted: boolean;
  /** The comment's version this view was last updated for: the one key of its subtree. */
  key = -1;
  /** The `<ol>` of replies, when the comment shows any; the thread renderer fills it. */
  replyList: HTMLOListElement | null = null;

  /** A live comment's header and actions row (null for a tombstone). */
  readonly #header: HTMLElement | null = null;
  readonly #actions: HTMLElement | null = null;
  readonly #tombstone: HTMLElement | null = null;
  #avatarAuthor: Author | null = null;
  #shownName: string | null = null;
  #shownWebsite: string | null = null;
  #markers: HTMLElement[] | null = null;
  #shownEdited: LiveState['edited'] = null;
  #shownVerified: string | null = null;
  #shownPending: string | null = null;
  #inReplyTo: HTMLElement | null = null;
  /** What stands where the body goes: the body, or the edit form. */
  #bodySlot: Element | null = null;
  /** The rendered body, kept while the edit form stands in its place, and what it was made from. */
  #body: HTMLElement | null = null;
  #bodySource = '';
  #bodyVariant = 0;
  #bodyPlain = false;
  #deleteButton: HTMLButtonElement | null = null;
  /** The delete button, or the confirmation group in its place. */
  #deleteControls: Element | null = null;
  #notice: HTMLElement | null = null;
  #status: HTMLElement | null = null;
  #forms: readonly Element[] = NO_FORMS;
  #toggle: HTMLButtonElement | null = null;

  constructor(deleted: boolean) {
    this.deleted = deleted;
    if (deleted) {
      this.#tombstone = element('p', { part: 'tombstone', class: 'tombstone' });
      this.article = element(
        'article',
        { part: 'comment', class: 'comment', tabindex: '-1' },
        this.#tombstone,
      );
      this.li = element('li', {}, this.article);
    } else {
      const { li, article, header, actions } = liveSkeleton();
      this.li = li;
      this.article = article;
      this.#header = header;
      this.#actions = actions;
    }
  }

  /**
   * The variant a rich body was rendered for, or null when the view shows no body that depends
   * on one (a plain body, an edit form, a tombstone).
   */
  get bodyVariant(): number | null {
    const body = this.#body;
    return body && !this.#bodyPlain && this.#bodySlot === body ? this.#bodyVariant : null;
  }

  update(state: CommentState): void {
    const article = this.article;
    const id = state.id;
    const highlighted = state.highlighted;
    setAttribute(article, 'part', highlighted ? 'comment highlighted' : 'comment');
    setAttribute(article, 'class', highlighted ? 'comment highlighted' : 'comment');
    setAttribute(article, 'data-comment-id', id);
    if (highlighted) setAttribute(article, 'data-highlighted', '');
    else article.removeAttribute('data-highlighted');
    setAttribute(article, 'data-depth', String(state.depth));
    setAttribute(article, 'aria-labelledby', `author-${id}`);

    let previous: Node;
    const header = this.#header;
    const actions = this.#actions;
    if (header && actions && state.live) {
      this.#updateLive(id, state.live, header, actions);
      previous = actions;
    } else {
      const tombstone = this.#tombstone!;
      setAttribute(tombstone, 'id', `author-${id}`);
      setText(tombstone, state.tombstone ?? '');
      previous = tombstone;
    }

    // After the comment's own content: notice, status, forms, then the replies' toggle and list.
    this.#notice = this.#message(state.notice, this.#notice, 'error', previous);
    if (this.#notice) previous = this.#notice;
    this.#status = this.#message(state.status, this.#status, 'report-status', previous);
    if (this.#status) previous = this.#status;
    for (const form of this.#forms) if (!state.forms.includes(form)) detach(form);
    for (const form of state.forms) previous = placeAfter(previous, null, form);
    this.#forms = state.forms;
    this.#updateReplies(id, state.replies, previous);
  }

  /** A one-line message after `previous`: an error (an alert) or a confirmation. */
  #message(
    text: string | null,
    node: HTMLElement | null,
    part: 'error' | 'report-status',
    previous: Node,
  ): HTMLElement | null {
    if (text === null) return detach(node);
    node ??=
      part === 'error'
        ? element('p', { part, class: 'error', role: 'alert' })
        : element('p', { part, class: 'meta' });
    setText(node, text);
    placeAfter(previous, null, node);
    return node;
  }

  #updateLive(id: string, live: LiveState, header: HTMLElement, actions: HTMLElement): void {
    const author = live.author;
    const before = this.#avatarAuthor;
    if (!before || before.avatar !== author.avatar || before.name !== author.name) {
      const avatar = avatarElement(author);
      if (before) part(header, 'avatar')!.replaceWith(avatar);
      else header.prepend(avatar);
      this.#avatarAuthor = author;
    }

    const heading = part(header, 'author')!;
    setAttribute(heading, 'id', `author-${id}`);
    const website = safeHttpUrl(author.url);
    if (website !== this.#shownWebsite || live.name !== this.#shownName) {
      this.#shownWebsite = website;
      this.#shownName = live.name;
      find(heading, 'bdi').replaceChildren(
        website
          ? element(
              'a',
              { href: website, rel: 'nofollow ugc noopener noreferrer', target: '_blank' },
              live.name,
            )
          : live.name,
      );
    }

    if (live.verified !== this.#shownVerified) {
      this.#shownVerified = live.verified;
      part(heading, 'verified')?.remove();
      if (live.verified) {
        const label = live.verified;
        heading.append(
          element(
            'span',
            { part: 'verified', class: 'meta', role: 'img', 'aria-label': label },
            ' ✓',
          ),
        );
      }
    }

    const time = find(header, 'time');
    setAttribute(time, 'datetime', live.createdAt);
    setAttribute(time, 'title', live.exactTime);
    setText(time, live.relativeTime);

    const edited = live.edited;
    const shown = this.#shownEdited;
    if (
      edited?.title !== shown?.title ||
      edited?.text !== shown?.text ||
      live.pending !== this.#shownPending
    ) {
      this.#shownEdited = edited;
      this.#shownPending = live.pending;
      for (const marker of this.#markers ?? []) marker.remove();
      this.#markers = [];
      if (edited) {
        this.#markers.push(
          element(
            'span',
            { part: 'edited', class: 'meta', title: edited.title },
            `(${edited.text})`,
          ),
        );
      }
      if (live.pending !== null) {
        this.#markers.push(element('span', { part: 'status', class: 'badge' }, live.pending));
      }
      header.append(...this.#markers);
    }

    const inReplyTo = live.inReplyTo
      ? element('p', { part: 'in-reply-to', class: 'in-reply-to' }, ...live.inReplyTo)
      : null;
    const slot = this.#bodyFor(live.body);
    placeAfter(placeAfter(header, this.#inReplyTo, inReplyTo), this.#bodySlot, slot);
    this.#inReplyTo = inReplyTo;
    this.#bodySlot = slot;

    setAttribute(actions, 'aria-label', live.actionsLabel);
    const up = part(actions, 'vote-up')!;
    const down = part(actions, 'vote-down')!;
    setAttribute(up, 'aria-pressed', live.myVote === 1 ? 'true' : 'false');
    setAttribute(up, 'aria-label', live.upLabel);
    setText(find(actions, '.visually-hidden'), live.scoreLabel);
    setText(part(actions, 'score')!, String(live.score));
    setAttribute(down, 'aria-pressed', live.myVote === -1 ? 'true' : 'false');
    setAttribute(down, 'aria-label', live.downLabel);

    let previous = this.#toggleButton(actions, live.reply, 'reply', down);
    previous = this.#toggleButton(actions, live.report, 'report', previous);
    this.#updateOwn(live.own, previous);
  }

  /** The edit form, or the body: rendered again only when its text or a variant it uses changes. */
  #bodyFor(body: Element | BodyState): Element {
    if (body instanceof Element) return body;
    if (
      !this.#body ||
      this.#bodySource !== body.source ||
      (!this.#bodyPlain && this.#bodyVariant !== body.variant)
    ) {
      const rendered = body.render();
      this.#body = rendered.node;
      this.#bodyPlain = rendered.plain;
      this.#bodySource = body.source;
      this.#bodyVariant = body.variant;
    }
    return this.#body;
  }

  /** The Reply or Report button after `previous`, or none; returns what comes next after. */
  #toggleButton(
    actions: Element,
    state: ToggleState | null,
    action: 'reply' | 'report',
    previous: Element,
  ): Element {
    let node = part(actions, `${action}-button`);
    if (!state) {
      detach(node);
      return previous;
    }
    node ??= button({ part: `${action}-button`, 'data-action': action }, '');
    setAttribute(node, 'aria-expanded', state.expanded ? 'true' : 'false');
    setText(node, state.label);
    placeAfter(previous, null, node);
    return node;
  }

  /** Edit and delete (or the question in its place), for the reader's own comments. */
  #updateOwn(own: OwnState | null, previous: Element): void {
    const actions = previous.parentElement!;
    let edit = part(actions, 'edit-button') as HTMLButtonElement | null;
    if (!own) {
      detach(edit);
      this.#deleteControls = detach(this.#deleteControls);
      this.#deleteButton = null;
      return;
    }
    edit ??= button({ part: 'edit-button', 'data-action': 'edit' }, '');
    edit.disabled = own.editing;
    setText(edit, own.editLabel);
    placeAfter(previous, null, edit);

    this.#deleteButton ??= button({ part: 'delete-button', 'data-action': 'delete' }, '');
    setText(this.#deleteButton, own.deleteLabel);
    const controls = own.confirm ?? this.#deleteButton;
    placeAfter(edit, this.#deleteControls, controls);
    this.#deleteControls = controls;
  }

  #updateReplies(id: string, replies: RepliesState | null, previous: Node): void {
    if (!replies) {
      this.#toggle = detach(this.#toggle);
      this.replyList = detach(this.replyList);
      return;
    }
    this.#toggle ??= button(
      { part: 'toggle-replies', class: 'toggle', 'data-action': 'toggle' },
      '',
    );
    const toggle = this.#toggle;
    setAttribute(toggle, 'aria-expanded', replies.collapsed ? 'false' : 'true');
    setAttribute(toggle, 'aria-controls', `replies-${id}`);
    setText(toggle, replies.toggleLabel);
    placeAfter(previous, null, toggle);

    this.replyList ??= element('ol', { part: 'replies' });
    const list = this.replyList;
    setAttribute(list, 'class', replies.flat ? 'replies flat' : 'replies');
    setAttribute(list, 'id', `replies-${id}`);
    list.hidden = replies.collapsed;
    placeAfter(toggle, null, list);
  }
}

/**
 * Makes `list`'s children exactly `items`, in order, moving and removing as few nodes as it can
 * (a keyed list: the items are kept views' elements).
 */
export function syncChildren(list: Element, items: readonly Node[]): void {
  let cursor = list.firstChild;
  for (const item of items) {
    if (item === cursor) cursor = cursor.nextSibling;
    else list.insertBefore(item, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    list.removeChild(cursor);
    cursor = next;
  }
}
