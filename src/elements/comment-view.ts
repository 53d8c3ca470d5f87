import type { Author } from '../protocol/index.js';
import { avatarElement } from '../render/avatar.js';
import { element, placeAfter, setText, svgElement } from '../render/dom.js';
import { safeHttpUrl } from '../render/url.js';

/*
 * One comment's DOM, built and updated with DOM calls instead of a Lit template.
 *
 * Why: a Lit template instance keeps a part object (and marker comments) for every binding, and a
 * comment has about thirty. In a 1,000-comment thread those parts were most of the widget's heap
 * and most of its render time (issue 5, bench/RESULTS.md). A view clones a prebuilt skeleton, keeps
 * references to the dozen nodes that can change, and updates them in place, so focus and the
 * composers' drafts survive every update just as with Lit.
 *
 * Safety: nothing here parses HTML. Every value goes in as a text node, an attribute or an element
 * built by the caller (bodies come from renderPlain or renderRich, which parse no HTML either).
 */

/** What a comment shows; the element computes it, the view only puts it into the DOM. */
export interface CommentState {
  id: string;
  depth: number;
  highlighted: boolean;
  /** The tombstone text of a deleted comment; null for a live one. */
  tombstone: string | null;
  live: LiveState | null;
  notice: string | null;
  /** The reply form (a composer element kept by the element), or null. */
  replyForm: Element | null;
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
  /** Content of the "in reply to …" line, or null. */
  inReplyTo: Node[] | null;
  /**
   * The edit form, or the body: its source and variant (say, images on or off) and how to render
   * it. The view renders a body once and keeps it until the source or the variant changes.
   */
  body: Element | { source: string; variant: number; render: () => Element };
  actionsLabel: string;
  upLabel: string;
  downLabel: string;
  scoreLabel: string;
  myVote: -1 | 0 | 1;
  score: number;
  /** The Reply button, or null when the thread is locked. */
  reply: { label: string; expanded: boolean } | null;
  /** Edit and delete, for the reader's own comments. */
  own: OwnState | null;
}

export interface OwnState {
  editLabel: string;
  editing: boolean;
  deleteLabel: string;
  /** The "Delete this comment?" question with its yes/no labels, while it is asked. */
  confirm: { question: string; yes: string; no: string } | null;
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

let liveSkeleton: HTMLLIElement | null = null;

/** The parts of a live comment that every comment has, built once and cloned (a native deep copy). */
function cloneLiveSkeleton(): HTMLLIElement {
  liveSkeleton ??= element(
    'li',
    {},
    element(
      'article',
      { part: 'comment', class: 'comment', tabindex: '-1' },
      element(
        'header',
        { part: 'header', class: 'header' },
        element('h3', { part: 'author', class: 'author' }, element('bdi')),
        element('time', { part: 'time' }),
      ),
      element(
        'div',
        { part: 'actions', class: 'actions', role: 'group' },
        voteButton('up', 'M8 3l6 8H2z'),
        element('span', { class: 'visually-hidden' }),
        element('span', { part: 'score', class: 'score' }),
        voteButton('down', 'M8 13L2 5h12z'),
      ),
    ),
  );
  return liveSkeleton.cloneNode(true) as HTMLLIElement;
}

/** Sets an attribute only when it changes (an unchanged write still costs style invalidation). */
function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function detach(node: Node | null): null {
  node?.parentNode?.removeChild(node);
  return null;
}

/** One comment's `<li>`, kept by the element per comment and updated in place. */
export class CommentView {
  readonly li: HTMLLIElement;
  readonly article: HTMLElement;
  readonly deleted: boolean;
  // What the subtree was last rendered from (see isCurrent); numbers, so nothing is allocated.
  #renderedVersion = -1;
  #renderedRevision = -1;
  #renderedBudget = -1;
  #renderedContext = -1;
  /** The `<ol>` of replies, when the comment shows any; the element fills it. */
  replyList: HTMLOListElement | null = null;

