import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { DraftStore } from '../../src/model/drafts.js';
import { Localizer } from '../../src/i18n/localizer.js';
import {
  ConfabComposer,
  type ComposerMode,
  type ComposerSend,
  type ComposerSubmission,
} from '../../src/elements/confab-composer.js';

// The element alone, without the thread: src/define.ts registers it the same way.
if (!customElements.get('confab-composer'))
  customElements.define('confab-composer', ConfabComposer);

export const PAGE = 'https://blog.example/post-1';

let storeCounter = 0;
const endpoints = new WeakMap<DraftStore, string>();
/** Test files run in parallel pages that share one localStorage: each page keeps to its own keys. */
const pageTag = `/composer-test-${Math.random().toString(36).slice(2)}`;

/** Removes the drafts and authors this page's tests stored, and nothing else. */
export function forgetTestDrafts(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.includes(pageTag)) localStorage.removeItem(key);
  }
}

/** A real DraftStore on localStorage, under an endpoint no other test uses. */
export function freshDrafts(): DraftStore {
  storeCounter += 1;
  const endpoint = `${pageTag}-${storeCounter}`;
  const drafts = new DraftStore(endpoint, PAGE, localStorage);
  endpoints.set(drafts, endpoint);
  return drafts;
}

/** A new DraftStore for the same endpoint and page, as after a reload: it sees only what localStorage kept. */
export function reloadedDrafts(drafts: DraftStore): DraftStore {
  const reloaded = new DraftStore(endpoints.get(drafts)!, PAGE, localStorage);
  endpoints.set(reloaded, endpoints.get(drafts)!);
  return reloaded;
}

export interface Deferred {
  submission: ComposerSubmission;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A `send` the test answers by hand: every call waits until the test resolves or rejects it. */
export function controlledSend(): { send: ComposerSend; calls: Deferred[] } {
  const calls: Deferred[] = [];
  const send: ComposerSend = (submission) =>
    new Promise((resolve, reject) => {
      calls.push({ submission, resolve, reject });
    });
  return { send, calls };
}

export interface MountOptions {
  mode?: ComposerMode;
  formKey?: string;
  drafts?: DraftStore | null;
  send?: ComposerSend | null;
  participants?: string[];
  initialBody?: string;
  replyToName?: string | null;
  localizer?: Localizer;
  disabled?: boolean;
}

export async function mount(options: MountOptions = {}): Promise<ConfabComposer> {
  const element = await fixture<ConfabComposer>(
    html`<confab-composer
      .localizer=${options.localizer ?? new Localizer('en')}
      .mode=${options.mode ?? 'new'}
      .formKey=${options.formKey ?? 'new'}
      .drafts=${options.drafts ?? null}
      .send=${options.send ?? null}
      .participants=${options.participants ?? []}
      .initialBody=${options.initialBody ?? ''}
      .replyToName=${options.replyToName ?? null}
      ?disabled=${options.disabled ?? false}
    ></confab-composer>`,
  );
  await element.updateComplete;
  return element;
}

export function part<T extends HTMLElement = HTMLElement>(
  element: ConfabComposer,
  name: string,
): T {
  const found = element.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}"`);
  return found;
}

export function maybePart(element: ConfabComposer, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** A real mouse click in the middle of the element. */
export async function click(target: HTMLElement): Promise<void> {
  // A second form mounted below the first may sit under the fold: the mouse only reaches the view.
  target.scrollIntoView({ block: 'nearest' });
  const box = target.getBoundingClientRect();
  await sendMouse({
    type: 'click',
    position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
  });
}

/** Focuses a field by clicking it and types into it. */
export async function typeInto(target: HTMLElement, text: string): Promise<void> {
  await click(target);
  await sendKeys({ type: text });
}

/** Presses a key with a modifier held, e.g. chord('Control', 'Enter'). */
export async function chord(modifier: 'Control' | 'Meta' | 'Shift', key: string): Promise<void> {
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

/** Puts a long text into a field the way a paste would (typing 10,000 keys is too slow). */
export function paste(target: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  target.focus();
  target.value = text;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The id list in aria-describedby resolved to the texts they point at. */
export function descriptions(element: ConfabComposer, field: HTMLElement): string[] {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => element.shadowRoot!.getElementById(id)?.textContent?.trim() ?? `<missing #${id}>`);
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * waitUntil with room for a loaded machine: lazy chunks (preview, suggestions) can take
 * more than the default second when the test pages share two cores with other work.
 */
export function until(predicate: () => unknown, message?: string): Promise<void> {
  return waitUntil(predicate, message, { timeout: 8000 });
}
