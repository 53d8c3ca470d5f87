import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { parseDisqus } from '../src/import/disqus.js';
import { textChunks } from '../src/import/input.js';
import { PageKeys } from '../src/import/pages.js';
import { ImportRun, ImportStopped } from '../src/import/writer.js';
import { openStorage } from '../src/storage/open.js';
import type { Db } from '../src/storage/types.js';
import { runCli, tempDir } from './support.js';
import { fixture, importFile, outline, query, readText, thread } from './support/imports.js';
import { freshDatabase, type TestDatabase } from './support/store.js';

const MOVING = 'https://notes.lighthouse.example/2021/04/moving-the-blog-off-wordpress';
const DARK = 'https://notes.lighthouse.example/2021/05/dark-mode';
const BLIGHT = 'https://allotment.example/2021/08/blight-on-the-tomatoes-again';
const RUST = 'https://field-notes.example/posts/rust-in-the-garage';

let dir: Awaited<ReturnType<typeof tempDir>>;
const databases: TestDatabase[] = [];
/** A fresh database of the store under test: a SQLite file or a PostgreSQL URL. */
const newDb = async () => {
  const database = await freshDatabase();
  databases.push(database);
  return database.location;
};
before(async () => (dir = await tempDir()));
after(async () => {
  for (const database of databases) await database.remove();
  await dir.remove();
});

const count = (db: string, sql: string) => query<{ n: number }>(db, sql)[0]!.n;

