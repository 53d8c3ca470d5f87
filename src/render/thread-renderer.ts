import type { UiState } from '../controllers/ui-state.js';
import type { Localizer, MessageKey } from '../i18n/localizer.js';
import type { Thread, ThreadNode } from '../model/thread.js';
import { countShown, isShown, listedBy, listedReplies } from '../model/tree.js';
import { BodyRenderer } from './bodies.js';
import { RenderBudget } from './budget.js';
import { CommentView, NO_FORMS, syncChildren, type LiveState } from './comment-view.js';
import { element } from './dom.js';
import { mentionLink } from './plain.js';

/** Everything besides the thread that the comments show. */
export interface RenderContext {
  ui: UiState;
  localizer: Localizer;
  /** The time relative times are counted from. */
  clock: number;
  locked: boolean;
  /** Reply depth after which replies are listed flat (`--confab-max-depth`). */
  maxDepth: number;
  allowImages: boolean;
  /**
   * The open form with this key (`reply:<id>`, `edit:<id>`, `report:<id>`, and `confirm:<id>` for
   * the delete confirmation), or null.
   */
  form(key: string): Element | null;
}

/** The context values every comment shows; when one changes, every comment is shown again. */
/**
 * Puts a thread into the DOM as one CommentView per comment (comment-view.ts), a slice at a time
 * (budget.ts). Each view is keyed by one number, its node's `version`: the model bumps it when
 * the comment or anything below it changes, and everything else a comment shows marks it through
 * `Thread.touch` (the interface state, the budget, `invalidateAll` for the language), so an
 * unchanged view skips its whole subtree. Rendering writes the DOM and nothing else: the forms it
 * places are made and dropped by their controllers.
 */
export class ThreadRenderer {
  readonly budget = new RenderBudget();
  readonly bodies = new BodyRenderer();
  #thread: Thread | null = null;
  #views = new Map<string, CommentView>();
  /** The context `prepare` was last given. */
  #shared: RenderContext | null = null;
  /** Comments whose Markdown body was shown as source and waits for the rich renderer. */
  #refresh: string[] = [];
  /** Comments whose relative time is behind the clock, shown again a slice at a time. */
  #late: string[] = [];

  /** A new thread: no views yet, its first `firstScreen` comments let in. */
  reset(thread: Thread | null, firstScreen = 0): void {
    this.#thread = thread;
    this.#views.clear();
    this.#refresh = [];
    this.#late = [];
    this.#shared = null;
    this.budget.reset(thread?.roots ?? [], firstScreen);
  }

  /** Every comment is shown again at the next render (the language's texts arrived). */
  invalidateAll(): void {
    this.#thread?.touchAll();
  }

