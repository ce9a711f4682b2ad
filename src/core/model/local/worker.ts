/**
 * The llama.cpp worker: a child process that loads one GGUF with node-llama-cpp and answers chat
 * completions over IPC (protocol.ts). If llama.cpp aborts on a broken file, only this process dies.
 *
 * Bundled on its own by scripts/build.mjs and carried as text (`akkhara:bundle/core/model/local/worker`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
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
  readonly threads: number;
  /** The context best-of-K decodes in, once asked for, and how many sequences it has. */
  batch?: { context: Awaited<ReturnType<LlamaModel['createContext']>>; sequences: number };
  readonly biases: Map<AnswerLanguage, { bias: InstanceType<NodeLlamaCpp['TokenBias']>; suppressed: number }>;
}

let loaded: Loaded | undefined;
const running = new Map<number, AbortController>();
/** One completion at a time: the chat's context has one sequence, best-of-K's context its K. */
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
  loaded = { llama, model, context, threads, biases: new Map() };
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

type Context = Loaded['context'];

/** The most answers decoded together: each is a sequence of one context, evaluated in one batch. */
const MAX_BATCH = 8;

/**
 * A context with room for `samples` sequences, made on the first best-of-K request and kept (a
 * larger K makes a larger one). Each sequence gets a smaller window than the chat's context, which
 * is enough for a question and its answer; when memory does not allow it, answers go one by one.
 */
async function batchContext(samples: number): Promise<Context | undefined> {
  const state = loaded!;
  if (state.batch && state.batch.sequences >= samples) return state.batch.context;
  await state.batch?.context.dispose();
  state.batch = undefined;
  try {
    const context = await state.model.createContext({
      contextSize: { min: 1024, max: 4096 },
      sequences: samples,
      threads: state.threads,
    });
    state.batch = { context, sequences: samples };
    return context;
  } catch {
    return undefined;
  }
}

function chatHistory(options: CompleteOptions): { history: ChatHistoryItem[]; question: string } {
  const system = options.messages.find((m) => m.role === 'system')?.content;
  const turns = options.messages.filter((m) => m.role !== 'system');
  const history: ChatHistoryItem[] = [
    ...(system ? [{ type: 'system' as const, text: system }] : []),
    ...turns
      .slice(0, -1)
      .map((m): ChatHistoryItem =>
        m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] },
      ),
  ];
  return { history, question: turns.at(-1)?.content ?? '' };
}

type ChatSession = InstanceType<NodeLlamaCpp['LlamaChatSession']>;
type Sequence = ReturnType<Context['getSequence']>;

function newSession(sequence: Sequence, history: ChatHistoryItem[]): ChatSession {
  const session = new loaded!.llama.LlamaChatSession({
    contextSequence: sequence,
    autoDisposeSequence: true,
  });
  session.setChatHistory(history);
  return session;
}

/**
 * K sessions on K sequences of the batch context that share the prompt's evaluation: the prompt is
 * evaluated once on the first sequence and its state copied to the others (node-llama-cpp copies a
 * sequence's state through a file; on CPU, evaluating the prompt K times would cost more than the K
 * answers). When the copy fails, the other sequences evaluate the prompt themselves.
 */
async function sharedPromptSessions(
  batch: Context,
  options: CompleteOptions,
  signal: AbortSignal,
): Promise<ChatSession[]> {
  const { history, question } = chatHistory(options);
  const first = newSession(batch.getSequence(), history);
  const sessions = [first];
  try {
    await first.preloadPrompt(question, { signal });
    const folder = mkdtempSync(path.join(os.tmpdir(), 'akkhara-prompt-'));
    const file = path.join(folder, 'prompt.state');
    let copied = false;
    try {
      await first.sequence.saveStateToFile(file);
      copied = true;
    } catch {
      // disk full or not writable: the other sequences evaluate the prompt themselves
    }
    try {
      for (let sample = 1; sample < options.samples; sample++) {
        const sequence = batch.getSequence();
        if (copied) await sequence.loadStateFromFile(file, { acceptRisk: true }); // same model, this process
        sessions.push(newSession(sequence, history));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return sessions;
  } catch (error) {
    for (const session of sessions) session.dispose({ disposeSequence: true });
    throw error;
  }
}

/** One answer from `session`: streamed as deltas, ended with its finish reason. */
async function answerOne(
  session: ChatSession,
  options: CompleteOptions,
  sample: number,
  signal: AbortSignal,
  bias: ReturnType<typeof scriptBias> | undefined,
  ended: Set<number>,
): Promise<void> {
  const { question } = chatHistory(options);
  let completionTokens = 0;
  try {
    const result = await session.promptWithMeta(question, {
      signal,
      stopOnAbortSignal: true,
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
      ...(options.seed !== undefined && { seed: options.seed + sample }),
      ...(bias && { tokenBias: bias.bias }),
      onTextChunk: (text) => send({ type: 'delta', id: options.id, sample, text }),
      onToken: (tokens) => (completionTokens += tokens.length),
    });
    const finishReason: FinishReason = signal.aborted
      ? 'aborted'
      : result.stopReason === 'maxTokens'
        ? 'length'
        : result.stopReason === 'eogToken' || result.stopReason === 'stopGenerationTrigger'
          ? 'stop'
          : 'other';
    ended.add(sample);
    send({ type: 'end', id: options.id, sample, finishReason });
    send({ type: 'usage', id: options.id, promptTokens: 0, completionTokens });
  } finally {
    session.dispose({ disposeSequence: true });
  }
}

async function complete(options: CompleteOptions, controller: AbortController): Promise<void> {
  const { signal } = controller;
  const bias = options.scriptBias ? scriptBias(options.scriptBias) : undefined;
  const ended = new Set<number>();
  const done = () => send({ type: 'done', id: options.id, ...(bias && { suppressed: bias.suppressed }) });
  try {
    // Best-of-K: the K answers as K sequences of one context, decoded together in one batch.
    const batch =
      options.samples > 1 && options.samples <= MAX_BATCH ? await batchContext(options.samples) : undefined;
    if (batch) {
      const sessions = await sharedPromptSessions(batch, options, signal);
      await Promise.all(
        sessions.map((session, sample) => answerOne(session, options, sample, signal, bias, ended)),
      );
    } else {
      const { history } = chatHistory(options);
      for (let sample = 0; sample < options.samples && !signal.aborted; sample++)
        await answerOne(
          newSession(loaded!.context.getSequence(), history),
          options,
          sample,
          signal,
          bias,
          ended,
        );
    }
    endRest(options, ended);
    done();
  } catch (error) {
    if (signal.aborted) {
      // stopped while the prompt was read: every answer ends, stopped, with nothing
      endRest(options, ended);
      done();
    } else {
      send({
        type: 'failed',
        id: options.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  } finally {
    running.delete(options.id);
  }
}

/** Answers that never started (stopped before their turn) end as stopped. */
function endRest(options: CompleteOptions, ended: Set<number>): void {
  for (let sample = 0; sample < options.samples; sample++)
    if (!ended.has(sample)) send({ type: 'end', id: options.id, sample, finishReason: 'aborted' });
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'load':
      load(message).catch((error: unknown) =>
        send({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'complete': {
      // Stoppable from now on: a stop that comes while the request waits its turn is not lost.
      const controller = new AbortController();
      running.set(message.id, controller);
      queue = queue.then(() => complete(message, controller));
      return;
    }
    case 'abort':
      running.get(message.id)?.abort();
  }
});
// The parent went away (VS Code closed, the CLI ended): nothing left to answer.
process.on('disconnect', () => process.exit(0));
