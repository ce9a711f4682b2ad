/**
 * Any OpenAI-compatible server (vLLM, Ollama, llama.cpp's server, LM Studio, hosted APIs) through
 * the `openai` SDK. The SDK retries 408/409/429/5xx and connection failures with backoff before a
 * response arrives, never once a stream has started, which is the rule we want: a retry after
 * tokens were shown would show a different answer. K samples are one request with `n` where the
 * server honours it (vLLM, OpenAI: the prompt is read once), else K parallel requests (many local
 * servers ignore or refuse `n`; the first request with several samples finds out).
 */
import { onAbort } from '../abortFanOut';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { displayUrl, redactUrls } from '../displayUrl';
import { EventQueue } from './eventQueue';
import {
  ModelError,
  type CompletionRequest,
  type FinishReason,
  type ModelProvider,
  type StreamEvent,
} from './types';

export interface RemoteOptions {
  /** e.g. http://127.0.0.1:8000/v1 */
  readonly baseURL: string;
  readonly model: string;
  /** Local servers usually need none. */
  readonly apiKey?: string;
  /** Until the response starts, per attempt. */
  readonly timeoutMs?: number;
  /** Longest silence allowed once the answer is streaming. */
  readonly idleTimeoutMs?: number;
  /** Longest time one answer may take in all (a server that streams forever is stopped here). */
  readonly answerTimeoutMs?: number;
  readonly maxRetries?: number;
}

/** An answer's length when the request names none: the server is stopped here on our side. */
export const DEFAULT_MAX_TOKENS = 8192;
/** Tokens a server may stream past the limit before we stop reading (chunks are not always one token). */
const TOKEN_SLACK = 16;
/**
 * The most bytes a token can stand for, generously (a long English word, a run of spaces): a server
 * that sends a few huge chunks is cut at maxTokens × this, whatever it calls a token.
 */
const BYTES_PER_TOKEN = 32;
/** Redirects followed before a request is given up. */
const MAX_REDIRECTS = 10;
export const DEFAULT_ANSWER_TIMEOUT_MS = 600_000;

/** A request passed on from address to address more than MAX_REDIRECTS times. */
class RedirectLoop extends Error {
  constructor(readonly last: string) {
    super(`too many redirects (more than ${MAX_REDIRECTS}); the last one went to ${displayUrl(last)}`);
  }
}

/**
 * fetch that follows redirects by hand, so that a loop is told apart from a dead server and named
 * (the platform's fetch reports only "fetch failed").
 */
const followingFetch: typeof fetch = async (input, init) => {
  let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  let request = init;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { ...request, redirect: 'manual' });
    if (response.status === 429 || response.status === 503) return notRetriedBySdk(response);
    if (response.ok && !response.headers.get('content-type')) return withSniffedType(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    url = new URL(location, url).href;
    if (hop >= MAX_REDIRECTS) throw new RedirectLoop(url);
    // 303 (and 301/302 after a POST, as browsers do) turn the request into a GET without a body.
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && request?.method === 'POST')
    )
      request = { ...request, method: 'GET', body: null };
  }
};

/**
 * A busy answer the SDK must not retry itself: it would sleep whatever Retry-After says (an hour),
 * deaf to Ctrl+C. Akkhara's own wait (askWhileBusy) is capped, said aloud and stopped by the user.
 */
