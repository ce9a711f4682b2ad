/**
 * The parts of VS Code's Language Model Chat Provider API (final since VS Code 1.104) that Akkhara
 * uses. @types/vscode follows our minimum engine (1.100), which predates the API, so the shapes are
 * declared here and the API is feature-detected at run time. Types only: nothing here runs.
 */
import type * as vscode from 'vscode';
import type { AnswerLanguage } from '../core/languages';

/** One model in VS Code's model picker; VS Code hands the same object back with each request. */
export interface AkkharaLanguageModel {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly imageInput?: boolean; readonly toolCalling?: boolean | number };
  /** The answer language whose default model this is (script-aware decoding); undefined: detect per request. */
  readonly language?: AnswerLanguage;
}

/** A message of the conversation VS Code sends: role 1 user, 2 assistant (3, proposed: system). */
export interface LanguageModelRequestMessage {
  readonly role: number;
  /** Text parts carry `value: string`; tool calls, tool results and data parts are other objects. */
  readonly content: readonly unknown[];
  readonly name?: string;
}

export interface LanguageModelProvider {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(
    options: { readonly silent: boolean },
    token: vscode.CancellationToken,
  ): Promise<AkkharaLanguageModel[]>;
  provideLanguageModelChatResponse(
    model: AkkharaLanguageModel,
    messages: readonly LanguageModelRequestMessage[],
    options: unknown,
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Promise<void>;
  provideTokenCount(
    model: AkkharaLanguageModel,
    text: string | LanguageModelRequestMessage,
    token: vscode.CancellationToken,
  ): Promise<number>;
}

export type RegisterLanguageModelProvider = (
  vendor: string,
  provider: LanguageModelProvider,
) => vscode.Disposable;
