/**
 * The Akkhara language server. The extension starts it over IPC; editors and the CLI can start it
 * over stdio (`--stdio`). It logs only through `connection.console`: stdout may be the protocol.
 */
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  ErrorCodes,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, IncrementalAnalyzer, type DocumentKind } from '../../src/core/analysis/findings';
import { toDiagnostics, type Diagnostic as AkkharaDiagnostic } from '../../src/core/analysis/diagnostics';
import {
  checkSettingsFrom,
  DEFAULT_CHECK_SETTINGS,
  limitFindings,
  type CheckSettings,
} from '../../src/core/analysis/checkSettings';
import { hoverMarkdown, type NameOf } from '../../src/core/analysis/hover';
import { segmentMarkdown } from '../../src/core/analysis/markdown';
import { tooLargeMessage } from '../../src/core/analysis/messages';
import { zawgyiToUnicode } from '../../src/core/analysis/zawgyi';
import { isUiLanguage, type UiLanguage } from '../../src/core/languages';
import {
  AnalyzeTextRequest,
  ServerInfoRequest,
  type AnalyzeTextResult,
  type InitializationOptions,
} from '../../src/protocol/lsp';
import { VERSION } from '../../src/core/version';
import { FramingGuard } from './stdioFraming';
import { withGlossaryFindings } from '../../src/core/analysis/glossary';
import {
  asUntrusted,
  ConfigError,
  CourseConfigs,
  ignoredByConfig,
  withCourseConfig,
} from '../../src/core/course/config';

/**
 * Typing pauses shorter than this do not trigger a re-check. Short, because re-checking after an
 * edit costs only the chunks it touched (a few ms even in a 1 MB file; docs/BENCHMARKS.md).
 */
const DEBOUNCE_MS = 50;
/**
 * Longer documents (in UTF-16 units; 32 MB in memory) get one notice instead of findings: a
 * re-check would hold the server for seconds. VS Code itself stops syncing files near 50 MB.
 */
const MAX_CHECKED_UNITS = 16 * 1024 * 1024;
const KIND_BY_LANGUAGE: Record<string, DocumentKind> = {
  markdown: 'markdown',
  'akkhara-answer': 'markdown',
  'akkhara-task': 'markdown',
  python: 'python',
  plaintext: 'plaintext',
};

/**
 * The kind of a document: by its language id, else (an empty or unknown id, as clients without
 * file-type detection send) by its file name.
 */
