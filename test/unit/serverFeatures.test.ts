import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { AnalyzeTextRequest } from '../../src/protocol/lsp';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';

/** A server started with `options`, a Burmese lesson with a Thai fragment open; hovers at `characters`. */
async function hoversOverThai(
  options: Record<string, unknown> | undefined,
  ...characters: number[]
): Promise<(Hover | null)[]> {
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  connection.listen();
  try {
    await initialize(connection, options && { initializationOptions: options });
    const uri = 'file:///thanks.md';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: 'ကျေးဇူးတင်ပါတယ် ขอบ ပါ။\n' },
    });
    await diagnostics.nth(1);
    const hovers: (Hover | null)[] = [];
    for (const character of characters)
      hovers.push(
        await connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line: 0, character },
        }),
      );
    return hovers;
  } finally {
    child.kill();
  }
}

test('hover on a flagged fragment names each character: code point, Unicode name, script', async () => {
  const [hover, outside] = await hoversOverThai(undefined, 17, 2);
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /`foreign-script`/);
  assert.match(value, /U\+0E02 \| THAI CHARACTER KHO KHAI \| Thai/);
  assert.match(value, /U\+0E2D \| THAI CHARACTER O ANG \| Thai/);
  assert.deepEqual(hover?.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 19 } });
  assert.equal(outside, null, 'clean Burmese gets no hover');
});

test('in a Burmese UI the hover speaks Burmese: the message and the table’s headers', async () => {
  const [hover] = await hoversOverThai({ uiLanguage: 'my', trusted: true }, 17);
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /\| \| ကုဒ်ပွိုင့် \| အမည် \| စာ \|/);
  assert.doesNotMatch(value, /code point|name \| script/);
  assert.match(value, /U\+0E02 \| THAI CHARACTER KHO KHAI/, 'Unicode’s names as Unicode gives them');
});

test('akkhara/analyzeText classifies an answer for the chat: segments, findings with messages and fixes, mix score', async () => {
  const { child, connection } = spawnServer();
  connection.listen();
  try {
    await initialize(connection, { initializationOptions: { uiLanguage: 'my' } });
    const text = 'ပေါင်းလဒ် ขอบคุณ ကို `sum()` ဖြင့်\n\n```python\nx = ၁\n```\n';
    const result = await connection.sendRequest(AnalyzeTextRequest, { text, languageId: 'akkhara-answer' });
    assert.equal(result.target, 'my');
    assert.deepEqual(
      result.segments.map((s) => s.kind),
      ['prose', 'inlineCode', 'prose', 'fence', 'code', 'fence'],
    );
    const byCode = new Map(result.findings.map((f) => [f.code, f]));
    const foreign = byCode.get('foreign-script')!;
    assert.equal(text.slice(foreign.start, foreign.end), 'ขอบคุณ');
    assert.match(foreign.message, /ထိုင်း/, 'message in the UI language');
    const digit = byCode.get('native-in-code')!;
    assert.equal(digit.fix && 'newText' in digit.fix ? digit.fix.newText : undefined, '1');
    assert.equal(result.stats.codeCorruptions, 1);
    assert.ok(result.stats.mixPenalty >= 3, `penalty ${result.stats.mixPenalty}`);
  } finally {
    child.kill();
  }
});

test('settings are pulled per file with workspace/configuration and pulled again when they change', async () => {
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  const asked: string[] = [];
  let strict = false;
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => {
      asked.push(`${item.scopeUri} ${item.section}`);
      if (item.scopeUri === 'file:///lessons/thai-comparison.md')
        return { allowedScripts: ['Thai'], severity: { 'latin-in-prose': 'off' } };
      return strict ? { severity: { 'foreign-script': 'error' }, maxProblems: 1 } : {};
    }),
  );
  connection.listen();
  try {
    await initialize(connection, { capabilities: { workspace: { configuration: true } } });
    const text = 'ကျေးဇူးတင်ပါတယ် ขอบคุณ Python list sum\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///lessons/thai-comparison.md', languageId: 'markdown', version: 1, text },
    });
    assert.deepEqual(
      (await diagnostics.nth(1)).diagnostics,
      [],
      'Thai allowed, English hints off for this file',
    );
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///answer.md', languageId: 'markdown', version: 1, text },
    });
    const defaults = (await diagnostics.nth(2)).diagnostics;
    assert.deepEqual(
      defaults.map((d) => `${d.code}:${d.severity}`),
      ['foreign-script:2', 'latin-in-prose:4', 'latin-in-prose:4', 'latin-in-prose:4'],
    );
    assert.deepEqual(asked, [
      'file:///lessons/thai-comparison.md akkhara.check',
      'file:///answer.md akkhara.check',
    ]);

    strict = true;
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const updated = [await diagnostics.nth(3), await diagnostics.nth(4)].find(
      (p) => p.uri === 'file:///answer.md',
    )!;
    assert.deepEqual(
      updated.diagnostics.map((d) => `${d.code}:${d.severity}`),
      ['foreign-script:1'],
      'the error outranks the hints under maxProblems 1',
    );
  } finally {
    child.kill();
  }
});
