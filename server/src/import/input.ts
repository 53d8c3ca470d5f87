import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * An export file as text, whether plain or gzipped (Disqus mails its exports as .xml.gz,
 * Commento's are gzipped JSON): the first two bytes tell, not the file name.
 */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's text in chunks, decoded as UTF-8 (a character split between chunks is kept whole). */
export async function textChunks(file: string): Promise<AsyncIterable<string>> {
  // Read first: a missing file is an error of this call, not of a stream nobody listens to yet.
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  let stream: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    stream = raw.pipe(gunzip);
  }
  stream.setEncoding('utf8');
  return stream as AsyncIterable<string>;
}

/** The whole file as text (the JSON formats). */
export async function wholeText(file: string): Promise<string> {
  let text = '';
  for await (const chunk of await textChunks(file)) text += chunk;
  return text;
}
