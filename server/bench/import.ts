/**
 * `npm run bench:import -w server`: imports generated Disqus exports (bench/disqus-export.ts,
 * written to a temporary folder at bench time, never committed) of two sizes, each in a fresh
 * process on a fresh SQLite database, and records the time and the peak memory of each in
 * bench/import.md. Memory is flat when the larger file's peak is about the smaller one's.
 *
 *   npm run bench:import -w server -- --sizes 25000,100000 --runs 3
 *
 * Each size is imported `--runs` times (each into a new database); the table gives the medians.
 *
 * Target (issue 14): at least 5,000 comments per second, memory flat as the file grows.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDisqusExport } from './disqus-export.js';
import { flags, machine } from './lib.js';

interface Measured {
  comments: number;
  pages: number;
  /** The import itself, from opening the database to the summary line. */
  ms: number;
  /** CPU time of the process over the same span (user + system), every thread's. */
  cpuMs: number;
  /**
   * CPU time of the main thread alone (parse, staging, SQL; Linux only, else null): with the
   * bodies converted on other threads, what bounds the wall time on an otherwise idle machine.
   */
  mainCpuMs: number | null;
  /** The process's peak resident set, in MB. */
  peakMb: number;
  summary: string;
}

/** This thread's CPU time in ms, from /proc/thread-self/stat (utime and stime, in 1/100 s). */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** In the child: one import, measured from the inside; prints its figures as JSON. */
async function child(file: string, db: string): Promise<void> {
  const { runImport } = await import('../src/import/command.js');
  const lines: string[] = [];
  const cpu = process.cpuUsage();
  const mainCpu = threadCpuMs();
  const start = performance.now();
  const code = await runImport(['--db', db, '--from', 'disqus', file], {
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const mainCpuEnd = threadCpuMs();
  if (code !== 0) throw new Error(lines.join('\n'));
  const summary = lines.at(-1)!;
  const [, comments, pages] = /imported (\d+) comments on (\d+) pages/.exec(summary)!;
  const measured: Measured = {
    comments: Number(comments),
    pages: Number(pages),
    ms,
    cpuMs: (used.user + used.system) / 1000,
    mainCpuMs: mainCpu === null || mainCpuEnd === null ? null : mainCpuEnd - mainCpu,
    peakMb: process.resourceUsage().maxRSS / 1024,
    summary,
  };
  console.log(JSON.stringify(measured));
}

function measure(file: string, db: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const run = spawn(process.execPath, ['--import', 'tsx', script, '--child', file, db], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    run.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    run.on('error', reject);
    run.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measured)
        : reject(new Error(`exit ${code}`)),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Every run imports the same comments; time, CPU and memory are the medians over the runs. */
function medians(all: Measured[]): Measured {
  return {
    ...all[0]!,
    ms: median(all.map((m) => m.ms)),
    cpuMs: median(all.map((m) => m.cpuMs)),
    mainCpuMs: all[0]!.mainCpuMs === null ? null : median(all.map((m) => m.mainCpuMs!)),
    peakMb: median(all.map((m) => m.peakMb)),
  };
}

async function main(): Promise<void> {
  const options = flags({ sizes: '25000,100000', runs: '3' });
  const sizes = String(options.sizes).split(',').map(Number);
  const runs = Math.max(1, Number(options.runs));
  const dir = mkdtempSync(join(tmpdir(), 'confab-import-bench-'));
  const rows: string[] = [];
  const load = loadavg()[0]!.toFixed(1);
  try {
    for (const size of sizes) {
      const file = join(dir, `disqus-${size}.xml`);
      await writeDisqusExport(file, size);
      const mb = statSync(file).size / 2 ** 20;
      const all: Measured[] = [];
      for (let run = 0; run < runs; run += 1) {
        all.push(await measure(file, join(dir, `import-${size}-${run}.sqlite`)));
      }
      const m = medians(all);
      const rate = (ms: number) => `${Math.round(m.comments / (ms / 1000)).toLocaleString('en')}/s`;
      const main =
        m.mainCpuMs === null
          ? 'n/a | n/a'
          : `${(m.mainCpuMs / 1000).toFixed(1)} s | ${rate(m.mainCpuMs)}`;
      const row = `| ${size.toLocaleString('en')} posts (${mb.toFixed(0)} MB) | ${m.comments.toLocaleString('en')} on ${m.pages.toLocaleString('en')} pages | ${(m.ms / 1000).toFixed(1)} s | ${rate(m.ms)} | ${(m.cpuMs / 1000).toFixed(1)} s | ${rate(m.cpuMs)} | ${main} | ${m.peakMb.toFixed(0)} MB |`;
      console.log(row);
      rows.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const text = `# Import benchmark (issue 14)

\`npm run bench:import -w server\` (server/bench/import.ts): a generated Disqus export per size
(server/bench/disqus-export.ts: threads of 10 to 90 posts, a third replies, one post in ten after
its replies, 2% spam, 1% deleted, HTML messages), imported by \`confab-server import\`'s code in a
fresh process into a fresh SQLite database (\`--sync full\`), ${runs} times per size; the table
gives the medians. Time is the import from opening the database to the summary line; CPU is the
process's user + system time over the same span, all threads together; main thread CPU is the
main thread's alone (XML parsing, staging, SQL; HTML conversion runs on a converter thread), which
is what bounds the time when the machine has a core free for each; peak memory is the process's
peak resident set (Node, tsx, the parsers and the converter thread included).

Target: at least 5,000 comments per second; memory flat as the file grows.

Machine: ${machine()}; load average ${load} at the start, ${loadavg()[0]!.toFixed(1)} at the end
(other work shares the machine: the CPU figures are the ones that say what the import costs).

| file | imported | time | rate | CPU | rate per CPU second | main thread CPU | rate per main-thread CPU second | peak memory |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  writeFileSync(fileURLToPath(new URL('../../bench/import.md', import.meta.url)), text);
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();
