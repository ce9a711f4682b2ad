import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { extractCode } from '../../src/core/sandbox/extract';
import { DIST } from '../support/paths';
import { processesWith } from '../support/sandboxes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-run-cli-'));
const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'run', ...args], { encoding: 'utf8' });
/** The CLI on a machine without Python: nothing called python3 on its PATH. */
const runWithoutPython = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'run', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: dir },
  });

test('the code of an answer is its first Python or bare fenced block, else the whole answer', () => {
  assert.equal(extractCode('ဖြေချက်\n\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n'), 'x = 1\n');
  assert.equal(extractCode('```\nx = 1\n```'), 'x = 1\n');
  assert.equal(extractCode('```text\nnot code\n```\n```py\nz = 3\n```\n'), 'z = 3\n');
  assert.equal(extractCode('def f():\n    return 1\n'), 'def f():\n    return 1\n');
});

test('akkhara run: an answer against asserts; exit 0 when all pass, 1 when not; the demo block does not run', () => {
  const answer = write(
    'answer.md',
    'ပေါင်းလဒ်:\n\n```python\ndef add(a, b):\n    return a + b\n\nif __name__ == "__main__":\n    print("DEMO")\n```\n',
  );
  const good = run(
    '--code',
    answer,
    '--tests',
    write('good.py', 'assert add(1, 2) == 3\n'),
    '--sandbox',
    'process',
  );
  assert.equal(good.status, 0, good.stderr);
  assert.match(
    good.stdout,
    /^passed · process \(no isolation\) · \d+ ms\n {2}Ran WITHOUT isolation \(process\): the code had your rights, to your files and the network\.\n {2}✓ assert add\(1, 2\) == 3\n$/,
  );
  const bad = run(
    '--code',
    answer,
    '--tests',
    write('bad.py', 'assert add(2, 2) == 5\n'),
    '--sandbox',
    'process',
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /✗ assert add\(2, 2\) == 5 {3}actual: 4/);
  assert.doesNotMatch(bad.stdout, /DEMO/);
});

test('akkhara run --json: the result fields, nothing else', () => {
  const code = write('inc.py', 'def inc(x):\n    return x + 1\n');
  const result = run(
    '--code',
    code,
    '--tests',
    write('t.py', 'assert inc(1) == 2\n'),
    '--json',
    '--sandbox',
    'process',
  );
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(parsed).sort(), [
    'backend',
    'durationMs',
    'isolation',
    'passed',
    'status',
    'stderr',
    'stdout',
    'tests',
  ]);
  assert.deepEqual(parsed.tests, [{ name: 'assert inc(1) == 2', line: 1, status: 'passed' }]);
});

test('akkhara run: unreadable files and bad limits are exit 2 with a clear message', () => {
  const code = write('ok.py', 'x = 1\n');
  const missing = run('--code', path.join(dir, 'nope.py'), '--tests', code);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /akkhara run: .*nope\.py/);
  const timeout = run('--code', code, '--tests', code, '--timeout', 'soon');
  assert.equal(timeout.status, 2);
  assert.match(timeout.stderr, /--timeout must be a number of seconds above 0 and at most 300, not "soon"/);
});

test('akkhara run without Python on the machine: auto falls back to Python in WebAssembly, labelled limited', () => {
  const code = write('square.py', 'def square(x):\n    return x * x\n');
  const tests = write('square_test.py', 'assert square(3) == 9\nassert square(-2) == 5\n');
  const result = runWithoutPython('--code', code, '--tests', tests, '--json');
  assert.equal(result.status, 1, result.stderr);
  const parsed = JSON.parse(result.stdout);
  assert.deepEqual([parsed.backend, parsed.isolation, parsed.status], ['pyodide', 'limited', 'failed']);
  assert.equal(parsed.tests[1].actual, '4');
  const named = runWithoutPython('--code', code, '--tests', tests, '--sandbox', 'process');
  assert.equal(named.status, 2);
  assert.match(named.stderr, /Python 3 not found/);
});

test('akkhara run without --tests: the test_ functions and, with --doctests, the doctests of the file itself', () => {
  const lesson = write(
    'lesson.py',
    'def square(x):\n    """\n    >>> square(3)\n    9\n    """\n    return x * x\n\n\ndef test_square():\n    assert square(2) == 4\n',
  );
  const plain = run('--code', lesson, '--sandbox', 'process');
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /✓ test_square\n$/);
  const doctests = run('--code', lesson, '--doctests', '--sandbox', 'process');
  assert.equal(doctests.status, 0, doctests.stderr);
  assert.match(doctests.stdout, /✓ test_square\n {2}✓ >>> square\(3\)\n$/);
});

test('akkhara run with no PATH at all, or no environment, still finds Python (no spinning, no empty path)', () => {
  const code = write('env-add.py', 'def add(a, b):\n    return a + b\n');
  const tests = write('env-add-tests.py', 'assert add(1, 2) == 3\n');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'PATH'));
  for (const [what, options] of [
    ['PATH unset', { env }],
    ['an empty environment, Landlock', { env: {} }],
  ] as const) {
    const args = [path.join(DIST, 'cli.js'), 'run', '--code', code, '--tests', tests];
    if (what.includes('Landlock')) args.push('--sandbox', 'landlock');
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, ...options });
    assert.equal(result.signal, null, `${what}: it ended`);
    assert.equal(result.status, 0, `${what}: ${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^passed · /);
  }
});

test('akkhara run --python with a program that is no Python: named as such, and nothing it started is left', () => {
  const marker = `akkhara-probe-${process.pid}`;
  const fake = write(
    'not-python.sh',
    `#!/bin/sh\n(sleep 60 # ${marker}\n) &\nsetsid sh -c 'sleep 61 # ${marker}' &\necho hello\n`,
  );
  chmodSync(fake, 0o755);
  const code = write('probe-add.py', 'def add(a, b):\n    return a + b\n');
  const result = run('--code', code, '--python', fake);
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /Python 3 not found \(tried ".*not-python\.sh"\): it is not a Python 3 interpreter \(it printed "hello\\n"\)/,
  );
  assert.deepEqual(processesWith(marker), [], 'the probe’s children are gone');
});
