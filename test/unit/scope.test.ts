import { expect } from '@open-wc/testing';
import { Scope } from '../../src/controllers/scope.js';

/** Whether the promise settled within a few tasks, and how. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('pending'), 50));
  return Promise.race([
    promise.then(
      (value) => `resolved ${String(value)}`,
      (error: unknown) => `rejected ${String(error)}`,
    ),
    timeout,
  ]);
}

describe('Scope', () => {
  it('delivers answers while active', async () => {
    const scope = new Scope();
    expect(scope.active).to.equal(true);
    expect(await outcome(scope.keep(Promise.resolve(1)))).to.equal('resolved 1');
    expect(await outcome(scope.keep(Promise.reject(new Error('no'))))).to.equal(
      'rejected Error: no',
    );
  });

  it('drops answers that arrive after it ended, and aborts its signal', async () => {
    const scope = new Scope();
    let answer!: (value: string) => void;
    let refuse!: (error: Error) => void;
    const late = scope.keep(new Promise<string>((resolve) => (answer = resolve)));
    const failing = scope.keep(new Promise<string>((_, reject) => (refuse = reject)));
    let aborted = false;
    scope.signal.addEventListener('abort', () => (aborted = true));
    scope.end();
    answer('stale');
    refuse(new Error('stale'));
    expect(aborted).to.equal(true);
    expect(scope.active).to.equal(false);
    expect(await outcome(late)).to.equal('pending');
    expect(await outcome(failing)).to.equal('pending');
    expect(await outcome(scope.keep(Promise.resolve('after')))).to.equal('pending');
  });

  it('stops the code awaiting through it', async () => {
    const scope = new Scope();
    const steps: string[] = [];
    const run = async () => {
      steps.push('before');
      await scope.keep(new Promise((resolve) => setTimeout(resolve, 10)));
      steps.push('after');
    };
    void run();
    scope.end();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(steps).to.deep.equal(['before']);
  });
});
