/**
 * The llama.cpp worker: a child process that loads one GGUF with node-llama-cpp and answers chat
 * completions over IPC (protocol.ts). If llama.cpp aborts on a broken file, only this process dies.
 *
 * Bundled on its own by scripts/build.mjs and carried as text (`akkhara:bundle/core/model/local/worker`).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChatHistoryItem, LlamaModel, Token } from 'node-llama-cpp';
import type { AnswerLanguage } from '../../languages';
import { ALL_SCRIPTS, scriptBit, scriptSetOf } from '../../script/scripts';
import type { FinishReason } from '../types';
import type { CompleteOptions, FromWorker, LoadOptions, ToWorker } from './protocol';

type NodeLlamaCpp = typeof import('node-llama-cpp');

const SCRIPT_OF: Record<AnswerLanguage, string> = { my: 'Myanmar', bn: 'Bengali' };

function send(message: FromWorker): void {
  process.send?.(message);
}

interface Loaded {
  readonly llama: NodeLlamaCpp;
  readonly model: LlamaModel;
  readonly context: Awaited<ReturnType<LlamaModel['createContext']>>;
  readonly biases: Map<AnswerLanguage, { bias: InstanceType<NodeLlamaCpp['TokenBias']>; suppressed: number }>;
}

let loaded: Loaded | undefined;
const running = new Map<number, AbortController>();
/** One completion at a time: the context has one sequence. */
let queue: Promise<void> = Promise.resolve();

async function load(options: LoadOptions): Promise<void> {
  const started = performance.now();
  const llama = (await import(
    pathToFileURL(path.join(options.llamaDir, 'dist', 'index.js')).href
  )) as NodeLlamaCpp;
  const runtime = await llama.getLlama({
    gpu: options.gpu,
    build: 'never',
    logLevel: llama.LlamaLogLevel.error,
  });
  const model = await runtime.loadModel({ modelPath: options.modelPath });
  const threads = options.threads || runtime.cpuMathCores;
  const context = await model.createContext({ contextSize: options.contextSize, threads });
  loaded = { llama, model, context, biases: new Map() };
  const session = new llama.LlamaChatSession({ contextSequence: context.getSequence() });
  const chatWrapper = session.chatWrapper.wrapperName;
  session.dispose({ disposeSequence: true });
  send({
    type: 'loaded',
    info: {
      gpu: runtime.gpu,
      threads,
      contextSize: context.contextSize,
      chatWrapper,
      vocabularySize: vocabularySize(model),
      loadMs: Math.round(performance.now() - started),
    },
  });
}

function vocabularySize(model: LlamaModel): number {
  const tokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } })
    .tokenizer?.ggml?.tokens;
  return tokens?.length ?? 0;
}

/**
 * Every vocabulary token whose text holds a letter of a script other than the answer's, Latin,
 * Common or Inherited is never sampled: built once per model and language. Byte tokens (pieces of
 * one UTF-8 character) cannot be judged alone and stay allowed.
 */
function scriptBias(target: AnswerLanguage) {
  const { llama, model, biases } = loaded!;
  let entry = biases.get(target);
  if (!entry) {
    const allowed = scriptBit(SCRIPT_OF[target]) | scriptBit('Latin');
    const bias = new llama.TokenBias(model.tokenizer);
    let suppressed = 0;
    // Token ids past the vocabulary make llama.cpp abort: count from the file's own token list.
    for (let token = 0, count = vocabularySize(model); token < count; token++) {
      const text = model.detokenize([token as Token]);
      for (const char of text) {
        const set = scriptSetOf(char.codePointAt(0)!);
        if (set !== ALL_SCRIPTS && (set & allowed) === 0) {
          bias.set(token as Token, 'never');
          suppressed++;
          break;
        }
      }
    }
    entry = { bias, suppressed };
    biases.set(target, entry);
  }
  return entry;
}

async function complete(options: CompleteOptions): Promise<void> {
  const { llama, context } = loaded!;
  const controller = new AbortController();
  running.set(options.id, controller);
  const bias = options.scriptBias ? scriptBias(options.scriptBias) : undefined;
  const system = options.messages.find((m) => m.role === 'system')?.content;
  const turns = options.messages.filter((m) => m.role !== 'system');
  const question = turns.at(-1)?.content ?? '';
  const history: ChatHistoryItem[] = [
    ...(system ? [{ type: 'system' as const, text: system }] : []),
    ...turns
      .slice(0, -1)
      .map((m): ChatHistoryItem =>
        m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] },
      ),
  ];
  try {
    for (let sample = 0; sample < options.samples; sample++) {
      const sequence = context.getSequence();
      const session = new llama.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: true });
      session.setChatHistory(history);
      let completionTokens = 0;
      try {
        const result = await session.promptWithMeta(question, {
          signal: controller.signal,
          stopOnAbortSignal: true,
          ...(options.temperature !== undefined && { temperature: options.temperature }),
          ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
          ...(options.seed !== undefined && { seed: options.seed + sample }),
          ...(bias && { tokenBias: bias.bias }),
          onTextChunk: (text) => send({ type: 'delta', id: options.id, sample, text }),
          onToken: (tokens) => (completionTokens += tokens.length),
        });
        const finishReason: FinishReason = controller.signal.aborted
          ? 'aborted'
          : result.stopReason === 'maxTokens'
            ? 'length'
            : result.stopReason === 'eogToken' || result.stopReason === 'stopGenerationTrigger'
              ? 'stop'
              : 'other';
        send({ type: 'end', id: options.id, sample, finishReason });
        send({ type: 'usage', id: options.id, promptTokens: 0, completionTokens });
      } finally {
        session.dispose({ disposeSequence: true });
      }
      if (controller.signal.aborted) {
        for (let rest = sample + 1; rest < options.samples; rest++)
          send({ type: 'end', id: options.id, sample: rest, finishReason: 'aborted' });
        break;
      }
    }
    send({ type: 'done', id: options.id, ...(bias && { suppressed: bias.suppressed }) });
  } catch (error) {
    send({ type: 'failed', id: options.id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(options.id);
  }
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'load':
      load(message).catch((error: unknown) =>
        send({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'complete':
      queue = queue.then(() => complete(message));
      return;
    case 'abort':
      running.get(message.id)?.abort();
  }
});
// The parent went away (VS Code closed, the CLI ended): nothing left to answer.
process.on('disconnect', () => process.exit(0));
