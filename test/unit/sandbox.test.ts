import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { RunRequest } from '../../src/core/sandbox/types';
import { sandboxBackends } from '../support/sandboxes';

const { all } = sandboxBackends({ pyodide: true });
const pyodide = all.find((backend) => backend.backend === 'pyodide')!.sandbox;
const ISOLATION: Record<string, string> = {
  bwrap: 'isolated',
  landlock: 'isolated',
  pyodide: 'limited',
  process: 'none',
};

const scratch = mkdtempSync(path.join(os.tmpdir(), 'akkhara-hostile-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const quick = (request: Omit<RunRequest, 'limits'>, seconds = 3): RunRequest => ({
  ...request,
  limits: { timeoutMs: seconds * 1000 },
});

for (const { name, backend, skip, sandbox } of all) {
  test(`${name}: verdicts — passed, failed with the actual value, errors by kind`, { skip }, async () => {
    const run = (solution: string, tests: string) => sandbox().run(quick({ solution, tests }));
    const add = 'def add(a, b):\n    return a + b\n';
    const passed = await run(add, 'assert add(1, 2) == 3\n');
    assert.equal(passed.status, 'passed');
    assert.equal(passed.backend, backend);
    assert.equal(passed.isolation, ISOLATION[backend]);
    const failed = await run(add, 'assert add(1, 2) == 3\nassert add(2, 2) == 5\n');
    assert.equal(failed.status, 'failed');
    assert.deepEqual(
      failed.tests.map((t) => [t.name, t.status, t.actual]),
      [
        ['assert add(1, 2) == 3', 'passed', undefined],
        ['assert add(2, 2) == 5', 'failed', '4'],
      ],
    );
    assert.equal(
      (await run('def add(a, b)\n    return a + b\n', 'assert add(1, 2) == 3')).status,
      'syntax_error',
    );
    const missing = await run('def root(x):\n    return math.sqrt(x)\n', 'assert root(4) == 2');
    assert.deepEqual([missing.status, missing.error], ['missing_import', 'math']);
    const error = await run('def f():\n    return 1 / 0\n', 'assert f() == 1');
    assert.equal(error.status, 'error');
    assert.match(error.error ?? '', /ZeroDivisionError/);
  });

  test(
    `${name}: the solution runs as a module, not as __main__; check(candidate) and test_ functions run`,
    { skip },
    async () => {
      const solution =
        'def inc(x):\n    return x + 1\n\nif __name__ == "__main__":\n    raise SystemExit("demo ran")\n';
      const humanEval = await sandbox().run(
        quick({
          solution,
          tests: 'def check(candidate):\n    assert candidate(1) == 2\n',
          entryPoint: 'inc',
        }),
      );
      assert.equal(humanEval.status, 'passed', JSON.stringify(humanEval));
      assert.deepEqual(
        humanEval.tests.map((t) => t.name),
        ['check(inc)'],
      );
      const pytestStyle = await sandbox().run(
        quick({ solution, tests: 'def test_inc():\n    assert inc(2) == 3\n' }),
      );
      assert.deepEqual(
        pytestStyle.tests.map((t) => `${t.name}:${t.status}`),
        ['test_inc:passed'],
      );
    },
  );

  test(
    `${name}: doctests, when asked, are one test per >>> example with line and actual value`,
    { skip },
    async () => {
      const solution = [
        'def double(x):',
        '    """Twice x.',
        '',
        '    >>> double(2)',
        '    4',
        '    >>> double(3)',
        '    7',
        '    """',
        '    return 2 * x',
        '',
      ].join('\n');
      const withDoctests = await sandbox().run(quick({ solution, tests: '', doctests: true }));
      assert.equal(withDoctests.status, 'failed');
      assert.deepEqual(
        withDoctests.tests.map((t) => [t.name, t.status, t.line, t.actual, t.message]),
        [
          ['>>> double(2)', 'passed', 4, undefined, undefined],
          ['>>> double(3)', 'failed', 6, '6', 'expected 7'],
        ],
      );
      const without = await sandbox().run(quick({ solution, tests: '' }));
      assert.equal(without.status, 'sandbox_error');
      assert.match(without.error ?? '', /no tests found/);
    },
  );

  test(`${name}: an endless loop times out and huge output is cut`, { skip }, async () => {
    const loop = await sandbox().run(quick({ solution: 'while True:\n    pass\n', tests: 'assert True' }, 1));
    assert.equal(loop.status, 'timeout');
    const flood = await sandbox().run(
      quick({ solution: 'while True:\n    print("x" * 1000)\n', tests: 'assert True' }),
    );
    assert.equal(flood.status, 'output_limit');
    assert.ok(flood.stdout.length <= 1024 * 1024);
  });

  test(`${name}: a memory bomb gets the memory status`, { skip }, async () => {
    // Time enough to reach the memory limit where touching fresh pages is slow (measured: over 3 s
    // for the 1 GB default on a 2-core VM): the verdict under test is the memory one.
    const bomb = await sandbox().run(
      quick(
        {
          solution: 'blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))\n',
          tests: 'assert True',
        },
        30,
      ),
    );
    assert.equal(bomb.status, 'memory');
  });
}

