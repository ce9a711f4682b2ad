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
  text?: string;
  /** Defaults to a file URI made from a counter. */
  uri?: string;
}

let documentCount = 0;
/** What the extension reads of a document: its language, text and URI. */
function asTextDocument(doc: FakeDocument) {
  const uri = doc.uri ?? `file:///fake/document${++documentCount}`;
  return {
    languageId: doc.languageId,
    getText: () => doc.text ?? '',
    uri: { scheme: uri.split(':')[0], toString: () => uri, path: uri },
  };
}

interface FakeTestItem {
  readonly id: string;
  readonly label: string;
  readonly children: FakeTestItems;
}

/** A test item collection keyed by id, as VS Code's is. */
export interface FakeTestItems {
  get(id: string): FakeTestItem | undefined;
  add(item: FakeTestItem): void;
  delete(id: string): void;
  replace(items: readonly FakeTestItem[]): void;
  forEach(callback: (item: FakeTestItem) => void): void;
  readonly size: number;
}

function testItems(): FakeTestItems {
  const items = new Map<string, FakeTestItem>();
  return {
    get: (id) => items.get(id),
    add: (item) => void items.set(item.id, item),
    delete: (id) => void items.delete(id),
    replace: (list) => {
      items.clear();
      list.forEach((item) => items.set(item.id, item));
    },
    forEach: (callback) => items.forEach((item) => callback(item)),
    get size() {
      return items.size;
    },
  };
}

export interface FakeStatusItem {
  text: string;
  command?: string;
  visible: boolean;
}

/** A participant registered through the fake Chat API, with its handler to call. */
export interface FakeChatParticipant {
  readonly id: string;
  readonly handler: (...args: unknown[]) => unknown;
}

export interface FakeVscodeOptions {
  /** Setting values by full key (e.g. "akkhara.model.source"); others read as their defaults. */
  readonly settings?: Record<string, unknown>;
  /** Offer VS Code's Chat API (createChatParticipant); absent by default, as in older builds. */
  readonly chatApi?: boolean;
  /** Offer the Language Model Chat Provider API (lm.registerLanguageModelChatProvider, VS Code 1.104+). */
  readonly languageModelApi?: boolean;
  readonly trusted?: boolean;
  /** Install a Python extension (ms-python.python) whose active environment is this interpreter ('fails': its API throws). */
  readonly pythonExtension?: { readonly executable: string } | 'fails';
  /** The workspace's folders (file paths). */
  readonly workspaceFolders?: readonly string[];
}

export interface FakeVscode {
  readonly commands: Map<string, () => unknown>;
  readonly chatParticipants: FakeChatParticipant[];
  /** Language model providers registered by vendor, as VS Code's lm namespace would hold them. */
  readonly languageModelProviders: Map<string, unknown>;
  /** Commands the extension ran through commands.executeCommand, in order. */
  readonly executedCommands: string[];
  readonly webviewViews: string[];
  readonly testControllers: { id: string; items: FakeTestItems }[];
  readonly statusItems: FakeStatusItem[];
  readonly loadedModules: string[];
  readonly errors: string[];
  openDocument(doc: FakeDocument): void;
  restore(): void;
}

const noop = () => undefined;

/** The Python extension's environments API as far as Akkhara asks it: the active interpreter. */
function fakePythonExtension(python: { readonly executable: string } | 'fails') {
  return {
    isActive: false,
    activate: () =>
      python === 'fails'
        ? Promise.reject(new Error('the Python extension failed to start'))
        : Promise.resolve(),
    exports: {
      environments: {
        getActiveEnvironmentPath: () => ({ id: 'active', path: python === 'fails' ? '' : python.executable }),
        resolveEnvironment: () =>
          Promise.resolve(
            python === 'fails' ? undefined : { executable: { uri: { fsPath: python.executable } } },
          ),
      },
    },
  };
}
const disposable = (): Disposable => ({ dispose: noop });

