/**
 * The model options `ask` and `generate` share: a local GGUF (`--model PATH`), a catalog model
 * (`--model ID`, or nothing: the default for the answer language, downloaded on first use with a
 * progress bar), or an OpenAI-compatible server (`--endpoint URL --model NAME`).
 */
import { existsSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import type { AnswerLanguage } from '../core/languages';
import { catalog, catalogEntry, defaultModelFor } from '../core/model/local/catalog';
import { defaultModelDir, DownloadFailure, ensureModel } from '../core/model/local/download';
import {
  DEFAULT_SERVER_CONTEXT_TOKENS,
  openModel,
  type ModelChoice,
  type OpenedModel,
} from '../core/tutor/modelChoice';
import { numberOption, UsageError } from './usage';

export interface ModelOptions {
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  threads?: string;
  gpu: 'auto' | 'off';
  scriptBias: boolean;
  timeout: string;
  answerTimeout: string;
  contextTokens?: string;
  modelsDir?: string;
  downloadFrom?: string;
  allowHttp?: boolean;
}

export function addModelOptions(command: Command): Command {
  return command
    .option(
      '--model <path-or-id>',
      `a GGUF file, a catalog model (${catalogIds()}; default: the one for the answer language), or with --endpoint the model name on that server`,
    )
    .option('--models-dir <dir>', `where catalog models are kept (default: ${defaultModelDir()})`)
    .option('--download-from <url>', 'fetch the catalog model from this address instead (a school mirror)')
    .option('--allow-http', 'allow a plain-http mirror (its size and SHA-256 are still checked)')
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
    )
    .option('--answer-timeout <seconds>', 'server: the longest one answer may take in all', '600')
    .option(
      '--context-tokens <n>',
      `server: the model's context window in tokens, for a conversation's budget (default ${DEFAULT_SERVER_CONTEXT_TOKENS})`,
    );
}

/** The catalog's model ids, for help and errors (a broken catalog file is reported when used, not here). */
function catalogIds(): string {
  try {
    return catalog()
      .map((entry) => entry.id)
      .join(', ');
  } catch {
    return 'see AKKHARA_MODEL_CATALOG';
  }
}

/** A failed download and what to do next, in the terminal's terms (flags, not the editor's settings). */
function downloadAdvice(error: DownloadFailure): string {
  const next =
    error.reason === 'plain-http'
      ? 'give --allow-http to use a plain-http school mirror'
      : `place the file at ${error.target}, give --model a GGUF file you have, --download-from a school mirror, ` +
        'or --endpoint a server';
  return `${error.message}. Next: ${next}${error.reason === 'offline' ? ' (this computer seems to be offline)' : ''}`;
}

/** A catalog model's file, downloaded first if needed, with a progress bar on a terminal. */
async function catalogModel(id: string | undefined, language: AnswerLanguage, options: ModelOptions) {
  const entry = id === undefined ? defaultModelFor(language) : catalogEntry(id);
  if (!entry) return undefined;
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          format: `downloading ${entry.id} [{bar}] {percentage}% · {value}/{total} MB · {eta_formatted} left`,
        },
        Presets.shades_classic,
      )
    : undefined;
  let started = false;
  const file = await ensureModel(entry, {
    ...(options.modelsDir && { dir: options.modelsDir }),
    ...(options.downloadFrom && { url: options.downloadFrom }),
    ...(options.allowHttp && { allowHttp: true }),
    onProgress: (downloaded, total) => {
      const mb = (bytes: number) => Math.round(bytes / 1e6);
      if (!started) {
        started = true;
        process.stderr.write(`akkhara: downloading ${entry.title}, once (${entry.licence})\n`);
        bar?.start(mb(total), 0);
      }
      bar?.update(mb(downloaded));
    },
  })
    .catch((error: unknown) => {
      throw error instanceof DownloadFailure ? new UsageError(downloadAdvice(error)) : error;
    })
    .finally(() => bar?.stop());
  return { file, entry };
}

/**
 * The model the options choose, opened: a server (its API key read from the named variable once,
 * then removed from this process's environment), a GGUF file, or a catalog model (downloaded first
 * when missing).
 */
export async function createProvider(options: ModelOptions, language: AnswerLanguage): Promise<OpenedModel> {
  return openModel(await modelChoice(options, language));
}

async function modelChoice(options: ModelOptions, language: AnswerLanguage): Promise<ModelChoice> {
  if (options.endpoint && !options.model)
    throw new UsageError('give --model NAME: the model to ask on that server');
  const seconds = Number(options.timeout);
  if (!(seconds >= 1 && seconds <= 3600))
    throw new UsageError(`--timeout must be from 1 to 3600 seconds, not "${options.timeout}"`);
  if (options.endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(options.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new UsageError(
        `--endpoint ${options.endpoint} is not a server address (e.g. http://127.0.0.1:8080/v1)`,
      );
    let apiKey: string | undefined;
    if (options.apiKeyEnv) {
      apiKey = process.env[options.apiKeyEnv];
      if (!apiKey)
        throw new UsageError(`the environment variable ${options.apiKeyEnv} (--api-key-env) is empty`);
      // Read once, then gone from this process's environment: nothing it starts inherits the key.
      delete process.env[options.apiKeyEnv];
    }
    const answerSeconds = numberOption(options.answerTimeout, '--answer-timeout', 1, 86_400)!;
    const contextTokens = numberOption(options.contextTokens, '--context-tokens', 512, 10_000_000, true);
    return {
      kind: 'server',
      endpoint: options.endpoint,
      model: options.model!,
      ...(apiKey && { apiKey }),
      timeoutMs: seconds * 1000,
      idleTimeoutMs: seconds * 1000,
      answerTimeoutMs: answerSeconds * 1000,
      ...(contextTokens && { contextTokens }),
    };
  }
  const isFile = options.model !== undefined && (existsSync(options.model) || /\.gguf$/i.test(options.model));
  const catalog = isFile ? undefined : await catalogModel(options.model, language, options);
  if (!isFile && !catalog)
    throw new UsageError(`"${options.model}" is neither a GGUF file nor a catalog model (${catalogIds()})`);
  const threads = numberOption(options.threads, '--threads', 1, 256, true);
  return {
    kind: 'local',
    path: catalog?.file ?? options.model!,
    ...(catalog && { label: catalog.entry.id }),
    ...(threads && { threads }),
    gpu: options.gpu === 'off' ? false : 'auto',
    ...(options.scriptBias && { scriptBias: language }),
  };
}
