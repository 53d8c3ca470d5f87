import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Converted, ConvertRequest, ConvertResponse } from './convert-worker.js';
import { bodyCheck, type CommentItem, type ImportItem } from './items.js';

/**
 * HTML bodies become Markdown on converter threads (convert-worker.ts) while the import's own
 * thread parses the file and writes the database: conversion is about a third of an import's
 * CPU time, and on two cores it now runs beside the rest instead of after it.
 *
 * Items leave in the order they came. At most `threads × (AHEAD + 1)` batches are in flight, so
 * memory holds a bounded window of the file whatever its size. Sources without HTML (Commento,
 * Confab) never start a thread.
 */

/** Bodies per message: one message per body would cost about what converting a short one does. */
const BATCH_BODIES = 100;
/** Or fewer, when they are long: a batch holds at most about this much HTML. */
const BATCH_CHARS = 256 * 1024;
/** Items without HTML (threads, skipped comments) do not wait behind more than this many. */
const BATCH_ITEMS = 1000;
/** Batches queued per thread beyond the one it converts, so that it never waits for work. */
const AHEAD = 2;
/** A body that exhausts a converter's memory ends that thread, not the import. */
const HEAP_LIMIT_MB = 1024;

// Run from the TypeScript sources (bin/confab-server.js, `node --import tsx`), a thread does
// not inherit tsx's loader: it registers it before loading the converter.
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;

function spawnConverter(limits: ResourceLimits): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSources ? './convert-worker.ts' : './convert-worker.js',
    import.meta.url,
  );
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_LIMIT_MB, ...limits };
  if (!fromSources) return new Worker(entry, { resourceLimits });
  return new Worker(BOOT, {
    eval: true,
    workerData: { tsx: import.meta.resolve('tsx/esm/api'), entry: entry.href },
    resourceLimits,
  });
}

export interface ConverterOptions {
  /** Converter threads; by default one per core, at most four. */
  threads?: number;
  /** Their resource limits (Node's defaults, with a 1 GB heap). */
  limits?: ResourceLimits;
}

/** The converter thread ended (out of memory, or a crash) while it held a batch. */
class ConverterDied extends Error {}

/** One converter thread, restarted when it dies. */
class ConverterThread {
  readonly #limits: ResourceLimits;
  #worker: Worker | null = null;
  #ready = false;
  #next = 0;
  readonly #waiting = new Map<
    number,
    { resolve: (results: Converted[]) => void; reject: (error: Error) => void }
  >();
  /** Settles when no batch is being retried body by body. */
  #serial: Promise<unknown> = Promise.resolve();

  constructor(limits: ResourceLimits) {
    this.#limits = limits;
  }

  get load(): number {
    return this.#waiting.size;
  }

  /**
   * The Markdown of each body, or the error converting it threw. When the thread dies, the
   * bodies it held are converted again one at a time, each alone on a new thread, before any
   * other batch: a body that kills the thread alone is answered with an error, the rest are
   * converted.
   */
  async convert(bodies: string[]): Promise<Converted[]> {
    await this.#serial;
    try {
      return await this.#send(bodies);
    } catch (error) {
      if (!(error instanceof ConverterDied)) throw error;
      const retry = this.#serial.then(() => this.#oneByOne(bodies));
      this.#serial = retry.catch(() => {});
      return retry;
    }
  }

