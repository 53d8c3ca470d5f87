import type { CommentWithPage } from './storage/comments.js';
import type { StreamMessage } from './streams.js';
import { commentHead, commentTail } from './thread-view.js';

/**
 * After an edit of a comment reaches the streams, further edits of it wait this long, and only
 * the newest is sent: a burst of edits (each up to 60 KB, to every stream of the page) costs two
 * messages per comment, and a steady flood one per window.
 */
export const EDIT_MERGE_WINDOW_MS = 2_000;

/** A message of live.ts's, with what merging needs to know of it. */
export interface LiveMessage extends StreamMessage {
  /** The comment it is about: absent for page messages. */
  commentId?: number;
  /** The oldest event it reflects. */
  first?: number;
  /** Made by edits alone: the next edit's message may replace it. */
  edit?: boolean;
  /** The comment as it stood (vote messages): a held edit takes its votes. */
  comment?: CommentWithPage;
}

/** setTimeout and clearTimeout, or a test's clock. */
export interface MergeTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EditMergeOptions {
  windowMs?: number;
  timers?: MergeTimers;
}

/** Publishes to a page's streams; `upTo` as in StreamHub.publish. */
export type PublishTo = (page: string, messages: readonly StreamMessage[], upTo: number) => void;

/** An edited comment's window: open while its last sent edit is recent. */
interface Window {
  readonly page: string;
  readonly commentId: number;
  handle: unknown;
  /** The newest edit not sent yet. */
  held: LiveMessage | null;
  /** The oldest event no stream was sent, of those `held` reflects. */
  firstHeld: number;
}

const realTimers: MergeTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Merges repeated edit broadcasts. The first edit of a comment goes out at once and opens a
 * window; edits within it are held, the newest replacing the others, and sent when it closes
 * (which opens the next). Anything else about the comment (a delete, a hide, an approval, a pin)
 * goes out at once carrying its newest state and drops the held edit, which then never follows
 * it; a vote goes out at once and gives the held edit its counts.
 *
 * Replay stays exact: while a page holds an edit, its messages carry `id:`s older than the held
 * edit's first event (usually none at all), so a client that reconnects meanwhile is replayed
 * the edit; the held edit, when sent, brings the id up to date.
 */
export class EditMerger {
  readonly #publish: PublishTo;
  readonly #windowMs: number;
  readonly #timers: MergeTimers;
  readonly #windows = new Map<number, Window>();
  readonly #heldOn = new Map<string, Set<Window>>();
  #closed = false;

  constructor(publish: PublishTo, options: EditMergeOptions = {}) {
    this.#publish = publish;
    this.#windowMs = options.windowMs ?? EDIT_MERGE_WINDOW_MS;
    this.#timers = options.timers ?? realTimers;
  }

  /** Whether the page has an edit held back. */
  holds(page: string): boolean {
    return this.#heldOn.has(page);
  }

  /** Sends one batch's messages of a page (in id order), holding back repeated edits. */
  publish(page: string, messages: readonly LiveMessage[]): void {
    const now: LiveMessage[] = [];
    for (const message of messages) {
      const window =
        message.commentId === undefined ? undefined : this.#windows.get(message.commentId);
      if (this.#closed || message.commentId === undefined) {
        now.push(message);
      } else if (!window) {
        if (message.edit) this.#open(page, message.commentId);
        now.push(message);
      } else if (message.edit) {
        if (!window.held) this.#hold(window, message.first ?? message.id);
        window.held = message;
      } else {
        if (window.held) this.#refresh(window, message);
        now.push(message);
      }
    }
    if (now.length > 0) this.#publish(page, now, this.upTo(page));
  }

  /** Sends every held edit and stops every timer (shutdown); later batches pass straight on. */
  close(): void {
    this.#closed = true;
    const byPage = new Map<string, LiveMessage[]>();
    for (const window of this.#windows.values()) {
      this.#timers.clear(window.handle);
      if (!window.held) continue;
      const list = byPage.get(window.page) ?? [];
      byPage.set(window.page, [...list, window.held]);
    }
    this.#windows.clear();
    this.#heldOn.clear();
    for (const [page, held] of byPage) {
      this.#publish(
        page,
        held.sort((a, b) => a.id - b.id),
        Infinity,
      );
    }
  }

  #open(page: string, commentId: number): void {
    const window: Window = { page, commentId, handle: null, held: null, firstHeld: 0 };
    window.handle = this.#timers.set(() => this.#end(window), this.#windowMs);
    this.#windows.set(commentId, window);
  }

  #hold(window: Window, first: number): void {
    window.firstHeld = first;
    let held = this.#heldOn.get(window.page);
    if (!held) this.#heldOn.set(window.page, (held = new Set()));
    held.add(window);
  }

  #release(window: Window): void {
    window.held = null;
    const held = this.#heldOn.get(window.page);
    held?.delete(window);
    if (held?.size === 0) this.#heldOn.delete(window.page);
  }

  /** Another message about a comment whose edit is held: it is newer than the held edit. */
  #refresh(window: Window, message: LiveMessage): void {
    const held = window.held!;
    if (message.event === 'vote' && message.comment) {
      const data = commentHead(message.comment) + commentTail(0, false);
      window.held = { ...held, id: Math.max(held.id, message.id), data };
    } else {
      // A delete, a hide, an approval, a pin: it carries the newest state; the edit must not
      // follow it.
      this.#release(window);
    }
  }

  /** The window closes: the held edit goes out and opens the next; without one, it ends. */
  #end(window: Window): void {
    const held = window.held;
    if (!held) {
      this.#windows.delete(window.commentId);
      return;
    }
    this.#release(window);
    window.handle = this.#timers.set(() => this.#end(window), this.#windowMs);
    this.#publish(window.page, [held], this.upTo(window.page));
  }

  /** Every message of the page up to this id has been published (Infinity: none is held). */
  upTo(page: string): number {
    const held = this.#heldOn.get(page);
    if (!held) return Infinity;
    let first = Infinity;
    for (const window of held) first = Math.min(first, window.firstHeld);
    return first - 1;
  }
}