function notRetriedBySdk(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * A body sent without Content-Type, typed by its first bytes (a stream of events starts with
 * `data:`, `event:` or `:`; an HTML page with `<`; JSON with `{` or `[`) and given back whole: an
 * HTML page is then named as one, not taken for a stream that was cut off.
 */
async function withSniffedType(response: Response): Promise<Response> {
  const reader = response.body?.getReader();
  if (!reader) return response;
  const head: Uint8Array[] = [];
  let seen = 0;
  let finished = false;
  while (seen < 64 && !finished) {
    const { done, value } = await reader.read();
    if (done) finished = true;
    else {
      head.push(value);
      seen += value.length;
    }
  }
  const start = new TextDecoder().decode(Buffer.concat(head)).trimStart();
  const type = /^(data:|event:|:|id:|retry:)/.test(start)
    ? 'text/event-stream'
    : start.startsWith('<')
      ? 'text/html'
      : /^[{[]/.test(start)
        ? 'application/json'
        : 'text/plain';
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
      if (finished) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const headers = new Headers(response.headers);
  headers.set('content-type', type);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** The first bytes of a body, for a message that says what came back. */
async function firstBytes(response: Response, limit = 200): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  let bytes = new Uint8Array();
  while (bytes.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes = new Uint8Array([...bytes, ...value.subarray(0, limit - bytes.length)]);
  }
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(bytes).replace(/\s+/g, ' ').trim();
}

const FINISH: Record<string, FinishReason> = { stop: 'stop', length: 'length' };

export class RemoteProvider implements ModelProvider {
  readonly id: string;
  readonly capabilities = { local: false, scriptBias: false };
  private readonly client: OpenAI;
  private readonly idleTimeoutMs: number;
  /** Whether the server sends `n` choices when asked: unknown until the first request with several. */
  private honoursN: boolean | undefined;

  constructor(private readonly options: RemoteOptions) {
    this.id = `remote:${options.model}@${displayUrl(options.baseURL)}`;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // The SDK refuses to start without a key; servers that need none ignore this one.
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 3,
      fetch: followingFetch,
      // The SDK would print what it cannot parse to stderr; the error we raise says it instead.
      logLevel: 'off',
      // The SDK would read OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment and send them to
      // whatever server this is: only what the user configured for it goes there.
      organization: null,
      project: null,
    });
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    const queue = new EventQueue<StreamEvent>();
    this.streamSamples(request, signal, (event) => queue.push(event)).then(
      () => queue.close(),
      (error: unknown) => queue.close(error),
    );
    yield* queue;
  }

  /**
   * K samples: first as one request with `n` (the server then shares the prompt's prefill), and
   * from then on as K parallel requests when the server refuses `n` (llama.cpp's server: 400) or
   * sends fewer choices than asked (Ollama sends one): the missing samples are asked apart.
   */
  private async streamSamples(
    request: CompletionRequest,
    signal: AbortSignal | undefined,
    emit: (event: StreamEvent) => void,
  ): Promise<void> {
    let missing = Array.from({ length: request.samples ?? 1 }, (_, sample) => sample);
    if (missing.length > 1 && this.honoursN !== false) {
      try {
        const ended = await this.streamRequest(request, missing, signal, emit);
        missing = missing.filter((sample) => !ended.has(sample));
        this.honoursN = missing.length === 0;
      } catch (error) {
        const refused = error instanceof ModelError && error.kind === 'bad-request' && !error.partial;
        if (!refused || this.honoursN !== undefined) throw error;
        this.honoursN = false;
      }
    }
    let failure: { error: unknown } | undefined;
    // The other samples finish first: one failed request should not cut off the rest.
    await Promise.all(
      missing.map((sample) =>
        this.streamRequest(request, [sample], signal, emit).catch((error: unknown) => {
          failure ??= { error };
        }),
      ),
    );
    if (failure) throw failure.error;
  }

  private overtime(ms: number, partial: boolean): ModelError {
    return new ModelError(
      'timeout',
      `the answer took longer than ${ms / 1000} s in all (--answer-timeout); what arrived is kept`,
      partial,
    );
  }

  /**
   * One streaming request for `samples` (with `n` when there are several: choice i is sample
   * samples[i]); events go to `emit`. Returns the samples that ended. With several, a choice the
   * server did not send at all is not an error: the caller asks for it apart.
   */
  private async streamRequest(
    request: CompletionRequest,
    samples: readonly number[],
    signal: AbortSignal | undefined,
    emit: (event: StreamEvent) => void,
  ): Promise<Set<number>> {
    const controller = new AbortController();
    const stopListening = onAbort(signal, () => controller.abort());
    let idle: NodeJS.Timeout | undefined;
    let stalled = false;
    const watchSilence = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, this.idleTimeoutMs);
    };
    let received = false;
    const finishReasons = new Map<number, FinishReason>();
    const chunks = new Map<number, number>();
    const bytes = new Map<number, number>();
    // Our own bounds, whatever the server does: a token limit (counted in chunks and in bytes) and an
    // overall deadline per answer.
    const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
    const maxBytes = maxTokens * BYTES_PER_TOKEN;
    const answerTimeoutMs = this.options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    let overtime = false;
    const deadline = setTimeout(() => {
      overtime = true;
      controller.abort();
    }, answerTimeoutMs);
    /** Every sample ended (by the server, or cut at the token limit). */
    const allEnded = () => samples.every((sample) => finishReasons.has(sample));
    const ending = (reason: FinishReason) => {
      for (const sample of samples) {
        if (!finishReasons.has(sample) && (reason === 'aborted' || samples.length === 1))
          finishReasons.set(sample, reason);
        const finishReason = finishReasons.get(sample);
        if (finishReason) emit({ type: 'end', sample, finishReason });
      }
      return new Set(finishReasons.keys());
    };
    try {
      if (signal?.aborted) return ending('aborted');
      const { data: stream, response } = await this.client.chat.completions
        .create(
          {
            model: this.options.model,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            stream_options: { include_usage: true },
            ...(request.temperature !== undefined && { temperature: request.temperature }),
            ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
            ...(request.seed !== undefined && { seed: request.seed + (samples.length > 1 ? 0 : samples[0]) }),
            ...(samples.length > 1 && { n: samples.length }),
          },
          { signal: controller.signal },
        )
        .withResponse();
      const type = response.headers.get('content-type') ?? '';
      if (type && !type.includes('text/event-stream'))
        throw new ModelError(
          'bad-response',
          `HTTP ${response.status} with ${type.split(';')[0]} instead of a stream of tokens: "${await firstBytes(response)}"`,
        );
      watchSilence();
      for await (const chunk of stream) {
        watchSilence();
        for (const choice of chunk.choices) {
          const sample = samples[choice.index ?? 0];
          if (sample === undefined || finishReasons.get(sample) === 'length') continue;
          let text = choice.delta?.content;
          if (text) {
            received = true;
            const count = (chunks.get(sample) ?? 0) + 1;
            chunks.set(sample, count);
            const room = maxBytes - (bytes.get(sample) ?? 0);
            const size = Buffer.byteLength(text);
            if (size > room) text = cutToBytes(text, room);
            bytes.set(sample, (bytes.get(sample) ?? 0) + Math.min(size, room));
            if (text) emit({ type: 'delta', sample, text });
            // A server that ignores max_tokens: this sample is cut here, what arrived is kept.
            if (count > maxTokens + TOKEN_SLACK || size >= room) finishReasons.set(sample, 'length');
          }
          if (choice.finish_reason && !finishReasons.has(sample))
            finishReasons.set(sample, FINISH[choice.finish_reason] ?? 'other');
        }
        if (chunk.usage)
          emit({
            type: 'usage',
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          });
        if (allEnded() && samples.some((sample) => finishReasons.get(sample) === 'length')) {
          controller.abort(); // stop reading a server that would go on
          break;
        }
      }
      // The SDK ends an aborted stream quietly: tell a user's stop from a stall and a drop.
      if (stalled) throw new ModelError('timeout', `no token for ${this.idleTimeoutMs / 1000} s`, received);
      if (overtime) throw this.overtime(answerTimeoutMs, received);
      if (signal?.aborted) return ending('aborted');
      // A choice begun and never ended was dropped; one never begun was not sent (n ignored).
      const dropped = samples.some((sample) => chunks.has(sample) && !finishReasons.has(sample));
      if (finishReasons.size === 0 || dropped)
        throw new ModelError(
          'interrupted',
          'the server closed the connection before the answer ended',
          received,
        );
      return ending('stop');
    } catch (error) {
      if (allEnded()) return ending('stop');
      if (overtime) throw this.overtime(answerTimeoutMs, received);
      if (error instanceof APIUserAbortError && !stalled) return ending('aborted');
      throw toModelError(error, received, stalled ? this.idleTimeoutMs : undefined);
    } finally {
      clearTimeout(idle);
      clearTimeout(deadline);
      stopListening();
    }
  }
}

