/**
 * The rules that make hardened tests trustworthy (#30): an input outside the task's contract (its
 * own, EvalPlus's, or what its base inputs show) is never asserted; an input where another solution
 * disagrees with the reference is listed for the teacher, never asserted; the same seed gives the
 * same file byte for byte, with the CPUs busy or not; the wall clock only reports.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli';
import { startFakeOpenAI } from '../support/openaiServer';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-harden-rules-'));

interface TaskSpec {
  readonly id: string;
  readonly signature: string;
  readonly body: string;
  /** Base tests: [arguments as Python, expected as Python]. */
  readonly cases: readonly (readonly [string, string])[];
  readonly contract?: string;
}

function humaneval({ id, signature, body, cases, contract }: TaskSpec) {
  const name = /^def (\w+)/.exec(signature)![1];
  return {
    task_id: id,
    prompt: `${signature}\n    """ဥပမာ"""\n`,
    canonical_solution: body,
    test: `def check(candidate):\n${cases.map(([args, expected]) => `    assert candidate(${args}) == ${expected}\n`).join('')}`,
    entry_point: name,
    ...(contract !== undefined && { contract }),
  };
}

const write = (name: string, rows: readonly object[]) => {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
};

const rowsOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>);

/** The extra asserts' argument texts and expected texts, from a hardened HumanEval row. */
function extraAsserts(row: Record<string, string>): { args: string; expected: string }[] {
  const extra = row.plus_test.split('_akkhara_base_check(candidate)\n')[1] ?? '';
  return extra
    .split('\n')
    .map((line) => /^ {4}assert candidate\((.*)\) == (.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ args: match[1], expected: match[2] }));
}

const harden = (tasks: string, out: string, ...extra: string[]) =>
  runCli(['harden', '--tasks', tasks, '--out', out, '--sandbox', 'process', ...extra]);

/** Python's a % 10 (the sign of the divisor), which the reference under test computes. */
const pythonMod = (a: number) => ((a % 10) + 10) % 10;

const isPrime = (n: number) =>
  n > 1 && [...Array(Math.max(0, Math.floor(Math.sqrt(n)) - 1)).keys()].every((k) => n % (k + 2) !== 0);

