import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RemoteProvider, type RemoteOptions } from '../../src/core/model/remote';
import { complete, ModelError, type StreamEvent } from '../../src/core/model/types';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const provider = (options: Partial<RemoteOptions> = {}) =>
  new RemoteProvider({ baseURL: server.baseURL, model: 'tiny', maxRetries: 0, ...options });
const ask = { messages: [{ role: 'user' as const, content: 'ပေါင်းလဒ်' }] };

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ModelError, String(error));
    return error;
  }
  assert.fail('expected a ModelError');
}

test('streams the answer in order, then its end and usage', async () => {
  server.queue.push({ kind: 'stream', chunks: ['မင်္ဂလာ', 'ပါ', '\n```python\nx = 1\n```'] });
  const events: StreamEvent[] = [];
  const result = await complete(provider(), { ...ask, temperature: 0.2 }, undefined, (e) => events.push(e));
  assert.deepEqual(result.texts, ['မင်္ဂလာပါ\n```python\nx = 1\n```']);
  assert.deepEqual(result.finishReasons, ['stop']);
  assert.deepEqual(result.usage, { promptTokens: 7, completionTokens: 3 });
  assert.deepEqual(
    events.filter((e) => e.type === 'delta').map((e) => e.text),
    ['မင်္ဂလာ', 'ပါ', '\n```python\nx = 1\n```'],
  );
  const { body } = server.requests.at(-1)!;
  assert.deepEqual([body.model, body.stream, body.temperature], ['tiny', true, 0.2]);
  assert.deepEqual(body.messages, ask.messages);
});

test('K samples are K requests, each its own answer, with distinct seeds', async () => {
  const before = server.requests.length;
  let n = 0;
  server.defaultAnswer = () => [`answer ${n++}`];
  const result = await complete(provider(), { ...ask, samples: 3, seed: 10 });
  assert.equal(server.requests.length - before, 3);
  assert.deepEqual([...result.texts].sort(), ['answer 0', 'answer 1', 'answer 2']);
  assert.deepEqual(
    server.requests
      .slice(before)
      .map((r) => r.body.seed)
      .sort(),
    [10, 11, 12],
  );
});

test('stopping mid-stream ends at once, keeps what arrived and is not an error', async () => {
  server.queue.push({ kind: 'stream', chunks: Array.from({ length: 100 }, (_, i) => `${i} `), delayMs: 30 });
  const controller = new AbortController();
  const result = await complete(provider(), ask, controller.signal, (event) => {
    if (event.type === 'delta' && event.text === '2 ') controller.abort();
  });
  const pieces = result.texts[0].trim().split(' ').length;
  assert.ok(pieces < 50, `stopped after ${pieces} of 100 pieces`);
  assert.equal(result.finishReasons[0], 'aborted');
  assert.match(result.texts[0], /^0 1 2 /);
});

test('a 500 is retried with backoff before any token; a busy 429 is left to the caller, with its wait', async () => {
  const before = server.requests.length;
  server.queue.push(
    { kind: 'error', status: 500, headers: { 'retry-after-ms': '10' } },
    { kind: 'stream', chunks: ['ঠিক', ' আছে'] },
  );
  const result = await complete(provider({ maxRetries: 3 }), ask);
  assert.deepEqual(result.texts, ['ঠিক আছে']);
  assert.equal(server.requests.length - before, 2);
  // The SDK would sleep any Retry-After, deaf to a stop: the caller waits instead (askWhileBusy, capped).
  server.queue.push({ kind: 'error', status: 429, headers: { 'retry-after': '3600' } });
  const busy = await failure(complete(provider({ maxRetries: 3 }), ask));
  assert.equal(busy.kind, 'rate-limit');
  assert.deepEqual(busy.busy, { status: 429, retryAfterMs: 3_600_000 });
  assert.equal(server.requests.length - before, 3, 'asked once');
});

test('a server that drops mid-stream: an interrupted error, not retried, with the partial answer kept', async () => {
  const before = server.requests.length;
  server.queue.push({ kind: 'stream', chunks: ['এক ', 'দুই ', 'তিন'], dropAfter: 2, delayMs: 5 });
  const error = await failure(complete(provider({ maxRetries: 3 }), ask));
  assert.equal(error.kind, 'interrupted');
  assert.equal(error.partial, true);
  assert.deepEqual(error.received, ['এক দুই ']);
  assert.equal(server.requests.length - before, 1, 'never retried once tokens were shown');
});

test('a server that never answers, or goes silent mid-answer, times out with a clear kind', async () => {
  server.queue.push({ kind: 'hang' });
  const silentBeforeHeaders = await failure(complete(provider({ timeoutMs: 300 }), ask));
  assert.equal(silentBeforeHeaders.kind, 'timeout');
  assert.equal(silentBeforeHeaders.partial, false);
  server.queue.push({ kind: 'stream', chunks: ['a', 'b', 'c'], stallAfter: 1 });
  const silentMidway = await failure(complete(provider({ idleTimeoutMs: 300 }), ask));
  assert.equal(silentMidway.kind, 'timeout');
  assert.equal(silentMidway.partial, true);
  assert.deepEqual(silentMidway.received, ['a']);
});

test('a wrong key, a wrong model name and a dead server are told apart', async () => {
  server.queue.push({ kind: 'error', status: 401 });
  assert.equal((await failure(complete(provider(), ask))).kind, 'auth');
  server.queue.push({ kind: 'error', status: 404 });
  assert.equal((await failure(complete(provider(), ask))).kind, 'not-found');
  const dead = new RemoteProvider({ baseURL: 'http://127.0.0.1:9/v1', model: 'tiny', maxRetries: 0 });
  assert.equal((await failure(complete(dead, ask))).kind, 'connection');
});
