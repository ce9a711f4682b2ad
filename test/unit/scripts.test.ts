import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  ALL_SCRIPTS,
  OTHER_SCRIPT,
  resolvedScriptSet,
  scriptBit,
  scriptNames,
  scriptSetOf,
  UNICODE_VERSION,
} from '../../src/core/script/scripts';
import { SHARED_DATA } from '../support/paths';

const MYANMAR = scriptBit('Myanmar');
const BENGALI = scriptBit('Bengali');
const LATIN = scriptBit('Latin');

test('the table agrees with the runtime Script_Extensions data on every BMP code point', () => {
  const checks = ['Myanmar', 'Bengali', 'Thai', 'Latin', 'Devanagari', 'Han', 'Cyrillic'].map((name) => ({
    bit: scriptBit(name),
    re: new RegExp(`^\\p{scx=${name}}$`, 'u'),
    name,
  }));
  const common = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const set = scriptSetOf(cp);
    if (common.test(ch)) {
      assert.equal(set, ALL_SCRIPTS, `U+${cp.toString(16)} is Common/Inherited`);
      continue;
    }
    for (const { bit, re, name } of checks) {
      assert.equal((set & bit) !== 0, re.test(ch), `U+${cp.toString(16).toUpperCase()} ${name}`);
    }
  }
});

test('the data is the running Node’s Unicode version', () => {
  assert.equal(UNICODE_VERSION, process.versions.unicode);
});

test('danda is clean in Bangla prose and foreign in Burmese prose', () => {
  assert.ok(resolvedScriptSet('খাই।') & BENGALI);
  assert.equal(resolvedScriptSet('စားသည်।') & MYANMAR, 0);
  assert.ok(resolvedScriptSet('စားသည်။') & MYANMAR);
});

test('Myanmar Extended-A, B and C letters are Myanmar', (t) => {
  assert.ok(scriptSetOf(0xaa60) & MYANMAR, 'Extended-A');
  assert.ok(scriptSetOf(0xa9e0) & MYANMAR, 'Extended-B');
  if (Number.parseFloat(UNICODE_VERSION) < 16)
    return t.skip(`Extended-C needs Unicode 16; this Node has ${UNICODE_VERSION}`);
  assert.ok(scriptSetOf(0x116d0) & MYANMAR, 'Extended-C');
  assert.ok(resolvedScriptSet('\u{116D0}\u{116D1}') & MYANMAR);
});

test('র‍্য (ra + ZWJ + virama + ya) is one clean Bengali token', () => {
  assert.ok(resolvedScriptSet('র\u200D্য') & BENGALI);
  assert.ok(resolvedScriptSet('র‍্যাব') & BENGALI);
});

test('digits of both scripts are classified with their own script', () => {
  for (const digit of '০১২৩৪৫৬৭৮৯') assert.ok(scriptSetOf(digit.codePointAt(0)!) & BENGALI, digit);
  for (const digit of '၀၁၂၃၄၅၆၇၈၉') assert.ok(scriptSetOf(digit.codePointAt(0)!) & MYANMAR, digit);
  assert.notEqual(scriptSetOf('၀'.codePointAt(0)!), ALL_SCRIPTS);
  assert.equal(scriptSetOf('7'.codePointAt(0)!), ALL_SCRIPTS);
});

test('tokens mixing scripts resolve to the empty set', () => {
  assert.equal(resolvedScriptSet('ကขก'), 0, 'Myanmar + Thai');
  assert.equal(resolvedScriptSet('p\u0430ypal'), 0, 'Latin + Cyrillic а');
  assert.equal(resolvedScriptSet('বাংলाला'), 0, 'Bengali + Devanagari');
  // A Latin name with a native suffix resolves to the empty set too; the findings layer (not this
  // classifier) decides that such ordinary technical writing deserves no warning.
  assert.equal(resolvedScriptSet('n-তম'), 0);
});

test('lone surrogates and unassigned code points are "Other", never a crash', () => {
  assert.equal(resolvedScriptSet('\uD800'), OTHER_SCRIPT);
  assert.equal(scriptSetOf(0x10ffff), OTHER_SCRIPT);
  assert.deepEqual(scriptNames(OTHER_SCRIPT), ['Other']);
  assert.deepEqual(scriptNames(ALL_SCRIPTS), ['Common']);
  assert.deepEqual(scriptNames(MYANMAR | LATIN), ['Latin', 'Myanmar']);
});

const datasets = [
  ['humaneval-mya.jsonl', MYANMAR],
  ['humaneval-ben.jsonl', BENGALI],
  ['humaneval-ben-expert.jsonl', BENGALI],
] as const;

for (const [file, target] of datasets) {
  const dataFile = path.join(SHARED_DATA, file);
  test(
    `${file}: no prompt character outside its script, Latin, Common and Inherited`,
    { skip: !existsSync(dataFile) && `skipped: ${dataFile} not present` },
    () => {
      const rows = readFileSync(dataFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      assert.equal(rows.length, 164);
      let nativeCharacters = 0;
      for (const { task_id, prompt } of rows) {
        for (const ch of prompt as string) {
          const set = scriptSetOf(ch.codePointAt(0)!);
          assert.ok(
            set === ALL_SCRIPTS || set & (target | LATIN),
            `${task_id}: ${ch} U+${ch.codePointAt(0)!.toString(16)} is ${scriptNames(set)}`,
          );
          if (set !== ALL_SCRIPTS && set & target) nativeCharacters++;
        }
      }
      assert.ok(nativeCharacters > 10_000, `only ${nativeCharacters} native characters: wrong file?`);
    },
  );
}
