#!/usr/bin/env node
// The README's test command: every check and every test suite, in order,
// ending with one line `N passed, N failed` summed over the suites.
// A step that fails stops nothing: all steps run, and the exit code is 1 if any failed.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'build', cmd: 'npm run -s build' },
  { name: 'size budget', cmd: 'npm run -s size', counts: 'node' },
  // The build's own tooling (scripts/inline-css.mjs), in Node.
  { name: 'build tools', cmd: 'node --test test/build/', counts: 'node' },
  { name: 'browser tests', cmd: 'npm run -s test:browser', counts: 'wtr' },
  // The same suite on code transformed as the build transforms it (Terser with the build's options,
  // Lit included): the security tests must hold for what ships.
  { name: 'browser tests, as built', cmd: 'npm run -s test:browser:build', counts: 'wtr' },
  { name: 'server tests', cmd: 'npm run -s test:server', counts: 'node' },
  { name: 'end-to-end tests', cmd: 'npm run -s test:e2e', counts: 'node' },
];

const only = process.argv.slice(2);

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (chunk, sink) => {
      out += chunk;
      sink.write(chunk);
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

// Reads a runner's own summary: node's test runner prints `# pass N` / `ℹ pass N`,
// web-test-runner prints `N passed, N failed`.
function countsOf(kind, out) {
  // eslint-disable-next-line no-control-regex -- strips the runners' colour codes
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  if (kind === 'wtr') {
    const all = [...clean.matchAll(/(\d+) passed, (\d+) failed/g)];
    const last = all.at(-1);
    return last ? { passed: +last[1], failed: +last[2] } : null;
  }
  const pass = [...clean.matchAll(/^[#ℹ] pass (\d+)/gm)].reduce((n, m) => n + +m[1], 0);
  const fail = [...clean.matchAll(/^[#ℹ] fail (\d+)/gm)].reduce((n, m) => n + +m[1], 0);
  return /^[#ℹ] pass \d+/m.test(clean) ? { passed: pass, failed: fail } : null;
}

let passed = 0;
let failed = 0;
const report = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const started = Date.now();
  const { code, out } = await run(step);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let line = `${step.name}: exit ${code}, ${seconds}s`;
  if (step.counts) {
    const counts = countsOf(step.counts, out);
    if (!counts || counts.passed + counts.failed === 0) {
      line += ', ran no test';
      failed += 1;
    } else {
      passed += counts.passed;
      failed += counts.failed;
      line += `, ${counts.passed} passed, ${counts.failed} failed`;
    }
  }
  if (code !== 0 && !(step.counts && /failed/.test(line) && !/ 0 failed/.test(line))) failed += 1;
  report.push(line);
}

console.log('\n=== summary');
for (const line of report) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && report.every((l) => / exit 0,/.test(l)) ? 0 : 1);
