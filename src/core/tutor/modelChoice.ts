/**
 * One model choice, made by any front end, turned into a provider by shared code: the CLI passes
 * its options and the environment, VS Code its settings, SecretStorage and storage folder. Local
 * models stay loaded between questions in a `ModelPool` (one worker per file), which the front
 * end disposes when it goes (VS Code's `deactivate`, the end of a CLI command).
 */
import * as path from 'node:path';
import { displayUrl } from '../displayUrl';
import type { AnswerLanguage } from '../languages';
import { LocalProvider } from '../model/local/provider';
import { RemoteProvider } from '../model/remote';
import type { ModelProvider } from '../model/types';

/** A server's context when nobody says otherwise: what today's small code models offer at least. */
export const DEFAULT_SERVER_CONTEXT_TOKENS = 8192;

export type ModelChoice =
  | {
      readonly kind: 'server';
      readonly endpoint: string;
      readonly model: string;
      readonly apiKey?: string;
      readonly timeoutMs?: number;
      readonly idleTimeoutMs?: number;
      readonly answerTimeoutMs?: number;
      /** The server model's context window, in tokens. */
      readonly contextTokens?: number;
    }
  | {
      readonly kind: 'local';
      readonly path: string;
      /** Shown as the answer's source (a catalog id); default: the file's name. */
      readonly label?: string;
      readonly threads?: number;
      readonly gpu?: 'auto' | false;
      readonly scriptBias?: AnswerLanguage;
    };

export interface OpenedModel {
  readonly provider: ModelProvider;
  /** What the user sees as the answer's source: a server's model name, a GGUF's file name or catalog id. */
  readonly label: string;
  /** The endpoint (without credentials) or the model file, for error messages. */
  readonly where: string;
  /** A server's host, shown beside each answer: where the question went. */
  readonly host?: string;
  /** The tokens the model sees at once (a local model's is known once it is loaded). */
  contextTokens(): Promise<number>;
  dispose(): void;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '?';
  }
}

function openServer(choice: Extract<ModelChoice, { kind: 'server' }>): OpenedModel {
  const provider = new RemoteProvider({
    baseURL: choice.endpoint,
    model: choice.model,
    ...(choice.apiKey && { apiKey: choice.apiKey }),
    ...(choice.timeoutMs !== undefined && { timeoutMs: choice.timeoutMs }),
    ...(choice.idleTimeoutMs !== undefined && { idleTimeoutMs: choice.idleTimeoutMs }),
    ...(choice.answerTimeoutMs !== undefined && { answerTimeoutMs: choice.answerTimeoutMs }),
  });
  const tokens = choice.contextTokens ?? DEFAULT_SERVER_CONTEXT_TOKENS;
  return {
    provider,
    label: choice.model,
    where: displayUrl(choice.endpoint),
    host: hostOf(choice.endpoint),
    contextTokens: () => Promise.resolve(tokens),
    dispose: () => undefined,
  };
}

function localModel(
  choice: Extract<ModelChoice, { kind: 'local' }>,
  provider: LocalProvider,
  dispose: () => void,
): OpenedModel {
  return {
    provider,
    label: choice.label ?? path.basename(choice.path),
    where: choice.path,
    contextTokens: () => provider.info().then((info) => info.contextSize),
    dispose,
  };
}

function newLocalProvider(choice: Extract<ModelChoice, { kind: 'local' }>): LocalProvider {
  return new LocalProvider({
    modelPath: choice.path,
    ...(choice.threads && { threads: choice.threads }),
    ...(choice.gpu !== undefined && { gpu: choice.gpu }),
    ...(choice.scriptBias && { scriptBias: choice.scriptBias }),
  });
}

/** A model for one command: disposing it stops a local model's worker. */
export function openModel(choice: ModelChoice): OpenedModel {
  if (choice.kind === 'server') return openServer(choice);
  const provider = newLocalProvider(choice);
  return localModel(choice, provider, () => provider.dispose());
}

/** Local models kept loaded between questions (one worker per file and settings), until `dispose`. */
export class ModelPool {
  private readonly local = new Map<string, LocalProvider>();

  open(choice: ModelChoice): OpenedModel {
    if (choice.kind === 'server') return openServer(choice);
    const key = JSON.stringify([choice.path, choice.threads, choice.gpu, choice.scriptBias]);
    let provider = this.local.get(key);
    if (!provider) {
      provider = newLocalProvider(choice);
      this.local.set(key, provider);
    }
    // The pool owns the worker: a question's end leaves the model loaded for the next.
    return localModel(choice, provider, () => undefined);
  }

  /** Stops every local model's worker. */
  dispose(): void {
    for (const provider of this.local.values()) provider.dispose();
    this.local.clear();
  }
}
