/**
 * `npm run bench model`: what running the local model in a worker process costs, and what
 * script-aware decoding changes, on the tiny GGUF the tests use (no real model can be downloaded
 * where this runs; its answers are noise, its tokens are real llama.cpp work).
 * 1. Tokens/s through LocalProvider (worker process, IPC per chunk) against node-llama-cpp used
 *    directly in this process, same model, threads, prompt, seed and token count, alternating.
 *    Also the time to the first token after the model is loaded.
 * 2. The mix score of answers with and without the script bias, same prompts and seeds.
 * 3. Best-of-K: K answers decoded in one batch against one answer, on a ~220 MB random model.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Token } from 'node-llama-cpp';
import { analyzeText } from '../../src/core/analysis/findings';
import { LocalProvider } from '../../src/core/model/local/provider';
import { questionMessages, prepareQuestion } from '../../src/core/tutor/prompt';
import { complete } from '../../src/core/model/types';
import { packageDir } from '../../src/core/packageDir';
import { writeTinyGguf } from '../../test/support/tinyGguf';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TOKENS = 512;
const THREADS = 2;
const modelPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-model-')), 'tiny.gguf');
writeTinyGguf(modelPath);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const question = prepareQuestion('ကိန်းနှစ်ခုကို ပေါင်းသော function ကို ရေးပါ', 'auto');
const messages = questionMessages(question);

async function direct() {
  const llamaCpp = (await import(
    pathToFileURL(path.join(packageDir('node-llama-cpp')!, 'dist', 'index.js')).href
  )) as typeof import('node-llama-cpp');
  const llama = await llamaCpp.getLlama({
    gpu: false,
    build: 'never',
    logLevel: llamaCpp.LlamaLogLevel.error,
  });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 2048, threads: THREADS });
  return async (seed: number) => {
    const session = new llamaCpp.LlamaChatSession({
      contextSequence: context.getSequence(),
      systemPrompt: messages[0].content,
      autoDisposeSequence: true,
    });
    let tokens = 0;
    let first = 0;
    const started = performance.now();
    await session.prompt(messages[1].content, {
      maxTokens: TOKENS,
      temperature: 1,
      seed,
      onToken: (chunk: Token[]) => {
        if (tokens === 0) first = performance.now() - started;
        tokens += chunk.length;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    session.dispose({ disposeSequence: true });
    return { tokensPerSecond: tokens / seconds, firstMs: first };
  };
}

function throughLocalProvider(provider: LocalProvider) {
  return async (seed: number) => {
    let tokens = 0;
    let first = 0;
    const started = performance.now();
    await complete(provider, { messages, maxTokens: TOKENS, temperature: 1, seed }, undefined, (event) => {
      if (event.type === 'delta' && first === 0) first = performance.now() - started;
      if (event.type === 'usage') tokens = event.completionTokens;
    });
    const seconds = (performance.now() - started) / 1000;
    return { tokensPerSecond: tokens / seconds, firstMs: first };
  };
}

async function throughput(): Promise<void> {
  const provider = new LocalProvider({ modelPath, threads: THREADS, gpu: false });
  const loadStarted = performance.now();
  const info = await provider.info();
  const loadMs = performance.now() - loadStarted;
  const runs = { direct: await direct(), worker: throughLocalProvider(provider) };
  const results = {
    direct: [] as number[],
    worker: [] as number[],
    directFirst: [] as number[],
    workerFirst: [] as number[],
  };
  await runs.direct(0);
  await runs.worker(0);
  for (let i = 1; i <= RUNS; i++) {
    const a = await runs.direct(i);
    const b = await runs.worker(i);
    results.direct.push(a.tokensPerSecond);
    results.worker.push(b.tokensPerSecond);
    results.directFirst.push(a.firstMs);
    results.workerFirst.push(b.firstMs);
  }
  provider.dispose();
  console.log(
    `Tiny GGUF (${info.vocabularySize} tokens, 2 layers, 64 wide), ${THREADS} threads, CPU, up to ${TOKENS} tokens, median of ${RUNS}\n`,
  );
  console.log('| how | tokens/s | first token ms |');
  console.log('|---|---:|---:|');
  console.log(
    `| node-llama-cpp directly, in this process (baseline) | ${median(results.direct).toFixed(0)} | ${median(results.directFirst).toFixed(1)} |`,
  );
  console.log(
    `| Akkhara LocalProvider (worker process, IPC) | ${median(results.worker).toFixed(0)} | ${median(results.workerFirst).toFixed(1)} |`,
  );
  const ratio = median(results.worker) / median(results.direct);
  console.log(
    `\nworker / direct: ${ratio.toFixed(2)}× (target ≥ 0.9×); worker start and model load: ${loadMs.toFixed(0)} ms (${info.loadMs} ms inside the worker)\n`,
  );
  if (ratio < 0.9) process.exitCode = 1;
}

async function scriptBias(): Promise<void> {
  const PROMPTS = 24;
  const scores = { off: [] as number[], on: [] as number[] };
  const foreign = { off: 0, on: 0 };
  for (const mode of ['off', 'on'] as const) {
    const provider = new LocalProvider({
      modelPath,
      threads: THREADS,
      gpu: false,
      ...(mode === 'on' && { scriptBias: question.language }),
    });
    for (let seed = 0; seed < PROMPTS; seed++) {
      const { texts } = await complete(provider, { messages, maxTokens: 64, temperature: 1, seed });
      const { stats, findings } = analyzeText(texts[0], { kind: 'markdown', target: question.language });
      scores[mode].push(stats.mixScore);
      foreign[mode] += findings.toArray().filter((f) => f.code === 'foreign-script').length;
    }
    provider.dispose();
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(
    `Script-aware decoding, ${PROMPTS} answers of up to 64 tokens each (same prompt, seeds 0–${PROMPTS - 1}), Burmese target\n`,
  );
  console.log('| script bias | mean mix score | foreign-script findings |');
  console.log('|---|---:|---:|');
  console.log(`| off | ${mean(scores.off).toFixed(3)} | ${foreign.off} |`);
  console.log(`| on | ${mean(scores.on).toFixed(3)} | ${foreign.on} |`);
}

/**
 * Best-of-K on a local model: K answers decoded together as K sequences of one context, against
 * one answer, on a random model big enough that the matrix work dominates (written here, not kept).
 * Random weights may end an answer early, so each time is per token of its longest answer.
 */
