/**
 * The chat webview's protocol: one map per direction, message name → payload. The webview (media/)
 * and the host (src/vscode/) both import these types; the webview only renders and forwards.
 */
import type { Catalogue } from '../core/i18n';
import type { UiLanguage } from '../core/languages';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

/** Commands the webview may ask the host to run; anything else is rejected by the host. */
export const WEBVIEW_COMMANDS = ['akkhara.showLogs', 'akkhara.openSettings'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

export interface HostToWebview {
  init: { uiLanguage: UiLanguage; strings: Catalogue; version: string };
  serverState: { state: ServerState };
}

export interface WebviewToHost {
  ready: Record<string, never>;
  runCommand: { command: WebviewCommand };
}

export type Envelope<M> = { [K in keyof M]: { type: K; payload: M[K] } }[keyof M];
export type HostMessage = Envelope<HostToWebview>;
export type WebviewMessage = Envelope<WebviewToHost>;

/** Narrows untrusted data posted from the webview to a known message, or undefined. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, payload } = data as { type?: unknown; payload?: unknown };
  if (type === 'ready') return { type, payload: {} };
  if (type === 'runCommand' && typeof payload === 'object' && payload !== null) {
    const command = (payload as { command?: unknown }).command;
    if ((WEBVIEW_COMMANDS as readonly unknown[]).includes(command)) {
      return { type, payload: { command: command as WebviewCommand } };
    }
  }
  return undefined;
}