  /** The rich renderer arrived: the Markdown bodies shown as source are rendered again. */
  refreshRich(): void {
    this.#refresh = [];
    for (const [id, view] of this.#views) if (view.bodyVariant !== null) this.#refresh.push(id);
  }

  pending(): boolean {
    return (
      this.budget.pending() ||
      (this.bodies.richReady && this.#refresh.length > 0) ||
      this.#late.length > 0
    );
  }

  /** The next `count` comments' worth: rich bodies first, then new comments, then late times. */
  advance(count: number): void {
    const thread = this.#thread;
    if (!thread) return;
    const touch = (ids: string[]) => {
      const nodes = ids.splice(0, count).map((id) => thread.get(id));
      thread.touch(...nodes.filter((node) => node !== undefined));
    };
    if (this.bodies.richReady && this.#refresh.length > 0) {
      touch(this.#refresh);
    } else if (this.budget.pending()) {
      // New comments are shown by the comment that lists them; the ones between (a chain listed
      // flat past the nesting limit) stay as they are.
      const listers = this.budget.grow(count).map(listedBy);
      thread.touch(...listers.filter((node) => node !== null));
    } else {
      touch(this.#late);
    }
  }

  /** The comment's `<article>`, when it is in the DOM. */
  article(id: string): HTMLElement | null {
    const article = this.#views.get(id)?.article;
    return article?.isConnected ? article : null;
  }

  /**
   * Takes the context of the next render, before it: a change that every comment shows marks
   * them all, the clock's minute marks them a slice at a time. The render then only writes.
   */
  prepare(context: RenderContext): void {
    const thread = this.#thread;
    const shared = this.#shared;
    if (
      shared?.localizer !== context.localizer ||
      shared.locked !== context.locked ||
      shared.maxDepth !== context.maxDepth ||
      shared.allowImages !== context.allowImages
    ) {
      if (shared) thread?.touchAll();
      this.#late = [];
    } else if (shared.clock !== context.clock) {
      // Only the clock moved (every minute): the times catch up a slice at a time, since showing
      // every comment again at once took one long task at thousands of comments.
      this.#late = [...this.#views.keys()];
    }
    this.#shared = { ...context };
  }

  /** Writes the thread into `list` as `prepare` last described it. */
  render(list: HTMLOListElement): void {
    const thread = this.#thread;
    const context = this.#shared;
    if (!thread || !context) return;
    syncChildren(
      list,
      thread.roots
        .filter((root) => this.budget.includes(root) && isShown(root))
        .map((root) => this.#viewOf(thread, root, context).li),
    );
  }

  #viewOf(thread: Thread, node: ThreadNode, context: RenderContext): CommentView {
    const comment = node.comment;
    const id = comment.id;
    const deleted = comment.status === 'deleted';
    let view = this.#views.get(id);
    if (view?.deleted === deleted && view.key === node.version) return view;
    if (!view || view.deleted !== deleted) {
      view = new CommentView(deleted);
      this.#views.set(id, view);
    }
    const { ui, localizer } = context;
    const replies = listedReplies(node);
    const collapsed = ui.isCollapsed(id);
    const report = deleted ? null : context.form(`report:${id}`);
    const reply = deleted ? null : context.form(`reply:${id}`);
    const forms = report || reply ? [report, reply].filter((form) => form !== null) : NO_FORMS;
    view.update({
      id,
      depth: node.depth,
      highlighted: ui.highlighted === id,
      tombstone: deleted ? localizer.t('comment.deleted') : null,
      live: deleted ? null : this.#live(thread, node, context),
      notice: ui.notice(id),
      status: ui.isReported(id) ? localizer.t('comment.reported') : null,
      forms,
      replies: replies.length
        ? {
            toggleLabel: localizer.t(collapsed ? 'comment.showReplies' : 'comment.hideReplies', {
              count: countShown(node.children),
            }),
            collapsed,
            flat: node.depth + 1 > context.maxDepth,
          }
        : null,
    });
    if (view.replyList) {
      syncChildren(
        view.replyList,
        collapsed
          ? []
          : replies
              .filter((reply) => this.budget.includes(reply))
              .map((reply) => this.#viewOf(thread, reply, context).li),
      );
    }
    view.key = node.version;
    return view;
  }

  #live(thread: Thread, node: ThreadNode, context: RenderContext): LiveState {
    const { localizer, ui, allowImages } = context;
    const t = (key: MessageKey, params?: Record<string, string>) => localizer.t(key, params);
    const comment = node.comment;
    const id = comment.id;
    const name = comment.author.name || t('comment.anonymous');
    const parent = node.parent;
    const editForm = context.form(`edit:${id}`);
    return {
      author: comment.author,
      name,
      createdAt: comment.createdAt,
      exactTime: localizer.exact(comment.createdAt),
      relativeTime: localizer.relative(comment.createdAt, context.clock),
      edited: comment.editedAt
        ? { title: localizer.exact(comment.editedAt), text: t('comment.edited') }
        : null,
      pending: comment.status === 'pending' ? t('comment.pending') : null,
      verified: comment.author.verified ? t('comment.verified') : null,
      inReplyTo:
        parent && node.depth > context.maxDepth
          ? withName(
              t('comment.inReplyTo'),
              mentionLink(parent.comment.author.name || t('comment.anonymous'), parent.comment.id),
            )
          : null,
      body: editForm ?? {
        source: comment.body,
        variant: this.bodies.variant(allowImages),
        render: () => this.bodies.render(thread, node, allowImages),
      },
      actionsLabel: t('comment.actions', { name }),
      upLabel: t('comment.voteUp'),
      downLabel: t('comment.voteDown'),
      scoreLabel: t('comment.score'),
      myVote: comment.myVote,
      score: comment.votes.up - comment.votes.down,
      reply: context.locked
        ? null
        : { label: t('comment.reply'), expanded: ui.isOpen('reply', id) },
      report: comment.mine
        ? null
        : { label: t('comment.report'), expanded: ui.isOpen('report', id) },
      own: comment.mine
        ? {
            editLabel: t('comment.edit'),
            editing: editForm !== null,
            deleteLabel: t('comment.delete'),
            confirm: context.form(`confirm:${id}`),
          }
        : null,
    };
  }
}

/** A message with `{name}` replaced by a node; the name stays inside a `<bdi>`. */
function withName(message: string, name: Node): Node[] {
  const [before = '', after = ''] = message.split('{name}');
  return [
    document.createTextNode(before),
    element('bdi', {}, name),
    document.createTextNode(after),
  ];
}
