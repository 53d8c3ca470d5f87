/**
 * Issue 15 item 1's reproduction: a thread of one comment and 40 replies of 10,000 characters
 * each, then 64 anonymous GETs with different `limit` values (and again in the two other sort
 * orders), against the real command line; prints the server's resident memory growth. The issue's bodies were control
 * characters (refused since); a body the server refuses is replaced by 10,000 emoji, which
 * makes an answer of the same order (1.6 MB).
 *
 *   node --import tsx bench/cache-memory.ts
 */
import { ApiClient } from '../test/support/http.js';
import { ALLOWED_ORIGIN, startServer } from '../test/support/server-process.js';
import { rssMiB } from './lib.js';

const server = await startServer();
try {
  const api = new ApiClient(server.url, ALLOWED_ORIGIN);
  const token = await api.newToken();
  const page = 'https://victim.example/big-thread';
  let parentId: string | null = null;
  let bodyKind = 'control characters';
  for (let i = 0; i < 41; i += 1) {
    const post = (body: string) =>
      api.call('POST', '/comments', {
        token,
        body: { page, parentId, body, author: { name: 'Mallory' } },
      });
    let res = await post(
      bodyKind === 'control characters' ? '\u0001'.repeat(10_000) : '😀'.repeat(10_000),
    );
    if (res.status === 400) {
      bodyKind = 'emoji';
      res = await post('😀'.repeat(10_000));
    }
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${res.text}`);
    parentId ??= (res.json as { comment: { id: string } }).comment.id;
  }
  const pid = server.child.pid!;
  await api.call('GET', `/threads?page=${encodeURIComponent(page)}&limit=200`);
  const before = rssMiB(pid)!;
  let bytes = 0;
  const rounds: string[] = [];
  // The 64 GETs, then the same again in the two other sort orders: memory that keeps
  // growing round after round is kept, not garbage awaiting collection.
  for (const sort of ['oldest', 'newest', 'top']) {
    for (let limit = 1; limit <= 64; limit += 1) {
      const query = `page=${encodeURIComponent(page)}&sort=${sort}&limit=${limit}`;
      const res = await api.call('GET', `/threads?${query}`);
      bytes = Buffer.byteLength(res.text);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const growth = rssMiB(pid)! - before;
    rounds.push(`${growth >= 0 ? '+' : ''}${growth.toFixed(1)}`);
  }
  console.log(
    `bodies of ${bodyKind}; one answer ${(bytes / 1e6).toFixed(2)} MB; RSS before the GETs ` +
      `${before.toFixed(1)} MiB, growth after each 64 GETs (oldest, newest, top): ` +
      `${rounds.join(', ')} MiB`,
  );
} finally {
  await server.stop();
}