function kindOf(document: TextDocument): DocumentKind | undefined {
  const byLanguage = KIND_BY_LANGUAGE[document.languageId];
  if (byLanguage) return byLanguage;
  const name = document.uri.toLowerCase().replace(/[?#].*$/, '');
  if (/\.(md|markdown|mdx)$/.test(name)) return 'markdown';
  if (/\.(py|pyw|pyi)$/.test(name)) return 'python';
  if (/\.txt$/.test(name)) return 'plaintext';
  return undefined;
}

interface Checked {
  readonly version: number;
  readonly diagnostics: readonly AkkharaDiagnostic[];
  /** UTF-16 offsets of each diagnostic's finding, and its text, for hovers. */
  readonly spans: readonly { start: number; end: number; text: string }[];
}

/** After the client's end of input, how long answers already due may take to be written. */
const CLOSE_GRACE_MS = 1000;

/** Exit code when the client sent something that is not LSP (over stdio): said, never silent. */
const PROTOCOL_ERROR_EXIT = 3;

/**
 * Over stdio, bytes that are not LSP messages (a misconfigured editor, a stray `cat`) leave the
 * message reader unable to find the next header: the server would stop answering and even ignore
 * `exit`. It says what came and ends instead, with PROTOCOL_ERROR_EXIT; the editor may start it
 * again. Over IPC (VS Code) messages arrive whole and this cannot happen.
 */
function stdioConnection() {
  const notLsp = (what: string) => {
    process.stderr.write(
      `akkhara language server: the client sent something that is not an LSP message (${what}); ` +
        `exiting with code ${PROTOCOL_ERROR_EXIT}\n`,
    );
    process.exit(PROTOCOL_ERROR_EXIT);
  };
  // A declared length beyond the cap, or headers without end, are refused before the reader waits on them.
  const framed = process.stdin.pipe(new FramingGuard());
  framed.on('error', (error) => notLsp(error.message));
  const reader = new StreamMessageReader(framed);
  // The reader's own words, first line only (it may quote kilobytes of what arrived).
  reader.onError((error) => notLsp(error.message.split('\n')[0].slice(0, 120)));
  // End of input (the client is gone, or sent half a message and stopped): end too, and say so. The
  // exit code is LSP's: 0 after a shutdown request, 1 without one.
  reader.onClose(() => {
    closing = true;
    if (!shutdownRequested)
      process.stderr.write(
        'akkhara language server: the client closed the connection without shutting down; exiting with code 1\n',
      );
    // Answers to what arrived before the end are still written; then the server ends, bounded.
    process.exitCode = shutdownRequested ? 0 : 1;
    setTimeout(() => process.exit(), CLOSE_GRACE_MS).unref();
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

/** Whether the client asked the server to shut down (LSP: exit then ends with 0, else 1). */
let shutdownRequested = false;
/** The client's end of input arrived: what still tries to write to it fails, as expected. */
let closing = false;

/**
 * A failure nobody caught is said in one line and ends the server. Node's own report would print
 * the source line it came from, which in the minified bundle is tens of kilobytes on stderr.
 */
function failed(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (closing && /Connection is (closed|disposed)/.test(message)) return;
  process.stderr.write(`akkhara language server: ${message.split('\n')[0].slice(0, 300)}\n`);
  process.exit(1);
}
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);

const startedAt = Date.now();
const connection = process.argv.includes('--stdio')
  ? stdioConnection()
  : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const pending = new Map<string, NodeJS.Timeout>();
const analyzers = new Map<string, IncrementalAnalyzer>();
const settingsByUri = new Map<string, Promise<CheckSettings | 'ignored'>>();
const checked = new Map<string, Checked>();
let uiLanguage: UiLanguage = 'en';
/** VS Code's workspace trust, as the client said at start (see InitializationOptions.trusted). */
let trusted = true;
let canPullConfiguration = false;
let namesTable: Promise<NameOf> | undefined;

/** The Unicode names table is large: it loads on the first hover, not at start-up. */
function characterNames(): Promise<NameOf> {
  namesTable ??= import('unicode-name').then((table) => (cp: number) => table.unicodeReadableName(cp));
  return namesTable;
}

connection.onInitialize((params) => {
  const client = params.clientInfo
    ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim()
    : 'unknown';
  const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
  if (isUiLanguage(options?.uiLanguage)) uiLanguage = options.uiLanguage;
  trusted = options?.trusted !== false;
  // A configuration above the workspace is not the workspace's (nor is one above a repository's root).
  const folders =
    params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  courseConfigs = new CourseConfigs(
    folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri)),
  );
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  connection.console.info(
    `Akkhara language server ${VERSION} starting for ${client} (messages in ${uiLanguage}; ` +
      `settings ${canPullConfiguration ? 'per file from the client' : 'defaults'})`,
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'akkhara', version: VERSION },
  };
});

connection.onInitialized(() => connection.console.info('Akkhara language server initialized'));
connection.onShutdown(() => {
  shutdownRequested = true;
});

connection.onRequest(ServerInfoRequest, () => ({
  version: VERSION,
  nodeVersion: process.version,
  pid: process.pid,
  uptimeMs: Date.now() - startedAt,
}));

/** Per-file settings (`akkhara.check.*`), asked of the client once per file until they change. */
function editorSettingsFor(uri: string): Promise<CheckSettings> {
  if (!canPullConfiguration) return Promise.resolve(DEFAULT_CHECK_SETTINGS);
  return connection.workspace
    .getConfiguration({ scopeUri: uri, section: 'akkhara.check' })
    .then(checkSettingsFrom, (error: unknown) => {
      connection.console.warn(`Could not read akkhara.check settings for ${uri}: ${String(error)}`);
      return DEFAULT_CHECK_SETTINGS;
    });
}

/** Course configurations (akkhara.config.json, package.json's "akkhara") found upward from files. */
let courseConfigs = new CourseConfigs();
/** Configuration errors already shown (one message per file and problem, not one per document). */
const reportedConfigErrors = new Set<string>();

/**
 * What a file is checked with: the editor's settings, with the course configuration above it winning
 * (as `akkhara lint` does); `ignored` when the configuration leaves the file out. A broken
 * configuration is reported once, naming the file and key, and the editor's settings apply.
 */
function settingsFor(uri: string): Promise<CheckSettings | 'ignored'> {
  let settings = settingsByUri.get(uri);
  if (!settings) {
    settings = editorSettingsFor(uri).then(async (editor) => {
      if (!uri.startsWith('file:')) return editor;
      const file = fileURLToPath(uri);
      try {
        const found = await courseConfigs.forFile(file);
        if (!found) return editor;
        if (!trusted) return withCourseConfig(editor, asUntrusted(found.config));
        if (ignoredByConfig(found, file)) return 'ignored';
        return withCourseConfig(editor, found.config);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        if (!reportedConfigErrors.has(error.message)) {
          reportedConfigErrors.add(error.message);
          void connection.window.showWarningMessage(`Akkhara: ${error.message}`);
        }
        connection.console.warn(error.message);
        return editor;
      }
    });
    settingsByUri.set(uri, settings);
  }
  return settings;
}

/** Settings or a course configuration changed: every open document is checked again. */
function recheckAll(): void {
  settingsByUri.clear();
  courseConfigs.clear();
  reportedConfigErrors.clear();
  for (const document of documents.all()) schedule(document);
}

connection.onDidChangeConfiguration(recheckAll);
// The client watches akkhara.config.json and package.json files (languageClient.ts).
connection.onDidChangeWatchedFiles(recheckAll);

/**
 * The fix a diagnostic carries in `data` (see toDiagnostics), if it is one of ours; a Zawgyi fix
 * is converted now, from the document's text in the diagnostic's range.
 */
function fixOf(diagnostic: Diagnostic, uri: string): { title: string; newText: string } | undefined {
  if (diagnostic.source !== 'akkhara') return undefined;
  const fix = (diagnostic.data as { fix?: Partial<Record<string, unknown>> } | undefined)?.fix;
  if (typeof fix?.title !== 'string') return undefined;
  if (typeof fix.newText === 'string') return { title: fix.title, newText: fix.newText };
  const document = documents.get(uri);
  if (fix.convert !== 'zawgyi' || !document) return undefined;
  return { title: fix.title, newText: zawgyiToUnicode(document.getText(diagnostic.range)) };
}

// Quick fixes are stateless: each diagnostic brings its replacement, so nothing is re-analysed.
connection.onCodeAction((params) =>
  params.context.diagnostics.flatMap((diagnostic): CodeAction[] => {
    const fix = fixOf(diagnostic, params.textDocument.uri);
    if (!fix) return [];
    return [
      {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: diagnostic.code !== 'latin-in-prose',
        edit: { changes: { [params.textDocument.uri]: [TextEdit.replace(diagnostic.range, fix.newText)] } },
      },
    ];
  }),
);

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const state = checked.get(params.textDocument.uri);
  if (!document || !state || state.version !== document.version) return null;
  const offset = document.offsetAt(params.position);
  // The end counts too: a selected fragment leaves the cursor just after it.
  const index = state.spans.findIndex((span) => offset >= span.start && offset <= span.end);
  if (index < 0) return null;
  const names = await characterNames();
  const diagnostic = state.diagnostics[index];
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: hoverMarkdown(
        diagnostic.message,
        String(diagnostic.code),
        state.spans[index].text,
        names,
        uiLanguage,
      ),
    },
    range: diagnostic.range,
  };
});

