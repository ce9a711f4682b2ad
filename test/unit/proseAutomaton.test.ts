/**
 * The prose automaton reads clean tokens without the per-character scanner; whatever it reads, the
 * result must be the per-character scanner's: the same findings (in the order the analysis puts them) and the same
 * counts, on random text built to hit every rule (marks in and out of order, characters that
 * compose with the one before, Zawgyi spellings, joiners, English running into native words).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AnswerLanguage } from '../../src/core/languages';
import type { FindingCode } from '../../src/core/analysis/findings';
import {
  emptyCounts,
  LATIN,
  ProseScanner,
  TARGET_BITS,
  type Replacement,
} from '../../src/core/analysis/scanner';
import { scriptBit, type ScriptMask } from '../../src/core/script/scripts';
import { SHARED_DATA } from '../support/paths';
import { random } from '../support/random';

// Marks in and out of canonical order are spelled with escapes: the two orders look the same.
const PIECES = [
  ...['ကို', 'ေ', 'က', 'ဥ', 'ီ', 'ဦ', '်', '့', '\u1037\u103A', '\u103A\u1037', '\u103A\u103A', 'ြ', 'ာ'],
  ...['၀', '၇', 'ဝ', '၁၂', '\u1060', 'ေက', 'ကေ', 'ၾ', '။', '၊', 'ꩠ', 'ꧠ', '\u108D'],
  ...['া', 'ে', '\u09CB', '\u09C7\u09BE', 'ী', 'ক', '্', '়', '\u09BC\u09CD', '\u09CD\u09BC', 'ত'],
  ...['ত্\u200D', 'র\u200D্য', 'ৎ', '\u09DC', 'ড\u09BC', '১', '।', '॥', 'ৗ'],
  ...['\u200D', '\u200C', '\u200B', '\uFEFF', '\uD800', '\uDC00', '😀', '𑛐', 'e\u0301', '\u0301', 'é'],
  ...['ขอ', 'ab', 'Pythоn', 'x', 'ж', 'नमस्ते', '你好', 'listကို', 'nকে', 'n-তম', 'sum()'],
  ...['1', '_', '(', '-', ',', ' ', ' ', ' ', ' ', '\t', '\n', '\r\n', '\u00A0', '\u3000'],
];

interface Recorded {
  code: FindingCode;
  start: number;
  end: number;
  scripts: ScriptMask;
  replacement: Replacement;
}

function scanBoth(text: string, target: AnswerLanguage, allowed: ScriptMask, markdown: boolean) {
  const run = (how: 'scan' | 'scanEachCharacter') => {
    const findings: Recorded[] = [];
    const counts = emptyCounts();
    const sink = {
      add(code: FindingCode, start: number, end: number, scripts: ScriptMask, replacement?: Replacement) {
        findings.push({ code, start, end, scripts, replacement });
      },
    };
    const scanner = new ProseScanner(text, { target, allowed, markdown }, sink, counts);
    // Two regions, as Markdown prose around an inline code span gives.
    const cut = Math.floor(text.length / 2);
    scanner[how](0, cut);
    scanner[how](cut, text.length);
    // The analysis orders findings by position (a stable sort): the order they were reported in within a position is what must agree.
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { findings, counts };
  };
  return { automaton: run('scan'), reference: run('scanEachCharacter') };
}

const THAI = scriptBit('Thai');

for (const target of ['my', 'bn'] as const)
  test(`prose automaton (${target}): the per-character scanner's findings and counts on random text`, () => {
    const next = random(target === 'my' ? 101 : 102);
    // Mostly the target's own pieces, as real prose is, with everything else mixed in.
    const own = PIECES.filter((piece) => /[\u1000-\u109F]/.test(piece) === (target === 'my'));
    for (let round = 0; round < 4000; round++) {
      let text = '';
      for (let i = 0, n = 1 + Math.floor(next() * 30); i < n; i++) {
        const pool = next() < 0.5 ? own : PIECES;
        text += pool[Math.floor(next() * pool.length)];
      }
      const allowed = LATIN | TARGET_BITS[target] | (round % 5 === 0 ? THAI : 0);
      const { automaton, reference } = scanBoth(text, target, allowed, round % 2 === 0);
      assert.deepEqual(automaton, reference, `round ${round}: ${JSON.stringify(text)}`);
    }
  });

const DATASETS = [
  ['humaneval-mya.jsonl', 'my'],
  ['humaneval-ben.jsonl', 'bn'],
  ['humaneval-ben-expert.jsonl', 'bn'],
] as const;

for (const [file, target] of DATASETS) {
  const dataFile = path.join(SHARED_DATA, file);
  test(
    `prose automaton: the per-character scanner's results on ${file}'s prompts`,
    { skip: !existsSync(dataFile) && `skipped: ${dataFile} not present` },
    () => {
      const prompts = readFileSync(dataFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
      assert.equal(prompts.length, 164);
      for (const prompt of prompts)
        for (const markdown of [true, false]) {
          const { automaton, reference } = scanBoth(prompt, target, LATIN | TARGET_BITS[target], markdown);
          assert.deepEqual(automaton, reference, prompt.slice(0, 80));
        }
    },
  );
}