test('an input outside the task’s own contract is never asserted, however the reference answers it', async () => {
  const tasks = write('contract.jsonl', [
    humaneval({
      id: 'C/factor',
      signature: 'def largest_prime_factor(n: int):',
      // Wrong for a prime n (it answers 1), which the contract excludes: HumanEval/59's case.
      body: '    best = 1\n    k = 2\n    while k * k <= n:\n        while n % k == 0:\n            best, n = k, n // k\n        k += 1\n    return max(best, n) if best > 1 else 1\n',
      cases: [
        ['15', '5'],
        ['27', '3'],
        ['63', '7'],
        ['330', '11'],
        ['13195', '29'],
      ],
      contract:
        '\n    assert isinstance(n, int) and n > 1, "invalid inputs"\n    assert any(n % k == 0 for k in range(2, n)), "invalid inputs"\n',
    }),
  ]);
  const out = path.join(dir, 'contract.plus.jsonl');
  const result = await harden(tasks, out);
  assert.equal(result.status, 0, result.stderr);
  const asserted = extraAsserts(rowsOf(out)[0]);
  assert.ok(asserted.length >= 5, `${asserted.length} extra asserts`);
  for (const { args } of asserted) {
    const n = Number(args);
    assert.ok(Number.isInteger(n) && n > 1 && !isPrime(n), `n = ${args} is outside the contract`);
  }
  assert.match(result.stdout, /[1-9]\d* inputs? outside the tasks' contracts left out/);
  assert.equal(
    rowsOf(out)[0].contract,
    tasks && rowsOf(tasks)[0].contract,
    'the contract travels with the task',
  );
});

test('without a contract, what the base inputs show bounds the inputs: range, types, lengths that go together', async () => {
  const tasks = write('inferred.jsonl', [
    humaneval({
      id: 'I/roman',
      signature: 'def to_roman_units(number: int):',
      body: '    return "m" * (number // 1000) + "c" * (number % 1000 // 100) + "x" * (number % 100 // 10) + "i" * (number % 10)\n',
      cases: [
        ['19', "'xiiiiiiiii'"],
        ['152', "'cxxxxxii'"],
        ['426', "'ccccxxiiiiii'"],
        ['1000', "'m'"],
        ['1', "'i'"],
      ],
    }),
    humaneval({
      id: 'I/pairs',
      signature: 'def dot(xs: list, ys: list):',
      body: '    return sum(x * y for x, y in zip(xs, ys))\n',
      cases: [
        ['[1, 2], [3, 4]', '11'],
        ['[0, 5, 1], [2, 2, 2]', '12'],
        ['[7], [3]', '21'],
      ],
    }),
    humaneval({
      id: 'I/hex',
      signature: 'def hex_primes(num: str):',
      body: '    return sum(c in "2357BD" for c in num)\n',
      cases: [
        ["'AB'", '1'],
        ["'1077E'", '2'],
        ["'ABED1A33'", '4'],
        ["'2020'", '2'],
      ],
    }),
  ]);
  const out = path.join(dir, 'inferred.plus.jsonl');
  const result = await harden(tasks, out);
  assert.equal(result.status, 0, result.stderr);
  const [roman, pairs, hex] = rowsOf(out).map(extraAsserts);
  assert.ok(roman.length >= 5 && pairs.length >= 3 && hex.length >= 3, result.stdout);
  for (const { args } of roman)
    assert.ok(Number(args) >= 1 && Number(args) <= 1000, `to_roman_units(${args})`);
  for (const { args } of pairs) {
    const [xs, ys] = JSON.parse(`[${args}]`) as number[][];
    assert.equal(xs.length, ys.length, `dot(${args}): the lists always had one length`);
  }
  for (const { args } of hex) {
    assert.match(args, /^'[0-9A-F]*'$/, `hex_primes(${args}): a string of the characters shown`);
  }
});

/** Whether the brackets of a text open and close in order (the rule's own reading, written again). */
function balanced(text: string): boolean {
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const character of text) {
    if ('([{'.includes(character)) open.push(character);
    else if (character in pairs && open.pop() !== pairs[character]) return false;
  }
  return open.length === 0;
}

/** A Python text literal's text, for the texts these tasks are shown (no quotes or escapes in them). */
function pythonText(literal: string): string {
  assert.match(literal, /^'[^'\\]*'$/);
  return literal.slice(1, -1);
}

