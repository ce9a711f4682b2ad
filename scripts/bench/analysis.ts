/**
 * `npm run bench analysis`: throughput of the mixed-script analysis on a generated 10 MB Markdown
 * corpus (Burmese, Bangla, English and Python, with planted Thai fragments and native digits in
 * code), against two baselines in the same process: a bare loop that only reads every code point,
 * and a naive classifier that tests `\p{Script_Extensions=…}` regexes on every character.
 */
import * as os from 'node:os';
import { analyzeText } from '../../src/core/analysis/findings';
import { scanMarkdown } from '../../src/core/analysis/markdown';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { CHAR_FLAGS, SPACE } from '../../src/core/script/charTables';
import { ALL_SCRIPTS, BMP_SCRIPT_MASKS } from '../../src/core/script/scripts';
import { corpus } from './lib/corpus';

const TARGET_BYTES = Number(process.env.BENCH_MB ?? 10) * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARM_UP_RUNS = Number(process.env.BENCH_WARM_UP ?? 10);

function bareLoop(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    sum = (sum + cp) | 0;
  }
  return sum;
}

/**
 * A floor for any classifier that uses tables: one flag read and one script-mask read per unit and a
 * resolved set per token, nothing else (no segmentation, no findings). Not a target; context for one.
 */
function tableFloor(text: string): number {
  let tokens = 0;
  let mixed = 0;
  let set = ALL_SCRIPTS;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (CHAR_FLAGS[unit] & SPACE) {
      if (set === 0) mixed++;
      tokens++;
      set = ALL_SCRIPTS;
    } else set &= BMP_SCRIPT_MASKS[unit];
  }
  return tokens + mixed;
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
  for (let i = 0; i < runs; i++) samples.push(timeOnce(run));
  return median(samples);
}

function timeOnce(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const documents = corpus(TARGET_BYTES);
const megabytes = documents.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1024 / 1024;
const units = documents.reduce((n, d) => n + d.length, 0);
const analyzeAll = () => documents.map((d) => analyzeText(d, { kind: 'markdown', target: 'auto' }));
// What the analysis finds, counted once; the findings are not kept, so the timed runs' heap holds
// only what the analysis itself keeps.
const findingCounts = new Map<string, number>();
for (const analysis of analyzeAll())
  for (let i = 0; i < analysis.findings.length; i++) {
    const code = analysis.findings.code(i);
    findingCounts.set(code, (findingCounts.get(code) ?? 0) + 1);
  }
const runBare = () => documents.forEach(bareLoop);
// The bare loop and the analysis alternate, so a slow moment on a shared machine hits both of a
// pair; the ratio is the median of the pairs' ratios. The first pairs only warm up: the engine
// optimizes the analysis' functions over its first runs (measured: steady after about ten).
const bareTimes: number[] = [];
const akkharaTimes: number[] = [];
const ratios: number[] = [];
for (let i = -WARM_UP_RUNS; i < RUNS; i++) {
  const bareMs = timeOnce(runBare);
  const akkharaMs = timeOnce(analyzeAll);
  if (i < 0) continue;
  bareTimes.push(bareMs);
  akkharaTimes.push(akkharaMs);
  ratios.push(bareMs / akkharaMs);
}
const bare = median(bareTimes);
const akkhara = median(akkharaTimes);
const floor = time(() => documents.forEach(tableFloor), RUNS);
// One part of the analysis on its own, for context: where the Markdown's code blocks and inline code are.
let segments = 0;
const countSegment = () => void segments++;
const segmentation = time(() => documents.forEach((d) => scanMarkdown(d, countSegment)), RUNS);
const naive = time(() => documents.forEach(naiveClassifier), Math.max(1, Math.floor(RUNS / 4)));

const rate = (ms: number) => (megabytes / (ms / 1000)).toFixed(1);
console.log(
  `Analysis throughput on a generated ${megabytes.toFixed(1)} MB Markdown corpus: ${documents.length} documents, ` +
    `${units.toLocaleString('en')} UTF-16 units (Node ${process.version}, ${os.cpus().length} CPUs; median of ${RUNS})\n`,
);
const count = (code: string) => findingCounts.get(code) ?? 0;
const findingTotal = [...findingCounts.values()].reduce((sum, n) => sum + n, 0);
console.log(
  `findings: ${findingTotal.toLocaleString('en')} (${count('foreign-script')} foreign-script, ` +
    `${count('native-in-code')} native-in-code, ${count('latin-in-prose')} latin-in-prose)\n`,
);
console.log('| what | ms | MB/s |');
console.log('|---|---:|---:|');
console.log(`| bare loop reading every code point | ${bare.toFixed(0)} | ${rate(bare)} |`);
console.log(
  `| floor: one flag and one script-mask read per unit, no findings | ${floor.toFixed(0)} | ${rate(floor)} |`,
);
console.log(
  `| Akkhara analyzeText (segmentation, tokenizing, all checks) | ${akkhara.toFixed(0)} | ${rate(akkhara)} |`,
);
console.log(
  `| of which Markdown segmentation alone (${(segments / (RUNS + 1)).toLocaleString('en')} segments) | ${segmentation.toFixed(0)} | ${rate(segmentation)} |`,
);
console.log(
  `| naive per-character \\p{scx=…} regex classifier (${NAIVE.length} scripts) | ${naive.toFixed(0)} | ${rate(naive)} |`,
);
const ofBare = median(ratios);
const overNaive = naive / akkhara;
console.log(
  `\nAkkhara / bare loop: ${(ofBare * 100).toFixed(1)}% (target ≥ 25%; median of ${RUNS} alternating pairs, ` +
    `range ${(Math.min(...ratios) * 100).toFixed(1)}–${(Math.max(...ratios) * 100).toFixed(1)}%)`,
);
console.log(`Akkhara vs naive classifier: ${overNaive.toFixed(1)}× faster (target ≥ 4×)`);
if (ofBare < 0.25 || overNaive < 4) process.exitCode = 1;
