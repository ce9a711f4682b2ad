import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { askWhileBusy, backoffMs, ConcurrencyLimit } from '../../src/core/inFlight';
import { runCli } from '../support/cli';
import { startFakeOpenAI } from '../support/openaiServer';

test('ConcurrencyLimit halves on busy, never below 1, and grows back by one per streak of answers', () => {
  const limit = new ConcurrencyLimit(16, 2);
  limit.busy();
  assert.equal(limit.current, 8);
  limit.busy();
  limit.busy();
  limit.busy();
  limit.busy();
  assert.equal(limit.current, 1);
  for (let i = 0; i < 6; i++) limit.answered();
  assert.equal(limit.current, 4);
  for (let i = 0; i < 100; i++) limit.answered();
  assert.equal(limit.current, 16, 'never above what was asked for');
  assert.deepEqual([0, 1, 2, 5, 9].map(backoffMs), [1000, 2000, 4000, 30_000, 30_000]);
});

test('askWhileBusy asks again after the server’s wait, lowers the limit, and gives up after its attempts', async () => {
  const limit = new ConcurrencyLimit(8);
  const waits: [number, number, number][] = [];
  let calls = 0;
  const busyTwice = async () => {
    if (++calls <= 2) throw Object.assign(new Error('busy'), { busy: { status: 503, retryAfterMs: 5 } });
    return 'answer';
  };
  const options = {
    limit,
    busy: (error: unknown) => (error as { busy?: { status: number; retryAfterMs?: number } }).busy,
    signal: new AbortController().signal,
    onBusy: (status: number, now: number, waitMs: number) => waits.push([status, now, waitMs]),
  };
  assert.equal(await askWhileBusy(busyTwice, options), 'answer');
  assert.deepEqual(waits, [
    [503, 4, 5],
    [503, 2, 5],
  ]);
  await assert.rejects(
    askWhileBusy(async () => Promise.reject(new Error('not found')), options),
    /not found/,
    'other failures are not asked again',
  );
  calls = -100;
  await assert.rejects(askWhileBusy(busyTwice, { ...options, attempts: 3 }), /busy/);
  assert.equal(calls, -97, 'three attempts, then the failure');
});

test('akkhara generate waits out a busy server (429 after the SDK’s own retries) instead of failing the run', async () => {
  const server = await startFakeOpenAI();
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-busy-'));
    const tasks = path.join(dir, 'tasks.jsonl');
    writeFileSync(
      tasks,
      [0, 1]
        .map((i) =>
          JSON.stringify({
            task_id: `Busy/${i}`,
            prompt: `def f${i}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
            canonical_solution: '    return a + b\n',
            test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
            entry_point: `f${i}`,
          }),
        )
        .join('\n'),
    );
    // Four refusals exhaust the SDK's own retries (3) for the first request: generate then waits
    // the server's Retry-After itself and asks again; the fifth refusal is retried by the SDK.
    const busy = { kind: 'error', status: 429, headers: { 'retry-after-ms': '20' } } as const;
    server.queue.push(busy, busy, busy, busy, busy);
    server.defaultAnswer = () => ['ဖြေချက်'];
    const out = path.join(dir, 'out.jsonl');
    const result = await runCli([
      'generate',
      '--tasks',
      tasks,
      '--out',
      out,
      '--concurrency',
      '1',
      '--endpoint',
      server.baseURL,
      '--model',
      'tiny',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      /akkhara generate: the server is busy \(HTTP 429\); asking again in 0\.0 s with at most 1 request at once/,
    );
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 2, 'both tasks answered');
    assert.equal(server.requests.length, 5 + 2);
  } finally {
    await server.close();
  }
});
