/**
 * The event streams' caps (issue 15, item 5): per client network (an IPv6 /64 counts once, as
 * the rate limits count it), per page, and a slow reader dropped before it buffers much.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { clientNetwork } from '../src/client-address.js';
import { StreamHub } from '../src/streams.js';

let hub: StreamHub;
let server: Server;
let port = 0;
const open: IncomingMessage[] = [];

before(async () => {
  hub = new StreamHub({ maxStreamsPerClient: 3, maxStreamsPerPage: 4, heartbeatMs: 60_000 });
  // Real responses: the test names the client's address in a header.
  server = createServer((req, res) => {
    const client = String(req.headers['x-test-client']);
    const page = String(req.headers['x-test-page']);
    if (!hub.hasRoomFor(client, page)) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    hub.open(page, client, res, 0, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const response of open) response.destroy();
  hub.closeAll();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function stream(client: string, page: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { port, host: '127.0.0.1', headers: { 'x-test-client': client, 'x-test-page': page } },
      (response) => {
        open.push(response);
        resolve(response.statusCode!);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('event stream caps', () => {
  test('an IPv6 /64 counts as one client', async () => {
    assert.equal(clientNetwork('2001:db8:1:2::1'), clientNetwork('2001:DB8:1:2:ffff:1:2:3'));
    assert.notEqual(clientNetwork('2001:db8:1:2::1'), clientNetwork('2001:db8:1:3::1'));
    assert.equal(clientNetwork('::ffff:192.0.2.1'), '192.0.2.1');
    const statuses = [];
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:a::3']) {
      statuses.push(await stream(address, 'p1'));
    }
    statuses.push(await stream('2001:db8:1:2:ffff::4', 'p2'));
    statuses.push(await stream('2001:db8:1:3::1', 'p2'));
    assert.deepEqual(statuses, [200, 200, 200, 503, 200]);
  });

  test('a page holds at most its cap of streams, whoever opens them', async () => {
    const statuses = [];
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5']) {
      statuses.push(await stream(address, 'p3'));
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 503]);
    assert.equal(hub.streamsOf('p3'), 4);
  });
});