test('without a contract, what the base inputs and answers show that a contract in words would say bounds the inputs', async () => {
  const tasks = write('unsaid.jsonl', [
    humaneval({
      id: 'U/groups',
      signature: 'def count_groups(paren_string: str):',
      // An unbalanced text is outside "groups of nested parentheses"; the reference answers it anyway.
      body: '    depth = groups = 0\n    for c in paren_string:\n        if c == "(":\n            groups += depth == 0\n            depth += 1\n        elif c == ")":\n            depth -= 1\n    return groups\n',
      cases: [
        ["'(()) ()'", '2'],
        ["'((()))'", '1'],
        ["'() () ()'", '3'],
        ["'(()())'", '1'],
      ],
    }),
    humaneval({
      id: 'U/factor',
      signature: 'def largest_prime_factor(n: int):',
      // HumanEval/59: "n is not a prime" only in words; wrong for a prime n (it answers 1).
      body: '    best = 1\n    k = 2\n    while k * k <= n:\n        while n % k == 0:\n            best, n = k, n // k\n        k += 1\n    return max(best, n) if best > 1 else 1\n',
      cases: [
        ['15', '5'],
        ['27', '3'],
        ['63', '7'],
        ['330', '11'],
        ['13195', '29'],
      ],
    }),
    humaneval({
      id: 'U/units',
      signature: 'def multiply(a: int, b: int):',
      // HumanEval/97: one negative argument shown, where Python's % agrees with the unit digit by chance.
      body: '    return abs(a % 10) * abs(b % 10)\n',
      cases: [
        ['148, 412', '16'],
        ['19, 28', '72'],
        ['2020, 1851', '0'],
        ['14, -15', '20'],
        ['76, 67', '42'],
      ],
    }),
    humaneval({
      id: 'U/ends',
      signature: 'def split_words(txt: str):',
      body: '    return txt.split() if " " in txt else txt.split(",")\n',
      cases: [
        ["'Hello world!'", "['Hello', 'world!']"],
        ["'Hello,world!'", "['Hello', 'world!']"],
        ["'abc def'", "['abc', 'def']"],
        ["'a,b'", "['a', 'b']"],
      ],
    }),
    humaneval({
      id: 'U/spaces',
      signature: 'def fix_spaces(text: str):',
      body: '    return text.replace("  ", "-").replace(" ", "_")\n',
      cases: [
        ["'Mudasir Hanif '", "'Mudasir_Hanif_'"],
        ["'Yellow Yellow  Dirty  Fellow'", "'Yellow_Yellow-Dirty-Fellow'"],
        ["'  Exa 1 2 2 mple'", "'-Exa_1_2_2_mple'"],
        ["'Example'", "'Example'"],
      ],
    }),
    humaneval({
      id: 'U/left',
      signature: 'def remaining(total: int, taken: list):',
      // HumanEval/67: "total is at least what is taken" only in words; seen in the answers' sign.
      body: '    return total - sum(taken)\n',
      cases: [
        ['10, [1, 2]', '7'],
        ['5, [5]', '0'],
        ['20, [3, 4, 5]', '8'],
        ['100, [1]', '99'],
      ],
    }),
    humaneval({
      id: 'U/primes',
      signature: 'def largest_prime_digits(lst: list):',
      // HumanEval/94: "the largest prime in the list" says there is one; the reference counts 1 as a prime.
      body: '    primes = [x for x in lst if x > 0 and all(x % k for k in range(2, int(x ** 0.5) + 1))]\n    return sum(int(d) for d in str(max(primes))) if primes else 0\n',
      cases: [
        ['[0, 3, 2, 1, 3, 5, 7, 4, 5, 5, 5, 2, 181, 32, 4]', '10'],
        ['[1, 0, 1, 8, 2, 4597, 2, 1, 3, 40]', '25'],
        ['[0, 81, 12, 3, 1, 21]', '3'],
        ['[8191]', '19'],
        ['[127, 97, 8192]', '10'],
      ],
    }),
  ]);
  const out = path.join(dir, 'unsaid.plus.jsonl');
  const result = await harden(tasks, out);
  assert.equal(result.status, 0, result.stderr);
  const [groups, factor, units, ends, spaces, left, primes] = rowsOf(out).map(extraAsserts);
  for (const [name, asserted] of Object.entries({ groups, factor, units, ends, spaces, left, primes }))
    assert.ok(asserted.length >= 3, `${name}: ${asserted.length} extra asserts`);
  for (const { args } of groups) assert.ok(balanced(pythonText(args)), `count_groups(${args})`);
  for (const { args } of factor) assert.ok(!isPrime(Number(args)), `largest_prime_factor(${args})`);
  for (const { args } of units) {
    const [, b] = JSON.parse(`[${args}]`) as number[];
    assert.ok(b >= 0 || b === -15, `multiply(${args}): the one negative shown, or none`);
  }
  for (const { args } of ends) {
    const text = pythonText(args);
    assert.ok(/^[\p{L}\p{N}\s]/u.test(text) || text === '', `split_words(${args}) starts with a symbol`);
    assert.ok(/[\p{L}\p{N}\s!]$/u.test(text) || text === '', `split_words(${args}) ends with a new symbol`);
  }
  for (const { args } of spaces) assert.ok(!pythonText(args).endsWith('  '), `fix_spaces(${args})`);
  for (const { args } of primes)
    assert.ok((JSON.parse(args) as number[]).some(isPrime), `largest_prime_digits(${args}) holds no prime`);
  for (const { args, expected } of left)
    assert.ok(Number(expected) >= 0, `remaining(${args}) == ${expected}`);
});