/** The longest start of `text` that fits in `bytes` of UTF-8, never half a character. */
function cutToBytes(text: string, bytes: number): string {
  const encoded = Buffer.from(text).subarray(0, Math.max(0, bytes));
  const decoded = encoded.toString('utf8');
  return decoded.endsWith('\ufffd') && !text.startsWith(decoded) ? decoded.slice(0, -1) : decoded;
}

/** A 429 or 503 and how long the server asked us to wait (Retry-After), for the run's backoff. */
function busyOf(error: APIError): ModelError['busy'] {
  if (error.status !== 429 && error.status !== 503) return undefined;
  const header = (name: string, scale: number) => {
    const value = error.headers?.get(name);
    if (value == null) return undefined;
    if (Number.isFinite(Number(value))) return Number(value) * scale;
    const date = Date.parse(value); // Retry-After may be an HTTP date
    return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
  };
  const retryAfterMs = header('retry-after-ms', 1) ?? header('retry-after', 1000);
  return { status: error.status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

function toModelError(error: unknown, partial: boolean, stalledAfterMs?: number): ModelError {
  if (error instanceof ModelError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof RedirectLoop) return new ModelError('redirects', cause.message, partial);
  if (error instanceof SyntaxError)
    return new ModelError(
      'bad-response',
      `the server sent something that is not JSON in its stream (${error.message})`,
      partial,
    );
  if (stalledAfterMs !== undefined)
    return new ModelError('timeout', `no token for ${stalledAfterMs / 1000} s`, partial);
  // The SDK's messages may quote the address: never with its credentials or query.
  const detail = redactUrls(error instanceof Error ? error.message : String(error));
  if (error instanceof APIConnectionTimeoutError) return new ModelError('timeout', detail, partial);
  if (error instanceof APIConnectionError) return new ModelError('connection', detail, partial);
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return new ModelError('auth', detail, partial);
  if (error instanceof NotFoundError) return new ModelError('not-found', detail, partial);
  if (error instanceof BadRequestError) return new ModelError('bad-request', detail, partial);
  if (error instanceof RateLimitError) return new ModelError('rate-limit', detail, partial, busyOf(error));
  if (error instanceof APIError)
    return new ModelError(partial ? 'interrupted' : 'server', detail, partial, busyOf(error));
  return new ModelError('interrupted', detail, partial);
}
