/**
 * `npm run bench harden`: can the hardened tests be trusted, and are they worth it? As whole processes:
 *
 * 1. On each shared HumanEval set (../shared/data: Burmese, Bangla, Bangla expert): `akkhara harden`
 *    with its defaults (extra tests per task, time) and the tasks' own solutions on the hardened tests.
 * 2. With EvalPlus's HumanEval+ data (EVALPLUS=path/to/HumanEvalPlus.jsonl; see
 *    scripts/bench/lib/evalplus_from_repo.py), on the first set:
 *    - correct solutions (EvalPlus's corrected references) on the tests of harden alone, of harden
 *      --oracle (those references as a second solution) and of harden --from-evalplus: how many fail;
 *    - wrong variants (scripts/bench/lib/mutants.py, nine kinds of students' and small models' bugs)
 *      that pass the base tests and are proven wrong: they fail tests built on EvalPlus's corrected
 *      references under its contracts, from its inputs and harden's (--from-evalplus --max-extra 1000).
 *      Tasks whose own reference fails those tests are left out (a variant of a wrong reference
 *      proves nothing). How many harden alone catches, against EvalPlus's own inputs alone
 *      (--from-evalplus --no-generate) on the same variants; and what --reduce keeps of harden's tests.
 * 3. The same seed twice, once with the CPUs busy: the files must be the same byte for byte.
 *
 * Exits non-zero when a target is missed: the tasks' own solutions pass; with EvalPlus's data, no
 * correct solution fails (--from-evalplus), harden alone catches ≥ 80% of the proven-wrong variants
 * and more than EvalPlus's inputs; the two runs are identical.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(ROOT, 'dist', 'cli.js');
const data = path.resolve(ROOT, '..', 'shared', 'data');
const SETS = ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl'];
const evalplus = process.env.EVALPLUS;
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-harden-'));
const problems: string[] = [];

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
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout, seconds: (performance.now() - started) / 1000 };
}

interface Tally {
  tasks: number;
  hardened: number;
  extraTests: number;
  outOfContract: number;
  disputed: number;
}

function harden(tasks: string, out: string, ...extra: string[]): Tally & { seconds: number } {
  const run = akkhara(['harden', '--tasks', tasks, '--out', out, '--json', ...extra]);
  return { ...(JSON.parse(run.stdout) as Tally), seconds: run.seconds };
}

interface Result {
  task_id: string;
  sample: number;
  passed: boolean;
  plus_passed: boolean;
}

/** Scores completions (or the tasks' own solutions) on base and plus tests: results by task and sample. */
function score(
  tasks: string,
  completions: string | 'canonical',
  name: string,
  timeoutSeconds = 2,
): Map<string, Result> {
  const out = path.join(dir, `${name}.results.jsonl`);
  akkhara([
    'eval',
    '--tasks',
    tasks,
    ...(completions === 'canonical' ? ['--canonical'] : ['--completions', completions]),
    '--plus',
    '--timeout',
    String(timeoutSeconds),
    '--json',
    '--out',
    out,
  ]);
  return new Map(rows<Result>(out).map((row) => [`${row.task_id}#${row.sample}`, row]));
}

const share = (part: number, whole: number) => `${whole ? ((part / whole) * 100).toFixed(1) : '0.0'}%`;
const failingPlus = (results: Map<string, Result>) =>
  [...results.values()].filter((row) => row.passed && !row.plus_passed).map((row) => row.task_id);

function perSet(set: string): string {
  const tasks = path.join(data, set);
  const plus = path.join(dir, set.replace('.jsonl', '.plus.jsonl'));
  const tally = harden(tasks, plus);
  const own = score(plus, 'canonical', `${set}.canonical`);
  const failing = failingPlus(own);
  if (failing.length)
    problems.push(`${set}: its own solutions fail the hardened tests of ${failing.join(', ')}`);
  return (
    `| ${set} | ${tally.hardened} of ${tally.tasks} | ${(tally.extraTests / tally.tasks).toFixed(1)} | ` +
    `${tally.outOfContract} | ${tally.seconds.toFixed(1)} s | ${own.size - failing.length}/${own.size} |`
  );
}