test('below the smallest shown, where students’ bugs sit: positive integers down to half, lists down to one item', async () => {
  const tasks = write('below.jsonl', [
    humaneval({
      id: 'B/fib4',
      signature: 'def fib4(n: int):',
      body: '    a, b, c, d = 0, 0, 2, 0\n    for _ in range(n):\n        a, b, c, d = b, c, d, a + b + c + d\n    return a\n',
      cases: [
        ['5', '4'],
        ['8', '28'],
        ['10', '104'],
        ['12', '386'],
      ],
    }),
    humaneval({
      id: 'B/max',
      signature: 'def max_element(l: list):',
      body: '    return max(l)\n',
      cases: [
        ['[1, 2, 3]', '3'],
        ['[5, 3, -5, 2, -3, 3, 9, 0, 123, 1, -10]', '123'],
      ],
    }),
  ]);
  const out = path.join(dir, 'below.plus.jsonl');
  const result = await harden(tasks, out);
  assert.equal(result.status, 0, result.stderr);
  const [fib4, max] = rowsOf(out).map(extraAsserts);
  const ns = fib4.map(({ args }) => Number(args));
  assert.ok(ns.includes(2) && ns.includes(4), `fib4 below 5, down to 5 // 2: ${ns.join(', ')}`);
  assert.ok(
    ns.every((n) => n >= 2 && n <= 12),
    `fib4 within half the smallest and the largest: ${ns.join(', ')}`,
  );
  const lengths = max.map(({ args }) => (JSON.parse(args) as number[]).length);
  assert.ok(lengths.includes(1), `a one-item list: ${lengths.join(', ')}`);
});

test('an input where another solution disagrees is disputed: listed for review, never asserted', async () => {
  const tasks = write('disputed.jsonl', [
    humaneval({
      id: 'D/units',
      signature: 'def multiply_units(a: int, b: int):',
      // HumanEval/97's bug: -16 % 10 is 4, not the unit digit 6.
      body: '    return abs(a % 10) * abs(b % 10)\n',
      cases: [
        ['148, 412', '16'],
        ['19, 28', '72'],
        ['2020, 1851', '0'],
        ['14, 15', '20'],
        ['-5, 7', '35'],
        // Two negatives: a side of zero shown by one value only allows that value.
        ['-15, 3', '15'],
      ],
    }),
  ]);
  const right = 'def multiply_units(a, b):\n    return (abs(a) % 10) * (abs(b) % 10)\n';
  const oracles = write('oracles.jsonl', [
    { task_id: 'D/units', completion: right },
    // A weak oracle (it fails the base tests) decides nothing.
    { task_id: 'D/units', completion: 'def multiply_units(a, b):\n    return 0\n' },
  ]);
  const out = path.join(dir, 'disputed.plus.jsonl');
  const review = path.join(dir, 'review.jsonl');
  const result = await harden(tasks, out, '--oracle', oracles, '--review', review);
  assert.equal(result.status, 0, result.stderr);
  const disputes = rowsOf(review);
  assert.ok(disputes.length >= 1, result.stdout);
  assert.match(result.stdout, new RegExp(`${disputes.length} disputed inputs? left out \\(listed in `));
  for (const dispute of disputes) {
    assert.equal(dispute.task_id, 'D/units');
    const [a, b] = JSON.parse(`[${dispute.input.slice(1, -1).replace(/,$/, '')}]`) as number[];
    assert.equal(Number(dispute.reference), pythonMod(a) * pythonMod(b), 'the reference’s answer');
    assert.deepEqual(
      dispute.others,
      [String((Math.abs(a) % 10) * (Math.abs(b) % 10))],
      'the strong oracle’s',
    );
  }
  const asserted = extraAsserts(rowsOf(out)[0]);
  assert.ok(asserted.length >= 3);
  for (const { args, expected } of asserted) {
    const [a, b] = JSON.parse(`[${args}]`) as number[];
    assert.equal(
      Number(expected),
      (Math.abs(a) % 10) * (Math.abs(b) % 10),
      `${args}: only undisputed answers`,
    );
  }
  // The right solution passes every hardened test.
  const completions = write('right.jsonl', [{ task_id: 'D/units', completion: right }]);
  const scored = await runCli([
    'eval',
    '--tasks',
    out,
    '--completions',
    completions,
    '--plus',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'right-results.jsonl'),
  ]);
  assert.match(scored.stdout, /pass@1: 100\.0% {3}plus: 100\.0%/, scored.stdout + scored.stderr);
});

