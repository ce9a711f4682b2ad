import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { displayUrl, redactUrls } from '../../src/core/displayUrl';
import { LocalProvider, workerEnvironment } from '../../src/core/model/local/provider';
import { complete, ModelError } from '../../src/core/model/types';
import { scriptNames, scriptSetOf } from '../../src/core/script/scripts';
import { TINY_PIECES, writeTinyGguf } from '../support/tinyGguf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-gguf-'));
const providers: LocalProvider[] = [];
after(() => {
  providers.forEach((provider) => provider.dispose());
  rmSync(dir, { recursive: true, force: true });
});

function model(name: string, options: Parameters<typeof writeTinyGguf>[1] = {}) {
  const file = path.join(dir, name);
  writeTinyGguf(file, options);
  return file;
}
function provider(...args: ConstructorParameters<typeof LocalProvider>) {
  const created = new LocalProvider(...args);
  providers.push(created);
  return created;
}
const question = {
  messages: [
    { role: 'system' as const, content: 'ဆရာ' },
    { role: 'user' as const, content: 'ကိန်း ပေါင်း' },
  ],
  maxTokens: 48,
  temperature: 1,
  seed: 7,
};

/**
 * What a seed guarantees, on any CPU: one answer asked twice with the same seed and threads is the
 * same text. Not guaranteed: best-of-K's answers, decoded together, are not reproducible by seed:
 * which sequences share each decoding step depends on timing, and the CPU's kernels may add the
 * same numbers in another order for another batch shape (README says so).
 */
test('a local GGUF answers in a worker process: streamed text, threads as asked, same seed same answer', async () => {
  const local = provider({ modelPath: model('tiny.gguf'), threads: 2, gpu: false });
  const info = await local.info();
  assert.equal(info.threads, 2);
  assert.equal(info.gpu, false);
  assert.equal(info.vocabularySize, 259 + TINY_PIECES.length);
  let deltas = 0;
  const first = await complete(local, question, undefined, (event) => {
    if (event.type === 'delta') deltas++;
  });
  assert.ok(first.texts[0].length > 0 && deltas > 1, 'streamed in pieces');
  assert.ok(['stop', 'length'].includes(first.finishReasons[0]));
  const again = await complete(local, question);
  assert.equal(again.texts[0], first.texts[0]);
  const two = await complete(local, { ...question, samples: 2 });
  assert.equal(two.texts.length, 2);
  assert.ok(two.texts.every((text) => text.length > 0));
});

test('best-of-K on a local model decodes the K answers together (one batch); stopping ends all', async () => {
  const local = provider({ modelPath: model('tiny.gguf'), threads: 2, gpu: false });
  const order: string[] = [];
  const three = await complete(local, { ...question, samples: 3 }, undefined, (event) => {
    if (event.type !== 'usage') order.push(`${event.type}:${event.sample}`);
  });
  assert.equal(three.texts.length, 3);
  assert.ok(three.texts.every((text) => text.length > 0));
  const firstEnd = order.findIndex((entry) => entry.startsWith('end:'));
  for (const sample of [0, 1, 2])
    assert.ok(
      order.indexOf(`delta:${sample}`) < firstEnd,
      `sample ${sample} streamed before any ended: ${order.join(' ')}`,
    );

  const controller = new AbortController();
  let deltas = 0;
  const stopped = await complete(
    local,
    { ...question, samples: 3, maxTokens: 2000 },
    controller.signal,
    (event) => {
      if (event.type === 'delta' && ++deltas === 6) controller.abort();
    },
  );
  assert.deepEqual(stopped.finishReasons, ['aborted', 'aborted', 'aborted']);

  // Stopped while the shared prompt is still being read: every answer ends, stopped, nothing fails.
  const early = new AbortController();
  const pending = complete(local, { ...question, samples: 3 }, early.signal);
  early.abort();
  const none = await pending;
  assert.deepEqual(none.finishReasons, ['aborted', 'aborted', 'aborted']);
  // and the worker still answers, one answer as before the stops
  const after = await complete(local, { ...question, samples: 2 });
  assert.equal(after.texts.length, 2);
  assert.equal((await complete(local, question)).texts[0], (await complete(local, question)).texts[0]);
});

test('the chat template stored in the GGUF is the one used', async () => {
  const local = provider({
    modelPath: model('templated.gguf', {
      chatTemplate:
        "{% for message in messages %}{{ '<|' + message['role'] + '|>' + message['content'] }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}",
    }),
    threads: 2,
    gpu: false,
  });
  assert.match((await local.info()).chatWrapper, /jinja/i);
});

test('stopping a local answer ends it at once with what arrived', async () => {
  const local = provider({ modelPath: model('tiny.gguf'), threads: 2, gpu: false });
  const controller = new AbortController();
  let deltas = 0;
  const result = await complete(local, { ...question, maxTokens: 2000 }, controller.signal, (event) => {
    if (event.type === 'delta' && ++deltas === 3) controller.abort();
  });
  assert.equal(result.finishReasons[0], 'aborted');
  assert.ok(deltas < 50, `stopped after ${deltas} pieces`);
});

