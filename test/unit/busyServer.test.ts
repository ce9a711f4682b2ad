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

test('akkhara generate waits out a busy server (429) instead of failing the run', async () => {
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
    // Five refusals: the SDK never retries a busy answer itself (it would sleep any Retry-After, deaf to
    // Ctrl+C); generate waits the server's Retry-After and asks again.
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

for (const [what, retryAfter] of [
  ['seconds', '3600'],
  ['an HTTP date', () => new Date(Date.now() + 3_600_000).toUTCString()],
] as const) {
  test(`akkhara ask: a Retry-After of an hour (${what}) is waited only up to the answer's deadline, saying so`, async () => {
    const server = await startFakeOpenAI();
    try {
      const headers = { 'retry-after': typeof retryAfter === 'string' ? retryAfter : retryAfter() };
      for (let i = 0; i < 6; i++) server.queue.push({ kind: 'error', status: 429, headers });
      const started = performance.now();
      const result = await runCli(
        ['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--endpoint', server.baseURL, '--model', 'tiny', '--answer-timeout', '3'],
        { env: { AKKHARA_UI_LANG: 'en' } },
      );
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /the server is busy \(HTTP 429\); asking again in [1-3] s \(Ctrl\+C or Stop ends it\)/,
      );
      assert.match(result.stderr, /is busy \(too many requests\)/);
      assert.ok(performance.now() - started < 60_000, 'ended near its deadline, not after the hour');
    } finally {
      await server.close();
    }
  });
}

test('akkhara ask: Ctrl+C while waiting for a busy server ends at once (exit 130)', async () => {
  const server = await startFakeOpenAI();
  try {
    for (let i = 0; i < 6; i++)
      server.queue.push({ kind: 'error', status: 503, headers: { 'retry-after': '600' } });
    let asked = 0;
    const result = await runCli(['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--endpoint', server.baseURL, '--model', 'tiny'], {
      env: { AKKHARA_UI_LANG: 'en' },
      onSpawn: (child) =>
        child.stderr?.on('data', (chunk: Buffer) => {
          if (/asking again/.test(chunk.toString()) && asked++ === 0) child.kill('SIGINT');
        }),
    });
    assert.equal(result.status, 130, result.stderr);
    assert.equal(server.requests.length, 1, 'not asked again after the stop');
  } finally {
    await server.close();
  }
});