connection.onRequest(AnalyzeTextRequest, (params): AnalyzeTextResult | ResponseError => {
  // Params come from any client: what is not an object with a text is InvalidParams, never a crash.
  if (typeof params !== 'object' || params === null || typeof params.text !== 'string')
    return new ResponseError(
      ErrorCodes.InvalidParams,
      'akkhara/analyzeText needs params {text: string, languageId?, target?}',
    );
  const { text } = params;
  const kind = KIND_BY_LANGUAGE[params.languageId] ?? 'markdown';
  const target = params.target === 'my' || params.target === 'bn' ? params.target : 'auto';
  const analysis = analyzeText(text, { kind, target });
  const findings = analysis.findings.toArray();
  const diagnostics = toDiagnostics(text, { ...analysis, findings }, uiLanguage);
  return {
    target: analysis.target ?? null,
    segments:
      kind === 'markdown'
        ? segmentMarkdown(text)
        : [{ start: 0, end: text.length, kind: kind === 'python' ? 'code' : 'prose' }],
    findings: findings.map((finding, i) => ({
      start: finding.start,
      end: finding.end,
      code: finding.code,
      severity: finding.severity,
      message: diagnostics[i].message,
      ...(diagnostics[i].data && { fix: diagnostics[i].data.fix }),
    })),
    stats: analysis.stats,
  };
});