test('script-aware decoding never emits a token of another script', async () => {
  const local = provider({ modelPath: model('tiny.gguf'), threads: 2, gpu: false, scriptBias: 'my' });
  const foreign = TINY_PIECES.filter((piece) =>
    [...piece].some((char) =>
      scriptNames(scriptSetOf(char.codePointAt(0)!)).some((s) =>
        ['Thai', 'Devanagari', 'Bengali'].includes(s),
      ),
    ),
  );
  assert.ok(foreign.length >= 8);
  for (let seed = 0; seed < 4; seed++) {
    const { texts } = await complete(local, { ...question, seed, maxTokens: 80 });
    for (const piece of foreign)
      assert.ok(!texts[0].includes(piece.replace('▁', '')), `${piece} in ${texts[0]}`);
  }
  assert.equal(local.suppressedTokens, foreign.length);
});

test('a corrupt GGUF kills only the worker: a clear load error, and the caller lives on', async () => {
  const broken = provider({
    modelPath: model('broken.gguf', { omitKey: 'llama.feed_forward_length' }),
    threads: 2,
    gpu: false,
  });
  await assert.rejects(
    broken.info(),
    (error: unknown) => error instanceof ModelError && error.kind === 'load',
  );
  const garbage = path.join(dir, 'garbage.gguf');
  writeFileSync(garbage, 'not a model at all');
  await assert.rejects(
    complete(provider({ modelPath: garbage, threads: 2, gpu: false }), question),
    (error: unknown) => error instanceof ModelError && error.kind === 'load',
  );
  await assert.rejects(
    provider({ modelPath: path.join(dir, 'missing.gguf') }).info(),
    /no model file at .*missing\.gguf/,
  );
  const healthy = provider({ modelPath: model('after.gguf'), threads: 2, gpu: false });
  assert.ok((await complete(healthy, question)).texts[0].length > 0);
});

test('a GGUF whose header claims more than the file can hold is refused before llama.cpp reads it', async () => {
  const huge = path.join(dir, 'huge-counts.gguf');
  const header = Buffer.alloc(4096);
  header.write('GGUF', 0, 'latin1');
  header.writeUInt32LE(3, 4);
  header.writeBigUInt64LE(2n ** 63n - 1n, 8); // tensors
  header.writeBigUInt64LE(2n ** 63n - 1n, 16); // metadata entries
  writeFileSync(huge, header);
  const local = provider({ modelPath: huge, threads: 2, gpu: false });
  await assert.rejects(
    local.info(),
    (error: unknown) =>
      error instanceof ModelError &&
      error.kind === 'load' &&
      /its header claims 9223372036854775807 tensors and 9223372036854775807 metadata entries, more than its 4096 bytes can hold/.test(
        error.message,
      ),
  );
  assert.equal(local.workerPid, undefined, 'no worker was started');
});

test('a stop while the model still loads ends the worker at once and the answer as stopped', async () => {
  const local = provider({ modelPath: model('slow.gguf'), threads: 2, gpu: false });
  const controller = new AbortController();
  const pending = complete(local, question, controller.signal);
  while (local.workerPid === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  const pid = local.workerPid;
  controller.abort();
  const stopped = await pending;
  assert.deepEqual(stopped.finishReasons, ['aborted']);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.throws(() => process.kill(pid, 0), 'the worker is gone');
});

test('a worker that dies mid-answer: that question fails as crashed with what arrived; the next one starts a new worker', async () => {
  const local = provider({ modelPath: model('tiny.gguf'), threads: 2, gpu: false });
  await local.info();
  const first = local.workerPid!;
  let deltas = 0;
  const error = await complete(local, { ...question, maxTokens: 2000 }, undefined, (event) => {
    if (event.type === 'delta' && ++deltas === 3) process.kill(first, 'SIGKILL');
  }).then(
    () => assert.fail('expected the answer to fail'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof ModelError && error.kind === 'crashed', String(error));
  assert.match(error.message, /the model process stopped \(signal SIGKILL\)/);
  assert.ok(error.received[0].length > 0, 'the text that arrived is kept');
  const after = await complete(local, question);
  assert.ok(after.texts[0].length > 0);
  assert.notEqual(local.workerPid, first);
});

test('the model worker gets only what the system and the GPU runtimes read, never keys or tokens', () => {
  const env = workerEnvironment({
    PATH: '/usr/bin',
    HOME: '/home/student',
    LANG: 'my_MM.UTF-8',
    CUDA_VISIBLE_DEVICES: '0',
    GGML_METAL_PATH_RESOURCES: '/x',
    NODE_LLAMA_CPP_GPU: 'cuda',
    OPENAI_API_KEY: 'sk-secret',
    AKKHARA_KEY: 'sk-secret',
    GITHUB_TOKEN: 'ghp-secret',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
  assert.deepEqual(Object.keys(env).sort(), [
    'CUDA_VISIBLE_DEVICES',
    'GGML_METAL_PATH_RESOURCES',
    'HOME',
    'LANG',
    'NODE_LLAMA_CPP_GPU',
    'PATH',
  ]);
});

test('addresses are printed without user names, passwords, queries or fragments', () => {
  assert.equal(
    displayUrl('https://user:pw@api.example.org:8443/v1?api_key=sk-1#x'),
    'https://api.example.org:8443/v1',
  );
  assert.equal(displayUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  assert.equal(displayUrl('user:pw@host/path?key=1'), 'host/path');
  assert.equal(
    redactUrls('failed: GET https://a:b@h.example/x?token=t (404)'),
    'failed: GET https://h.example/x (404)',
  );
});
