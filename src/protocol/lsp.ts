/**
 * Custom LSP messages between the extension (client) and the Akkhara language server. Each message
 * is defined here once and imported by both sides; nothing routes on raw method strings.
 */
import { RequestType0 } from 'vscode-languageserver-protocol';
import type { UiLanguage } from '../core/languages';

/** Sent by the client in `initialize`. */
export interface InitializationOptions {
  /** Language of diagnostic messages. */
  readonly uiLanguage: UiLanguage;
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
