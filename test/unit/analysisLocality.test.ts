/**
 * A property of the analysis that every check must keep: in plain text a line, and in Markdown a
 * paragraph, is judged on its own. Analysing two texts joined by a line break (Markdown: a blank
 * line) gives the findings of each, the second shifted, and the sums of their counts. State left
 * over from one word, token or line (a stale flag) breaks it — that is how a foreign punctuation
 * mark once hid the mixed word after it — and so does a code span running into the next paragraph.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, type Analysis, type Finding } from '../../src/core/analysis/findings';
import { random } from '../support/random';

/** Pieces that exercise every check: scripts, marks in and out of order, joiners, Zawgyi, digits, punctuation. */
const PIECES = [
  ...['ကို', 'ေ', 'က', '်', 'ြ', 'ာ', '၀', '၇', 'ဝ', '၁၂', '\u1060', 'ေက', 'ၾ', '။', '၊'],
  ...['া', 'ে', 'ী', 'ক', '্', 'ত', 'ত্\u200D', 'র‍্য', 'ৎ', 'ড়', 'ড\u09BC', '১', '।'],
  ...['\u200D', '\u200C', '\u200B', '\uFEFF', '\uD800', '\uDC00', '😀', '𑛐', 'ᄀ', 'ᅡ', 'e\u0301', '\u0301'],
  ...['ขอ', 'ab', 'Pythоn', 'x', 'ж', 'नमस्ते', '你好', 'listကို', 'nকে', '1', '_', '(', ')', '-'],
  ...[' ', ' ', ' ', '\t', '\u00A0', '`', '``', '#', '# '],
];

function randomLine(next: () => number): string {
  let line = '';
  for (let i = 0, n = 1 + Math.floor(next() * 12); i < n; i++)
    line += PIECES[Math.floor(next() * PIECES.length)];
  return line;
}

const shifted = (findings: readonly Finding[], by: number) =>
  findings.map((f) => ({ ...f, start: f.start + by, end: f.end + by }));

const COUNTED = [
  'proseTokens',
  'foreignTokens',
  'latinTokens',
  'mixedTokens',
  'codeCorruptions',
  'zawgyiLines',
] as const;
const counts = (analysis: Analysis) => COUNTED.map((name) => analysis.stats[name]);

const KINDS = [
  { kind: 'plaintext', joiner: '\n' },
  { kind: 'markdown', joiner: '\n\n' },
] as const;

for (const { kind, joiner } of KINDS)
  for (const target of ['my', 'bn'] as const) {
    test(`${kind} (${target}): two ${kind === 'markdown' ? 'paragraphs' : 'lines'} analysed together give each one's findings and counts`, () => {
      const next = random(kind.length + (target === 'my' ? 11 : 12));
      // Markdown: a line that starts like a fence would open a code block; it gets a word before it.
      const line = () =>
        kind === 'markdown' ? randomLine(next).replace(/^(?=\s*[`~])/, 'ক ') : randomLine(next);
      for (let round = 0; round < 3000; round++) {
        const first = line();
        // A byte-order mark is at home only at the start of the text: never start the second with one.
        const second = line().replace(/^\uFEFF+/, '');
        const analyse = (text: string) => analyzeText(text, { kind, target });
        const [together, alone1, alone2] = [
          analyse(first + joiner + second),
          analyse(first),
          analyse(second),
        ];
        const context = `round ${round}: ${JSON.stringify(first)} + ${JSON.stringify(second)}`;
        assert.deepEqual(
          together.findings.toArray(),
          [...alone1.findings.toArray(), ...shifted(alone2.findings.toArray(), first.length + joiner.length)],
          context,
        );
        assert.deepEqual(
          counts(together),
          counts(alone1).map((n, i) => n + counts(alone2)[i]),
          context,
        );
      }
    });
  }
