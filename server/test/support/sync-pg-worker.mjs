// The thread behind sync-db.ts: runs the queries the test thread hands it, one at a time,
// and wakes that thread (which waits on a shared flag) when the answer is posted.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { port, flag } = workerData;
const signal = new Int32Array(flag);
const clients = new Map();
const types = {
  getTypeParser: (oid, format) =>
    oid === 20 ? (text) => Number(text) : pg.types.getTypeParser(oid, format),
};

const asBuffers = (params) =>
  params.map((value) => (value instanceof Uint8Array ? Buffer.from(value) : value));

port.on('message', async ({ url, sql, params, close }) => {
  let reply;
  try {
    if (close) {
      await clients.get(url)?.end();
      clients.delete(url);
      reply = { rows: [], count: 0 };
    } else {
      let client = clients.get(url);
      if (!client) {
        client = new pg.Client({ connectionString: url, types });
        client.on('error', () => clients.delete(url));
        await client.connect();
        clients.set(url, client);
      }
      const result = await client.query(sql, asBuffers(params));
      reply = { rows: result.rows ?? [], count: result.rowCount ?? 0 };
    }
  } catch (error) {
    reply = { error: error.message, code: error.code };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
