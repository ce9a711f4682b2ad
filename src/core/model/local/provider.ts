/**
 * A local GGUF model, run by node-llama-cpp in a worker process of its own (worker.ts): llama.cpp
 * aborts its whole process on a broken model file, and that must never take VS Code or the CLI
 * with it. The worker starts on the first question and loads the model once; if it dies, the
 * question in flight fails with a clear error and the next one starts a new worker.
 */
import { onAbort } from '../../abortFanOut';
import { ggufHeaderProblem } from './ggufHeader';
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import WORKER from 'akkhara:bundle/core/model/local/worker';
import { writeHelper } from '../../helperFiles';
import type { AnswerLanguage } from '../../languages';
import { packageDir } from '../../packageDir';
import { EventQueue } from '../eventQueue';
import { ModelError, type CompletionRequest, type ModelProvider, type StreamEvent } from '../types';
import type { FromWorker, ModelInfo, ToWorker } from './protocol';

export interface LocalOptions {
  readonly modelPath: string;
  /** Threads for evaluation; default: the CPU cores useful for math (on 2 cores, 4 threads ran 44× slower than 2). */
  readonly threads?: number;
  /** Tokens of context; default: as many as free memory allows, from 2048 up to 8192 (code and a follow-up). */
  readonly contextSize?: number;
  readonly gpu?: 'auto' | false;
  /** Suppress tokens of other scripts while decoding, for answers in this language. */
  readonly scriptBias?: AnswerLanguage;
}

interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<ModelInfo>;
  readonly listeners: Map<number, (message: FromWorker) => void>;
  stderr: string;
  /** The model has loaded (a stop from then on ends an answer, not the worker). */
  loaded: boolean;
}

export class LocalProvider implements ModelProvider {
  readonly id: string;
  readonly capabilities = { local: true, scriptBias: true };
  private worker?: Worker;
  private nextId = 1;
  /** Tokens the script bias removed from the vocabulary in the last completion that used it. */
  suppressedTokens?: number;

  constructor(private readonly options: LocalOptions) {
    // The file's name only: an id is printed (--json, logs), and a path names the user's folders.
    this.id = `local:${path.basename(options.modelPath)}`;
  }

  /** Loads the model now (or waits for the load under way) and says how it runs. */
  info(): Promise<ModelInfo> {
    return this.ensureWorker().then((worker) => worker.ready);
  }

  /** The worker's process id while one runs (for status displays and diagnostics). */
  get workerPid(): number | undefined {
    return this.worker?.child.pid;
  }

