/**
 * `npm run bench describe`: `akkhara describe`, then `akkhara synth` on what it wrote, for the 164
 * Burmese and 164 Bangla HumanEval solutions
 * (../shared/data: each task's prompt and canonical solution as one .py file), against a loopback
 * stand-in model of known capacity (32 requests at once, 200 ms each) that comments every line and
 * writes one sentence per description (test/support/describingModel.ts). Measured:
 *  - files whose every function's commented code parses and is the original once the comments are
 *    taken out — checked here by Python's ast on the written rows, independently of describe's own
 *    check — and functions with all three descriptions;
 *  - requests per second at --concurrency 32 as a share of the stand-in's capacity (at the server),
 *    for describe and for synth (200 instructions from the descriptions, each answered twice and
 *    judged per criterion in both orders; test/support/synthesizingModel.ts);
 *  - with TRL_PYTHON (a Python with TRL): describe's sft.jsonl and synth's dpo.jsonl loaded by
 *    `datasets` and trained on for two steps by TRL's SFTTrainer and DPOTrainer on a tiny random model
 *    (scripts/bench/lib/trl_sft_check.py, trl_dpo_check.py).
 * Exits non-zero when a target is missed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describingAnswer } from '../../test/support/describingModel';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/support/openaiServer';
import { synthesizingAnswer } from '../../test/support/synthesizingModel';

const SLOTS = 32;
const LATENCY_MS = 200;
const ROOT = path.resolve(__dirname, '..', '..', '..');
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const cli = path.join(ROOT, 'dist', 'cli.js');
const SETS = [
  { name: 'Burmese', file: 'humaneval-mya.jsonl', lang: 'my' },
  { name: 'Bangla', file: 'humaneval-ben.jsonl', lang: 'bn' },
] as const;

/** Python's ast on each kept line-comments row: parses, and the function's code once comments go. */
const VERIFY = String.raw`
import ast, io, json, sys, tokenize
def bare(code):
    out, cut = [], {}
    for t in tokenize.generate_tokens(io.StringIO(code).readline):
        if t.type == tokenize.COMMENT: cut[t.start[0]] = t.start[1]
    for n, line in enumerate(code.splitlines(), 1):
        if n in cut:
            line = line[:cut[n]].rstrip()
            if not line: continue
        out.append(line)
    return "\n".join(out).rstrip()
folder, rows = sys.argv[1], [json.loads(l) for l in open(sys.argv[2])]
ok, bad = set(), set()
for row in rows:
    if row["granularity"] != "line-comments": continue
    source = open(row["file"]).read()
    unit = next(n for n in ast.parse(source).body if getattr(n, "name", None) == row["function"])
    first = min([unit.lineno] + [d.lineno for d in unit.decorator_list])
    code = "\n".join(source.splitlines()[first - 1 : unit.end_lineno])
    good = "text" in row and ast.parse(row["text"]) is not None and bare(row["text"]) == bare(code)
    (ok if good else bad).add(row["file"])
print(json.dumps({"files": len(ok - bad), "bad": sorted(bad)}))
`;

/** Requests the stand-in answered, and their rate as a share of its capacity (first to last). */
function served(server: FakeOpenAI): { completed: number; share: number } {
  const { completed, firstAt, lastAt } = server.served;
  return { completed, share: completed / ((lastAt! - firstAt!) / 1000) / (SLOTS / (LATENCY_MS / 1000)) };
}

const SYNTH_N = 200;

