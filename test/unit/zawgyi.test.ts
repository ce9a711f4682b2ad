import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ZawgyiConverter } from 'myanmar-tools';
import {
  CodeActionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../src/core/analysis/findings';
import { zawgyiToUnicode } from '../../src/core/analysis/zawgyi';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';
import { SHARED_DATA } from '../support/paths';

const converter = new ZawgyiConverter();
const burmeseTasks = path.join(SHARED_DATA, 'humaneval-mya.jsonl');

/** Burmese lines of the shared HumanEval prompts, written in Zawgyi. */
function zawgyiLines(): string[] {
  const prompts = readFileSync(burmeseTasks, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
  return prompts
    .flatMap((prompt) => prompt.split('\n'))
    .filter((line) => /[\u1000-\u109f]/.test(line))
    .map((line) => converter.unicodeToZawgyi(line));
}

test(
  'Zawgyi is converted piece by piece exactly as the converter converts the whole line',
  { skip: existsSync(burmeseTasks) ? false : 'skipped: ../shared/data is not here' },
  () => {
    const lines = zawgyiLines();
    assert.ok(lines.length > 100, `${lines.length} lines`);
    for (const line of lines) assert.equal(zawgyiToUnicode(line), converter.zawgyiToUnicode(line));
    // Long lines, cut into pieces at spaces and syllables: the same as converting them whole.
    for (const width of [2_000, 8_000]) {
      const joined = lines.join(' ');
      for (let at = 0; at + width <= joined.length; at += width * 3) {
        const long = joined.slice(at, at + width);
        assert.equal(zawgyiToUnicode(long), converter.zawgyiToUnicode(long), `a ${width}-unit line at ${at}`);
      }
      const spaceless = joined.replace(/\s+/g, '').slice(0, width);
      assert.equal(zawgyiToUnicode(spaceless), converter.zawgyiToUnicode(spaceless), 'no spaces at all');
    }
  },
);

test('converting a line ten times longer takes about ten times longer, not a hundred (no quadratic)', () => {
  const marks = (n: number) => '\u1039\u103a\u1037'.repeat(n / 3);
  const time = (text: string) => {
    const started = performance.now();
    zawgyiToUnicode(text);
    return performance.now() - started;
  };
  time(marks(3_000)); // warm
  const short = Math.min(time(marks(29_000)), time(marks(29_000)));
  const long = Math.min(time(marks(290_000)), time(marks(290_000)));
  assert.ok(
    long / short < 30,
    `290,000 marks took ${long.toFixed(0)} ms, 29,000 took ${short.toFixed(0)} ms`,
  );
});

test('a Zawgyi finding converts its line only when its fix is read', () => {
  const zawgyi = converter.unicodeToZawgyi('မြန်မာစာ ရေးသားခြင်း');
  const analysis = analyzeText(`${zawgyi}\n`, { kind: 'plaintext', target: 'my' });
  const finding = analysis.findings.at(0);
  assert.equal(finding.code, 'zawgyi');
  const descriptor = Object.getOwnPropertyDescriptor(finding, 'replacement');
  assert.equal(typeof descriptor?.get, 'function', 'a getter, not a converted string');
  assert.equal(finding.replacement, converter.zawgyiToUnicode(zawgyi));
  assert.equal(JSON.parse(JSON.stringify(finding)).replacement, finding.replacement, 'JSON carries the fix');
});

test('the language server stays responsive with a 290 KB Zawgyi line and converts it for the quick fix only', async () => {
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  connection.listen();
  try {
    await initialize(connection);
    const syllables = converter.unicodeToZawgyi('ကျေးဇူးတင်ပါတယ် ');
    const line = syllables
      .repeat(Math.ceil(290_000 / syllables.length))
      .slice(0, 290_000)
      .trimEnd();
    const heavy = 'file:///heavy.txt';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: heavy, languageId: 'plaintext', version: 1, text: `${line}\n` },
    });
    const light = 'file:///light.md';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: light, languageId: 'markdown', version: 1, text: 'ကျေးဇူး ขอบ\n' },
    });
    const published = await Promise.all([diagnostics.nth(1), diagnostics.nth(2)]);
    const onHeavy = published.find((p) => p.uri === heavy)!.diagnostics.find((d) => d.code === 'zawgyi')!;
    assert.deepEqual(onHeavy.data, { fix: { title: 'Convert Zawgyi to Unicode', convert: 'zawgyi' } });
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: light },
      position: { line: 0, character: 9 },
    });
    assert.ok(hover, 'the other document is answered');
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: heavy },
      range: onHeavy.range,
      context: { diagnostics: [onHeavy] },
    })) as CodeAction[];
    const edit = actions[0].edit!.changes![heavy][0];
    assert.equal(edit.newText, zawgyiToUnicode(line));
  } finally {
    child.kill();
  }
});
