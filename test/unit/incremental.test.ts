import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_SIZE, planChunks } from '../../src/core/analysis/chunks';
import {
  analyzeText,
  IncrementalAnalyzer,
  type Analysis,
  type DocumentKind,
} from '../../src/core/analysis/findings';
import { random } from '../support/random';

const PARAGRAPHS = [
  'စာရင်းထဲရှိ ကိန်းများ၏ ပေါင်းလဒ်ကို `sum()` ဖြင့် တွက်ပါ။ Python ကို သုံးပါ။\n',
  'ကျေးဇူးတင်ပါတယ်ขอบคุณ ပါ။ အ၀တ် Pythоn\n',
  '```python\ndef total(xs):\n    """ပေါင်းလဒ်"""\n    return sum(xs) + ၁၂  # မှတ်ချက်\n```\n',
  'তালিকার যোগফল বের করুন। नमस्ते বন্ধু।\u200B\n',
  '`inline\ncode over two lines` ပြီးပါပြီ\n',
  '\n',
];

function document(next: () => number, bytes: number): string {
  let text = '';
  while (text.length < bytes) text += PARAGRAPHS[Math.floor(next() * PARAGRAPHS.length)];
  return text;
}

/** What a user of the analysis sees: findings as their JSON form (text and fix read out), and the stats. */
const comparable = (analysis: Analysis) => JSON.parse(JSON.stringify(analysis)) as unknown;

const EDITS = ['', '\n', '```', '`', 'x', 'ขอ', '၁', '\u200D', 'ကို ', '\n```python\n'];

for (const kind of ['markdown', 'plaintext', 'python'] as DocumentKind[]) {
  test(`${kind}: after random edits, incremental analysis equals analysing from scratch`, () => {
    const next = random(kind.length);
    let text = document(next, 6 * CHUNK_SIZE);
    const analyzer = new IncrementalAnalyzer();
    for (let round = 0; round < 40; round++) {
      const at = Math.floor(next() * text.length);
      const removed = Math.floor(next() * 4);
      text = text.slice(0, at) + EDITS[Math.floor(next() * EDITS.length)] + text.slice(at + removed);
      const options = { kind, target: 'auto' as const };
      assert.deepEqual(
        comparable(analyzer.analyze(text, options)),
        comparable(analyzeText(text, options)),
        `round ${round}`,
      );
    }
  });
}

test('a one-character edit in a large Markdown file re-analyses one chunk', () => {
  const text = document(random(7), 64 * CHUNK_SIZE);
  const analyzer = new IncrementalAnalyzer();
  analyzer.analyze(text, { kind: 'markdown', target: 'auto' });
  assert.ok(analyzer.lastRun.chunks > 40, `${analyzer.lastRun.chunks} chunks`);
  assert.equal(analyzer.lastRun.analysed, analyzer.lastRun.chunks);
  const middle = text.indexOf('ပါ။', text.length / 2);
  const edited = text.slice(0, middle) + 'x' + text.slice(middle);
  analyzer.analyze(edited, { kind: 'markdown', target: 'auto' });
  assert.equal(analyzer.lastRun.analysed, 1);
});

test('chunks cut only after a newline and never inside a code block', () => {
  const text = document(random(3), 20 * CHUNK_SIZE);
  const chunks = planChunks(text, 'markdown', new Set(['python', '']));
  assert.equal(chunks[0].start, 0);
  assert.equal(chunks.at(-1)!.end, text.length);
  for (let i = 1; i < chunks.length; i++) {
    assert.equal(chunks[i].start, chunks[i - 1].end);
    assert.equal(text[chunks[i].start - 1], '\n');
  }
  for (const chunk of chunks)
    for (const region of chunk.regions) assert.ok(region.start >= chunk.start && region.end <= chunk.end);
});
