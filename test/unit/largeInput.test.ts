import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DidOpenTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../src/core/analysis/findings';
import { ServerInfoRequest } from '../../src/protocol/lsp';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';

/** About `megabytes` MB of UTF-8: Burmese prose with a Thai word, a NUL and a lone surrogate per block. */
function hostileDocument(megabytes: number): { text: string; blocks: number } {
  const block = 'ပေါင်းလဒ်ကို တွက်ပါ ขอบ \u0000 \uD800 `x`\n```python\nx = ၁\n```\n';
  const blocks = Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(block));
  return { text: block.repeat(blocks), blocks };
}

// A bound, not a benchmark: linear work on 50 MB finishes in seconds; a quadratic slip would not.
test(
  'a 50 MB document with NULs and lone surrogates is analysed completely, in linear time',
  { timeout: 120_000 },
  () => {
    const { text, blocks } = hostileDocument(50);
    const analysis = analyzeText(text, { kind: 'markdown', target: 'auto' });
    const count = (code: string) => analysis.findings.toArray().filter((f) => f.code === code).length;
    const foreign = analysis.findings.toArray().filter((f) => f.code === 'foreign-script');
    assert.equal(foreign.filter((f) => f.text === 'ขอบ').length, blocks);
    // A lone surrogate is no character at all: it shows up as text in an unknown script.
    assert.equal(foreign.filter((f) => f.text === '\uD800').length, blocks);
    assert.equal(count('native-in-code'), blocks);
    assert.equal(analysis.stats.codeCorruptions, blocks);
  },
);

test(
  'the server answers a 50 MB document with one notice, and keeps serving',
  { timeout: 120_000 },
  async () => {
    const { child, connection } = spawnServer();
    const diagnostics = collectDiagnostics(connection);
    connection.listen();
    try {
      await initialize(connection);
      const uri = 'file:///huge.md';
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'markdown', version: 1, text: hostileDocument(50).text },
      });
      const published = await diagnostics.nth(1);
      assert.equal(published.diagnostics.length, 1);
      assert.equal(published.diagnostics[0].code, 'too-large');
      assert.match(
        published.diagnostics[0].message as string,
        /does not check files this large \(\d+\.\d MB; the limit is 32\.0 MB\)/,
      );
      assert.equal(
        await connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line: 0, character: 20 },
        }),
        null,
      );
      assert.ok((await connection.sendRequest(ServerInfoRequest)).pid > 0);
    } finally {
      child.kill();
    }
  },
);
