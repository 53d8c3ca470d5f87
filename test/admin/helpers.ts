/**
 * The moderation console in the test page, against a real reference server (testServer()):
 * mounted with its `endpoint`, signed in as a moderator made by `admin add-moderator`, driven
 * with real key presses.
 */
import { sendKeys } from '@web/test-runner-commands';
import '../../admin/src/main.js';
import type { ConfabConsole } from '../../admin/src/elements/confab-console.js';
import { ConfabClient } from '../../src/api/client.js';
import type { TestServer } from '../support/server.js';

const mounted = new Set<HTMLElement>();

afterEach(() => {
  for (const element of mounted) element.remove();
  mounted.clear();
  sessionStorage.clear();
  // The console routes by the fragment: the next test starts on the pending queue.
  history.replaceState(null, '', location.pathname + location.search);
});

/** The key the console keeps its session under for this server (see SessionStore). */
const sessionKey = (endpoint: string) =>
  `confab:moderator:${new URL(endpoint, location.href).href.replace(/\/+$/, '')}`;

/** Signs a new moderator in over the API, as the console's sign-in form does. */
export async function moderatorToken(
  server: TestServer,
  moderator?: string,
): Promise<{ name: string; token: string }> {
  const { name, password } = await server.moderator(moderator);
  const response = await fetch(`${server.endpoint}/admin/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 201) throw new Error(`sign-in answered ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return { name, token };
}

/**
 * `<confab-console endpoint>` in the page. `signedIn` (default): a moderator's session is stored
 * first, as after signing in, so the console opens on its queues.
 */
export async function mountConsole(
  server: TestServer,
  { signedIn = true, hash = '' }: { signedIn?: boolean; hash?: string } = {},
): Promise<ConfabConsole> {
  if (signedIn) {
    const { name, token } = await moderatorToken(server);
    sessionStorage.setItem(sessionKey(server.endpoint), JSON.stringify({ token, name }));
  }
  if (hash) location.hash = hash;
  const element = document.createElement('confab-console');
  element.setAttribute('endpoint', server.endpoint);
  document.body.append(element);
  mounted.add(element);
  await element.updateComplete;
  return element;
}

export function $<T extends Element = HTMLElement>(element: ConfabConsole, selector: string): T {
  const found = element.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function $$<T extends Element = HTMLElement>(element: ConfabConsole, selector: string): T[] {
  return [...element.shadowRoot!.querySelectorAll<T>(selector)];
}

/** The ids of the comment cards shown, in order. */
export const cardIds = (element: ConfabConsole) =>
  $$(element, 'article.card').map((card) => card.dataset.commentId!);

/** The polite announcement last made. */
export const announced = (element: ConfabConsole) =>
  textOf(element.shadowRoot!.querySelector('[role="status"]'));

export function textOf(node: Element | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/** A key pressed with Shift held, as a person types `A`. */
export async function shifted(key: string): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
}

export async function until(
  predicate: () => unknown,
  message: string | (() => string),
  timeout = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting: ${typeof message === 'string' ? message : message()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** A reader of the same server, writing as a visitor of the site would. */
export async function reader(server: TestServer): Promise<ConfabClient> {
  let token: string | null = null;
  const client = new ConfabClient({ endpoint: server.endpoint, getToken: () => token });
  token = (await client.createSession()).token;
  return client;
}

/** A new reader token, from POST /session. */
export async function readerToken(server: TestServer): Promise<string> {
  const response = await fetch(`${server.endpoint}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { token: string }).token;
}

/** The ids readers see in a thread (GET /threads, no token). */
export async function readerThreadIds(server: TestServer, page: string): Promise<string[]> {
  const response = await fetch(`${server.endpoint}/threads?page=${encodeURIComponent(page)}`);
  const thread = (await response.json()) as { comments: { id: string; status: string }[] };
  return thread.comments.filter((c) => c.status === 'published').map((c) => c.id);
}

/** The console's feed is live (its status says so). */
export async function live(element: ConfabConsole): Promise<void> {
  await until(() => $(element, '.live').dataset.state === 'open', 'the live feed is open');
}
