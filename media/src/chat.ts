/**
 * The chat view's page script. It renders what the host sends and forwards clicks as typed
 * messages; every decision is made in the extension host.
 */
import type { Catalogue, MessageKey } from '../../src/core/i18n';
import type { HostMessage, ServerState, WebviewCommand, WebviewMessage } from '../../src/protocol/webview';

interface VsCodeApi<S> {
  postMessage(message: WebviewMessage): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface ViewState {
  strings?: Catalogue;
  uiLanguage?: string;
  version?: string;
  serverState: ServerState;
}

const vscode = acquireVsCodeApi<ViewState>();
let state: ViewState = vscode.getState() ?? { serverState: 'stopped' };

const SERVER_STATE_KEYS: Record<ServerState, MessageKey> = {
  starting: 'chat.serverStarting',
  running: 'chat.serverRunning',
  stopped: 'chat.serverStopped',
  failed: 'chat.serverFailed',
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function commandButton(label: string, command: WebviewCommand): HTMLButtonElement {
  const button = element('button', label);
  button.type = 'button';
  button.addEventListener('click', () => vscode.postMessage({ type: 'runCommand', payload: { command } }));
  return button;
}

function render(): void {
  const root = document.getElementById('root');
  const strings = state.strings;
  if (!root || !strings) return;
  if (state.uiLanguage) document.documentElement.lang = state.uiLanguage;
  const status = element(
    'p',
    strings[SERVER_STATE_KEYS[state.serverState]],
    `status status-${state.serverState}`,
  );
  status.setAttribute('role', 'status');
  const actions = element('div', undefined, 'actions');
  actions.append(
    commandButton(strings['chat.showLogs'], 'akkhara.showLogs'),
    commandButton(strings['chat.openSettings'], 'akkhara.openSettings'),
  );
  root.replaceChildren(
    element('h2', strings['chat.title']),
    element('p', strings['chat.welcome'], 'welcome'),
    element('p', strings['chat.notReady'], 'note'),
    status,
    actions,
    element('p', `v${state.version ?? ''}`, 'version'),
  );
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      state = {
        ...state,
        strings: message.payload.strings,
        uiLanguage: message.payload.uiLanguage,
        version: message.payload.version,
      };
      break;
    case 'serverState':
      state = { ...state, serverState: message.payload.state };
      break;
  }
  render();
});

render();
vscode.postMessage({ type: 'ready', payload: {} });
