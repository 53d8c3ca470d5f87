import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

/**
 * A reactive controller host without an element, for testing controllers on their own: it keeps
 * its controllers, counts update requests and connects them when told.
 */
export class ControllerHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }

  removeController(controller: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(controller), 1);
  }

  requestUpdate(): void {
    this.updates++;
  }

  get updateComplete(): Promise<boolean> {
    return new Promise((resolve) => setTimeout(() => resolve(true), 0));
  }

  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
  }

  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }

  /** Runs the controllers' after-update step, as an element does after each update. */
  updated(): void {
    for (const controller of this.controllers) controller.hostUpdated?.();
  }
}