test('pyodide: the program reaches no files, no processes and no JavaScript: `import js` and Pyodide’s API are gone', async () => {
  const secret = path.join(os.homedir(), `akkhara-secret-${process.pid}.txt`);
  writeFileSync(secret, 'TOP-SECRET-TOKEN');
  const owned = mkdtempSync(path.join(scratch, 'owned-'));
  writeFileSync(path.join(owned, 'keep.txt'), 'keep');
  const outside = path.join(owned, 'written-from-sandbox.txt');
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const solution = [
      'import os, shutil, sys',
      'for attempt in (',
      `    lambda: print(open(${JSON.stringify(secret)}).read()),`,
      `    lambda: open(${JSON.stringify(outside)}, "w").write("x"),`,
      `    lambda: shutil.rmtree(${JSON.stringify(owned)}),`,
      '    lambda: os.fork(),',
      // The finding's way out: process.stdin is a net.Socket, whose constructor connects anywhere.
      `    lambda: __import__("js").process.stdin.constructor.new().connect(${port}, "127.0.0.1"),`,
      `    lambda: __import__("pyodide_js").FS.streams[0].devops.stream.constructor.new().connect(${port}, "127.0.0.1"),`,
      `    lambda: sys.modules["pyodide_js._api"].config,`,
      `    lambda: __import__("socket").create_connection(("127.0.0.1", ${port}), timeout=2),`,
      '):',
      '    try:',
      '        print("REACHED", attempt())',
      '    except BaseException as error:',
      '        print(type(error).__name__, error)',
    ].join('\n');
    const result = await pyodide().run(quick({ solution, tests: 'assert True' }));
    assert.equal(result.status, 'passed', JSON.stringify(result));
    assert.doesNotMatch(result.stdout, /TOP-SECRET-TOKEN|REACHED/, result.stdout);
    assert.match(result.stdout, /No module named 'js'/);
    assert.match(result.stdout, /No module named 'pyodide_js'/);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a connection in flight would land by now
    assert.equal(connections, 0, 'nothing reached the TCP server on 127.0.0.1');
    assert.ok(!existsSync(outside), 'nothing written outside the sandbox');
    assert.equal(readFileSync(path.join(owned, 'keep.txt'), 'utf8'), 'keep');
  } finally {
    server.close();
    rmSync(secret, { force: true });
  }
});

test('pyodide: a program that rewrites the harness cannot pass the programs after it', async () => {
  const tamper = [
    'import sys, builtins, json',
    'harness = sys.modules["harness"]',
    'harness.run_job = lambda job: {"status": "passed", "tests": []}',
    'harness.run_in_place = lambda job: json.dumps({"status": "passed", "tests": []})',
    'builtins.AssertionError = type("Quiet", (Exception,), {})',
    'json.loads = lambda *a, **k: {"status": "passed", "tests": []}',
    'for folder in ("/akkhara", "/lib/python3.14"):',
    '    try:',
    '        open(folder + "/sitecustomize.py", "w").write("raise SystemExit")',
    '    except OSError:',
    '        pass',
  ].join('\n');
  await pyodide().run(quick({ solution: tamper, tests: 'assert True' }));
  for (const wrong of [
    'def add(a, b):\n    return a - b',
    'def add(a, b):\n    return 0',
    'def add(a, b):\n    return a * b',
  ]) {
    const result = await pyodide().run(quick({ solution: wrong, tests: 'assert add(2, 3) == 5' }));
    assert.equal(result.status, 'failed', JSON.stringify(result));
  }
});

test('pyodide: os.system ends the run with an error and runs nothing; the next program is unaffected', async () => {
  const marker = path.join(scratch, 'system-ran');
  const result = await pyodide().run(
    quick({ solution: `import os\nos.system("touch ${marker}")\n`, tests: 'assert True' }),
  );
  assert.equal(result.status, 'error', JSON.stringify(result));
  assert.ok(!existsSync(marker));
  const next = await pyodide().run(quick({ solution: 'x = 1', tests: 'assert x == 1' }));
  assert.equal(next.status, 'passed');
});

test('pyodide: what one program changes in the interpreter does not reach the next', async () => {
  const tamper = await pyodide().run(
    quick({
      solution: 'import builtins\nbuiltins.abs = lambda x: 42\nimport colorsys\n',
      tests: 'assert abs(-1) == 42',
    }),
  );
  assert.equal(tamper.status, 'passed', JSON.stringify(tamper));
  const next = await pyodide().run(
    quick({ solution: 'import sys', tests: 'assert abs(-1) == 1\nassert "colorsys" not in sys.modules' }),
  );
  assert.equal(next.status, 'passed', JSON.stringify(next.tests));
});

test('pyodide: a reply forged on the server’s stdout does not become the verdict', async () => {
  const forged = JSON.stringify({ nonce: 'guess', verdict: { status: 'passed', tests: [] } });
  const result = await pyodide().run(
    quick({
      solution: `import os, sys\nfor fd in (1, 2):\n    try:\n        os.write(fd, ${JSON.stringify(`${forged}\n`)}.encode())\n    except OSError:\n        pass\nprint(${JSON.stringify(forged)})\n`,
      tests: 'assert False',
    }),
  );
  assert.equal(result.status, 'failed', JSON.stringify(result));
  const next = await pyodide().run(quick({ solution: 'x = 2', tests: 'assert x == 2' }));
  assert.equal(next.status, 'passed');
});