describe('import from Disqus', () => {
  test('threads keep nesting, authors, times and bodies; spam and lone deletions are left out; a deleted parent is a tombstone', async () => {
    const db = await newDb();
    const report = join(dir.path, 'disqus-report.tsv');
    const run = await importFile([
      '--db',
      db,
      '--from',
      'disqus',
      '--report',
      report,
      fixture('disqus.xml'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.last, 'imported 6 comments on 2 pages, skipped 2');

    // The thread's link had an upper-case host, a default port, a query and a fragment.
    const moving = await thread(db, MOVING);
    assert.deepEqual(outline(moving), [
      'Precious Okafor: Great write-up! How long does ',
      '  渡辺 健二: Same here — the build takes 4\u00a0',
      '    Mallory <b>: Nice try:  <script>alert(2)</s',
      '[deleted]',
      '  ليلى حداد: Replying to the deleted commen',
    ]);
    const [okafor, watanabe, mallory, tombstone, haddad] = moving;
    // The reply came first in the file, its parent after it.
    assert.equal(watanabe!.parentId, okafor!.id);
    assert.equal(okafor!.createdAt, '2021-04-11T09:30:17.000Z');
    assert.equal(watanabe!.createdAt, '2021-04-11T10:02:45.000Z');
    assert.equal(
      okafor!.body,
      "Great write-up! How long does a full rebuild take now?\n\nWe're at **40 minutes** with *Jekyll* & 3,000 posts.",
    );
    assert.equal(
      watanabe!.body,
      'Same here — the build takes 4\u00a0s on my laptop. See [the Hugo docs](https://gohugo.io/getting-started/).',
    );
    // Hostile HTML: the script and the image with onerror are gone, the javascript: link keeps
    // its text, and text that was escaped in the HTML is text (the widget shows it as written).
    assert.equal(mallory!.body, 'Nice try:  <script>alert(2)</script> harmless link');
    assert.doesNotMatch(mallory!.body, /onerror|javascript:|document\.cookie|<img/);
    assert.equal(tombstone!.status, 'deleted');
    assert.equal(tombstone!.body, '');
    assert.equal(tombstone!.author.name, '');
    assert.equal(haddad!.parentId, tombstone!.id);
    assert.equal(
      haddad!.body,
      'Replying to the deleted comment: `hugo --minify` helps too.\n\n> I deleted what I said here.',
    );

    const dark = await thread(db, DARK);
    assert.equal(dark[0]!.author.name, 'sam_rivera', 'no display name: the username');
    assert.equal(
      dark[0]!.body,
      "Thanks! One question:\n\n```\n@media (prefers-color-scheme: dark) {\n  :root { --bg: #111; }\n}\n```\n\ndoes this respect the *user's* choice on **every** browser?",
    );

    // Emails are kept for the records, apart from the comments: nothing mails them.
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments WHERE author_email IS NOT NULL'), 0);
    assert.deepEqual(
      query(
        db,
        "SELECT author_email AS email FROM imported_comments WHERE source_key = 'disqus:5400000104'",
      ),
      [{ email: 'kenji.watanabe@mail.example' }],
    );
    assert.equal(count(db, 'SELECT count(*) AS n FROM import_staging'), 0, 'staging is emptied');

    const lines = (await readText(report)).trim().split('\n');
    assert.equal(lines[0], 'line\tsource id\tpage\toutcome\treason');
    assert.deepEqual(
      lines.slice(1).map((line) => line.split('\t').filter((_, i) => i !== 2)),
      [
        ['56', 'disqus:5400000102', 'skipped', 'marked as spam'],
        [
          '70',
          'disqus:5400000103',
          'tombstone',
          'deleted; kept as a tombstone: replies to it are imported',
        ],
        ['101', 'disqus:5400000106', 'skipped', 'deleted'],
      ],
    );
  });

  test('a second run adds nothing', async () => {
    const db = await newDb();
    await importFile(['--db', db, '--from', 'disqus', fixture('disqus.xml')]);
    const before = count(db, 'SELECT count(*) AS n FROM comments');
    const again = await importFile(['--db', db, '--from', 'disqus', fixture('disqus.xml')]);
    assert.equal(again.code, 0);
    assert.equal(again.last, 'imported 0 comments on 0 pages, skipped 8');
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments'), before);
    assert.equal(count(db, 'SELECT count(*) AS n FROM pages'), 2);
  });

  test('a run that fails half-way wrote whole threads only, and the same import run again finishes it', async () => {
    const db = await newDb();
    // The real store, made to fail at its second write transaction (as a killed process would).
    const real = await openStorage(db);
    let writes = 0;
    const failing = new Proxy(real, {
      get(target, property) {
        if (property === 'transaction') {
          return <T>(work: (tx: Db) => Promise<T>) => {
            writes += 1;
            return writes === 5 ? Promise.reject(new Error('killed')) : target.transaction(work);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const run = new ImportRun(failing, 'disqus', new PageKeys([]), { writeBatch: 1 });
    // Transactions: clear stale runs, stage, resolve, the first thread, the second (fails).
    await run.stage(parseDisqus(await textChunks(fixture('disqus.xml'))));
    await run.resolve();
    await assert.rejects(run.write(), /killed/);
    await real.close();
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments'), 5, 'the first thread, whole');
    assert.equal(count(db, 'SELECT count(*) AS n FROM pages'), 1);

    const again = await importFile(['--db', db, '--from', 'disqus', fixture('disqus.xml')]);
    assert.equal(again.last, 'imported 1 comments on 1 pages, skipped 7');
    assert.equal((await thread(db, MOVING)).length, 5);
    assert.equal((await thread(db, DARK)).length, 1);
    // The failed run's staged rows do not count for anyone; a day later a run clears them.
    assert.deepEqual(
      query<{ runs: number }>(db, 'SELECT count(DISTINCT run_id) AS runs FROM import_staging'),
      [{ runs: 1 }],
    );
  });

  test('a write transaction run again from the start (PostgreSQL retries serialization failures) imports what one run does', async () => {
    const db = await newDb();
    const real = await openStorage(db);
    // Every write transaction runs whole, is rolled back as a conflict would roll it back, and
    // runs again: what its first attempt created (the run's author and voter tokens) is gone.
    const conflict = Object.assign(new Error('could not serialize access'), { code: '40001' });
    const retrying = new Proxy(real, {
      get(target, property) {
        if (property === 'transaction') {
          return async <T>(work: (tx: Db) => Promise<T>) => {
            await assert.rejects(
              target.transaction(async (tx) => {
                await work(tx);
                throw conflict;
              }),
              (error) => error === conflict || (error as { code?: string }).code === '40001',
            );
            return target.transaction(work);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const text = (await readText(fixture('disqus.xml'))).replace(
      '<isSpam>false</isSpam>\n    <author>\n      <email>sam.r',
      '<isSpam>false</isSpam>\n    <likes>2</likes>\n    <author>\n      <email>sam.r',
    );
    const file = join(dir.path, 'disqus-liked.xml');
    await writeFile(file, text);
    try {
      const run = new ImportRun(retrying, 'disqus', new PageKeys([]));
      await run.stage(parseDisqus(await textChunks(file)));
      await run.resolve();
      assert.deepEqual(await run.write(), { comments: 6, pages: 2, skipped: 2 });
      await run.discard();
    } finally {
      await real.close();
    }
    assert.deepEqual((await thread(db, DARK))[0]!.votes, { up: 2, down: 0 });
    assert.equal((await thread(db, MOVING)).length, 5);
    // Every comment and vote belongs to a token that exists.
    assert.equal(
      count(
        db,
        'SELECT (SELECT count(*) FROM comments WHERE token_id NOT IN (SELECT id FROM tokens)) + (SELECT count(*) FROM votes WHERE token_id NOT IN (SELECT id FROM tokens)) AS n',
      ),
      0,
    );
  });

  test('a run asked to stop (Ctrl-C) stops between transactions, and runs again from the start', async () => {
    const db = await newDb();
    const storage = await openStorage(db);
    try {
      const run = new ImportRun(storage, 'disqus', new PageKeys([]));
      await run.stage(parseDisqus(await textChunks(fixture('disqus.xml'))));
      run.stop();
      await assert.rejects(run.resolve(), ImportStopped);
      await run.discard();
    } finally {
      await storage.close();
    }
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments'), 0);
    assert.equal(count(db, 'SELECT count(*) AS n FROM import_staging'), 0);
    const again = await importFile(['--db', db, '--from', 'disqus', fixture('disqus.xml')]);
    assert.equal(again.last, 'imported 6 comments on 2 pages, skipped 2');
  });

  test('--map moves pages to another domain, by the normalised key', async () => {
    const db = await newDb();
    const run = await importFile([
      '--db',
      db,
      '--from',
      'disqus',
      '--map',
      'https://NOTES.lighthouse.example/=https://lighthouse.example/notes',
      fixture('disqus.xml'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      query<{ key: string }>(db, 'SELECT key FROM pages ORDER BY key').map((row) => row.key),
      [
        'https://lighthouse.example/notes/2021/04/moving-the-blog-off-wordpress',
        'https://lighthouse.example/notes/2021/05/dark-mode',
      ],
    );
  });

  test('a malformed file is refused with its line, and nothing of it is imported', async () => {
    const db = await newDb();
    const text = await readText(fixture('disqus.xml'));
    // Valid posts first; the break is near the end, in the last post.
    const broken = text.replace(
      '<isSpam>false</isSpam>\n    <author>\n      <email>sam.r',
      '<isSpam>false</isSpams>\n    <author>\n      <email>sam.r',
    );
    assert.notEqual(broken, text);
    const file = join(dir.path, 'broken.xml');
    await writeFile(file, broken);
    const line = broken.slice(0, broken.indexOf('</isSpams>')).split('\n').length;
    const run = await importFile(['--db', db, '--from', 'disqus', file]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`broken\\.xml, line ${line}, column \\d+: .*nothing was imported`),
    );
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments'), 0);
    assert.equal(count(db, 'SELECT count(*) AS n FROM pages'), 0);
    assert.equal(count(db, 'SELECT count(*) AS n FROM import_staging'), 0);

    const wrong = await importFile(['--db', db, '--from', 'disqus', fixture('wordpress.xml')]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /line 3: not a Disqus export: the root element is <rss>/);
  });
});

describe('import from WordPress', () => {
  test('approved comments are published, pending ones pending; spam, trash and pingbacks are left out', async () => {
    const db = await newDb();
    const run = await importFile(['--db', db, '--from', 'wordpress', fixture('wordpress.xml')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.last, 'imported 5 comments on 2 pages, skipped 3');
    const blight = await thread(db, BLIGHT);
    assert.deepEqual(outline(blight), [
      "Tom Greaves: Have you tried 'Crimson Crush'",
      "  Bea Lindqvist & Niall O'Brien: Not yet! Ordering seeds for ne",
      '  Zofia Wiśniewska: @Tom – seconded. Crimson Crush',
    ]);
    assert.equal(
      blight[0]!.body,
      "Have you tried 'Crimson Crush'? It shrugged off blight for me.\n\nTwo things that helped:\n\n- water at the base, *never* the leaves\n- strip the lower leaves by July",
    );
    assert.equal(blight[0]!.author.url, 'https://tomgrows.example/');
    // comment_date_gmt, not the local comment_date.
    assert.equal(blight[0]!.createdAt, '2021-08-14T10:32:07.000Z');
    assert.equal(
      blight[2]!.body,
      "@Tom – seconded. Crimson Crush & 'Mountain Magic' both did well here.\n\n> water at the base, never the leaves\n\nThis is the **key** bit.",
    );
    assert.deepEqual(
      query(db, "SELECT author_name AS name, status FROM comments WHERE status = 'pending'"),
      [{ name: 'Anonymous gardener', status: 'pending' }],
    );
    const about = await thread(db, 'https://allotment.example/about');
    assert.equal(about[0]!.author.name, 'Ольга');
    assert.equal(about[0]!.body, 'Lovely plot! `5 < 7` raised beds?');
  });
});

describe('import from Commento', () => {
  test('scores become votes, unapproved comments pending, deleted and flagged ones left out', async () => {
    const db = await newDb();
    const run = await importFile(['--db', db, '--from', 'commento', fixture('commento.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.last, 'imported 3 comments on 1 pages, skipped 2');
    const rust = await thread(db, RUST);
    assert.deepEqual(outline(rust), [
      '김민준: I ran the same benchmark on a ',
      '  Dev Patel: Which compiler flags? `-C targ',
    ]);
    assert.deepEqual(rust[0]!.votes, { up: 4, down: 0 });
    assert.deepEqual(rust[1]!.votes, { up: 0, down: 1 });
    assert.equal(rust[0]!.createdAt, '2020-11-03T18:22:41.518Z');
    assert.equal(rust[0]!.author.url, 'https://minjun.example');
    assert.equal(rust[1]!.author.url, null, 'Commento writes "undefined" for no link');
    assert.equal(count(db, "SELECT count(*) AS n FROM comments WHERE status = 'pending'"), 1);
    // Votes are real rows, so the counters stay what the votes say.
    assert.equal(count(db, 'SELECT count(*) AS n FROM votes'), 5);
  });

  test('malformed JSON names the line and column', async () => {
    const db = await newDb();
    const file = join(dir.path, 'broken.json');
    await writeFile(
      file,
      '{\n  "version": 1,\n  "comments": [\n    {"commentHex": "a",}\n  ]\n}\n',
    );
    const run = await importFile(['--db', db, '--from', 'commento', file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.json, line 4, column 24: not valid JSON: a property name/);
    assert.equal(count(db, 'SELECT count(*) AS n FROM comments'), 0);
  });
});

describe('what every source may have', () => {
  test('a gzipped export is read as such, and Disqus likes and dislikes become votes', async () => {
    const db = await newDb();
    const text = (await readText(fixture('disqus.xml'))).replace(
      '<isSpam>false</isSpam>\n    <author>\n      <email>sam.r',
      '<isSpam>false</isSpam>\n    <likes>7</likes>\n    <dislikes>2</dislikes>\n    <author>\n      <email>sam.r',
    );
    const file = join(dir.path, 'disqus.xml.gz');
    await writeFile(file, gzipSync(text));
    const run = await importFile(['--db', db, '--from', 'disqus', file]);
    assert.equal(run.last, 'imported 6 comments on 2 pages, skipped 2');
    assert.deepEqual((await thread(db, DARK))[0]!.votes, { up: 7, down: 2 });
    assert.equal(count(db, 'SELECT count(*) AS n FROM votes'), 9);
  });
});

describe('the import command line', () => {
  test('prints the summary line last, and usage errors exit 2', async () => {
    const db = await newDb();
    const ok = await runCli(['import', '--db', db, '--from', 'commento', fixture('commento.json')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim().split('\n').at(-1), 'imported 3 comments on 1 pages, skipped 2');
    const bad = await importFile(['--db', db, '--from', 'blogger', fixture('commento.json')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from "blogger" is not one of disqus, wordpress, commento, confab/);
    const missing = await importFile(['--db', db, '--from', 'disqus', join(dir.path, 'nope.xml')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.xml: no such file/);
  });
});