test('a model’s answers as the second solution: akkhara generate, then harden --oracle, as a teacher runs them', async () => {
  const server = await startFakeOpenAI();
  try {
    const tasks = write('model-oracle.jsonl', [
      humaneval({
        id: 'M/units',
        signature: 'def multiply_units(a: int, b: int):',
        // HumanEval/97's bug, on negatives the base tests allow (two of them shown).
        body: '    return abs(a % 10) * abs(b % 10)\n',
        cases: [
          ['148, 412', '16'],
          ['19, 28', '72'],
          ['-5, 7', '35'],
          ['-15, 3', '15'],
        ],
      }),
    ]);
    server.defaultAnswer = () => [
      'ဤသည်မှာ ဖြေရှင်းချက်ဖြစ်သည်။\n```python\ndef multiply_units(a, b):\n    return (abs(a) % 10) * (abs(b) % 10)\n```\n',
    ];
    const completions = path.join(dir, 'model-oracle.completions.jsonl');
    const generated = await runCli([
      'generate',
      '--tasks',
      tasks,
      '--endpoint',
      server.baseURL,
      '--model',
      'coder',
      '--n',
      '2',
      '--out',
      completions,
    ]);
    assert.equal(generated.status, 0, generated.stderr);
    const out = path.join(dir, 'model-oracle.plus.jsonl');
    const review = path.join(dir, 'model-oracle.review.jsonl');
    const result = await harden(tasks, out, '--oracle', completions, '--review', review);
    assert.equal(result.status, 0, result.stderr);
    const disputes = rowsOf(review);
    assert.ok(disputes.length >= 1, result.stdout);
    for (const { args, expected } of extraAsserts(rowsOf(out)[0])) {
      const [a, b] = JSON.parse(`[${args}]`) as number[];
      assert.equal(
        Number(expected),
        (Math.abs(a) % 10) * (Math.abs(b) % 10),
        `${args}: only undisputed answers`,
      );
    }
  } finally {
    await server.close();
  }
});

test('--from-evalplus: EvalPlus’s corrected reference, contract and inputs replace a buggy reference’s', async () => {
  const tasks = write('evalplus-tasks.jsonl', [
    humaneval({
      id: 'HumanEval/97',
      signature: 'def multiply(a, b):',
      body: '    return abs(a % 10) * abs(b % 10)\n',
      cases: [
        ['148, 412', '16'],
        ['19, 28', '72'],
        ['14, -15', '20'],
      ],
    }),
  ]);
  const evalplus = write('HumanEvalPlus.jsonl', [
    {
      task_id: 'HumanEval/97',
      canonical_solution: '    return (abs(a) % 10) * (abs(b) % 10)\n',
      contract: '\n    assert type(a) == type(b) == int, "invalid inputs" # $_CONTRACT_$\n',
      plus_input: [
        [14, -16],
        [-7, -3],
        ['x', 2],
      ],
    },
    { task_id: 'HumanEval/0', canonical_solution: '    return 1\n' },
  ]);
  const out = path.join(dir, 'evalplus.plus.jsonl');
  const result = await harden(tasks, out, '--from-evalplus', evalplus);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /EvalPlus's references, contracts and inputs for 1 of 1 task/);
  const asserted = extraAsserts(rowsOf(out)[0]);
  assert.ok(
    asserted.some(({ args, expected }) => args === '14, -16' && expected === '24'),
    'corrected',
  );
  assert.ok(
    asserted.some(({ args }) => args === '-7, -3'),
    'EvalPlus’s inputs come first',
  );
  assert.ok(!asserted.some(({ args }) => args.includes("'x'")), 'its contract holds for its own inputs too');
  const compressed = await harden(tasks, path.join(dir, 'gz.jsonl'), '--from-evalplus', `${evalplus}.gz`);
  assert.equal(compressed.status, 2);
  assert.match(compressed.stderr, /is compressed: gunzip it first/);
});

