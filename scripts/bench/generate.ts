/**
 * `npm run bench generate`: does `akkhara generate` keep a server busy? Against a loopback
 * OpenAI-compatible server of known capacity (at most SLOTS requests answered at once, each taking
 * a fixed time; the rest wait, as an engine queues them), the requests per second generate achieves,
 * as a share of that capacity, at --concurrency 32 and 128, and the serial path (--concurrency 1)
 * it replaces, in the same run. Measured at the server, from the first request to the last answer
 * (the process's start-up is not the server's idle time).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeOpenAI } from '../../test/support/openaiServer';

const SLOTS = 32;
/**
 * Two stand-ins: answers of 200 ms (an engine's short answer; the target is checked here) and of
 * 50 ms (a stress case: on a small machine the stand-in and generate then share its cores).
 */
const LATENCIES_MS = [200, 50];
const ROOT = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-generate-'));

function tasks(count: number): string {
  const file = path.join(dir, `tasks-${count}.jsonl`);
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      task_id: `Bench/${i}`,
      prompt: `def f${i}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
      canonical_solution: '    return a + b\n',
      test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
      entry_point: `f${i}`,
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function measure(latencyMs: number, concurrency: number, taskCount: number, n: number) {
  const capacity = SLOTS / (latencyMs / 1000);
  const server = await startFakeOpenAI({ capacity: { slots: SLOTS, latencyMs } });
  try {
    const out = path.join(dir, `out-${latencyMs}-${concurrency}-${n}.jsonl`);
    rmSync(out, { force: true });
    // Asynchronously: the server answering it lives in this process.
    await promisify(execFile)(
      process.execPath,
      [
        // BENCH_NODE_ARGS: e.g. --cpu-prof, to see where generate spends its time.
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        cli,
        'generate',
        '--tasks',
        tasks(taskCount),
        '--n',
        String(n),
        '--concurrency',
        String(concurrency),
      ].concat(['--out', out, '--endpoint', server.baseURL, '--model', 'bench']),
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const { completed, firstAt, lastAt, mostAtOnce } = server.served;
    const perSecond = completed / ((lastAt! - firstAt!) / 1000);
    return { completed, perSecond, share: perSecond / capacity, mostAtOnce };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs; loopback servers answering at most ${SLOTS} requests at once\n`,
  );
  let met = true;
  for (const latencyMs of LATENCIES_MS) {
    const capacity = SLOTS / (latencyMs / 1000);
    // 1,600 requests per concurrent row: the start and end of a run are a small part of it.
    const rows = [
      {
        how: '--concurrency 1 (serial, what generate did)',
        ...(await measure(latencyMs, 1, Math.round(2000 / latencyMs), 1)),
      },
      { how: '--concurrency 32', ...(await measure(latencyMs, 32, 1600, 1)) },
      { how: '--concurrency 128', ...(await measure(latencyMs, 128, 1600, 1)) },
      { how: '--concurrency 128, --n 4', ...(await measure(latencyMs, 128, 400, 4)) },
    ];
    console.log(`Answers of ${latencyMs} ms: capacity ${capacity} requests/s\n`);
    console.log('| how | requests | requests/s | share of capacity | most at the server at once |');
    console.log('|---|---:|---:|---:|---:|');
    for (const row of rows)
      console.log(
        `| ${row.how} | ${row.completed} | ${row.perSecond.toFixed(0)} | ${(row.share * 100).toFixed(1)}% | ${row.mostAtOnce} |`,
      );
    const here = rows.slice(1).every((row) => row.share >= 0.9);
    console.log(`\n≥ 90% of capacity at --concurrency 32 and 128: ${here ? 'met' : 'not met'}\n`);
    if (latencyMs === LATENCIES_MS[0]) met = here;
  }
  rmSync(dir, { recursive: true, force: true });
  if (!met) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