async function batchedBestOfK(): Promise<void> {
  const K = 4;
  const N = 64;
  const size = { embedding: 768, layers: 8, feedForward: 2048, heads: 12 };
  const bigPath = path.join(path.dirname(modelPath), 'big.gguf');
  writeTinyGguf(bigPath, { size });
  const megabytes = Math.round(statSync(bigPath).size / 1e6);
  const provider = new LocalProvider({ modelPath: bigPath, threads: THREADS, gpu: false });
  await provider.info();
  const timed = async (samples: number, seed: number) => {
    const tokens = new Array<number>(samples).fill(0);
    const started = performance.now();
    let firstDelta = 0;
    let lastDelta = 0;
    await complete(
      provider,
      { messages, maxTokens: N, temperature: 1, seed, samples },
      undefined,
      (event) => {
        if (event.type !== 'delta') return;
        tokens[event.sample]++;
        lastDelta = performance.now();
        if (!firstDelta) firstDelta = lastDelta;
      },
    );
    const ms = performance.now() - started;
    const longest = Math.max(...tokens);
    // Decoding alone: from the first token to the last, per step of the longest answer.
    return {
      ms,
      perToken: ms / longest,
      decodePerToken: (lastDelta - firstDelta) / Math.max(1, longest - 1),
    };
  };
  await timed(1, 0);
  await timed(K, 0); // makes the batch context once, as the first best-of-K question does
  const one: number[] = [];
  const batched: number[] = [];
  const oneMs: number[] = [];
  const batchedMs: number[] = [];
  const oneDecode: number[] = [];
  const batchedDecode: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const a = await timed(1, i * 10);
    const b = await timed(K, i * 10);
    one.push(a.perToken);
    batched.push(b.perToken);
    oneMs.push(a.ms);
    batchedMs.push(b.ms);
    oneDecode.push(a.decodePerToken);
    batchedDecode.push(b.decodePerToken);
  }
  provider.dispose();
  rmSync(bigPath, { force: true });
  const ratio = median(batched) / median(one);
  console.log(
    `Batched best-of-K: a random ${megabytes} MB GGUF (${size.embedding} wide, ${size.layers} layers, F32), ${THREADS} threads, CPU, the product's prompt, up to ${N} tokens, median of ${RUNS}\n`,
  );
  console.log('| how | ms per token of the longest answer | ms in all | ms per decoding step |');
  console.log('|---|---:|---:|---:|');
  const row = (how: string, perToken: number[], all: number[], decode: number[]) =>
    console.log(
      `| ${how} | ${median(perToken).toFixed(1)} | ${median(all).toFixed(0)} | ${median(decode).toFixed(1)} |`,
    );
  row('one answer (baseline)', one, oneMs, oneDecode);
  row(`${K} answers, one batch, prompt read once`, batched, batchedMs, batchedDecode);
  console.log(
    `\n${K} answers / one answer: ${ratio.toFixed(2)}× per token of the longest answer, ` +
      `${(median(batchedMs) / median(oneMs)).toFixed(2)}× in all, ` +
      `${(median(batchedDecode) / median(oneDecode)).toFixed(2)}× per decoding step ` +
      `(target ≤ 1.6×; one after another would be ${K}×)\n`,
  );
  if (ratio > 1.6) process.exitCode = 1;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs\n`);
  // `npm run bench model -- best-of-k` runs only the batched best-of-K part.
  if (process.argv[2] !== 'best-of-k') {
    await throughput();
    await scriptBias();
  }
  await batchedBestOfK();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
