/**
 * Mounting the real <confab-comments> element for the security tests, with the canary installed in
 * the same task as the element is attached (before any server answer can be rendered).
 */
import '../../../src/define.js';
import { installCanary, whenQuiet, type Canary } from './oracle.js';

/** What the tests need of the element: the host page's view of it (an HTMLElement that updates). */
export type WidgetElement = HTMLElement & { updateComplete: Promise<boolean> };

export interface Mounted {
  element: WidgetElement;
  root: ShadowRoot;
  canary: Canary;
  /** Stops the canary, removes the element; returns what the canary saw. */
  unmount(): { calls: string[]; outside: string[] };
}

export interface MountOptions {
  endpoint: string;
  page: string;
  allowImages?: boolean;
  attributes?: Record<string, string>;
  /** Where to attach the element (default: document.body). */
  parent?: Element;
  /** Wait for confab-loaded, then for the shadow tree to settle (default true). */
  waitForRender?: boolean;
  /** How long to wait for confab-loaded (default 15 s). */
  loadTimeoutMs?: number;
}

export function nextEvent<T extends Event = Event>(
  target: EventTarget,
  type: string,
  timeoutMs = 15000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: Event) => {
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}

export async function mount(options: MountOptions): Promise<Mounted> {
  const element = document.createElement('confab-comments') as unknown as WidgetElement;
  element.setAttribute('endpoint', options.endpoint);
  element.setAttribute('page', options.page);
  element.setAttribute('loading', 'eager');
  if (options.allowImages) element.setAttribute('allow-images', '');
  for (const [name, value] of Object.entries(options.attributes ?? {}))
    element.setAttribute(name, value);
  const waiting = options.waitForRender ?? true;
  const loaded = waiting ? nextEvent(element, 'confab-loaded', options.loadTimeoutMs) : null;
  (options.parent ?? document.body).append(element);
  // Same task as the append: Lit renders in a microtask and the thread arrives much later.
  const canary = installCanary(() => element);
  let unmounted = false;
  const mounted: Mounted = {
    element,
    root: element.shadowRoot!,
    canary,
    unmount() {
      const seen = unmounted ? { calls: [], outside: [] } : canary.uninstall();
      unmounted = true;
      element.remove();
      return seen;
    },
  };
  if (loaded) {
    try {
      await loaded;
      await element.updateComplete;
      await whenQuiet(element.shadowRoot!, 300, options.loadTimeoutMs ?? 20_000);
    } catch (error) {
      mounted.unmount();
      throw error;
    }
  }
  return mounted;
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Elements of one shadow root with a given part, e.g. parts(root, 'comment'). */
export function parts(root: ParentNode, name: string): Element[] {
  return [...root.querySelectorAll(`[part~="${name}"]`)];
}

/** The new-comment composer inside the widget, and typing and sending through its own controls. */
export function newComposer(root: ShadowRoot): HTMLElement & { updateComplete: Promise<boolean> } {
  const composer = root.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>(
    'confab-composer[part~="form"]',
  );
  if (!composer?.shadowRoot) throw new Error('no new-comment composer in the widget');
  return composer;
}

export async function typeInto(
  composer: HTMLElement & { updateComplete: Promise<boolean> },
  part: string,
  value: string,
): Promise<void> {
  const field = composer.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(
    `[part~="${part}"]`,
  );
  if (!field) throw new Error(`no ${part} field in the composer`);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await composer.updateComplete;
}

export async function writeComment(root: ShadowRoot, name: string, body: string): Promise<void> {
  const composer = newComposer(root);
  await typeInto(composer, 'name', name);
  await typeInto(composer, 'textarea', body);
  composer.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
}

/** Collects uncaught errors and unhandled rejections while a test runs. */
export function watchUncaught(): { errors: string[]; stop(): string[] } {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandled rejection: ${String(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      return [...errors];
    },
  };
}
