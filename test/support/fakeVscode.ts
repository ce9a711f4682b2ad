/**
 * A minimal stand-in for the `vscode` module, enough to load dist/extension.js in plain Node and
 * call activate(). It records what the extension registers and which modules it loads, so tests
 * and the activation benchmark can check that activation only wires things.
 */
import Module from 'node:module';

interface Disposable {
  dispose(): void;
}
type Listener<T> = (value: T) => void;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export interface FakeDocument {
  languageId: string;
}

export interface FakeVscode {
  readonly commands: Map<string, () => unknown>;
  readonly webviewViews: string[];
  readonly loadedModules: string[];
  readonly errors: string[];
  openDocument(doc: FakeDocument): void;
  restore(): void;
}

const noop = () => undefined;
const disposable = (): Disposable => ({ dispose: noop });

export function installFakeVscode(initialDocuments: FakeDocument[] = [], language = 'en'): FakeVscode {
  const commands = new Map<string, () => unknown>();
  const webviewViews: string[] = [];
  const loadedModules: string[] = [];
  const errors: string[] = [];
  const documents = [...initialDocuments];
  const opened = new EventEmitter<FakeDocument>();

  const api = {
    EventEmitter,
    Uri: {
      joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }),
    },
    env: { language },
    window: {
      createOutputChannel: () => ({
        info: noop,
        warn: noop,
        error: noop,
        debug: noop,
        trace: noop,
        show: noop,
        dispose: noop,
      }),
      registerWebviewViewProvider: (id: string) => {
        webviewViews.push(id);
        return disposable();
      },
      showErrorMessage: (message: string) => {
        errors.push(message);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id: string, handler: () => unknown) => {
        commands.set(id, handler);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      get textDocuments() {
        return documents;
      },
      onDidOpenTextDocument: opened.event,
      onDidChangeConfiguration: new EventEmitter<unknown>().event,
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
  };

  type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
  const moduleWithLoad = Module as unknown as { _load: Loader };
  const originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = function (request, parent, isMain) {
    loadedModules.push(request);
    if (request === 'vscode') return api;
    return originalLoad.call(this, request, parent, isMain);
  };

  return {
    commands,
    webviewViews,
    loadedModules,
    errors,
    openDocument(doc) {
      documents.push(doc);
      opened.fire(doc);
    },
    restore() {
      moduleWithLoad._load = originalLoad;
    },
  };
}

export interface FakeExtensionContext {
  subscriptions: Disposable[];
  extensionPath: string;
  extensionUri: { path: string };
}

export function fakeExtensionContext(extensionPath: string): FakeExtensionContext {
  return { subscriptions: [], extensionPath, extensionUri: { path: extensionPath } };
}
