/**
 * Every attack string of the corpus (test/fixtures/xss-corpus.json) goes through the real
 * <confab-comments> element as a comment body, an author name, an author URL, an avatar URL and
 * inside a mention, with images allowed and not. Nothing may run, nothing outside the widget's
 * shadow root may change, and the rendered tree must pass the oracle's audit.
 */
import { expect } from '@open-wc/testing';
import { fakeEndpoint, type SeedComment } from '../support/fake.js';
import { auditShadowTree, whenQuiet, type Violation } from './support/oracle.js';
import { mount, newComposer, parts, typeInto, until } from './support/widget.js';

interface Attack {
  id: string;
  payload: string;
  source: string;
  category: string;
}

const corpus: Attack[] = await (
  await fetch(new URL('../fixtures/xss-corpus.json', import.meta.url))
).json();
const BATCH = 50;

/** A URL-shaped variant of a payload (its link target or first URL-ish attribute), to attack URL fields. */
function urlOf(payload: string): string {
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
function seedFor(batch: Attack[]): SeedComment[] {
  const seeds: SeedComment[] = [
    { id: 'control', author: CONTROL_NAME, body: '**rich** [link](https://example.com/)' },
    {
      id: 'control-reply',
      parentId: 'control',
      author: 'Replier',
      body: `@${CONTROL_NAME} thanks`,
    },
  ];
  for (const attack of batch) {
    seeds.push({
      id: `a-${attack.id}`,
      author: { name: attack.payload, url: attack.payload, avatar: attack.payload },
      body: attack.payload,
    });
    seeds.push({
      id: `b-${attack.id}`,
      parentId: `a-${attack.id}`,
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

function attackOf(commentId: string | null): string {
  if (!commentId) return '(outside any comment)';
  return commentId.replace(/^[ab]-/, '');
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${attackOf(v.commentId)}: ${v.rule}: ${v.detail}`).join('\n');
}

interface Outcome {
  violations: Violation[];
  calls: string[];
  outside: string[];
}

async function renderBatch(batch: Attack[], allowImages: boolean): Promise<Outcome> {
  const fake = await fakeEndpoint();
  const page = `xss-${batch[0]!.id}`;
  await fake.seed(page, seedFor(batch));
  const mounted = await mount({
    endpoint: fake.endpoint,
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
    const control = root.querySelector('[data-comment-id="control"] [part~="body"]');
    await until(
      () =>
        !!control?.querySelector('strong') &&
        !!control.querySelector('a[href="https://example.com/"]'),
      'rich rendering of the control comment',
    );
    await whenQuiet(root);
    const reply = root.querySelector('[data-comment-id="control-reply"] [part~="body"]');
    expect(
      reply?.querySelector('[part~="mention"]')?.getAttribute('href'),
      'control mention',
    ).to.equal('#comment-control');
    // Give event handlers of broken images a chance to fire before the canary is read.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const violations = auditShadowTree(root, { allowImages });
    const { calls, outside } = mounted.unmount();
    return { violations, calls, outside };
  } finally {
    mounted.unmount();
  }
}

/** When a batch trips the canary, find out which attacks did it by rendering them one at a time. */
async function culprits(batch: Attack[], allowImages: boolean): Promise<string[]> {
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

describe('XSS corpus through <confab-comments>', function () {
  this.timeout(180_000);

  it('has at least 300 attacks, each with an id, a payload, a source and a category', () => {
    expect(corpus.length).to.be.at.least(300);
    const ids = new Set(corpus.map((a) => a.id));
    expect(ids.size).to.equal(corpus.length);
    for (const attack of corpus) {
      expect(attack.payload, attack.id).to.be.a('string').and.not.equal('');
      expect(attack.source, attack.id).to.be.a('string').and.not.equal('');
      expect(attack.category, attack.id).to.be.a('string').and.not.equal('');
    }
  });

  for (const allowImages of [false, true]) {
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

  it('the composer’s Markdown preview of a sample of attacks', async () => {
    const sample = corpus.filter(
      (a, index) => /^(markdown|scheme|mutation)/.test(a.category) || index % 5 === 0,
    );
    const fake = await fakeEndpoint();
    const mounted = await mount({ endpoint: fake.endpoint, page: 'composer-preview' });
    try {
      const composer = newComposer(mounted.root);
      const inner = composer.shadowRoot!;
      const type = (text: string) => typeInto(composer, 'textarea', text);
      await type('**rich** preview');
      inner.querySelector<HTMLElement>('[part~="preview-toggle"]')!.click();
      await until(
        () => !!inner.querySelector('[part~="preview"] strong'),
        'the preview to render Markdown',
      );
      const problems: string[] = [];
      for (const attack of sample) {
        await type(attack.payload);
        const violations = auditShadowTree(mounted.root, { allowImages: false });
        if (violations.length) problems.push(`${attack.id}: ${describeViolations(violations)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { calls, outside } = mounted.unmount();
      expect(sample.length).to.be.at.least(100);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect([...calls, ...outside], 'script ran or the page changed').to.deep.equal([]);
    } finally {
      mounted.unmount();
    }
  });
});
