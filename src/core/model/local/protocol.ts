/**
 * The typed messages between LocalProvider (in the extension host or the CLI) and the llama.cpp
 * worker process, in both directions. A malformed GGUF makes llama.cpp abort its whole process,
 * which is why the model never runs in the caller's process.
 */
import type { AnswerLanguage } from '../../languages';
import type { ChatMessage, FinishReason } from '../types';

export interface LoadOptions {
  readonly modelPath: string;
  /** node-llama-cpp's folder: the worker is a written-out script and imports it by path. */
  readonly llamaDir: string;
  /** Threads for evaluation; 0: node-llama-cpp's count of CPU cores useful for math. */
  readonly threads: number;
  /** Tokens of context, or a range node-llama-cpp fits to the free memory. */
  readonly contextSize: number | { readonly min: number; readonly max: number };
  /** "auto" tries CUDA, Vulkan or Metal and falls back to the CPU. */
  readonly gpu: 'auto' | false;
}

export interface CompleteOptions {
  readonly id: number;
  readonly messages: readonly ChatMessage[];
  readonly samples: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  /** Suppress tokens holding letters of scripts other than this language's, Latin and Common. */
  readonly scriptBias?: AnswerLanguage;
}

export type ToWorker =
  | ({ readonly type: 'load' } & LoadOptions)
  | ({ readonly type: 'complete' } & CompleteOptions)
  | { readonly type: 'abort'; readonly id: number };

export interface ModelInfo {
  readonly gpu: string | false;
  readonly threads: number;
  readonly contextSize: number;
  readonly chatWrapper: string;
  readonly vocabularySize: number;
  readonly loadMs: number;
}

export type FromWorker =
  | { readonly type: 'loaded'; readonly info: ModelInfo }
  | { readonly type: 'load-failed'; readonly message: string }
  | { readonly type: 'delta'; readonly id: number; readonly sample: number; readonly text: string }
  | {
      readonly type: 'end';
      readonly id: number;
      readonly sample: number;
      readonly finishReason: FinishReason;
    }
  | {
      readonly type: 'usage';
      readonly id: number;
      readonly promptTokens: number;
      readonly completionTokens: number;
    }
  /** Every sample of request `id` has ended; `suppressed`: tokens the script bias removed. */
  | { readonly type: 'done'; readonly id: number; readonly suppressed?: number }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