async function check(document: TextDocument): Promise<void> {
  const kind = kindOf(document);
  if (!kind) return;
  const settings = await settingsFor(document.uri);
  const current = documents.get(document.uri);
  if (!current || current.version !== document.version) return; // a newer version is on its way
  if (settings === 'ignored') {
    // The course's configuration leaves this file out, as `akkhara lint` does.
    analyzers.delete(document.uri);
    checked.delete(document.uri);
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
    return;
  }
  const text = document.getText();
  if (text.length > MAX_CHECKED_UNITS) {
    analyzers.delete(document.uri);
    checked.delete(document.uri);
    const notice: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'akkhara',
      code: 'too-large',
      message: tooLargeMessage(uiLanguage, text.length, MAX_CHECKED_UNITS),
    };
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [notice] });
    return;
  }
  let analyzer = analyzers.get(document.uri);
  if (!analyzer) analyzers.set(document.uri, (analyzer = new IncrementalAnalyzer()));
  const analysis = analyzer.analyze(text, {
    kind,
    target: settings.target,
    allowedScripts: settings.allowedScripts,
    severity: settings.severity,
  });
  // A course glossary's findings join the analysis' (the configuration above the file has one).
  const findings = withGlossaryFindings(
    limitFindings(analysis.findings, settings.maxProblems),
    text,
    kind,
    analysis.target,
    settings,
  );
  const diagnostics = toDiagnostics(text, { ...analysis, findings }, uiLanguage, { lazyFixes: true });
  checked.set(document.uri, {
    version: document.version,
    diagnostics,
    spans: findings.map(({ start, end, text: flagged }) => ({ start, end, text: flagged })),
  });
  await connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: diagnostics as Diagnostic[],
  });
}

function checkLogged(document: TextDocument): void {
  check(document).catch((error: unknown) =>
    connection.console.error(
      `Checking ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
    ),
  );
}

function schedule(document: TextDocument): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) checkLogged(current);
    }, DEBOUNCE_MS),
  );
}

documents.onDidOpen((event) => checkLogged(event.document));
documents.onDidChangeContent((event) => schedule(event.document));
documents.onDidClose((event) => {
  const { uri } = event.document;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  analyzers.delete(uri);
  settingsByUri.delete(uri);
  checked.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
