import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { yieldToBrowser } from '../render/tasks.js';

/** What the scheduler renders a slice at a time (the thread renderer). */
export interface SliceWork {
  /** Whether anything is left to render. */
  pending(): boolean;
  /** Lets up to `count` more comments' worth of work into the next update. */
  advance(count: number): void;
}

export interface SchedulerOptions {
  /** Resolves in a later task (tests pass their own). */
  yieldToBrowser?: () => Promise<void>;
  now?: () => number;
}

/** The most comments one step adds (fewer when comments have been measured to be slow). */
const STEP_COMMENTS = 20;
/**
 * Steps run back to back within one task for about this long before yielding. The browser paints
 * between slices, so a thread renders at about one slice per frame: shorter slices left the main
 * thread idle much of each frame, longer ones and the layout of their frames made tasks of 100 ms
 * or more at 5,000 comments (docs/performance.md).
 */
const SLICE_MS = 16;
/**
 * The most comments one slice adds, however cheap they were to render: a subtree shown again costs
 * little script but all of its layout in the frame that follows.
 */
const SLICE_COMMENTS = 60;

/**
 * Renders pending work in slices: steps of a few comments, each one update of the host, back to
 * back for about SLICE_MS, then a yield so that input and paint are never held up for long. A
 * step adds what fits in the rest of the slice at the cost per comment the earlier steps
 * measured, so slow comments (rich bodies, a busy machine) make smaller steps.
 */
export class RenderScheduler implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #work: SliceWork;
  readonly #yield: () => Promise<void>;
  readonly #now: () => number;
  #scheduled = false;
  #connected = false;
  /** Rendering cost per comment measured so far, in ms. */
  #msPerComment = 1;

  constructor(host: ReactiveControllerHost, work: SliceWork, options: SchedulerOptions = {}) {
    this.#host = host;
    this.#work = work;
    this.#yield = options.yieldToBrowser ?? yieldToBrowser;
    this.#now = options.now ?? (() => performance.now());
    host.addController(this);
  }

  /** Whether a slice is waiting or running (the element reads no styles meanwhile). */
  get busy(): boolean {
    return this.#scheduled;
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
  }

  /** Starts slicing if there is work and no slice is waiting already. */
  schedule(): void {
    if (this.#scheduled || !this.#work.pending()) return;
    this.#scheduled = true;
    void this.#yield().then(() => this.#slice());
  }

  async #slice(): Promise<void> {
    const started = this.#now();
    let added = 0;
    try {
      while (this.#connected && this.#work.pending() && added < SLICE_COMMENTS) {
        const stepStart = this.#now();
        const room = Math.floor((started + SLICE_MS - stepStart) / this.#msPerComment);
        const step = Math.max(1, Math.min(STEP_COMMENTS, SLICE_COMMENTS - added, room));
        this.#work.advance(step);
        this.#host.requestUpdate();
        await this.#host.updateComplete;
        added += step;
        const cost = (this.#now() - stepStart) / step;
        this.#msPerComment = Math.max(0.05, (this.#msPerComment + cost) / 2);
        if (this.#now() - started >= SLICE_MS) break;
      }
    } finally {
      this.#scheduled = false;
    }
    if (this.#connected) this.schedule();
  }
}
