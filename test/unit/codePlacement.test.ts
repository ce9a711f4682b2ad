import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  insertionEdit,
  replacementEdit,
  selectedCode,
  type LineEdit,
  type Position,
} from '../../src/core/tutor/codePlacement';
import { random } from '../support/random';

/** The text after an edit, as the editor applies it. */
function apply(text: string, edit: LineEdit): string {
  const lines = text.split('\n');
  const offset = ({ line, character }: Position) =>
    lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + character;
  return text.slice(0, offset(edit.start)) + edit.text + text.slice(offset(edit.end));
}

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
const CODE = 'def count_even(numbers):\n    return sum(1 for n in numbers if n % 2 == 0)\n';

test('a cursor in the middle of a line puts the code after that line, never inside it', () => {
  const text = 'def f(x):\n    return x\n\nprint(f(1))\n';
  const result = apply(text, insertionEdit(text.split('\n'), at(1, 9), CODE));
  assert.equal(result, `def f(x):\n    return x\n${CODE}\nprint(f(1))\n`);
  assert.doesNotMatch(result, /returdef|retur\S*def/);
});

test('at the end of a last line without a newline, on a blank line, at a line’s start, over a selection', () => {
  assert.equal(apply('x = 1', insertionEdit(['x = 1'], at(0, 3), CODE)), `x = 1\n${CODE.trimEnd()}`);
  const blank = 'x = 1\n    \ny = 2\n';
  assert.equal(apply(blank, insertionEdit(blank.split('\n'), at(1, 2), CODE)), `x = 1\n${CODE}y = 2\n`);
  const start = 'x = 1\ny = 2\n';
  assert.equal(apply(start, insertionEdit(start.split('\n'), at(1, 0), CODE)), `x = 1\n${CODE}\ny = 2\n`);
  // A selection from the middle of line 1 to the middle of line 2 takes both lines whole.
  const three = 'a = 1\nb = 2\nc = 3\nd = 4\n';
  const selected = { start: { line: 1, character: 2 }, end: { line: 2, character: 3 } };
  assert.equal(apply(three, insertionEdit(three.split('\n'), selected, CODE)), `a = 1\n${CODE}d = 4\n`);
});

test('property: wherever the cursor is, every line of the file is still there, whole and in order', () => {
  const next = random(31);
  const pieces = ['x = 1', '    return x', 'def g(a):', '', '  ', '# note', 'if a:', 'ကိန်း = 2'];
  for (let round = 0; round < 2000; round++) {
    const lines = Array.from(
      { length: 1 + Math.floor(next() * 6) },
      () => pieces[Math.floor(next() * pieces.length)],
    );
    const text = lines.join('\n') + (next() < 0.5 ? '\n' : '');
    const all = text.split('\n');
    const line = Math.floor(next() * all.length);
    const character = Math.floor(next() * (all[line].length + 1));
    const result = apply(text, insertionEdit(all, at(line, character), CODE)).split('\n');
    // Remove the inserted lines: what is left is the original file (a blank line the code took may go).
    const inserted = CODE.trimEnd().split('\n');
    const start = result.indexOf(inserted[0]);
    assert.ok(start >= 0, `round ${round}: the code is there as whole lines`);
    assert.deepEqual(result.slice(start, start + inserted.length), inserted, `round ${round}`);
    const rest = [...result.slice(0, start), ...result.slice(start + inserted.length)].filter(
      (l) => l.trim() !== '',
    );
    assert.deepEqual(
      rest,
      all.filter((l) => l.trim() !== ''),
      `round ${round}: ${JSON.stringify(text)} at ${line}:${character}`,
    );
  }
});

test('a function the file already defines is replaced by the answer’s, its tests left out, at the file’s indentation, its decorators kept', () => {
  const file = [
    'import math',
    '',
    'class Homework:',
    '    @staticmethod',
    '    def count_even(numbers):',
    '        total = 0',
    '',
    '        return total',
    '',
    '    def other(self):',
    '        return 1',
    '',
  ].join('\n');
  const answer = `${CODE}\nassert count_even([1, 2, 4]) == 2\n`;
  const replacement = replacementEdit(file.split('\n'), answer)!;
  assert.equal(replacement.name, 'count_even');
  assert.equal(
    apply(file, replacement.edit),
    [
      'import math',
      '',
      'class Homework:',
      '    @staticmethod',
      '    def count_even(numbers):',
      '        return sum(1 for n in numbers if n % 2 == 0)',
      '',
      '    def other(self):',
      '        return 1',
      '',
    ].join('\n'),
  );
  assert.equal(replacementEdit(['def other():', '    pass'], answer), undefined, 'nothing to replace');
});

test('an attached selection over several lines takes them whole, at their own indentation; one within a line as it is', () => {
  const lines = ['def f(xs):', '    for x in xs:', '        print(x)', '    return 1'];
  // Selected from after the indentation of line 2 to the middle of line 3.
  const several = selectedCode(lines, { start: { line: 1, character: 4 }, end: { line: 2, character: 9 } });
  assert.deepEqual(several, { text: '    for x in xs:\n        print(x)', first: 1, last: 2 });
  // Ending at the start of a line does not take that line.
  const toStart = selectedCode(lines, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } });
  assert.deepEqual(toStart, { text: 'def f(xs):\n    for x in xs:', first: 0, last: 1 });
  const within = selectedCode(lines, { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } });
  assert.deepEqual(within, { text: 'print', first: 2, last: 2 });
});
