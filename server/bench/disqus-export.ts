/**
 * Writes a synthetic Disqus export of `comments` posts, generated at bench time (nothing of it is
 * committed): threads of 10 to 90 posts, a third of them replies (up to five deep), some replies
 * placed before their parents, 2% spam, 1% deleted, HTML messages with paragraphs, links,
 * emphasis, code and entities, names in several scripts. Deterministic for a given size; streamed
 * to the file, so generating a large one needs no memory either.
 *
 *   node --import tsx bench/disqus-export.ts 100000 /tmp/disqus-100k.xml
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A small deterministic PRNG (mulberry32), so two runs import the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Ada Byron',
  'Precious Okafor',
  '渡辺 健二',
  'Иван Смирнов',
  'ليلى حداد',
  'Zofia Wiśniewska',
  'Sam Rivera',
  '김민준',
  'Anonymous',
];
const WORDS =
  'the build static site comments migration server thread reply markdown cache deploy theme feed page reader draft vote link quote'.split(
    ' ',
  );

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  return out.join(' ');
}

function message(next: () => number, id: number): string {
  const parts = [
    `<p>${sentence(next, 8 + Math.floor(next() * 20))} &amp; <b>${sentence(next, 2)}</b>.</p>`,
  ];
  if (next() < 0.3)
    parts.push(
      `<p>See <a href="https://example.org/post/${id}" rel="nofollow">this &mdash; ${sentence(next, 3)}</a>.</p>`,
    );
  if (next() < 0.15) parts.push(`<blockquote>${sentence(next, 10)}</blockquote>`);
  if (next() < 0.1)
    parts.push(
      `<p>Try <code>npm run build -- --id ${id}</code> or <i>${sentence(next, 2)}</i>.</p>`,
    );
  return parts.join('');
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function writeDisqusExport(file: string, comments: number): Promise<void> {
  const next = random(comments);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n',
  );
  let post = 1;
  let thread = 1;
  let time = Date.UTC(2015, 0, 1);
  while (post <= comments) {
    const size = Math.min(10 + Math.floor(next() * 81), comments - post + 1);
    await write(
      `  <thread dsq:id="${thread}">\n    <id>/posts/${thread}/</id>\n    <forum>bench</forum>\n    <link>https://bench.example/posts/${thread}/</link>\n    <title>Post ${thread}</title>\n    <createdAt>${iso(time)}</createdAt>\n    <isClosed>false</isClosed>\n    <isDeleted>false</isDeleted>\n  </thread>\n`,
    );
    const first = post;
    const depth = new Map<number, number>();
    const held: string[] = [];
    for (let i = 0; i < size; i++, post++) {
      time += 1000 + Math.floor(next() * 3_600_000);
      let parent: number | null = null;
      if (i > 0 && next() < 0.33) {
        parent = first + Math.floor(next() * i);
        if ((depth.get(parent) ?? 0) >= 5) parent = null;
      }
      depth.set(post, parent === null ? 0 : depth.get(parent)! + 1);
      const name = NAMES[Math.floor(next() * NAMES.length)]!;
      const roll = next();
      const text = `  <post dsq:id="${post}">\n    <id />\n    <message><![CDATA[${message(next, post)}]]></message>\n    <createdAt>${iso(time)}</createdAt>\n    <isDeleted>${roll < 0.01}</isDeleted>\n    <isSpam>${roll > 0.98}</isSpam>\n    <author>\n      <email>user${Math.floor(next() * 5000)}@mail.example</email>\n      <name>${name}</name>\n      <isAnonymous>false</isAnonymous>\n    </author>\n    <ipAddress>192.0.2.${post % 250}</ipAddress>\n    <thread dsq:id="${thread}" />\n${parent === null ? '' : `    <parent dsq:id="${parent}" />\n`}  </post>\n`;
      // One post in ten is held back to the end of its thread: parents then come after some replies.
      if (next() < 0.1) held.unshift(text);
      else await write(text);
    }
    for (const text of held) await write(text);
    thread += 1;
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count, file] = process.argv.slice(2);
  if (!count || !file) throw new Error('usage: disqus-export.ts <comments> <file>');
  await writeDisqusExport(file, Number(count));
}
