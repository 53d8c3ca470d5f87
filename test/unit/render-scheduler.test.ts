import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { RenderScheduler, type SliceWork } from '../../src/controllers/render-scheduler.js';

/** A host whose updates cost nothing, and tasks the test runs one at a time. */
class Harness implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  /** The fake clock, in ms. */
  time = 0;
  readonly #tasks: Array<() => void> = [];

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
  }
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
  yieldToBrowser = (): Promise<void> => new Promise((resolve) => this.#tasks.push(resolve));
  get waiting(): number {
    return this.#tasks.length;
  }
  /** Runs the next task (a slice) to its end. */
  async runTask(): Promise<void> {
    this.#tasks.shift()?.();
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }
}

/** `total` comments of work, each costing `cost` ms of the harness's clock. */
function work(harness: Harness, total: number, cost: number): SliceWork & { steps: number[] } {
  let left = total;
  const steps: number[] = [];
  return {
    steps,
    pending: () => left > 0,
    advance(count) {
      const taken = Math.min(count, left);
      steps.push(taken);
      left -= taken;
      harness.time += taken * cost;
    },
  };
}

function scheduler(harness: Harness, slices: SliceWork): RenderScheduler {
  const result = new RenderScheduler(harness, slices, {
    yieldToBrowser: harness.yieldToBrowser,
    now: () => harness.time,
  });
  harness.connect();
  return result;
}

describe('RenderScheduler', () => {
  it('renders steps back to back for about 16 ms, then yields, until nothing is left', async () => {
    const harness = new Harness();
    const slices = work(harness, 60, 1);
    const renderer = scheduler(harness, slices);
    renderer.schedule();
    renderer.schedule();
    expect(harness.waiting).to.equal(1);
    expect(renderer.busy).to.equal(true);
    await harness.runTask();
    // 1 ms a comment: 16 fit in the slice.
    expect(slices.steps).to.deep.equal([16]);
    expect(harness.updates).to.equal(1);
    expect(harness.waiting).to.equal(1);
    while (harness.waiting) await harness.runTask();
    expect(slices.steps.reduce((a, b) => a + b, 0)).to.equal(60);
    expect(Math.max(...slices.steps)).to.be.at.most(20);
    expect(renderer.busy).to.equal(false);
  });

  it('makes smaller steps once comments are measured to be slow', async () => {
    const harness = new Harness();
    const slices = work(harness, 40, 8);
    const renderer = scheduler(harness, slices);
    renderer.schedule();
    await harness.runTask();
    await harness.runTask();
    await harness.runTask();
    // The first guess (1 ms) lets 16 in; measured at 8 ms, the next slices take 3, then 2.
    expect(slices.steps.slice(0, 3)).to.deep.equal([16, 3, 2]);
  });

  it('adds at most 60 comments in one slice, however cheap they are', async () => {
    const harness = new Harness();
    const slices = work(harness, 500, 0.001);
    const renderer = scheduler(harness, slices);
    renderer.schedule();
    await harness.runTask();
    expect(slices.steps.reduce((a, b) => a + b, 0)).to.equal(60);
    expect(harness.waiting).to.equal(1);
  });

  it('does nothing without work, and stops when the host is disconnected', async () => {
    const harness = new Harness();
    const none = scheduler(harness, work(harness, 0, 1));
    none.schedule();
    expect(harness.waiting).to.equal(0);

    const other = new Harness();
    const slices = work(other, 100, 1);
    const renderer = scheduler(other, slices);
    renderer.schedule();
    other.disconnect();
    await other.runTask();
    expect(slices.steps).to.deep.equal([]);
    expect(other.waiting).to.equal(0);
    expect(renderer.busy).to.equal(false);
  });
});
