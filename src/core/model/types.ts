/**
 * One interface for every model Akkhara talks to: a local GGUF in a child process or any
 * OpenAI-compatible server. A completion streams as events, K samples at once, and stops at once
 * when its AbortSignal fires.
 */
import type { AnswerLanguage } from '../languages';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** Independent answers to the same messages (best-of-K, pass@k). */
  readonly samples?: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  /** Local models: never sample tokens of scripts other than this language's, Latin and Common. */
  readonly scriptBias?: AnswerLanguage;
}

/** Why a sample ended: the model stopped, hit the token limit, or the user stopped it. */
/** Why an answer ended; `timeout`: cut at the answer's deadline (--answer-timeout), what arrived kept. */
export type FinishReason = 'stop' | 'length' | 'aborted' | 'timeout' | 'other';

export type StreamEvent =
  | { readonly type: 'delta'; readonly sample: number; readonly text: string }
  | { readonly type: 'end'; readonly sample: number; readonly finishReason: FinishReason }
  | { readonly type: 'usage'; readonly promptTokens: number; readonly completionTokens: number };

export interface ModelCapabilities {
  /** Runs on this machine (no network). */
  readonly local: boolean;
  /** Can suppress tokens of other scripts while decoding (script-aware decoding). */
  readonly scriptBias: boolean;
}

export interface ModelProvider {
  /** For records and logs, e.g. "remote:qwen2.5-coder@http://127.0.0.1:8000/v1". */
  readonly id: string;
  readonly capabilities: ModelCapabilities;
  stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}

export type ModelErrorKind =
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'rate-limit'
  | 'server'
  | 'connection'
  | 'timeout'
  | 'interrupted'
  /** A local model file that could not be loaded (missing, not a GGUF, or llama.cpp rejected it). */
  | 'load'
  /** The local model's process died while answering. */
  | 'crashed'
  /** A catalog model could not be downloaded (offline, moved, cancelled). */
  | 'download'
  /** The server answered, but not with a stream of tokens (an HTML page, a JSON body, broken chunks). */
  | 'bad-response'
  /** The request was sent from address to address without end. */
  | 'redirects';

/**
 * A failure the user can act on. `partial`: tokens had already arrived (and were shown) when it
 * happened; such a request is never retried, and what arrived is kept.
 */
export class ModelError extends Error {
  /** Each sample's text up to the failure (set by `complete`), so nothing that arrived is lost. */
  received: readonly string[] = [];

  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly partial = false,
    /** The server said it is busy (429, 503): worth asking again later, with fewer requests at once. */
    readonly busy?: { readonly status: number; readonly retryAfterMs?: number },
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** What a busy server said (429, 503, before any token), or undefined for any other failure. */
export function serverBusy(error: unknown): ModelError['busy'] {
  return error instanceof ModelError && !error.partial ? error.busy : undefined;
}

export interface Completion {
  readonly texts: string[];
  readonly finishReasons: FinishReason[];
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
}

/** Drains a stream into whole answers; `onEvent` sees every event on the way (for streaming UIs). */
export async function complete(
  provider: ModelProvider,
  request: CompletionRequest,
  signal?: AbortSignal,
  onEvent?: (event: StreamEvent) => void,
): Promise<Completion> {
  const samples = request.samples ?? 1;
  const texts = Array.from({ length: samples }, () => '');
  const finishReasons = Array.from({ length: samples }, (): FinishReason => 'aborted');
  let usage: Completion['usage'];
  try {
    for await (const event of provider.stream(request, signal)) {
      onEvent?.(event);
      if (event.type === 'delta') texts[event.sample] += event.text;
      else if (event.type === 'end') finishReasons[event.sample] = event.finishReason;
      else usage = { promptTokens: event.promptTokens, completionTokens: event.completionTokens };
    }
  } catch (error) {
    if (error instanceof ModelError) error.received = texts;
    throw error;
  }
  return { texts, finishReasons, ...(usage && { usage }) };
}

/**
 * For a long run (generate, mine): an answer that hit its deadline with text in it is kept, marked
 * `timeout`, rather than failing the run and losing it (the message says what arrived is kept).
 * Anything else is thrown as it was.
 */
export function keepCutOff(error: unknown, samples: number): Completion {
  if (!(error instanceof ModelError) || error.kind !== 'timeout' || !error.received.some((text) => text))
    throw error;
  const texts = Array.from({ length: samples }, (_, i) => error.received[i] ?? '');
  return { texts, finishReasons: texts.map((): FinishReason => 'timeout') };
}
