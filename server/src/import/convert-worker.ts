import { parentPort } from 'node:worker_threads';
import { htmlToMarkdown } from './html.js';

/**
 * A converter thread of the import (convert.ts): receives batches of HTML bodies and answers
 * with their Markdown in the same order. A body whose conversion throws is answered with the
 * error's message in its place, so one bad body costs only itself.
 */

export interface ConvertRequest {
  id: number;
  bodies: string[];
}

export type Converted = string | { error: string };

export interface ConvertResponse {
  id: number;
  results: Converted[];
}

function convert(html: string): Converted {
  try {
    return htmlToMarkdown(html);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', ({ id, bodies }: ConvertRequest) => {
  const response: ConvertResponse = { id, results: bodies.map(convert) };
  parentPort!.postMessage(response);
});
// Loaded: from here on, a thread that dies was killed by a body, not by a broken install.
parentPort?.postMessage('ready');