  #avatarAuthor: Author | null = null;
  #shownName: string | null = null;
  #shownWebsite: string | null = null;
  #markerNodes: HTMLElement[] | null = null;
  #shownEdited: LiveState['edited'] = null;
  #shownPending: string | null = null;
  #inReplyToNode: HTMLElement | null = null;
  /** What stands where the body goes: the body, or the edit form. */
  #bodyNode: Element | null = null;
  /** The rendered body, kept while the edit form stands in its place. */
  #renderedBody: Element | null = null;
  #bodySource: string | null = null;
  #bodyVariant = -1;
  #actionsNode: HTMLElement | null = null;
  #replyButton: HTMLElement | null = null;
  #editButton: HTMLButtonElement | null = null;
  #deleteControls: HTMLElement | null = null;
  #shownDeleteKey = '';
  #tombstoneNode: HTMLElement | null = null;
  #noticeNode: HTMLElement | null = null;
  #replyFormNode: Element | null = null;
  #toggleButton: HTMLElement | null = null;

  constructor(deleted: boolean) {
    this.deleted = deleted;
    if (deleted) {
      this.#tombstoneNode = element('p', { part: 'tombstone', class: 'tombstone' });
      this.article = element(
        'article',
        { part: 'comment', class: 'comment', tabindex: '-1' },
        this.#tombstoneNode,
      );
      this.li = element('li', {}, this.article);
      return;
    }
    this.li = cloneLiveSkeleton();
    this.article = this.li.firstChild as HTMLElement;
    this.#actionsNode = this.article.lastChild as HTMLElement;
  }

  /** Whether the subtree was rendered from exactly these (the element's cache key). */
  isCurrent(version: number, revision: number, budget: number, context: number): boolean {
    return (
      version === this.#renderedVersion &&
      revision === this.#renderedRevision &&
      budget === this.#renderedBudget &&
      context === this.#renderedContext
    );
  }

