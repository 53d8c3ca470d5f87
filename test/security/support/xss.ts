/**
 * Shared by xss.test.ts and xss-images.test.ts: the corpus, how one batch of attacks is seeded,
 * rendered through the real element and judged, and how a batch that ran script is narrowed down
 * to the attacks that did it.
 */
import { expect } from '@open-wc/testing';
import { testServer, type SeedComment, type TestServer } from '../../support/server.js';
import { auditShadowTree, whenQuiet, type Violation } from './oracle.js';
import { mount, parts, until } from './widget.js';

export interface Attack {
  id: string;
  payload: string;
  source: string;
  category: string;
}

export const corpus: Attack[] = await (
  await fetch(new URL('../../fixtures/xss-corpus.json', import.meta.url))
).json();
export const BATCH = 50;

/** A URL-shaped variant of a payload (its link target or first URL-ish attribute), to attack URL fields. */
export function urlOf(payload: string): string {
  const markdown = /\]\(\s*<?([^)\s>]+)/.exec(payload);
  if (markdown) return markdown[1]!;
  const attribute = /(?:href|src|action|data|xlink:href)\s*=\s*["']?([^"'\s>]+)/i.exec(payload);
  return attribute ? attribute[1]! : payload;
}

const CONTROL_NAME = 'Control Reader';

/**
 * Per attack: a top-level comment written by an author named with the payload (name, url and avatar
 * hostile, body the payload), and a reply mentioning that author, whose own url and avatar carry the
 * payload's URL-shaped variant. A control pair proves that rich rendering and mentions really ran.
 */
export function seedFor(batch: Attack[]): SeedComment[] {
  const seeds: SeedComment[] = [
    { ref: 'control', author: CONTROL_NAME, body: '**rich** [link](https://example.com/)' },
    {
      ref: 'control-reply',
      parent: 'control',
      author: 'Replier',
      body: `@${CONTROL_NAME} thanks`,
    },
  ];
  for (const attack of batch) {
    seeds.push({
      ref: `a-${attack.id}`,
      author: { name: attack.payload, url: attack.payload, avatar: attack.payload },
      body: attack.payload,
    });
    seeds.push({
      ref: `b-${attack.id}`,
      parent: `a-${attack.id}`,
      author: {
        name: `Mentioner of ${attack.id}`,
        url: urlOf(attack.payload),
        avatar: urlOf(attack.payload),
      },
      body: `@${attack.payload} I disagree.\n\n*See* [this](${urlOf(attack.payload)}).`,
    });
  }
  return seeds;
}

export function attackOf(commentId: string | null): string {
  if (!commentId) return '(outside any comment)';
  return commentId.replace(/^[ab]-/, '');
}

/** Violations named by the refs of their comments (which say which attack it was). */
export function inRefs(violations: Violation[], server: TestServer): Violation[] {
  return violations.map((v) => ({
    ...v,
    commentId: v.commentId === null ? null : server.refs([v.commentId])[0]!,
  }));
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${attackOf(v.commentId)}: ${v.rule}: ${v.detail}`).join('\n');
}

export interface Outcome {
  violations: Violation[];
  calls: string[];
  outside: string[];
}

export async function renderBatch(batch: Attack[], allowImages: boolean): Promise<Outcome> {
  const server = await testServer();
  const page = `xss-${batch[0]!.id}`;
  await server.seed(page, seedFor(batch));
  const mounted = await mount({
    endpoint: server.endpoint,
    page,
    allowImages,
    attributes: { 'page-size': '200' },
  });
  try {
    const root = mounted.root;
    await until(
      () => parts(root, 'comment').length === 2 + batch.length * 2,
      'every comment to render',
    );
    const { ids } = server;
    const control = root.querySelector(`[data-comment-id="${ids.control}"] [part~="body"]`);
    await until(
      () =>
        !!control?.querySelector('strong') &&
        !!control.querySelector('a[href="https://example.com/"]'),
      'rich rendering of the control comment',
    );
    await whenQuiet(root);
    const reply = root.querySelector(`[data-comment-id="${ids['control-reply']}"] [part~="body"]`);
    expect(
      reply?.querySelector('[part~="mention"]')?.getAttribute('href'),
      'control mention',
    ).to.equal(`#comment-${ids.control}`);
    // Give event handlers of broken images a chance to fire before the canary is read.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const violations = inRefs(auditShadowTree(root, { allowImages }), server);
    const { calls, outside } = mounted.unmount();
    return { violations, calls, outside };
  } finally {
    mounted.unmount();
  }
}

/** When a batch trips the canary, find out which attacks did it by rendering them one at a time. */
export async function culprits(batch: Attack[], allowImages: boolean): Promise<string[]> {
  const found: string[] = [];
  for (const attack of batch) {
    const single = await renderBatch([attack], allowImages);
    if (single.calls.length || single.outside.length)
      found.push(
        `${attack.id} (${attack.source}): ${[...single.calls, ...single.outside].join('; ')}`,
      );
  }
  return found;
}

/** One test per batch of 50 attacks: nothing runs, nothing leaks. */
export function corpusBatches(allowImages: boolean): void {
  for (let start = 0; start < corpus.length; start += BATCH) {
    const batch = corpus.slice(start, start + BATCH);
    const label = `${batch[0]!.id} … ${batch[batch.length - 1]!.id}`;
    it(`${label}, images ${allowImages ? 'allowed' : 'off'}: nothing runs, nothing leaks`, async () => {
      const outcome = await renderBatch(batch, allowImages);
      if (outcome.calls.length || outcome.outside.length) {
        const guilty = await culprits(batch, allowImages);
        expect.fail(
          `script ran or the page changed: ${[...outcome.calls, ...outcome.outside].join('; ')}\n` +
            (guilty.join('\n') || '(not reproducible one by one)'),
        );
      }
      expect(outcome.violations, describeViolations(outcome.violations)).to.deep.equal([]);
    });
  }
}