test('the same seed gives the same file byte for byte, with the CPUs busy and with other --jobs', async () => {
  const tasks = path.join(dir, 'inferred.jsonl'); // written by an earlier test of this file
  const quiet = path.join(dir, 'quiet.plus.jsonl');
  assert.equal((await harden(tasks, quiet, '--seed', '3', '--jobs', '1')).status, 0);
  // Busy: two processes spinning on every CPU while harden runs.
  const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    const busy = path.join(dir, 'busy.plus.jsonl');
    assert.equal((await harden(tasks, busy, '--seed', '3', '--jobs', '3')).status, 0);
    assert.equal(readFileSync(busy, 'utf8'), readFileSync(quiet, 'utf8'));
  } finally {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  }
});

test('the wall clock is a safety net that reports: a task past it is left as it was, and says so', async () => {
  const tasks = write('slow.jsonl', [
    humaneval({
      id: 'S/slow',
      signature: 'def slow(x: int):',
      body: '    import time\n    time.sleep(0.1)\n    return x\n',
      cases: [
        ['1', '1'],
        ['50', '50'],
        ['9', '9'],
      ],
    }),
  ]);
  const out = path.join(dir, 'slow.plus.jsonl');
  const result = await harden(tasks, out, '--timeout', '2');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /S\/slow: not hardened: the generator passed its safety net of 1\.2 s/);
  assert.equal(rowsOf(out)[0].plus_test, undefined);
});

test('--reduce keeps a subset of the same tests that still catches the reference’s small mutations', async () => {
  const tasks = write('reduce.jsonl', [
    humaneval({
      id: 'R/grade',
      signature: 'def grade(score: int):',
      body: '    if score >= 90:\n        return "A"\n    if score >= 75:\n        return "B"\n    if score >= 50:\n        return "C"\n    return "F"\n',
      cases: [
        ['95', "'A'"],
        ['80', "'B'"],
        ['10', "'F'"],
      ],
    }),
  ]);
  const full = path.join(dir, 'reduce.full.jsonl');
  const reduced = path.join(dir, 'reduce.mini.jsonl');
  assert.equal((await harden(tasks, full, '--seed', '5')).status, 0);
  const result = await harden(tasks, reduced, '--seed', '5', '--reduce');
  assert.equal(result.status, 0, result.stderr);
  const [all, mini] = [full, reduced].map((file) => extraAsserts(rowsOf(file)[0]).map(({ args }) => args));
  assert.match(result.stdout, new RegExp(`reduced from ${all.length}\\b`));
  assert.ok(mini.length >= 1 && mini.length < all.length, `${mini.length} of ${all.length}`);
  assert.deepEqual(
    mini.filter((args) => !all.includes(args)),
    [],
    'only tests of the full set',
  );
  // The base tests miss `>= 50` → `> 50` and a dropped C; the reduced tests must not.
  const wrong = write('reduce-wrong.jsonl', [
    {
      task_id: 'R/grade',
      completion:
        'def grade(score):\n    return "A" if score >= 90 else "B" if score >= 75 else "C" if score > 50 else "F"\n',
    },
    {
      task_id: 'R/grade',
      completion: 'def grade(score):\n    return "A" if score >= 90 else "B" if score >= 75 else "F"\n',
    },
  ]);
  const scored = await runCli([
    'eval',
    '--tasks',
    reduced,
    '--completions',
    wrong,
    '--plus',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'reduce-results.jsonl'),
  ]);
  assert.match(scored.stdout, /pass@1: 100\.0% {3}plus: 0\.0%/, scored.stdout + scored.stderr);
});