function withEvalPlus(set: string, evalplusFile: string): string[] {
  const tasks = path.join(data, set);
  const lines: string[] = [];
  // Correct solutions: EvalPlus's corrected references, as completions.
  const references = path.join(dir, 'references.jsonl');
  writeFileSync(
    references,
    rows<{ task_id: string; canonical_solution: string }>(evalplusFile)
      .map((row) => JSON.stringify({ task_id: row.task_id, completion: row.canonical_solution }))
      .join('\n'),
  );
  const variants = path.join(dir, 'variants.jsonl');
  writeFileSync(
    variants,
    execFileSync('python3', [path.join(ROOT, 'scripts', 'bench', 'lib', 'mutants.py')], {
      input: readFileSync(tasks),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
  const operators: string[] = [];
  const seen = new Map<string, number>();
  const keys = rows<{ task_id: string; operator: string }>(variants).map((variant) => {
    const index = seen.get(variant.task_id) ?? 0;
    seen.set(variant.task_id, index + 1);
    operators.push(variant.operator);
    return `${variant.task_id}#${index}`;
  });

  const kinds = {
    own: { label: 'harden alone (defaults)', args: [] as string[] },
    oracle: {
      label: 'harden --oracle (EvalPlus’s references as a second solution)',
      args: ['--oracle', references, '--review', path.join(dir, 'review.jsonl')],
    },
    evalplus: { label: 'harden --from-evalplus', args: ['--from-evalplus', evalplusFile] },
    reduced: { label: 'harden --reduce (EvalPlus-mini’s reduction)', args: ['--reduce'] },
    inputsOnly: {
      label: 'EvalPlus’s inputs alone (--from-evalplus --no-generate)',
      args: ['--from-evalplus', evalplusFile, '--no-generate', '--max-extra', '1000'],
    },
    proof: {
      label: 'proof: EvalPlus’s references and contracts, its inputs and harden’s (--max-extra 1000)',
      args: ['--from-evalplus', evalplusFile, '--max-extra', '1000'],
    },
  };
  const files = new Map<string, string>();
  lines.push(
    '| tests | extra per task | harden time | correct solutions failing | proven-wrong variants caught |',
    '|---|---:|---:|---:|---:|',
  );
  const tallies = new Map<string, Tally & { seconds: number }>();
  for (const [kind, { args }] of Object.entries(kinds)) {
    const file = path.join(dir, `${kind}.plus.jsonl`);
    tallies.set(kind, harden(tasks, file, ...args));
    files.set(kind, file);
  }
  // The proof runs up to 1,000 asserts a task: a generous time limit, so that a slow but right
  // program is never taken for a wrong one (a busy machine must not change what counts as proven).
  const proof = score(files.get('proof')!, variants, 'proof', 20);
  const ownOnProof = score(files.get('proof')!, 'canonical', 'canonical-on-proof', 20);
  const wrongReference = new Set(failingPlus(ownOnProof));
  const proven = keys.filter((key) => {
    const row = proof.get(key);
    return row !== undefined && row.passed && !row.plus_passed && !wrongReference.has(row.task_id);
  });
  const caught = new Map<string, Set<string>>();
  for (const [kind, { label }] of Object.entries(kinds)) {
    if (kind === 'proof') continue;
    const correct = failingPlus(score(files.get(kind)!, references, `${kind}.references`));
    const scored = score(files.get(kind)!, variants, `${kind}.variants`);
    const hit = new Set(proven.filter((key) => !scored.get(key)!.plus_passed));
    caught.set(kind, hit);
    const tally = tallies.get(kind)!;
    lines.push(
      `| ${label} | ${(tally.extraTests / tally.tasks).toFixed(1)} | ${tally.seconds.toFixed(1)} s | ` +
        `${correct.length}${correct.length ? ` (${correct.join(', ')})` : ''} | ` +
        `**${hit.size}** of ${proven.length} (${share(hit.size, proven.length)}) |`,
    );
    if (kind === 'evalplus' && correct.length)
      problems.push(`--from-evalplus fails correct solutions: ${correct}`);
  }
  const own = caught.get('own')!.size;
  const theirs = caught.get('inputsOnly')!.size;
  if (own < 0.8 * proven.length) problems.push(`harden alone catches ${own} of ${proven.length} (< 80%)`);
  if (own <= theirs) problems.push(`harden alone catches ${own}, EvalPlus’s inputs ${theirs}`);

  const passingBase = keys.filter((key) => proof.get(key)?.passed).length;
  lines.push(
    '',
    `${keys.length} variants; ${passingBase} pass the base tests; ${proven.length} of those are proven wrong on ` +
      `tasks whose own reference passes the proof tests (left out for a wrong reference: ${[...wrongReference].join(', ')}).`,
    '',
    '| kind | proven wrong | harden alone | EvalPlus’s inputs |',
    '|---|---:|---:|---:|',
  );
  const byOperator = new Map<string, [number, number, number]>();
  for (const key of proven) {
    const operator = operators[keys.indexOf(key)];
    const counts = byOperator.get(operator) ?? [0, 0, 0];
    counts[0]++;
    if (caught.get('own')!.has(key)) counts[1]++;
    if (caught.get('inputsOnly')!.has(key)) counts[2]++;
    byOperator.set(operator, counts);
  }
  for (const [operator, [all, ours, evalplusInputs]] of [...byOperator].sort())
    lines.push(`| ${operator} | ${all} | ${ours} | ${evalplusInputs} |`);
  const missed = proven.filter((key) => !caught.get('own')!.has(key));
  lines.push(
    '',
    `Missed by harden alone: ${missed.map((key) => `${key} (${operators[keys.indexOf(key)]})`).join(', ')}`,
  );
  return lines;
}

/** The same seed twice, the second time with a spinning process per CPU: the same bytes? */
async function underLoad(set: string): Promise<string> {
  const tasks = path.join(data, set);
  const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const quiet = path.join(dir, 'quiet.jsonl');
  const busy = path.join(dir, 'busy.jsonl');
  harden(tasks, quiet, '--seed', '1');
  const spinners = os.cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'harden', '--tasks', tasks, '--out', busy, '--seed', '1'], {
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  } finally {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  }
  const same = digest(quiet) === digest(busy);
  if (!same) problems.push('the same seed gave other tests under load');
  return `Same seed, quiet and with ${os.cpus().length} spinning processes: ${same ? 'byte-identical' : 'DIFFERENT'} (SHA-256 ${digest(quiet).slice(0, 16)}…)`;
}

async function main(): Promise<void> {
  const present = SETS.filter((set) => existsSync(path.join(data, set)));
  if (present.length === 0) {
    console.error(`npm run bench harden needs the shared HumanEval sets in ${data}`);
    process.exit(2);
  }
  console.log(`akkhara harden, Node ${process.version}, ${os.cpus().length} cores\n`);
  console.log(
    '| set | hardened | extra tests per task | inputs out of contract | harden time | own solutions pass plus |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const set of present) console.log(perSet(set));
  console.log('');
  if (evalplus) console.log(withEvalPlus(present[0], evalplus).join('\n'));
  else console.log('EVALPLUS is not set: the comparison with EvalPlus’s data is skipped.');
  console.log(`\n${await underLoad(present[0])}`);
  if (problems.length) {
    console.error(`\ntargets missed:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
