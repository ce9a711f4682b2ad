/**
 * The Akkhara language server. The extension starts it over IPC; editors and the CLI can start it
 * over stdio (`--stdio`). It logs only through `connection.console`: stdout may be the protocol.
 */
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, type DocumentKind } from '../../src/core/analysis/findings';
import { toDiagnostics, type DiagnosticFix } from '../../src/core/analysis/diagnostics';
import { isUiLanguage, type UiLanguage } from '../../src/core/languages';
import { ServerInfoRequest, type InitializationOptions } from '../../src/protocol/lsp';
import { VERSION } from '../../src/core/version';

/** Typing pauses shorter than this do not trigger a re-check. */
const DEBOUNCE_MS = 150;
const KIND_BY_LANGUAGE: Record<string, DocumentKind> = {
  markdown: 'markdown',
  'akkhara-answer': 'markdown',
  python: 'python',
  plaintext: 'plaintext',
};

const startedAt = Date.now();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const pending = new Map<string, NodeJS.Timeout>();
let uiLanguage: UiLanguage = 'en';

connection.onInitialize((params) => {
  const client = params.clientInfo
    ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim()
    : 'unknown';
  const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
  if (isUiLanguage(options?.uiLanguage)) uiLanguage = options.uiLanguage;
  connection.console.info(
    `Akkhara language server ${VERSION} starting for ${client} (messages in ${uiLanguage})`,
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'akkhara', version: VERSION },
  };
});

connection.onInitialized(() => connection.console.info('Akkhara language server initialized'));

connection.onRequest(ServerInfoRequest, () => ({
  version: VERSION,
  nodeVersion: process.version,
  pid: process.pid,
  uptimeMs: Date.now() - startedAt,
}));

/** The fix a diagnostic carries in `data` (see toDiagnostics), if it is one of ours. */
function fixOf(diagnostic: Diagnostic): DiagnosticFix | undefined {
  if (diagnostic.source !== 'akkhara') return undefined;
  const fix = (diagnostic.data as { fix?: Partial<DiagnosticFix> } | undefined)?.fix;
  return typeof fix?.title === 'string' && typeof fix.newText === 'string'
    ? { title: fix.title, newText: fix.newText }
    : undefined;
}

// Quick fixes are stateless: each diagnostic brings its replacement, so nothing is re-analysed.
connection.onCodeAction((params) =>
  params.context.diagnostics.flatMap((diagnostic): CodeAction[] => {
    const fix = fixOf(diagnostic);
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

function check(document: TextDocument): void {
  const kind = KIND_BY_LANGUAGE[document.languageId];
  if (!kind) return;
  const text = document.getText();
  const diagnostics: Diagnostic[] = toDiagnostics(
    text,
    analyzeText(text, { kind, target: 'auto' }),
    uiLanguage,
  );
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

function schedule(document: TextDocument): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) check(current);
    }, DEBOUNCE_MS),
  );
}

documents.onDidOpen((event) => check(event.document));
documents.onDidChangeContent((event) => schedule(event.document));
documents.onDidClose((event) => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
