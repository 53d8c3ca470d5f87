/**
 * The thread cache holds to its memory budget (issue 15, item 1): whole anonymous answers are
 * kept per page under every sort, limit and cursor, so without a cap in bytes a few dozen GETs
 * of one big thread pinned over a hundred megabytes for good.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EventFeed } from '../src/feed.js';
import { createServices, type Services } from '../src/services/index.js';
import { ThreadCache, type CacheBudget } from '../src/services/threads.js';
import { openStorage } from '../src/storage/open.js';
import { insertToken } from '../src/storage/tokens.js';
import type { Storage } from '../src/storage/types.js';
import { freshDatabase, type TestDatabase } from './support/store.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
/** 10,000 characters, 40,000 bytes of JSON: as big as a body gets now controls are refused. */
const BIG_BODY = '😀'.repeat(10_000);

let database: TestDatabase;
let storage: Storage;
let feed: EventFeed;
let services: Services;
let token: number;

before(async () => {
  database = await freshDatabase();
  storage = await openStorage(database.location);
  services = createServices(storage);
  feed = new EventFeed(storage);
  await feed.start();
  token = await storage.transaction((tx) => insertToken(tx, Buffer.alloc(32, 7), null, 0));
});

after(async () => {
  feed.stop();
  await storage.close();
  await database.remove();
});

/** The thread: one comment and 40 replies, each body 10,000 characters. */
async function bigThread(pageKey: string): Promise<void> {
  let parentId: number | null = null;
  for (let i = 0; i < 41; i += 1) {
    const result = await services.comments.post({
      pageKey,
      parentId,
      tokenId: token,
      authorName: 'Mallory',
      authorUrl: null,
      body: BIG_BODY,
      notify: null,
      idempotency: null,
      answer: () => '',
    });
    assert.ok(result.ok && !result.replayed);
    parentId ??= result.comment.id;
  }
}

/** Array buffers still held once garbage is collected: their backing stores are freed after a
 * collection's sweep, which can trail it on a busy machine, so collect until the figure settles. */
async function externalBytes(): Promise<number> {
  let bytes = Infinity;
  for (let round = 0; round < 5; round += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.memoryUsage().arrayBuffers;
    if (now >= bytes) return now;
    bytes = now;
  }
  return bytes;
}

describe('thread cache budget', () => {
  test('64 anonymous GETs of a 1.6 MB thread with different limits keep at most the page budget', async () => {
    const budget: CacheBudget = { totalBytes: 32 * MiB, pageAnswerBytes: 4 * MiB };
    const cache = new ThreadCache(storage, feed, 1000, budget);
    await bigThread('cache-big');
    const baseline = await externalBytes();
    let answerBytes = 0;
    for (let limit = 1; limit <= 64; limit += 1) {
      const model = await cache.get('cache-big');
      answerBytes = Buffer.byteLength(model.render('oldest', limit, null, null, null));
    }
    assert.ok(answerBytes > 1.6 * 1e6, `one answer is ${answerBytes} bytes`);
    const grown = (await externalBytes()) - baseline;
    // Before the cap: 64 answers kept, over 100 MB. The page budget is 4 MiB; the margin is for
    // what the process allocates meanwhile (SQLite reads, the feed), never near 100 MB.
    assert.ok(grown <= 12 * MiB, `answers kept: ${(grown / MiB).toFixed(1)} MiB`);
    assert.ok(cache.bytes <= budget.totalBytes, `cache counts ${cache.bytes} bytes`);
    assert.equal(cache.size, 1);
  });

  test('pages together stay within the total budget, least recently read dropped first', async () => {
    const budget: CacheBudget = { totalBytes: 8 * MiB, pageAnswerBytes: 2 * MiB };
    const cache = new ThreadCache(storage, feed, 1000, budget);
    const pages = ['cache-p1', 'cache-p2', 'cache-p3', 'cache-p4'];
    for (const page of pages) await bigThread(page);
    for (const page of pages) {
      for (const limit of [1, 2]) (await cache.get(page)).render('oldest', limit, null, null, null);
      assert.ok(cache.bytes <= budget.totalBytes, `${page}: cache counts ${cache.bytes} bytes`);
    }
    // Each page holds about 0.8 MB of rows, 1.6 MB of heads and one 1.6 MB answer.
    assert.ok(cache.size < pages.length, `${cache.size} pages kept`);
    // A page bigger than the whole budget is served but not kept.
    const tiny = new ThreadCache(storage, feed, 1000, { totalBytes: MiB, pageAnswerBytes: MiB });
    const model = await tiny.get('cache-p1');
    assert.equal(model.rows.length, 41);
    model.render('oldest', 1, null, null, null);
    assert.equal(tiny.size, 0);
    assert.equal(tiny.bytes, 0);
  });

  test('a change to a page gives back what its model held', async () => {
    const cache = new ThreadCache(storage, feed, 1000, {
      totalBytes: 32 * MiB,
      pageAnswerBytes: 4 * MiB,
    });
    (await cache.get('cache-p2')).render('newest', 3, null, null, null);
    assert.ok(cache.bytes > 0);
    cache.invalidate('cache-p2');
    assert.equal(cache.bytes, 0);
    assert.equal(cache.size, 0);
  });
});
