/**
 * `npm run bench sandbox`: the cost of running generated code safely.
 * 1. Scoring the canonical solutions of the Burmese, Bangla and expert Bangla HumanEval (3 × 164,
 *    from ../shared/data) with Akkhara's warm bwrap pool (--jobs 2), against a reference serial
 *    harness in the same run: one plain `python3 -c` subprocess per program, no isolation (what
 *    human-eval-style scorers do), with the interpreter already resolved (no pyenv shim).
 *    Pyodide's warm pool (Python in WebAssembly, limited isolation) scores the same programs too.
 *    The Landlock pool (Linux without bubblewrap) scores them too.
 * 2. One small program: a cold one-shot bwrap run, a warm run, the same with Landlock, a warm
 *    Pyodide run, and the whole `akkhara run` command, against a plain `python3 -I -S -c` of it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { evaluate, type Sample } from '../../src/core/eval/evaluate';
import { parseTasks, type Task } from '../../src/core/eval/formats';
import { canonicalCompletion } from '../../src/core/eval/programs';
import { createSandbox, createWarmSandboxes } from '../../src/core/sandbox';
import { findPython } from '../../src/core/sandbox/python';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const data = path.resolve(root, '..', 'shared', 'data');
const FILES = ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl'];
const REPEAT = Number(process.env.BENCH_RUNS ?? 3);

const now = () => performance.now();
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What a human-eval-style harness runs for one task: prompt, completion, test, check(entry). */
function referenceProgram(task: Extract<Task, { kind: 'humaneval' }>): string {
  return `${task.prompt}${task.canonicalSolution}\n\n${task.test}\n\ncheck(${task.entryPoint})\n`;
}

async function scoring(python: string): Promise<void> {
  if (!FILES.every((f) => existsSync(path.join(data, f)))) {
    console.log(`scoring benchmark skipped: ${data} is not there\n`);
    return;
  }
  const tasks = FILES.flatMap((f) => parseTasks(readFileSync(path.join(data, f), 'utf8'), f).items);
  const samples: Sample[] = tasks.map((task) => ({
    task,
    sample: 0,
    completion: canonicalCompletion(task)!,
  }));
  const reference = (flags: string[]) => async () => {
    let passed = 0;
    for (const task of tasks) {
      if (task.kind !== 'humaneval') continue;
      try {
        await run(python, [...flags, '-c', referenceProgram(task)], { timeout: 10_000 });
        passed++;
      } catch {
        // a failure counts as not passed, as in the reference harnesses
      }
    }
    return passed;
  };
  const pool = (backend: 'bwrap' | 'landlock' | 'pyodide') => async () => {
    const sandboxes = await createWarmSandboxes(backend, 2);
    try {
      const results = await evaluate(samples, sandboxes, { timeoutMs: 10_000 });
      return results.filter((r) => r.passed).length;
    } finally {
      sandboxes.forEach((sandbox) => sandbox.close());
    }
  };
  type Harness = 'reference' | 'lean' | 'akkhara' | 'landlock' | 'pyodide';
  const times: Record<Harness, number[]> = {
    reference: [],
    lean: [],
    akkhara: [],
    landlock: [],
    pyodide: [],
  };
  const passed: Record<Harness, number> = { reference: 0, lean: 0, akkhara: 0, landlock: 0, pyodide: 0 };
  for (let i = 0; i < REPEAT; i++) {
    for (const [name, score] of [
      ['reference', reference([])],
      ['lean', reference(['-I', '-S'])],
      ['akkhara', pool('bwrap')],
      ['landlock', pool('landlock')],
      ['pyodide', pool('pyodide')],
    ] as const) {
      const started = now();
      passed[name] = await score();
      times[name].push(now() - started);
    }
  }
  console.log(
    `Scoring ${tasks.length} canonical solutions (3 × 164), median of ${REPEAT} alternating runs\n`,
  );
  console.log('| harness | isolation | passed | median s | programs/s |');
  console.log('|---|---|---:|---:|---:|');
  for (const [name, label, isolation] of [
    ['reference', 'reference: serial `python3 -c` per program', 'none'],
    ['lean', 'stronger reference: serial `python3 -I -S -c` (no site import)', 'none'],
    ['akkhara', 'Akkhara: warm bwrap pool, --jobs 2', 'bwrap (isolated)'],
    ['landlock', 'Akkhara: warm Landlock pool, --jobs 2', 'landlock (isolated)'],
    ['pyodide', 'Akkhara: warm Pyodide pool, --jobs 2 (cold starts included)', 'pyodide (limited)'],
  ] as const) {
    const seconds = median(times[name]) / 1000;
    console.log(
      `| ${label} | ${isolation} | ${passed[name]} | ${seconds.toFixed(2)} | ${(tasks.length / seconds).toFixed(0)} |`,
    );
  }
  const ratio = median(times.reference) / median(times.akkhara);
  const leanRatio = median(times.lean) / median(times.akkhara);
  console.log(
    `\nAkkhara vs reference: ${ratio.toFixed(1)}× faster while isolated (target ≥ 3×); ` +
      `vs the stronger reference: ${leanRatio.toFixed(1)}×\n`,
  );
  if (ratio < 3) process.exitCode = 1;
}

