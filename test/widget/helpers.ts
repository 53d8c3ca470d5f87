import { oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ConfabComments } from '../../src/elements/confab-comments.js';
import type { ConfabComposer } from '../../src/elements/confab-composer.js';

export const PAGE = 'post-1';

export interface MountOptions {
  page?: string | null;
  sort?: string;
  lang?: string;
  theme?: string;
  loading?: 'lazy' | 'eager' | null;
  pageSize?: number;
  /** Wait for `confab-loaded` (default) or for `confab-error`, or not at all. */
  waitFor?: 'loaded' | 'error' | 'nothing';
}

/** Puts a widget in the page the way a site owner would (attributes only). */
const containers = new Set<HTMLElement>();

// Cleans up after every test of every file that imports these helpers. (Not @open-wc's fixture:
// it waits for an animation frame, which a background tab never gets while another test file
// running at the same time holds the front for sendKeys.)
afterEach(() => {
  for (const container of containers) container.remove();
  containers.clear();
});

/** A container in the document, removed after the test. */
export function container(): HTMLDivElement {
  const element = document.createElement('div');
  document.body.append(element);
  containers.add(element);
  return element;
}

export async function mount(
  endpoint: string,
  options: MountOptions = {},
  parent: HTMLElement = container(),
): Promise<ConfabComments> {
  const element = document.createElement('confab-comments');
  element.setAttribute('endpoint', endpoint);
  if (options.page !== null) element.setAttribute('page', options.page ?? PAGE);
  if (options.sort) element.setAttribute('sort', options.sort);
  if (options.lang) element.setAttribute('lang', options.lang);
  if (options.theme) element.setAttribute('theme', options.theme);
  if (options.pageSize) element.setAttribute('page-size', String(options.pageSize));
  if (options.loading !== null) element.setAttribute('loading', options.loading ?? 'eager');
  const waitFor = options.waitFor ?? 'loaded';
  const settled =
    waitFor === 'nothing'
      ? null
      : oneEvent(element, waitFor === 'loaded' ? 'confab-loaded' : 'confab-error');
  parent.append(element);
  if (settled) await settled;
  await element.updateComplete;
  return element;
}

export function root(element: ConfabComments): ShadowRoot {
  return element.shadowRoot!;
}

export function part<T extends Element = HTMLElement>(
  scope: Element | ShadowRoot,
  name: string,
): T {
  const host = scope instanceof ShadowRoot ? scope : (scope.shadowRoot ?? scope);
  const found = host.querySelector<T & Element>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}"`);
  return found;
}

export function parts<T extends Element = HTMLElement>(
  scope: Element | ShadowRoot,
  name: string,
): T[] {
  const host = scope instanceof ShadowRoot ? scope : (scope.shadowRoot ?? scope);
  return [...host.querySelectorAll<T & Element>(`[part~="${name}"]`)];
}

export function commentOf(element: ConfabComments, id: string): HTMLElement | null {
  return root(element).querySelector<HTMLElement>(
    `[part~="comment"][data-comment-id="${CSS.escape(id)}"]`,
  );
}

export function mustComment(element: ConfabComments, id: string): HTMLElement {
  const found = commentOf(element, id);
  if (!found) throw new Error(`comment ${id} is not rendered`);
  return found;
}

/** The parts of one comment, not of its nested replies. */
export function own(article: HTMLElement, name: string): HTMLElement | null {
  for (const candidate of article.querySelectorAll<HTMLElement>(`[part~="${name}"]`)) {
    if (candidate.closest('[part~="comment"]') === article) return candidate;
  }
  return null;
}

export function mustOwn(article: HTMLElement, name: string): HTMLElement {
  const found = own(article, name);
  if (!found) throw new Error(`no part "${name}" in comment ${article.dataset.commentId}`);
  return found;
}

export function renderedIds(element: ConfabComments): string[] {
  return [...root(element).querySelectorAll<HTMLElement>('[part~="comment"]')].map(
    (article) => article.dataset.commentId!,
  );
}

export function composerIn(scope: Element | ShadowRoot): ConfabComposer {
  const found = scope.querySelector('confab-composer');
  if (!found) throw new Error('no composer');
  return found;
}

export function composerPart<T extends HTMLElement = HTMLElement>(
  composer: ConfabComposer,
  name: string,
): T {
  return part<T>(composer.shadowRoot!, name);
}

/** Types into a field as a reader does: focus, then keystrokes. */
export async function typeInto(field: HTMLElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
}

/** Fills and submits a composer (name only when the form asks for it). */
export async function write(
  composer: ConfabComposer,
  body: string,
  name = 'Reader',
): Promise<void> {
  await composer.updateComplete;
  const nameField = composer.shadowRoot!.querySelector<HTMLInputElement>('[part~="name"]');
  if (nameField && !nameField.value) await typeInto(nameField, name);
  await typeInto(composerPart(composer, 'textarea'), body);
  composerPart(composer, 'submit').click();
}

/** Polls until the predicate (which may be async) holds; fails with the message after the timeout. */
export async function until(
  predicate: () => unknown,
  message: string,
  timeout = 5000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** The deepest element that has focus, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export function textOf(node: Element | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export const minutesAgo = (minutes: number): string =>
  new Date(Date.now() - minutes * 60_000).toISOString();