/** `akkhara synth` on describe's descriptions: instructions written, pairs kept, the server's load. */
async function synthSet(set: (typeof SETS)[number], pool: string, out: string) {
  const server = await startFakeOpenAI({ capacity: { slots: SLOTS, latencyMs: LATENCY_MS } });
  server.defaultAnswer = (request) => [synthesizingAnswer(request)];
  const started = performance.now();
  try {
    await promisify(execFile)(
      process.execPath,
      [cli, 'synth', '--pool', pool, '--lang', set.lang, '--n', String(SYNTH_N), '--out', out].concat(
        ['--concurrency', '32', '--endpoint', server.baseURL, '--model', 'bench'],
        ['--judge', `${server.baseURL},judge`],
      ),
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    await server.close();
  }
  const rows = readFileSync(path.join(out, 'synth.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { instruction?: string });
  const pairs = readFileSync(path.join(out, 'dpo.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length;
  return {
    instructions: rows.filter((row) => row.instruction !== undefined).length,
    pairs,
    ...served(server),
    seconds: (performance.now() - started) / 1000,
  };
}

async function describeSet(set: (typeof SETS)[number], dir: string) {
  const tasks = readFileSync(path.join(DATA, set.file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { task_id: string; prompt: string; canonical_solution: string });
  const course = path.join(dir, set.lang, 'course');
  mkdirSync(course, { recursive: true });
  for (const task of tasks)
    writeFileSync(
      path.join(course, `${task.task_id.replace(/\W/g, '_')}.py`),
      task.prompt + task.canonical_solution,
    );
  const server = await startFakeOpenAI({ capacity: { slots: SLOTS, latencyMs: LATENCY_MS } });
  server.defaultAnswer = (request) => [describingAnswer(request)];
  const out = path.join(dir, set.lang, 'out');
  const started = performance.now();
  try {
    await promisify(execFile)(
      process.execPath,
      [cli, 'describe', course, '--lang', set.lang, '--out', out, '--concurrency', '32'].concat([
        '--endpoint',
        server.baseURL,
        '--model',
        'bench',
      ]),
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    await server.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const { completed, share } = served(server);
  const rows = readFileSync(path.join(out, 'descriptions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(
      (line) => JSON.parse(line) as { file: string; function: string; granularity: string; text?: string },
    );
  const verified = spawnSync('python3', ['-c', VERIFY, course, path.join(out, 'descriptions.jsonl')], {
    encoding: 'utf8',
  });
  if (verified.status !== 0) throw new Error(verified.stderr);
  const { files, bad } = JSON.parse(verified.stdout) as { files: number; bad: string[] };
  const functions = new Set(rows.map((row) => `${row.file}#${row.function}`));
  const described = [...functions].filter(
    (key) =>
      rows.filter(
        (row) => `${row.file}#${row.function}` === key && row.granularity !== 'line-comments' && row.text,
      ).length === 3,
  ).length;
  const sft = readFileSync(path.join(out, 'sft.jsonl'), 'utf8').trim().split('\n').length;
  return {
    tasks: tasks.length,
    files,
    bad,
    functions: functions.size,
    described,
    sft,
    completed,
    share,
    seconds,
    out,
  };
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`no ${DATA}: nothing to measure`);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-describe-'));
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs; stand-in model: ${SLOTS} at once, ${LATENCY_MS} ms each\n`,
  );
  console.log(
    '| set | files commented, parse, same code | functions | with 3 descriptions | SFT rows | requests | share of capacity | time |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  let met = true;
  const outs: string[] = [];
  for (const set of SETS) {
    const r = await describeSet(set, dir);
    outs.push(r.out);
    console.log(
      `| ${set.name} | ${r.files} of ${r.tasks} | ${r.functions} | ${r.described} | ${r.sft} | ${r.completed} | ${(r.share * 100).toFixed(1)}% | ${r.seconds.toFixed(1)} s |`,
    );
    if (r.bad.length) console.log(`  not verified: ${r.bad.map((file) => path.basename(file)).join(', ')}`);
    met &&= r.files === r.tasks && r.described === r.functions && r.share >= 0.9;
  }
  console.log(
    `\n| set | synth: instructions written of ${SYNTH_N} | DPO pairs kept | requests | share of capacity | time |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [index, set] of SETS.entries()) {
    const pool = path.join(outs[index], 'descriptions.jsonl');
    const r = await synthSet(set, pool, path.join(path.dirname(outs[index]), 'synth'));
    console.log(
      `| ${set.name} | ${r.instructions} | ${r.pairs} | ${r.completed} | ${(r.share * 100).toFixed(1)}% | ${r.seconds.toFixed(1)} s |`,
    );
    met &&= r.share >= 0.9;
  }
  const trl = process.env.TRL_PYTHON;
  if (trl) {
    // describe's SFT file with SFTTrainer, synth's DPO file with DPOTrainer.
    for (const out of outs)
      for (const [check, file] of [
        ['trl_sft_check.py', path.join(out, 'sft.jsonl')],
        ['trl_dpo_check.py', path.join(path.dirname(out), 'synth', 'dpo.jsonl')],
      ]) {
        const result = spawnSync(trl, [path.join(ROOT, 'scripts', 'bench', 'lib', check), file], {
          encoding: 'utf8',
        });
        console.log(
          `\nTRL on ${path.relative(path.dirname(path.dirname(out)), file)}: ${(result.stdout.trim() || result.stderr.trim()).split('\n').at(-1)}`,
        );
        met &&= result.status === 0;
      }
  } else console.log('\n(TRL_PYTHON not set: sft.jsonl and dpo.jsonl not loaded by TRL)');
  console.log(
    `\nTargets (every file commented and unchanged, 3 descriptions per function, ≥ 90% of capacity): ${met ? 'met' : 'not met'}`,
  );
  rmSync(dir, { recursive: true, force: true });
  if (!met) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