  /** Stops the worker; a later question starts a new one. */
  dispose(): void {
    this.worker?.child.kill();
    this.worker = undefined;
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    const worker = await this.ensureWorker();
    // A stop while the model still loads ends the worker at once: llama.cpp cannot be interrupted
    // in the middle of a load, and a half-loaded worker is of no use.
    const stopLoading = worker.loaded
      ? () => undefined
      : onAbort(signal, () => worker.loaded || this.forget(worker, true));
    try {
      await worker.ready;
    } catch (error) {
      if (signal?.aborted) {
        for (let sample = 0; sample < (request.samples ?? 1); sample++)
          yield { type: 'end', sample, finishReason: 'aborted' };
        return;
      }
      throw error;
    } finally {
      stopLoading();
    }
    const id = this.nextId++;
    const samples = request.samples ?? 1;
    const queue = new EventQueue<StreamEvent>();
    worker.listeners.set(id, (message) => {
      switch (message.type) {
        case 'delta':
          return queue.push({ type: 'delta', sample: message.sample, text: message.text });
        case 'end':
          return queue.push({ type: 'end', sample: message.sample, finishReason: message.finishReason });
        case 'usage':
          return queue.push({
            type: 'usage',
            promptTokens: message.promptTokens,
            completionTokens: message.completionTokens,
          });
        case 'done':
          if (message.suppressed !== undefined) this.suppressedTokens = message.suppressed;
          return queue.close();
        case 'failed':
          return queue.close(new ModelError('crashed', message.message));
      }
    });
    const abort = () => send(worker, { type: 'abort', id });
    let stopListening = () => undefined as void;
    try {
      send(worker, {
        type: 'complete',
        id,
        messages: request.messages,
        samples,
        ...(request.temperature !== undefined && { temperature: request.temperature }),
        ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }),
        ...(request.seed !== undefined && { seed: request.seed }),
        ...((request.scriptBias ?? this.options.scriptBias) && {
          scriptBias: request.scriptBias ?? this.options.scriptBias,
        }),
      });
      stopListening = onAbort(signal, abort); // after the request: a stop already given is sent at once
      yield* queue;
    } finally {
      stopListening();
      worker.listeners.delete(id);
    }
  }

  private async ensureWorker(): Promise<Worker> {
    if (this.worker) return this.worker;
    const { modelPath } = this.options;
    if (!existsSync(modelPath)) throw new ModelError('load', `no model file at ${modelPath}`);
    const problem = await ggufHeaderProblem(modelPath).catch(
      (error: Error) => `it cannot be read (${error.message})`,
    );
    if (problem) throw new ModelError('load', `${modelPath}: ${problem}`);
    const llamaDir = packageDir('node-llama-cpp');
    if (!llamaDir) throw new ModelError('load', 'node-llama-cpp is not installed next to Akkhara');
    const script = await writeHelper('llama-worker.cjs', WORKER);
    if (this.worker) return this.worker;
    const child = fork(script, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
      // In VS Code process.execPath is Electron; never let node-llama-cpp download or build anything.
      env: {
        ...workerEnvironment(process.env),
        ELECTRON_RUN_AS_NODE: '1',
        NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
      },
    });
    const listeners = new Map<number, (message: FromWorker) => void>();
    let loaded: (info: ModelInfo) => void = () => undefined;
    let failed: (error: ModelError) => void = () => undefined;
    const ready = new Promise<ModelInfo>((resolve, reject) => {
      loaded = resolve;
      failed = reject;
    });
    ready.catch(() => undefined); // observed by stream() and info(); never unhandled
    const worker: Worker = { child, ready, listeners, stderr: '', loaded: false };
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('message', (message: FromWorker) => {
      if (message.type === 'loaded') {
        worker.loaded = true;
        return loaded(message.info);
      }
      if (message.type === 'load-failed') {
        failed(new ModelError('load', message.message));
        return this.forget(worker, true);
      }
      if ('id' in message) listeners.get(message.id)?.(message);
    });
    child.on('exit', (code, signalName) => {
      const how = signalName ? `signal ${signalName}` : `exit code ${code}`;
      const said = lastLines(worker.stderr);
      const detail = `the model process stopped (${how})${said ? `: ${said}` : ''}`;
      failed(new ModelError('load', detail));
      for (const listener of listeners.values()) listener({ type: 'failed', id: -1, message: detail });
      this.forget(worker, false);
    });
    send(worker, {
      type: 'load',
      modelPath,
      llamaDir,
      threads: this.options.threads ?? 0,
      contextSize: this.options.contextSize ?? { min: 2048, max: 8192 },
      gpu: this.options.gpu ?? 'auto',
    });
    this.worker = worker;
    return worker;
  }

  private forget(worker: Worker, kill: boolean): void {
    if (kill) worker.child.kill();
    if (this.worker === worker) this.worker = undefined;
  }
}

function send(worker: Worker, message: ToWorker): void {
  if (worker.child.connected) worker.child.send(message);
}

/** What llama.cpp said last before dying, without its noise: the lines that name an error. */
function lastLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^npm warn/i.test(line));
  const errors = lines.filter((line) => /error|abort|fail|missing|invalid/i.test(line));
  return (errors.length ? errors : lines).slice(-2).join(' · ').slice(0, 400);
}

/**
 * What of Akkhara's environment the model worker gets: what the system, llama.cpp and the GPU
 * runtimes read (paths, locale, temporary folders, CUDA/ROCm/Vulkan/Metal and llama.cpp settings),
 * nothing else: no API keys or tokens reach a process that parses a downloaded file.
 */
export function workerEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept =
    /^(PATH|Path|HOME|USERPROFILE|TMPDIR|TEMP|TMP|LANG|LC_\w+|SystemRoot|SYSTEMROOT|windir|WINDIR|ComSpec|PATHEXT|APPDATA|LOCALAPPDATA|XDG_\w+|LD_LIBRARY_PATH|DYLD_\w+|CUDA_\w+|NVIDIA_\w+|HIP_\w+|ROCM_\w+|ROCR_\w+|HSA_\w+|GPU_\w+|VK_\w+|VULKAN_\w+|MTL_\w+|METAL_\w+|GGML_\w+|LLAMA_\w+|NODE_LLAMA_CPP_\w+|OMP_\w+)$/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => kept.test(name)));
}
