import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConverterOptions } from '../src/import/convert.js';
import { parseDisqus } from '../src/import/disqus.js';
import { textChunks } from '../src/import/input.js';
import { PageKeys } from '../src/import/pages.js';
import { ImportRun, type ReportLine } from '../src/import/writer.js';
import { SqliteStorage } from '../src/storage/sqlite.js';
import { writeDisqusExport } from '../bench/disqus-export.js';
import { tempDir } from './support.js';
import { importFile, query, readText } from './support/imports.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let n = 0;
before(async () => (dir = await tempDir()));
after(() => dir.remove());

const PAGE = 'https://blog.example/converter';

/** A Disqus export of one thread whose posts have these HTML messages, ids 1, 2, 3 … */
async function disqusFile(messages: string[]): Promise<string> {
  const posts = messages.map(
    (message, i) => `  <post dsq:id="${i + 1}">
    <message><![CDATA[${message}]]></message>
    <createdAt>2024-01-0${(i % 9) + 1}T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Reader ${i + 1}</name></author>
    <thread dsq:id="7"/>
  </post>`,
  );
  const file = join(dir.path, `converter-${++n}.xml`);
  await writeFile(
    file,
    `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="7"><link>${PAGE}</link></thread>
${posts.join('\n')}
</disqus>
`,
  );
  return file;
}

/** Imports the file with these converter options: the bodies by source id, and the report. */
async function importWith(file: string, converter: ConverterOptions) {
  const db = join(dir.path, `converter-${++n}.sqlite`);
  const storage = await SqliteStorage.open(db);
  const run = new ImportRun(storage, 'disqus', new PageKeys([]), { converter });
  const report: ReportLine[] = [];
  try {
    await run.stage(parseDisqus(await textChunks(file)));
    await run.resolve();
    const counts = await run.write();
    for await (const line of run.report()) report.push(line);
    const bodies = Object.fromEntries(
      query<{ key: string; body: string }>(
        db,
        `select m.source_key as key, c.body from comments c
           join imported_comments m on m.comment_id = c.id order by c.id`,
      ).map((row) => [row.key, row.body]),
    );
    return { counts, bodies, report };
  } finally {
    await run.discard();
    await storage.close();
  }
}

describe('HTML converter threads', () => {
  test('a body whose conversion throws fails alone, with the reason in the report; the rest is imported in order', async () => {
    // Turndown converts elements recursively: a body nested deeper than the thread's stack
    // allows throws RangeError. A small stack makes that cheap to reach here.
    const deep = `${'<span>'.repeat(3000)}too deep`;
    const messages = [
      '<p>first <b>one</b></p>',
      deep,
      '<p>third, <a href="https://x.example/">a link</a></p>',
    ];
    for (let i = 4; i <= 250; i++) messages.push(`<p>post <em>${i}</em></p>`);
    const file = await disqusFile(messages);
    const { counts, bodies, report } = await importWith(file, {
      threads: 1,
      limits: { stackSizeMb: 1 },
    });
    assert.deepEqual(counts, { comments: 249, pages: 1, skipped: 1 });
    assert.equal(bodies['disqus:1'], 'first **one**');
    assert.equal(bodies['disqus:3'], 'third, [a link](https://x.example/)');
    assert.equal(bodies['disqus:250'], 'post *250*');
    assert.equal(bodies['disqus:2'], undefined);
    assert.equal(report.length, 1);
    assert.equal(report[0]!.sourceKey, 'disqus:2');
    assert.equal(report[0]!.outcome, 'failed');
    assert.match(
      report[0]!.reason,
      /^the body could not be converted: Maximum call stack size exceeded/,
    );
  });

  test('a body that kills its thread fails alone: the thread is restarted and the others in its batch are converted', async () => {
    // Out of memory ends a worker thread (ERR_WORKER_OUT_OF_MEMORY), not the process.
    const huge = '<p>x<b>y</b></p>'.repeat(150_000);
    const messages = ['<p>before</p>', huge, '<p>after</p>', '<p>last</p>'];
    const file = await disqusFile(messages);
    const { counts, bodies, report } = await importWith(file, {
      threads: 1,
      limits: { maxOldGenerationSizeMb: 48 },
    });
    assert.deepEqual(counts, { comments: 3, pages: 1, skipped: 1 });
    assert.deepEqual(bodies, { 'disqus:1': 'before', 'disqus:3': 'after', 'disqus:4': 'last' });
    assert.equal(report.length, 1);
    assert.equal(report[0]!.sourceKey, 'disqus:2');
    assert.equal(report[0]!.outcome, 'failed');
    assert.match(
      report[0]!.reason,
      /^the body could not be converted: its conversion stopped the converter/,
    );
  });
});

describe('a generated Disqus export of 20,000 posts', () => {
  test('imports exactly as the importer did before conversion moved to its own threads', async () => {
    const file = join(dir.path, 'disqus-20000.xml');
    await writeDisqusExport(file, 20_000);
    const db = join(dir.path, 'generated.sqlite');
    const report = join(dir.path, 'generated.tsv');
    const run = await importFile(['--db', db, '--from', 'disqus', '--report', report, file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.last, 'imported 19516 comments on 398 pages, skipped 484');

    const rows = query<Record<string, unknown>>(
      db,
      `select m.source_key as k, pm.source_key as parent, p.key as page, c.author_name, c.body,
              c.status, c.created_at, c.up, c.down
         from comments c join imported_comments m on m.comment_id = c.id
         join pages p on p.id = c.page_id
         left join imported_comments pm on pm.comment_id = c.parent_id
        order by m.source_key`,
    );
    const sample = (key: string) => rows.find((row) => row.k === key)?.body;
    assert.equal(
      sample('disqus:77'),
      'reader comments reply static quote thread deploy link the reader cache link server page site theme draft & **thread server**.\n\nSee [this — theme comments draft](https://example.org/post/77).',
    );
    assert.equal(
      sample('disqus:12345'),
      'thread vote site site comments vote link thread thread quote server link reader cache markdown theme draft build static reply reader the reader cache comments theme & **build deploy**.',
    );
    // Digests of every imported comment (page, parent, author, body, status, time, votes) and
    // of the report, as the importer of commit 5a5fdfa (conversion on the main thread) wrote them.
    const digest = createHash('sha256');
    for (const row of rows) digest.update(`${JSON.stringify(row)}\n`);
    assert.equal(
      digest.digest('hex'),
      '8328dca52e65a77cec6a7c2b8a8586498bac43d582dd8a4eb1115a4cb2474951',
    );
    assert.equal(
      createHash('sha256')
        .update(await readText(report))
        .digest('hex'),
      '3a834ff0dd0b363eaae08fdc3070523ea755000c03ba01c1265bc18c708b2134',
    );
  });
});