  markCurrent(version: number, revision: number, budget: number, context: number): void {
    this.#renderedVersion = version;
    this.#renderedRevision = revision;
    this.#renderedBudget = budget;
    this.#renderedContext = context;
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
    if (state.live) {
      this.#updateLive(id, state.live, article.firstChild as HTMLElement);
      previous = this.#actionsNode!;
    } else {
      const tombstone = this.#tombstoneNode!;
      setAttribute(tombstone, 'id', `author-${id}`);
      setText(tombstone, state.tombstone ?? '');
      previous = tombstone;
    }

    // After the comment's own content: notice, reply form, then the replies' toggle and list.
    const notice = state.notice;
    if (notice !== null) {
      this.#noticeNode ??= element('p', { part: 'error', class: 'error', role: 'alert' });
      setText(this.#noticeNode, notice);
    }
    const shownNotice = notice !== null ? this.#noticeNode : null;
    previous = placeAfter(previous, this.#noticeNode, shownNotice);
    this.#noticeNode = shownNotice;
    previous = placeAfter(previous, this.#replyFormNode, state.replyForm);
    this.#replyFormNode = state.replyForm;
    this.#updateReplies(id, state.replies, previous);
  }

  #updateLive(id: string, live: LiveState, header: HTMLElement): void {
    const author = live.author;
    const before = this.#avatarAuthor;
    if (!before || before.avatar !== author.avatar || before.name !== author.name) {
      const avatar = avatarElement(author);
      if (before) header.firstChild!.replaceWith(avatar);
      else header.prepend(avatar);
      this.#avatarAuthor = author;
    }

    // The header is [avatar, heading, time, markers…]; the heading holds the name's <bdi>.
    const [, heading, time] = header.children as unknown as [Element, HTMLElement, HTMLElement];
    setAttribute(heading, 'id', `author-${id}`);
    const website = safeHttpUrl(author.url);
    if (website !== this.#shownWebsite || live.name !== this.#shownName) {
      this.#shownWebsite = website;
      this.#shownName = live.name;
      (heading.firstChild as Element).replaceChildren(
        website
          ? element(
              'a',
              { href: website, rel: 'nofollow ugc noopener noreferrer', target: '_blank' },
              live.name,
            )
          : live.name,
      );
    }

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
      for (const marker of this.#markerNodes ?? []) marker.remove();
      this.#markerNodes = [];
      if (edited) {
        this.#markerNodes.push(
          element(
            'span',
            { part: 'edited', class: 'meta', title: edited.title },
            `(${edited.text})`,
          ),
        );
      }
      if (live.pending !== null) {
        this.#markerNodes.push(element('span', { part: 'status', class: 'badge' }, live.pending));
      }
      header.append(...this.#markerNodes);
    }

    const actions = this.#actionsNode!;
    let inReplyTo: HTMLElement | null = null;
    if (live.inReplyTo) {
      inReplyTo = element('p', { part: 'in-reply-to', class: 'in-reply-to' }, ...live.inReplyTo);
    }
    const body = live.body;
    let shownBody: Element;
    if (body instanceof Element) {
      shownBody = body;
    } else {
      if (
        !this.#renderedBody ||
        this.#bodySource !== body.source ||
        this.#bodyVariant !== body.variant
      ) {
        this.#renderedBody = body.render();
        this.#bodySource = body.source;
        this.#bodyVariant = body.variant;
      }
      shownBody = this.#renderedBody;
    }
    placeAfter(placeAfter(header, this.#inReplyToNode, inReplyTo), this.#bodyNode, shownBody);
    this.#inReplyToNode = inReplyTo;
    this.#bodyNode = shownBody;

    setAttribute(actions, 'aria-label', live.actionsLabel);
    // The actions start [up, score label, score, down], as in the skeleton.
    const [up, scoreLabel, score, down] = actions.children as unknown as HTMLElement[];
    setAttribute(up, 'aria-pressed', live.myVote === 1 ? 'true' : 'false');
    setAttribute(up, 'aria-label', live.upLabel);
    setText(scoreLabel!, live.scoreLabel);
    setText(score!, String(live.score));
    setAttribute(down, 'aria-pressed', live.myVote === -1 ? 'true' : 'false');
    setAttribute(down, 'aria-label', live.downLabel);

    const reply = live.reply;
    if (reply) {
      this.#replyButton ??= button({ part: 'reply-button', 'data-action': 'reply' }, '');
      setAttribute(this.#replyButton, 'aria-expanded', reply.expanded ? 'true' : 'false');
      setText(this.#replyButton, reply.label);
    }
    const shownReply = reply ? this.#replyButton : null;
    this.#updateOwn(live.own, placeAfter(down, this.#replyButton, shownReply));
    this.#replyButton = shownReply;
  }

  #updateOwn(own: OwnState | null, previous: Node): void {
    if (!own) {
      this.#editButton = detach(this.#editButton);
      this.#deleteControls = detach(this.#deleteControls);
      this.#shownDeleteKey = '';
      return;
    }
    this.#editButton ??= button({ part: 'edit-button', 'data-action': 'edit' }, '');
    this.#editButton.disabled = own.editing;
    setText(this.#editButton, own.editLabel);
    placeAfter(previous, null, this.#editButton);

    // Rebuilt only when what it asks changes, so a focused button is not replaced under the reader.
    const confirm = own.confirm;
    const deleteKey = confirm
      ? `${confirm.question}\n${confirm.yes}\n${confirm.no}`
      : `\n${own.deleteLabel}`;
    if (deleteKey !== this.#shownDeleteKey) {
      this.#shownDeleteKey = deleteKey;
      const controls = confirm
        ? element(
            'span',
            { class: 'confirm', role: 'group', 'aria-label': confirm.question },
            element('span', { 'aria-hidden': 'true' }, confirm.question),
            button(
              { part: 'confirm-delete', class: 'danger', 'data-action': 'confirm-delete' },
              confirm.yes,
            ),
            button({ part: 'cancel-delete', 'data-action': 'cancel-delete' }, confirm.no),
          )
        : button({ part: 'delete-button', 'data-action': 'delete' }, own.deleteLabel);
      placeAfter(this.#editButton, this.#deleteControls, controls);
      this.#deleteControls = controls;
    } else {
      placeAfter(this.#editButton, null, this.#deleteControls);
    }
  }

  #updateReplies(id: string, replies: RepliesState | null, previous: Node): void {
    if (!replies) {
      this.#toggleButton = detach(this.#toggleButton);
      this.replyList = detach(this.replyList);
      return;
    }
    this.#toggleButton ??= button(
      { part: 'toggle-replies', class: 'toggle', 'data-action': 'toggle' },
      '',
    );
    const toggle = this.#toggleButton;
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
