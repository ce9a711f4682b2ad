/**
 * `npm run bench activate`: cold activation time of dist/extension.js (production build) against a
 * baseline extension that registers the same number of commands and one view and does nothing
 * else, each in fresh processes, interleaved so both see the same machine state.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../src/vscode/commandIds';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BUDGET_MS = 50;

const baselineDir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-'));
const baselineFile = path.join(baselineDir, 'baseline.js');
writeFileSync(
  baselineFile,
  `const vscode = require('vscode');
exports.activate = (context) => {
  for (const id of ${JSON.stringify(COMMAND_IDS)}) context.subscriptions.push(vscode.commands.registerCommand(id, () => undefined));
  context.subscriptions.push(vscode.window.registerWebviewViewProvider('akkhara.chat', { resolveWebviewView() {} }));
};\n`,
);

interface Sample {
  ms: number;
  modules: string[];
}
const once = (file: string): Sample =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, 'activateOnce.js'), file, ROOT], {
      encoding: 'utf8',
    }),
  );

const akkhara: Sample[] = [];
const baseline: Sample[] = [];
for (let i = 0; i < RUNS; i++) {
  akkhara.push(once(path.join(ROOT, 'dist', 'extension.js')));
  baseline.push(once(baselineFile));
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (name: string, samples: Sample[]) => {
  const ms = samples.map((s) => s.ms);
  return { name, median: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: Math.max(...ms) };
};
const a = row('Akkhara dist/extension.js', akkhara);
const b = row('baseline (registers the same commands and view)', baseline);
const heavy = [...new Set(akkhara.flatMap((s) => s.modules))].filter((m) =>
  /languageclient|client\.js|openai|llama/.test(m),
);

console.log(
  `Activation, cold, ${RUNS} fresh processes each (Node ${process.version}, ${os.cpus().length} CPUs)\n`,
);
console.log('| extension | median ms | p95 ms | max ms |');
console.log('|---|---:|---:|---:|');
for (const r of [a, b])
  console.log(`| ${r.name} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.max.toFixed(2)} |`);
console.log(`\nratio Akkhara / baseline (median): ${(a.median / b.median).toFixed(2)}×`);
console.log(`modules loaded by activate(): ${[...new Set(akkhara.flatMap((s) => s.modules))].join(', ')}`);
console.log(`heavy modules loaded: ${heavy.length ? heavy.join(', ') : 'none'}`);
console.log(`budget ${BUDGET_MS} ms (p95): ${a.p95 < BUDGET_MS ? 'met' : 'MISSED'}`);
if (a.p95 >= BUDGET_MS || heavy.length) process.exitCode = 1;