export function installFakeVscode(
  initialDocuments: FakeDocument[] = [],
  language = 'en',
  options: FakeVscodeOptions = {},
): FakeVscode {
  const commands = new Map<string, () => unknown>();
  const chatParticipants: FakeChatParticipant[] = [];
  const languageModelProviders = new Map<string, unknown>();
  const executedCommands: string[] = [];
  const webviewViews: string[] = [];
  const testControllers: { id: string; items: FakeTestItems }[] = [];
  const statusItems: FakeStatusItem[] = [];
  const loadedModules: string[] = [];
  const errors: string[] = [];
  const documents = initialDocuments.map(asTextDocument);
  const opened = new EventEmitter<ReturnType<typeof asTextDocument>>();

  const api = {
    EventEmitter,
    StatusBarAlignment: { Left: 1, Right: 2 },
    TestRunProfileKind: { Run: 1, Debug: 2, Coverage: 3 },
    Range: class {
      constructor(
        readonly startLine: number,
        readonly startCharacter: number,
      ) {}
    },
    Uri: {
      joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }),
    },
    env: { language },
    extensions: {
      getExtension: (id: string) =>
        id === 'ms-python.python' && options.pythonExtension
          ? fakePythonExtension(options.pythonExtension)
          : undefined,
    },
    languages: { registerCodeLensProvider: disposable },
    ...(options.chatApi && {
      chat: {
        createChatParticipant: (id: string, handler: FakeChatParticipant['handler']) => {
          chatParticipants.push({ id, handler });
          return { id, dispose: noop };
        },
      },
    }),
    ...(options.languageModelApi && {
      lm: {
        registerLanguageModelChatProvider: (vendor: string, provider: unknown) => {
          languageModelProviders.set(vendor, provider);
          return { dispose: () => languageModelProviders.delete(vendor) };
        },
      },
    }),
    LanguageModelTextPart: class {
      constructor(readonly value: string) {}
    },
    tests: {
      createTestController: (id: string) => {
        const controller = {
          id,
          items: testItems(),
          createRunProfile: disposable,
          createTestItem: (itemId: string, label: string): FakeTestItem => ({
            id: itemId,
            label,
            children: testItems(),
          }),
          dispose: noop,
        };
        testControllers.push(controller);
        return controller;
      },
    },
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
      createStatusBarItem: () => {
        const item: FakeStatusItem & { show(): void; dispose(): void } = {
          text: '',
          visible: false,
          show: () => void (item.visible = true),
          dispose: noop,
        };
        statusItems.push(item);
        return item;
      },
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
      executeCommand: (id: string) => {
        executedCommands.push(id);
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      get textDocuments() {
        return documents;
      },
      onDidOpenTextDocument: opened.event,
      onDidChangeTextDocument: new EventEmitter<unknown>().event,
      onDidCloseTextDocument: new EventEmitter<unknown>().event,
      onDidGrantWorkspaceTrust: new EventEmitter<unknown>().event,
      onDidChangeConfiguration: new EventEmitter<unknown>().event,
      getConfiguration: () => ({
        get: (key: string, fallback: unknown) => options.settings?.[key] ?? fallback,
      }),
      isTrusted: options.trusted ?? false,
      workspaceFolders: options.workspaceFolders?.map((folder, index) => ({
        uri: { fsPath: folder, scheme: 'file', path: folder },
        name: folder,
        index,
      })),
      asRelativePath: (uri: { path: string }) => uri.path.split('/').at(-1),
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
    chatParticipants,
    languageModelProviders,
    executedCommands,
    webviewViews,
    testControllers,
    statusItems,
    loadedModules,
    errors,
    openDocument(doc) {
      const document = asTextDocument(doc);
      documents.push(document);
      opened.fire(document);
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
  globalStorageUri: { fsPath: string };
  secrets: { get(key: string): Promise<string | undefined> };
}

/** `storagePath`: where the extension's global storage (and so its downloaded models) would be. */
export function fakeExtensionContext(
  extensionPath: string,
  storagePath = '/nonexistent',
): FakeExtensionContext {
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: { path: extensionPath },
    globalStorageUri: { fsPath: storagePath },
    secrets: { get: () => Promise.resolve(undefined) },
  };
}
