import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type CodeAction,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { spawnServer } from '../support/lspServer';

test('the server publishes mixed-script diagnostics on open and change, and clears them on close', async () => {
  const { child, connection } = spawnServer();
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  const nextPublish = async (count: number) => {
    while (published.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return published[count - 1];
  };
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { uiLanguage: 'bn' },
    });
    await connection.sendNotification(InitializedNotification.type, {});

    const uri = 'file:///lesson.md';
    const text = '# পাঠ\n\nযোগফল বের করুন नमस्ते।\n\n```python\nx = ৫\n```\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    const opened = await nextPublish(1);
    assert.equal(opened.uri, uri);
    const byCode = new Map(opened.diagnostics.map((d) => [d.code, d]));
    assert.deepEqual(byCode.get('foreign-script')?.range, {
      start: { line: 2, character: 15 },
      end: { line: 2, character: 21 },
    });
    assert.match(
      byCode.get('foreign-script')!.message as string,
      /দেবনাগরী/,
      'message in Bangla, as asked in initialize',
    );
    assert.equal(byCode.get('native-in-code')?.severity, 1);
    assert.deepEqual(byCode.get('native-in-code')?.range.start, { line: 5, character: 4 });

    // Fix both with incremental edits: the Devanagari word and the Bangla digit.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 5, character: 4 }, end: { line: 5, character: 5 } }, text: '5' },
        { range: { start: { line: 2, character: 14 }, end: { line: 2, character: 21 } }, text: '' },
      ],
    });
    const changed = await nextPublish(2);
    assert.equal(changed.version, 2);
    assert.deepEqual(
      changed.diagnostics.filter((d) => d.severity !== 4),
      [],
    );

    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    assert.deepEqual((await nextPublish(3)).diagnostics, []);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('quick fixes come back as code actions whose edits repair the text', async () => {
  const { child, connection } = spawnServer();
  const published: PublishDiagnosticsParams[] = [];
  let wake: (() => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    wake?.();
  });
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///solution.py';
    const text = 'def total(xs):\n    """ပေါင်းလဒ်"""\n    return sum(xs) + ၁၀\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
    while (!published.length) await new Promise<void>((resolve) => (wake = resolve));
    const diagnostic = published[0].diagnostics.find((d) => d.code === 'native-in-code');
    assert.ok(diagnostic, JSON.stringify(published[0]));

    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    });
    assert.equal(actions?.length, 1);
    const action = actions![0] as CodeAction;
    assert.equal(action.title, 'Use ASCII digits');
    assert.equal(action.kind, CodeActionKind.QuickFix);
    const edits = action.edit!.changes![uri];
    const document = TextDocument.create(uri, 'python', 1, text);
    assert.equal(TextDocument.applyEdits(document, edits), text.replace('၁၀', '10'));

    const none = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [{ ...diagnostic, source: 'other-linter' }] },
    });
    assert.deepEqual(none, [], 'diagnostics of other tools are left alone');
  } finally {
    connection.dispose();
    child.kill();
  }
});
