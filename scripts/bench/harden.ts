/**
 * `npm run bench harden`: is `akkhara harden` worth it? On each shared HumanEval set (../shared/data:
 * Burmese, Bangla, Bangla expert), as whole processes: harden the tasks (extra tests per task, time),
 * score the canonical solutions on the hardened tests (all must still pass), then score deliberately
 * wrong variants of the canonical solutions (scripts/bench/lib/mutants.py: off-by-one, boundary,
 * dropped branch) on the base and the hardened tests: how many the base tests miss, and how many of
 * those the extra tests catch. BENCH_MAX_EXTRA sets --max-extra (default: the command's own, 30).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(ROOT, 'dist', 'cli.js');
const data = path.resolve(ROOT, '..', 'shared', 'data');
const SETS = ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-harden-'));
const maxExtra = process.env.BENCH_MAX_EXTRA;

const rows = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

function akkhara(args: string[]): { stdout: string; seconds: number } {
  const started = performance.now();
  const stdout = execFileSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return { stdout, seconds: (performance.now() - started) / 1000 };
}

interface Result {
  task_id: string;
  sample: number;
  passed: boolean;
  plus_passed: boolean;
}

function measure(set: string): string[] {
  const tasks = path.join(data, set);
  const plus = path.join(dir, set.replace('.jsonl', '.plus.jsonl'));
  const hardened = akkhara([
    'harden',
    '--tasks',
    tasks,
    '--out',
    plus,
    '--json',
    ...(maxExtra ? ['--max-extra', maxExtra] : []),
  ]);
  const tally = JSON.parse(hardened.stdout) as { tasks: number; hardened: number; extraTests: number };
  const canonical = JSON.parse(
    akkhara([
      'eval',
      '--tasks',
      plus,
      '--canonical',
      '--plus',
      '--json',
      '--out',
      path.join(dir, `${set}.canonical.jsonl`),
    ]).stdout,
  ) as { samples: number; statuses: Record<string, number>; plus: { passAtK: Record<string, number> } };
  const canonicalPlus = Math.round(canonical.plus.passAtK['pass@1'] * canonical.samples);

  const mutantsFile = path.join(dir, `${set}.mutants.jsonl`);
  writeFileSync(
    mutantsFile,
    execFileSync('python3', [path.join(ROOT, 'scripts', 'bench', 'lib', 'mutants.py')], {
      input: readFileSync(tasks),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
  const mutants = rows<{ task_id: string; operator: string }>(mutantsFile);
  const resultsFile = path.join(dir, `${set}.mutants.results.jsonl`);
  akkhara([
    'eval',
    '--tasks',
    plus,
    '--completions',
    mutantsFile,
    '--plus',
    '--timeout',
    '2',
    '--json',
    '--out',
    resultsFile,
  ]);
  const results = rows<Result>(resultsFile);
  // results.jsonl is in scoring order; match each mutant by task and its index among the task's samples.
  const seen = new Map<string, number>();
  const operatorOf = new Map<string, string>();
  for (const mutant of mutants) {
    const index = seen.get(mutant.task_id) ?? 0;
    seen.set(mutant.task_id, index + 1);
    operatorOf.set(`${mutant.task_id}#${index}`, mutant.operator);
  }
  const byOperator = new Map<string, { all: number; missed: number; caught: number }>();
  for (const result of results) {
    const operator = operatorOf.get(`${result.task_id}#${result.sample}`) ?? '?';
    const counts = byOperator.get(operator) ?? { all: 0, missed: 0, caught: 0 };
    counts.all++;
    if (result.passed) {
      counts.missed++;
      if (!result.plus_passed) counts.caught++;
    }
    byOperator.set(operator, counts);
  }
  const total = [...byOperator.values()].reduce(
    (sum, c) => ({ all: sum.all + c.all, missed: sum.missed + c.missed, caught: sum.caught + c.caught }),
    { all: 0, missed: 0, caught: 0 },
  );
  const share = (part: number, whole: number) => `${whole ? ((part / whole) * 100).toFixed(1) : '0.0'}%`;
  const lines = [
    `| ${set} | ${tally.hardened} of ${tally.tasks} | ${(tally.extraTests / tally.tasks).toFixed(1)} | ${hardened.seconds.toFixed(1)} s | ${canonical.samples - (canonical.statuses.passed ?? 0) === 0 ? canonical.samples : canonical.statuses.passed}/${canonical.samples} → ${canonicalPlus}/${canonical.samples} | ${total.all} | ${total.missed} | **${total.caught}** (${share(total.caught, total.missed)}) |`,
  ];
  for (const [operator, c] of [...byOperator].sort())
    lines.push(
      `|   ${operator} | | | | | ${c.all} | ${c.missed} | ${c.caught} (${share(c.caught, c.missed)}) |`,
    );
  return lines;
}

const present = SETS.filter((set) => existsSync(path.join(data, set)));
if (present.length === 0) {
  console.error(`npm run bench harden needs the shared HumanEval sets in ${data}`);
  process.exit(2);
}
console.log(
  `akkhara harden${maxExtra ? ` --max-extra ${maxExtra}` : ''}, Node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log(
  '| set | hardened | extra tests per task | harden time | canonical: base → plus | mutants | base tests miss | plus catches of those |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
let failed = false;
for (const set of present) {
  const lines = measure(set);
  console.log(lines.join('\n'));
  if (!/\| (\d+)\/\1 → \1\/\1 \|/.test(lines[0])) failed = true;
}
if (failed) {
  console.error('a canonical solution fails its hardened tests');
  process.exit(1);
}
