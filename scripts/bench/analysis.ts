/**
 * `npm run bench analysis`: throughput of the mixed-script analysis on a generated 10 MB Markdown
 * corpus (Burmese, Bangla, English and Python, with planted Thai fragments and native digits in
 * code), against two baselines in the same process: a bare loop that only reads every code point,
 * and a naive classifier that tests `\p{Script_Extensions=…}` regexes on every character.
 */
import * as os from 'node:os';
import { analyzeText } from '../../src/core/analysis/findings';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { corpus } from './lib/corpus';

const TARGET_BYTES = Number(process.env.BENCH_MB ?? 10) * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function bareLoop(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    sum = (sum + cp) | 0;
  }
  return sum;
}

const NAIVE = SCRIPT_NAMES.map((name) => new RegExp(`\\p{scx=${name}}`, 'u'));
/** What one would write without a table: test every script's regex on every character. */
function naiveClassifier(text: string): number {
  let counted = 0;
  for (const ch of text) {
    for (const re of NAIVE) if (re.test(ch)) counted++;
  }
  return counted;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => unknown, runs: number): number {
  run(); // warm-up: JIT and the script table
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const documents = corpus(TARGET_BYTES);
const megabytes = documents.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1024 / 1024;
const units = documents.reduce((n, d) => n + d.length, 0);
const analyzeAll = () => documents.map((d) => analyzeText(d, { kind: 'markdown', target: 'auto' }));
const analyses = analyzeAll();
const findings = analyses.flatMap((a) => a.findings);
const bare = time(() => documents.forEach(bareLoop), RUNS);
const akkhara = time(analyzeAll, RUNS);
const naive = time(() => documents.forEach(naiveClassifier), Math.max(1, Math.floor(RUNS / 2)));

const rate = (ms: number) => (megabytes / (ms / 1000)).toFixed(1);
console.log(
  `Analysis throughput on a generated ${megabytes.toFixed(1)} MB Markdown corpus: ${documents.length} documents, ` +
    `${units.toLocaleString('en')} UTF-16 units (Node ${process.version}, ${os.cpus().length} CPUs; median of ${RUNS})\n`,
);
const count = (code: string) => findings.filter((f) => f.code === code).length;
console.log(
  `findings: ${findings.length.toLocaleString('en')} (${count('foreign-script')} foreign-script, ` +
    `${count('native-in-code')} native-in-code, ${count('latin-in-prose')} latin-in-prose)\n`,
);
console.log('| what | ms | MB/s |');
console.log('|---|---:|---:|');
console.log(`| bare loop reading every code point | ${bare.toFixed(0)} | ${rate(bare)} |`);
console.log(
  `| Akkhara analyzeText (segmentation, tokenizing, all checks) | ${akkhara.toFixed(0)} | ${rate(akkhara)} |`,
);
console.log(
  `| naive per-character \\p{scx=…} regex classifier (${NAIVE.length} scripts) | ${naive.toFixed(0)} | ${rate(naive)} |`,
);
const ofBare = bare / akkhara;
const overNaive = naive / akkhara;
console.log(`\nAkkhara / bare loop: ${(ofBare * 100).toFixed(1)}% (target ≥ 25%)`);
console.log(`Akkhara vs naive classifier: ${overNaive.toFixed(1)}× faster (target ≥ 4×)`);
if (ofBare < 0.25 || overNaive < 4) process.exitCode = 1;
