/**
 * Custom LSP messages between the extension (client) and the Akkhara language server. Each message
 * is defined here once and imported by both sides; nothing routes on raw method strings.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { AnalysisStats, FindingCode, Severity } from '../core/analysis/findings';
import type { DiagnosticFix } from '../core/analysis/diagnostics';
import type { MarkdownSegmentKind } from '../core/analysis/markdown';
import type { AnswerLanguage, AnswerLanguageSetting, UiLanguage } from '../core/languages';

/** Sent by the client in `initialize`. */
export interface InitializationOptions {
  /** Language of diagnostic messages. */
  readonly uiLanguage: UiLanguage;
  /**
   * Whether the workspace is trusted (VS Code's workspace trust; the client restarts the server when
   * it is granted). False: a repository's configuration cannot set severities or ignores. An editor
   * without a notion of trust leaves it out, which counts as trusted.
   */
  readonly trusted?: boolean;
}

export interface ServerInfo {
  /** Akkhara's version, from package.json at build time. */
  readonly version: string;
  readonly nodeVersion: string;
  readonly pid: number;
  readonly uptimeMs: number;
}

/** Sent by the client: who is running and since when (used in logs and the chat view's status). */
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('akkhara/serverInfo');

/** Text to analyse that is not an open document: an answer in the chat. */
export interface AnalyzeTextParams {
  readonly text: string;
  /** How to read the text; answers are Markdown. */
  readonly languageId: 'akkhara-answer' | 'markdown' | 'python' | 'plaintext';
  readonly target?: AnswerLanguageSetting;
}

/** A finding as the chat highlights it: UTF-16 offsets into the text, message in the UI language. */
export interface ClassifiedFinding {
  readonly start: number;
  readonly end: number;
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: DiagnosticFix;
}

export interface AnalyzeTextResult {
  readonly target: AnswerLanguage | null;
  /** Prose, inline code and code blocks, covering the text (Markdown kinds; a Python file is one code span). */
  readonly segments: readonly { start: number; end: number; kind: MarkdownSegmentKind; language?: string }[];
  readonly findings: readonly ClassifiedFinding[];
  readonly stats: AnalysisStats;
}

/** Sent by the client: classified spans of an answer, for the chat webview to highlight. */
export const AnalyzeTextRequest = new RequestType<AnalyzeTextParams, AnalyzeTextResult, void>(
  'akkhara/analyzeText',
);