async function oneProgram(python: string): Promise<void> {
  const program = 'def add(a, b):\n    return a + b\n';
  const tests = 'assert add(1, 2) == 3\n';
  const RUNS = 20;
  const plain: number[] = [];
  const cold: number[] = [];
  const warmRuns: number[] = [];
  const cli: number[] = [];
  const wasm: number[] = [];
  const landlockCold: number[] = [];
  const landlockWarm: number[] = [];
  const sandbox = await createSandbox('bwrap');
  const [warm] = await createWarmSandboxes('bwrap', 1);
  const landlock = await createSandbox('landlock');
  const [warmLandlock] = await createWarmSandboxes('landlock', 1);
  const [warmPyodide] = await createWarmSandboxes('pyodide', 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-'));
  writeFileSync(path.join(dir, 'add.py'), program);
  writeFileSync(path.join(dir, 'tests.py'), tests);
  await warm.run({ solution: program, tests }); // start the servers
  await warmLandlock.run({ solution: program, tests });
  await warmPyodide.run({ solution: program, tests });
  for (let i = 0; i < RUNS; i++) {
    let started = now();
    spawnSync(python, ['-I', '-S', '-c', `${program}\n${tests}`]);
    plain.push(now() - started);
    started = now();
    await sandbox.run({ solution: program, tests });
    cold.push(now() - started);
    started = now();
    await warm.run({ solution: program, tests });
    warmRuns.push(now() - started);
    started = now();
    await warmPyodide.run({ solution: program, tests });
    wasm.push(now() - started);
    started = now();
    await landlock.run({ solution: program, tests });
    landlockCold.push(now() - started);
    started = now();
    await warmLandlock.run({ solution: program, tests });
    landlockWarm.push(now() - started);
    started = now();
    spawnSync(process.execPath, [
      path.join(root, 'dist', 'cli.js'),
      'run',
      '--code',
      path.join(dir, 'add.py'),
      '--tests',
      path.join(dir, 'tests.py'),
      '--sandbox',
      'bwrap',
    ]);
    cli.push(now() - started);
  }
  warm.close();
  warmLandlock.close();
  warmPyodide.close();
  console.log(`One small program against one assert, median of ${RUNS}\n`);
  console.log('| how | median ms |');
  console.log('|---|---:|');
  console.log(`| baseline: plain \`python3 -I -S -c\`, no isolation | ${median(plain).toFixed(1)} |`);
  console.log(`| Akkhara one-shot bwrap run (fresh sandbox and interpreter) | ${median(cold).toFixed(1)} |`);
  console.log(`| Akkhara warm bwrap run (server started once) | ${median(warmRuns).toFixed(1)} |`);
  console.log(`| Akkhara one-shot Landlock run (fresh interpreter) | ${median(landlockCold).toFixed(1)} |`);
  console.log(`| Akkhara warm Landlock run | ${median(landlockWarm).toFixed(1)} |`);
  console.log(`| Akkhara warm Pyodide run (limited isolation) | ${median(wasm).toFixed(1)} |`);
  console.log(
    `| the whole \`akkhara run\` command (Node start, one-shot bwrap) | ${median(cli).toFixed(1)} |`,
  );
  console.log(
    `\nwarm run vs plain python3: ${(median(warmRuns) / median(plain)).toFixed(2)}×; target: warm run under 50 ms — ${median(warmRuns) < 50 ? 'met' : 'NOT met'}`,
  );
  if (median(warmRuns) >= 50) process.exitCode = 1;
}

async function main(): Promise<void> {
  const python = (await findPython()).executable;
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, Python ${python}\n`);
  await scoring(python);
  await oneProgram(python);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
