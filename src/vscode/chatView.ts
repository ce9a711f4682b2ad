import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CATALOGUES } from '../core/i18n';
import { VERSION } from '../core/version';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../protocol/webview';
import { CHAT_VIEW_ID } from './commandIds';
import { t, uiLanguage } from './config';
import { reportError } from './errors';
import { makeNonce, renderChatHtml } from './chatHtml';
import type { ServerController } from './serverController';
import type { AkkharaTests } from './testController';
import { loadModels, type ModelsModule } from './modelsBundle';

/** The chat's model side lives in the models bundle, loaded with the first question. */
type Session = InstanceType<ModelsModule['ChatSession']>;

/** This run of the extension host: the answers it holds are the ones the page got since this id. */
const HOST_SESSION = randomUUID();

/** Sends the page its strings, in the UI language as it is now. */
function postInit(post: (message: HostMessage) => void): void {
  const language = uiLanguage();
  post({
    type: 'init',
    payload: { uiLanguage: language, strings: CATALOGUES[language], version: VERSION, session: HOST_SESSION },
  });
}

/** The Akkhara chat view. It turns webview messages into commands and pushes state; no logic lives in the page. */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewType = CHAT_VIEW_ID;

  private session?: Session;
  /** How to reach the page once it has said it is ready; questions asked before then wait. */
  private post?: (message: HostMessage) => void;
  private waiting: ((post: (message: HostMessage) => void) => void)[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerController,
    private readonly log: vscode.LogOutputChannel,
    private readonly tests: AkkharaTests,
  ) {}

  private get extensionUri(): vscode.Uri {
    return this.context.extensionUri;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    const distUri = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const mediaUri = vscode.Uri.joinPath(this.extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [distUri, mediaUri] };
    const language = uiLanguage();
    webview.html = renderChatHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaUri, 'chat.css')).toString(),
      fontStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'fonts.css')).toString(),
      lang: language,
      title: CATALOGUES[language]['chat.title'],
    });

    const post = (message: HostMessage) => {
      webview
        .postMessage(message)
        .then(undefined, (error: unknown) => this.log.warn(`Chat view: ${String(error)}`));
    };
    const subscriptions = [
      webview.onDidReceiveMessage((data: unknown) => {
        const message = parseWebviewMessage(data);
        if (message) this.handle(message, post);
        else this.log.warn(`Chat view sent an unknown message: ${JSON.stringify(data)}`);
      }),
      this.server.onDidChangeState((state) => post({ type: 'serverState', payload: { state } })),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('akkhara.uiLanguage')) postInit(post);
      }),
    ];
    view.onDidDispose(() => {
      this.post = undefined;
      subscriptions.forEach((s) => s.dispose());
      this.session?.stop();
      this.session = undefined;
    });
    void this.server.ensureStarted();
  }

  /**
   * Asks from outside the view ("Explain selection", a task's "Ask Akkhara", "Explain this error"):
   * shows the view, and asks as soon as its page is ready.
   */
  async ask(text: string, options?: Parameters<Session['ask']>[1]): Promise<void> {
    await this.whenReady((session) => session.ask(text, options));
  }

  /**
   * "Ask about the selection / this file": the code goes in as a chip on the next question, which
   * the student sees and can remove. The editor is read before the view takes focus.
   */
  async attach(what: 'selection' | 'file', focus = true): Promise<void> {
    const attachment = loadModels().editorAttachment(what);
    if (!attachment) {
      void vscode.window.showInformationMessage(t('chat.nothingToAttach'));
      return;
    }
    if (!focus && this.post) return this.sessionFor(this.post).attach(attachment);
    await this.whenReady((session) => session.attach(attachment));
  }

  /** The chat's "Attach file": the student picks the file (an open one, or any through the dialog). */
  private async attachPickedFile(): Promise<void> {
    const attachment = await loadModels().pickedFileAttachment({
      title: t('chat.attachFileTitle'),
      browse: t('chat.attachFileBrowse'),
    });
    if (attachment && this.post) this.sessionFor(this.post).attach(attachment);
  }

  /** Shows the view and runs `use` with its session once the page is ready. */
  private async whenReady(use: (session: Session) => unknown): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    const run = (post: (message: HostMessage) => void): void => {
      Promise.resolve(use(this.sessionFor(post))).catch((error: unknown) =>
        reportError(this.log, 'error.command', error),
      );
    };
    if (this.post) run(this.post);
    else this.waiting.push(run);
  }

  /** "New Conversation": the chat's next question starts a new thread. */
  newConversation(): void {
    this.session?.newConversation();
    vscode.window.setStatusBarMessage(t('chat.newConversation'), 4000);
  }

  private sessionFor(post: (message: HostMessage) => void): Session {
    if (!this.session) {
      const { ChatSession } = loadModels();
      this.session = new ChatSession(this.context, this.log, post, this.tests);
    }
    return this.session;
  }

  private handle(message: WebviewMessage, post: (message: HostMessage) => void): void {
    switch (message.type) {
      case 'ready':
        postInit(post);
        post({ type: 'serverState', payload: { state: this.server.state } });
        this.post = post;
        this.session?.postChips(); // a reloaded page shows the chips still waiting
        this.waiting.splice(0).forEach((run) => run(post));
        return;
      case 'ask':
        this.sessionFor(post)
          .askWithChips(message.payload.text)
          .catch((error: unknown) => reportError(this.log, 'error.command', error));
        return;
      case 'attach':
        (message.payload.what === 'file' ? this.attachPickedFile() : this.attach('selection', false)).catch(
          (error: unknown) => reportError(this.log, 'error.command', error),
        );
        return;
      case 'removeAttachment':
        this.session?.removeAttachment(message.payload.id);
        return;
      case 'comparePick':
        this.sessionFor(post)
          .pick(message.payload.id, message.payload.picked)
          .catch((error: unknown) => reportError(this.log, 'error.command', error));
        return;
      case 'answerAction':
        this.sessionFor(post)
          .act(message.payload.id, message.payload.action)
          .catch((error: unknown) => reportError(this.log, 'error.command', error));
        return;
      case 'stop':
        this.session?.stop();
        return;
      case 'runCommand':
        vscode.commands
          .executeCommand(message.payload.command)
          .then(undefined, (error: unknown) =>
            this.log.error(`Chat view command ${message.payload.command}: ${String(error)}`),
          );
        return;
    }
  }
}
