import { normalisePageKey, pageKeyProblem } from '../../../src/protocol/index.js';

/** `--map https://old.example=https://new.example`: pages under `from` move under `to`. */
export interface PageMove {
  from: string;
  to: string;
}

/** Reads one `--map` value; null when it is not `<from>=<to>`. */
export function parsePageMove(value: string): PageMove | null {
  // The first "=" that starts the new address (URLs may hold "=" themselves), else the first.
  let at = value.search(/=[a-z][a-z0-9+.-]*:\/\//i);
  if (at < 0) at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) return null;
  const from = normalisePageKey(value.slice(0, at).trim());
  const to = normalisePageKey(value.slice(at + 1).trim());
  if (from === '' || to === '') return null;
  return { from, to };
}

const base = (key: string) => key.replace(/\/+$/, '');

/**
 * Page keys as the server stores them: each source's page URL normalised by the protocol's
 * rule, then moved by the first `--map` whose `from` it is under (the longest first), at a
 * path boundary: `https://old.example/blog` moves `/blog` and `/blog/x`, not `/blogroll`.
 */
export class PageKeys {
  readonly #moves: PageMove[];

  constructor(moves: readonly PageMove[]) {
    this.#moves = [...moves].sort((a, b) => base(b.from).length - base(a.from).length);
  }

  /** The stored key of a page, or why there is none. */
  key(raw: string | null): { key: string } | { problem: string } {
    const text = (raw ?? '').trim();
    if (text === '') return { problem: 'the page has no address' };
    let key = normalisePageKey(text);
    for (const move of this.#moves) {
      const from = base(move.from);
      if (key === from || key.startsWith(`${from}/`)) {
        key = normalisePageKey(base(move.to) + key.slice(from.length));
        break;
      }
    }
    const problem = pageKeyProblem(key);
    if (problem === 'too_long') return { problem: 'the page key is longer than 512 characters' };
    if (problem) return { problem: `the page key "${key.slice(0, 80)}" is unusable (${problem})` };
    return { key };
  }
}
