/**
 * A scripted OpenAI-compatible server on 127.0.0.1 for tests: each request to
 * /v1/chat/completions takes the next behaviour from a queue (an error status, a stream that is
 * slow, stalls or drops), else streams the default answer. Requests are recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { readonly kind: 'error'; readonly status: number; readonly headers?: Record<string, string> }
  /** Accepts the request and never answers (a server that hangs before its headers). */
  | { readonly kind: 'hang' }
  /** A token every `everyMs`, never ending (a server that ignores max_tokens). */
  | { readonly kind: 'endless'; readonly everyMs: number }
  /** Any status, type and body (a login portal's HTML page, a huge JSON body, a broken chunk). */
  | { readonly kind: 'raw'; readonly status: number; readonly contentType: string; readonly body: string }
  | {
      readonly kind: 'stream';
      readonly chunks: readonly string[];
      readonly delayMs?: number;
      /** Closes the connection after this many chunks, without finish_reason or [DONE]. */
      readonly dropAfter?: number;
      /** Goes silent (connection open) after this many chunks. */
      readonly stallAfter?: number;
      readonly finishReason?: 'stop' | 'length';
    };

export interface RecordedRequest {
  /** The request's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    temperature?: number;
    seed?: number;
    max_tokens?: number;
    n?: number;
  };
}

/** n choices in one stream, their chunks interleaved; choice i answers as if asked with seed + i. */
async function streamChoices(
  response: ServerResponse,
  recorded: RecordedRequest,
  n: number,
  answer: (request: RecordedRequest) => readonly string[],
): Promise<void> {
  const choices = Array.from({ length: n }, (_, i) =>
    answer({ ...recorded, body: { ...recorded.body, seed: (recorded.body.seed ?? 0) + i } }),
  );
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const longest = Math.max(...choices.map((chunks) => chunks.length));
  for (let step = 0; step < longest; step++)
    for (const [index, chunks] of choices.entries())
      if (step < chunks.length) response.write(chunk(chunks[step], null, index));
  for (let index = 0; index < n; index++) response.write(chunk(undefined, 'stop', index));
  const tokens = choices.reduce((sum, chunks) => sum + chunks.length, 0);
  response.write(
    `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model: 'test', choices: [], usage: { prompt_tokens: 7, completion_tokens: tokens, total_tokens: 7 + tokens } })}\n\n`,
  );
  await new Promise<void>((resolve) => response.end('data: [DONE]\n\n', resolve));
}

export interface FakeOpenAI {
  readonly baseURL: string;
  /**
   * With `capacity`: requests answered, the most ever answered at once, and when the first request
   * came and the last answer ended (performance.now(), ms).
   */
  readonly served: { completed: number; mostAtOnce: number; firstAt?: number; lastAt?: number };
  readonly requests: RecordedRequest[];
  /** Behaviours for the next requests, in order. */
  readonly queue: Behaviour[];
  /** What a request streams when the queue is empty, in chunks. */
  defaultAnswer: (request: RecordedRequest) => readonly string[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(content: string | undefined, finishReason: string | null, index = 0): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'test',
    choices: [{ index, delta: content === undefined ? {} : { content }, finish_reason: finishReason }],
  })}\n\n`;
}

/**
 * What a server does with `n` above 1: vLLM and OpenAI honour it (n choices in one stream),
 * Ollama ignores it (one choice), llama.cpp's server refuses it (400).
 */
export type NativeN = 'honour' | 'ignore' | 'reject';

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A server of known capacity (a stand-in for an inference engine): at most `slots` requests are
 * answered at once, each taking `latencyMs`; the others wait for a slot, as an engine queues them.
 */
export interface Capacity {
  readonly slots: number;
  readonly latencyMs: number;
}

export async function startFakeOpenAI(
  options: { capacity?: Capacity; n?: NativeN } = {},
): Promise<FakeOpenAI> {
  const open = new Set<ServerResponse>();
  const fake: Omit<FakeOpenAI, 'baseURL' | 'close'> = {
    requests: [],
    queue: [],
    defaultAnswer: () => ['ok'],
    served: { completed: 0, mostAtOnce: 0 },
  };
  let busy = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<() => void> => {
    const { capacity } = options;
    if (!capacity) return () => undefined;
    fake.served.firstAt ??= performance.now();
    if (busy >= capacity.slots) await new Promise<void>((resolve) => waiting.push(resolve));
    busy++;
    fake.served.mostAtOnce = Math.max(fake.served.mostAtOnce, busy);
    await sleep(capacity.latencyMs);
    return () => {
      busy--;
      fake.served.completed++;
      fake.served.lastAt = performance.now();
      waiting.shift()?.();
    };
  };
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      const recorded: RecordedRequest = {
        headers: request.headers,
        body: JSON.parse(await readBody(request)) as RecordedRequest['body'],
      };
      fake.requests.push(recorded);
      const n = recorded.body.n ?? 1;
      if (n > 1 && options.n === 'reject' && fake.queue.length === 0) {
        response
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'Only one completion choice is allowed', type: 'test' } }));
        return;
      }
      if (n > 1 && options.n === 'honour' && fake.queue.length === 0) {
        await streamChoices(response, recorded, n, fake.defaultAnswer);
        return;
      }
      const behaviour: Behaviour = fake.queue.shift() ?? {
        kind: 'stream',
        chunks: fake.defaultAnswer(recorded),
      };
      if (behaviour.kind === 'hang') {
        open.add(response);
        return;
      }
      if (behaviour.kind === 'endless') {
        open.add(response);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        while (!response.destroyed && response.writable) {
          response.write(chunk('ဆက်၍ ', null));
          await sleep(behaviour.everyMs);
        }
        return;
      }
      if (behaviour.kind === 'raw') {
        // An empty type sends no Content-Type header at all (a server that forgot it).
        response
          .writeHead(behaviour.status, behaviour.contentType ? { 'content-type': behaviour.contentType } : {})
          .end(behaviour.body);
        return;
      }
      if (behaviour.kind === 'error') {
        response
          .writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers })
          .end(JSON.stringify({ error: { message: `scripted ${behaviour.status}`, type: 'test' } }));
        return;
      }
      const release = await slot();
      open.add(response);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const [index, text] of behaviour.chunks.entries()) {
        if (index === behaviour.dropAfter) {
          response.socket?.destroy();
          return;
        }
        if (index === behaviour.stallAfter) return;
        if (behaviour.delayMs) await sleep(behaviour.delayMs);
        if (response.destroyed) return;
        // Flushed before the next step, so that a drop after it loses nothing already sent.
        await new Promise((resolve) => response.write(chunk(text, null), resolve));
      }
      response.write(chunk(undefined, behaviour.finishReason ?? 'stop'));
      response.write(
        `data: ${JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'test',
          choices: [],
          usage: {
            prompt_tokens: 7,
            completion_tokens: behaviour.chunks.length,
            total_tokens: 7 + behaviour.chunks.length,
          },
        })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
      open.delete(response);
      release();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      for (const response of open) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
