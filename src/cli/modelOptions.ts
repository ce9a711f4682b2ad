/**
 * The model options `ask` and `generate` share: a local GGUF (`--model PATH`) run in a worker
 * process, or an OpenAI-compatible server (`--endpoint URL --model NAME`).
 */
import { Command, Option } from 'commander';
import type { AnswerLanguage } from '../core/languages';
import { LocalProvider } from '../core/model/local/provider';
import { RemoteProvider } from '../core/model/remote';
import type { ModelProvider } from '../core/model/types';

export interface ModelOptions {
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  threads?: string;
  gpu: 'auto' | 'off';
  scriptBias: boolean;
  timeout: string;
}

export class ModelUsageError extends Error {}

export function addModelOptions(command: Command): Command {
  return command
    .option('--model <path-or-name>', 'a local GGUF file, or with --endpoint the model name on that server')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1')
    .option('--api-key-env <variable>', 'environment variable holding the API key (never pass a key itself)')
    .option('--threads <n>', 'local model: CPU threads (default: the cores useful for math)')
    .addOption(
      new Option('--gpu <mode>', 'local model: GPU offloading').choices(['auto', 'off']).default('auto'),
    )
    .option('--no-script-bias', 'local model: allow tokens of other scripts while decoding')
    .option(
      '--timeout <seconds>',
      'server: how long to wait for the answer to start, and between tokens',
      '120',
    );
}

export interface CreatedProvider {
  readonly provider: ModelProvider;
  /** What to name in an error: the endpoint or the model file. */
  readonly where: string;
  readonly model: string;
  dispose(): void;
}

export function createProvider(options: ModelOptions, language: AnswerLanguage): CreatedProvider {
  if (!options.model)
    throw new ModelUsageError('give --model PATH (a local GGUF file) or --endpoint URL --model NAME');
  const model = options.model;
  const seconds = Number(options.timeout);
  if (!(seconds >= 1 && seconds <= 3600))
    throw new ModelUsageError(`--timeout must be from 1 to 3600 seconds, not "${options.timeout}"`);
  if (options.endpoint) {
    let apiKey: string | undefined;
    if (options.apiKeyEnv) {
      apiKey = process.env[options.apiKeyEnv];
      if (!apiKey)
        throw new ModelUsageError(`the environment variable ${options.apiKeyEnv} (--api-key-env) is empty`);
    }
    const provider = new RemoteProvider({
      baseURL: options.endpoint,
      model,
      ...(apiKey && { apiKey }),
      timeoutMs: seconds * 1000,
      idleTimeoutMs: seconds * 1000,
    });
    return { provider, where: options.endpoint, model, dispose: () => undefined };
  }
  const threads = options.threads === undefined ? undefined : Number(options.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256))
    throw new ModelUsageError(`--threads must be a whole number from 1 to 256, not "${options.threads}"`);
  const provider = new LocalProvider({
    modelPath: model,
    ...(threads && { threads }),
    gpu: options.gpu === 'off' ? false : 'auto',
    ...(options.scriptBias && { scriptBias: language }),
  });
  return { provider, where: model, model, dispose: () => provider.dispose() };
}
