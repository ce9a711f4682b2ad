/**
 * The language server reads a course's configuration as `akkhara lint` does: the nearest
 * akkhara.config.json above a document sets its severities and ignores; a changed file is read again
 * when the client reports it; a broken one is shown once, naming the file and key.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';

const THAI_IN_BURMESE = 'ကိန်းများကို ပေါင်းပါ สวัสดี\n';

test('a course configuration sets a document’s severities and ignores in the editor, and is read again when it changes', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-lsp-course-'));
  mkdirSync(path.join(root, 'drafts'));
  const config = path.join(root, 'akkhara.config.json');
  writeFileSync(config, JSON.stringify({ severity: { 'foreign-script': 'error' }, ignores: ['drafts/'] }));
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  const messages: ShowMessageParams[] = [];
  // Shown as a message the editor displays (a request: VS Code may offer buttons on it).
  connection.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
    messages.push(params);
    return null;
  });
  // The server may publish a document more than once; each check waits for the publication it needs.
  let seen = 0;
  const next = async (uri: string, ready: (published: PublishDiagnosticsParams) => boolean) => {
    for (;;) {
      const published = await diagnostics.nth(++seen);
      if (published.uri === uri && ready(published)) return published;
    }
  };
  const foreign = (published: PublishDiagnosticsParams) =>
    published.diagnostics.find((d) => d.code === 'foreign-script')?.severity;
  connection.listen();
  try {
    await initialize(connection);
    const lesson = pathToFileURL(path.join(root, 'lesson.md')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: lesson, languageId: 'markdown', version: 1, text: THAI_IN_BURMESE },
    });
    const first = await diagnostics.nth(1);
    assert.equal(
      first.diagnostics.find((d) => d.code === 'foreign-script')?.severity,
      1,
      'error, as configured',
    );

    const draft = pathToFileURL(path.join(root, 'drafts', 'wip.md')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: draft, languageId: 'markdown', version: 1, text: THAI_IN_BURMESE },
    });
    const ignored = await next(draft, () => true);
    assert.deepEqual(ignored.diagnostics, [], 'the configuration leaves drafts out');

    // The teacher turns the check off: the editor reports the change, and both documents are checked again.
    writeFileSync(config, JSON.stringify({ severity: { 'foreign-script': 'off' } }));
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }],
    });
    await next(lesson, (published) => foreign(published) === undefined);

    // A broken configuration: shown once, naming the file and key; the editor's settings apply.
    writeFileSync(config, JSON.stringify({ severity: { 'foreign-scrip': 'off' } }));
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }],
    });
    const broken = [await diagnostics.nth(5), await diagnostics.nth(6)];
    const lessonNow = broken.find((published) => published.uri === lesson)!;
    assert.equal(
      lessonNow.diagnostics.find((d) => d.code === 'foreign-script')?.severity,
      2,
      'the default warning',
    );
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0].message, /akkhara\.config\.json: "severity\.foreign-scrip" is not a known key/);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('the editor shows a course glossary’s terms with the preferred term as the quick fix', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-lsp-glossary-'));
  writeFileSync(
    path.join(root, 'akkhara.config.json'),
    JSON.stringify({ glossary: { list: { bn: { preferred: ['তালিকা'], avoid: ['সারণি'] } } } }),
  );
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  connection.listen();
  try {
    await initialize(connection);
    const uri = pathToFileURL(path.join(root, 'lesson.md')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: 'একটি সারণি নিন।\n' },
    });
    const published = await diagnostics.nth(1);
    const term = published.diagnostics.find((d) => d.code === 'inconsistent-term');
    assert.ok(term, JSON.stringify(published));
    assert.equal(term.severity, 3);
    assert.deepEqual(term.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } });
    assert.equal((term.data as { fix: { newText: string } }).fix.newText, 'তালিকা');
  } finally {
    connection.dispose();
    child.kill();
  }
});
