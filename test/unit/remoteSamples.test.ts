import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RemoteProvider } from '../../src/core/model/remote';
import { complete } from '../../src/core/model/types';
import { startFakeOpenAI, type NativeN } from '../support/openaiServer';

const ask = { messages: [{ role: 'user' as const, content: 'ပေါင်းလဒ်' }], samples: 3, seed: 10 };

/** Two calls of 3 samples against a server that treats `n` as `mode` does: what it was sent, what came back. */
async function twoCalls(mode: NativeN) {
  const server = await startFakeOpenAI({ n: mode });
  try {
    server.defaultAnswer = (request) => [`ဖြေချက် `, `${request.body.seed}`];
    const provider = new RemoteProvider({ baseURL: server.baseURL, model: 'tiny', maxRetries: 0 });
    const first = await complete(provider, ask);
    const sentFirst = server.requests.map((request) => [request.body.n ?? 1, request.body.seed]);
    const second = await complete(provider, ask);
    const sentSecond = server.requests
      .slice(sentFirst.length)
      .map((request) => [request.body.n ?? 1, request.body.seed]);
    return { first: first.texts, second: second.texts, sentFirst, sentSecond, finish: second.finishReasons };
  } finally {
    await server.close();
  }
}

const bySeed = (texts: readonly string[]) => [...texts].sort();

test('a server that honours n answers K samples in one request, every time', async () => {
  const { first, second, sentFirst, sentSecond, finish } = await twoCalls('honour');
  assert.deepEqual(sentFirst, [[3, 10]]);
  assert.deepEqual(sentSecond, [[3, 10]]);
  assert.deepEqual(first, ['ဖြေချက် 10', 'ဖြေချက် 11', 'ဖြေချက် 12'], 'choice i is sample i');
  assert.deepEqual(second, first);
  assert.deepEqual(finish, ['stop', 'stop', 'stop']);
});

test('a server that sends fewer choices than asked: the rest are asked apart, then every sample apart', async () => {
  const { first, second, sentFirst, sentSecond } = await twoCalls('ignore');
  assert.deepEqual(sentFirst.slice(0, 1), [[3, 10]], 'n tried once');
  assert.deepEqual(
    bySeed(sentFirst.slice(1).map(String)),
    ['1,11', '1,12'],
    'the two missing, with their own seeds',
  );
  assert.deepEqual(first, ['ဖြေချက် 10', 'ဖြေချက် 11', 'ဖြေချက် 12']);
  assert.deepEqual(bySeed(sentSecond.map(String)), ['1,10', '1,11', '1,12'], 'n not tried again');
  assert.deepEqual(second, first);
});

test('a server that refuses n (400, as llama.cpp’s does) gets K requests, and no more n', async () => {
  const { first, second, sentFirst, sentSecond } = await twoCalls('reject');
  assert.deepEqual(sentFirst[0], [3, 10]);
  assert.deepEqual(bySeed(sentFirst.slice(1).map(String)), ['1,10', '1,11', '1,12']);
  assert.deepEqual(first, ['ဖြေချက် 10', 'ဖြေချက် 11', 'ဖြေချက် 12']);
  assert.deepEqual(bySeed(sentSecond.map(String)), ['1,10', '1,11', '1,12']);
  assert.deepEqual(second, first);
});