test('--seed-model: the model’s inputs are tried first under the same checks; it never decides an output', async () => {
  const server = await startFakeOpenAI();
  try {
    const vowels = (id: string) =>
      humaneval({
        id,
        signature: 'def count_vowels(s: str):',
        body: '    return sum(1 for c in s.lower() if c in "aeiou")\n',
        cases: [
          ['"abc"', '1'],
          ['"hello"', '2'],
        ],
        contract: '    assert isinstance(s, str) and len(s) <= 10\n',
      });
    const tasks = write('seeds.jsonl', [vowels('S/vowels'), vowels('S/again')]);
    // What a model writes: a tuple, a call, a bare value; prose, a call of anything but a literal,
    // and an input the contract refuses are dropped.
    const answer = [
      'Here are some inputs:\n```python\n("zebra",)\n("aaaaaaaaaaaaaaaa",)\nos.system("touch /tmp/x")\n',
      'count_vowels("AEIOU xyz")\n- "plain"\n```\n',
    ];
    server.defaultAnswer = () => answer;
    const out = path.join(dir, 'seeds.plus.jsonl');
    const run = (...extra: string[]) =>
      harden(
        tasks,
        out,
        '--seed-model',
        `${server.baseURL},coder`,
        '--max-extra',
        '3',
        '--seed',
        '9',
        ...extra,
      );
    // The second task's request fails: the run stops, says why, and keeps the first task.
    server.queue.push({ kind: 'stream', chunks: answer });
    server.queue.push({ kind: 'error', status: 400 });
    const failed = await run('--jobs', '1');
    assert.equal(failed.status, 1, failed.stderr);
    assert.match(failed.stderr, /the seed model failed on S\/again: .*finished tasks are saved/);
    assert.deepEqual(
      rowsOf(out).map((row) => row.task_id),
      ['S/vowels'],
    );
    assert.deepEqual(
      extraAsserts(rowsOf(out)[0]),
      [
        { args: "'zebra'", expected: '2' },
        { args: "'AEIOU xyz'", expected: '5' },
        { args: "'plain'", expected: '2' },
      ],
      'the seeds, in the model’s order, with the reference’s outputs',
    );
    const request = server.requests[0].body;
    assert.equal(request.temperature, 0);
    assert.equal(request.seed, 9);
    assert.match(request.messages[1].content, /def count_vowels\(s: str\):/);
    assert.match(request.messages[1].content, /assert candidate\("hello"\) == 2/);
    // Run again: the rest is done, the first task not asked again.
    const asked = server.requests.length;
    const resumed = await run('--jobs', '1');
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(server.requests.length, asked + 1);
    assert.deepEqual(
      rowsOf(out).map((row) => row.task_id),
      ['S/vowels', 'S/again'],
    );
  } finally {
    await server.close();
  }
});

test('a teacher’s task file: its contract block bounds every extra input; tasks that cannot be hardened are named', async () => {
  const lessons = path.join(dir, 'course.task.md');
  writeFileSync(
    lessons,
    [
      '# စုံကိန်း တစ်ဝက်',
      '',
      'စုံကိန်း `n` ၏ တစ်ဝက်ကို ပြန်ပေးသော `half_even(n)` ကို ရေးပါ။',
      '',
      '```python tests',
      'assert half_even(2) == 1',
      'assert half_even(4) == 2',
      'assert half_even(10) == 5',
      '```',
      '',
      '```python solution',
      'def half_even(n):',
      '    return n // 2',
      '```',
      '',
      '```python contract',
      'assert isinstance(n, int) and n % 2 == 0 and 0 <= n <= 1000',
      '```',
      '',
      '# পরীক্ষা ফাংশন',
      '',
      '```python tests',
      'def test_double():',
      '    assert double(2) == 4',
      '```',
      '',
      '```python solution',
      'def double(n):',
      '    return 2 * n',
      '```',
      '',
    ].join('\n'),
  );
  const out = path.join(dir, 'course.plus.jsonl');
  const result = await harden(lessons, out, '--max-extra', '30');
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stderr,
    /course\.task\.md line 20: “পরীক্ষা ফাংশন” is not hardened: its tests are not one assert per line/,
  );
  const [row] = rowsOf(out);
  assert.equal(row.id, 'course.task.md#1');
  assert.match(row.contract, /n % 2 == 0/);
  const extra = (JSON.parse(row.plus_test_list) as string[]).slice(3);
  assert.ok(extra.length >= 5, `${extra.length} extra asserts`);
  for (const line of extra) {
    const n = Number(/^assert half_even\((-?\d+)\) == /.exec(line)?.[1]);
    assert.ok(Number.isInteger(n) && n % 2 === 0 && n >= 0 && n <= 1000, `${line}: inside the contract`);
  }
});