  async #oneByOne(bodies: string[]): Promise<Converted[]> {
    const results: Converted[] = [];
    for (const body of bodies) {
      try {
        results.push((await this.#send([body]))[0]!);
      } catch (error) {
        if (!(error instanceof ConverterDied)) throw error;
        results.push({ error: `its conversion stopped the converter (${error.message})` });
      }
    }
    return results;
  }

  #send(bodies: string[]): Promise<Converted[]> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#waiting.set(id, { resolve, reject });
      const request: ConvertRequest = { id, bodies };
      this.#start().postMessage(request);
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = spawnConverter(this.#limits);
    this.#worker = worker;
    this.#ready = false;
    worker.on('message', (message: ConvertResponse | 'ready') => {
      if (message === 'ready') {
        this.#ready = true;
        return;
      }
      const waiting = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      waiting?.resolve(message.results);
    });
    worker.on('error', (error) => this.#died(worker, error));
    worker.on('exit', (code) => this.#died(worker, new Error(`exit code ${code}`)));
    return worker;
  }

  #died(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    void worker.terminate();
    // A thread that never loaded its converter would fail again: that is the import's error.
    const reason = this.#ready
      ? new ConverterDied(error.message)
      : new Error(`the HTML converter could not start: ${error.message}`);
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { reject } of waiting) reject(reason);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }
}

/** Threads started on first use; each batch goes to the least busy. */
class ConverterPool {
  readonly #threads: ConverterThread[];

  constructor(size: number, limits: ResourceLimits) {
    this.#threads = Array.from({ length: size }, () => new ConverterThread(limits));
  }

  get size(): number {
    return this.#threads.length;
  }

  convert(bodies: string[]): Promise<Converted[]> {
    let thread = this.#threads[0]!;
    for (const other of this.#threads) if (other.load < thread.load) thread = other;
    return thread.convert(bodies);
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((thread) => thread.close()));
  }
}

/** Converter threads at most, whatever the machine: each holds its own DOM and Turndown. */
const MAX_THREADS = 4;

/**
 * One per core (at most four). Converting the bodies costs about twice what parsing, staging
 * and writing cost the main thread, so with two cores one converter would be the bottleneck
 * with the main thread half idle; two share the cores with it.
 */
export function defaultConverterThreads(): number {
  return Math.min(MAX_THREADS, availableParallelism());
}

const needsConversion = (item: ImportItem): item is CommentItem & { html: string } =>
  item.kind === 'comment' && item.html !== undefined;

/** A converted body takes its place (and its checks); one that could not be converted fails. */
function finish(item: CommentItem, result: Converted): void {
  item.html = undefined;
  if (typeof result === 'string') {
    item.body = result;
    item.skip = bodyCheck(result);
  } else {
    item.skip = { kind: 'failed', reason: `the body could not be converted: ${result.error}` };
  }
}

async function convertBatch(pool: ConverterPool, items: ImportItem[]): Promise<ImportItem[]> {
  const pending = items.filter(needsConversion);
  if (pending.length === 0) return items;
  const results = await pool.convert(pending.map((item) => item.html));
  for (let i = 0; i < pending.length; i++) finish(pending[i]!, results[i]!);
  return items;
}

/**
 * The items with every `html` body converted to Markdown, in their order. A body whose
 * conversion throws (or kills its thread) makes its comment fail with the reason, for the
 * report; the others are not held up.
 */
export async function* convertBodies(
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  options: ConverterOptions = {},
): AsyncGenerator<ImportItem> {
  const threads = options.threads ?? defaultConverterThreads();
  const pool = new ConverterPool(Math.max(1, threads), options.limits ?? {});
  const inFlight: Array<Promise<ImportItem[]>> = [];
  const limit = pool.size * (AHEAD + 1);
  let batch: ImportItem[] = [];
  let bodies = 0;
  let chars = 0;
  const send = () => {
    const converted = convertBatch(pool, batch);
    // Awaited in turn below; a batch that fails before its turn is not an unhandled rejection.
    converted.catch(() => {});
    inFlight.push(converted);
  };
  try {
    for await (const item of items) {
      batch.push(item);
      if (needsConversion(item)) {
        bodies += 1;
        chars += item.html.length;
      }
      if (bodies < BATCH_BODIES && chars < BATCH_CHARS && batch.length < BATCH_ITEMS) continue;
      send();
      batch = [];
      bodies = 0;
      chars = 0;
      while (inFlight.length >= limit) yield* await inFlight.shift()!;
    }
    if (batch.length > 0) send();
    while (inFlight.length > 0) yield* await inFlight.shift()!;
  } finally {
    // Stopped early (a parse error, a stop): what is still in flight is dropped.
    await pool.close();
  }
}
