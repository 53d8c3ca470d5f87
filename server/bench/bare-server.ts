/**
 * The lower bound for `GET /threads`: a bare `node:http` server that answers
 * every request with the bytes the real server produced, so the benchmark
 * measures what Fastify, validation, SQLite and serialisation cost on top of
 * Node's HTTP stack. Run as its own process, like the real server.
 *
 *   node bench/bare-server.ts <body-file> <content-type>
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [bodyFile, contentType] = process.argv.slice(2);
if (!bodyFile || !contentType) {
  console.error('usage: bare-server <body-file> <content-type>');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
