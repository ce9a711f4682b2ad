/**
 * A long run shares one stop signal across thousands of requests: each request's listener on it must
 * go when the request settles (answered, failed, or waiting out a busy server), so the count stays
 * flat, and a run with many requests in flight prints no MaxListenersExceededWarning.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { askWhileBusy, ConcurrencyLimit } from '../../src/core/inFlight';
import { RemoteProvider } from '../../src/core/model/remote';
import { complete } from '../../src/core/model/types';
import { runCli } from '../support/cli';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

/** A full collection before each heap reading: without it the reading is whatever garbage is pending (flaky). */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const settledHeap = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI({ capacity: { slots: 1000, latencyMs: 1 } });
});
after(() => server.close());

const question = { messages: [{ role: 'user' as const, content: 'ကိန်း ပေါင်း' }], maxTokens: 16 };

test('2,000 requests, 32 at a time, on one signal: no listener is left on it, no warning, memory stays flat', async () => {
  const warnings: string[] = [];
  const warned = (warning: Error) => warnings.push(warning.name);
  process.on('warning', warned);
  const provider = new RemoteProvider({ baseURL: server.baseURL, model: 'tiny', maxRetries: 0 });
  const run = new AbortController();
  const batch = async () => {
    for (let round = 0; round < 1000 / 32; round++)
      await Promise.all(Array.from({ length: 32 }, () => complete(provider, question, run.signal)));
  };
  await batch(); // warm: the first thousand settle what the SDK and the server allocate once
  const heapBefore = settledHeap();
  await batch();
  const heapAfter = settledHeap();
  process.off('warning', warned);
  assert.ok(
    getEventListeners(run.signal, 'abort').length <= 1,
    'one listener at most, whatever the requests',
  );
  assert.deepEqual(warnings, []);
  const grown = heapAfter - heapBefore;
  assert.ok(
    grown < 32 * 1024 * 1024,
    `the heap grew by ${Math.round(grown / 1024 / 1024)} MB over 1,000 requests`,
  );
});

test('waiting out a busy server leaves no listener on the run’s signal', async () => {
  const run = new AbortController();
  const limit = new ConcurrencyLimit(4);
  for (let i = 0; i < 50; i++) {
    let first = true;
    await askWhileBusy(
      () => {
        if (first) {
          first = false;
          return Promise.reject(new Error('busy'));
        }
        return Promise.resolve('ok');
      },
      { limit, busy: () => ({ status: 429, retryAfterMs: 1 }), signal: run.signal },
    );
  }
  assert.ok(getEventListeners(run.signal, 'abort').length <= 1);
});

test('akkhara generate --concurrency 32 prints no listener warning', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-leak-'));
  const tasks = path.join(dir, 'tasks.jsonl');
  writeFileSync(
    tasks,
    Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        task_id: `Tiny/${i}`,
        prompt: `def f${i}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
        test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
        entry_point: `f${i}`,
      }),
    ).join('\n'),
  );
  const result = await runCli([
    'generate',
    '--tasks',
    tasks,
    '--n',
    '4',
    '--concurrency',
    '32',
    '--out',
    path.join(dir, 'out.jsonl'),
    '--endpoint',
    server.baseURL,
    '--model',
    'tiny',
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /MaxListenersExceededWarning|memory leak/);
});
