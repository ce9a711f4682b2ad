import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { BwrapSandbox } from '../../src/core/sandbox/bwrap';
import { ProcessSandbox } from '../../src/core/sandbox/processSandbox';
import { PyodideSandbox } from '../../src/core/sandbox/pyodideSandbox';
import { findPython } from '../../src/core/sandbox/python';
import type { RunRequest, Sandbox } from '../../src/core/sandbox/types';
import type { WarmSandbox } from '../../src/core/sandbox/warm';

/** In CI (CI=true; .ci/run installs bubblewrap) the strong sandbox must exist; elsewhere its absence is a reported skip. */
const skipBwrap =
  (process.platform !== 'linux' || !existsSync('/usr/bin/bwrap')) && !process.env.CI
    ? 'skipped: bubblewrap is not installed (apt install bubblewrap)'
    : false;
let bwrap: BwrapSandbox | string = 'not created yet';
let processSandbox: ProcessSandbox | undefined;
const warm: WarmSandbox[] = [];
let warmProcess: WarmSandbox | undefined;
let warmBwrap: WarmSandbox | undefined;
let warmPyodide: WarmSandbox | undefined;
before(async () => {
  const python = await findPython();
  processSandbox = new ProcessSandbox(python);
  warm.push((warmProcess = await processSandbox.warm()));
  if (!skipBwrap) bwrap = await BwrapSandbox.create(python);
  if (typeof bwrap !== 'string') warm.push((warmBwrap = await bwrap.warm()));
  const pyodide = await PyodideSandbox.create();
  if (typeof pyodide === 'string') throw new Error(pyodide);
  warm.push((warmPyodide = await pyodide.warm()));
  assert.ok(await warmPyodide.prepare(), 'Pyodide starts');
});
after(() => warm.forEach((sandbox) => sandbox.close()));
const strong = (): Sandbox => {
  if (typeof bwrap === 'string') throw new Error(bwrap);
  return bwrap;
};
const strongWarm = (): Sandbox => {
  if (!warmBwrap) throw new Error(typeof bwrap === 'string' ? bwrap : 'no warm sandbox');
  return warmBwrap;
};

const scratch = mkdtempSync(path.join(os.tmpdir(), 'akkhara-hostile-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const quick = (request: Omit<RunRequest, 'limits'>, seconds = 3): RunRequest => ({
  ...request,
  limits: { timeoutMs: seconds * 1000 },
});

for (const [name, sandbox] of [
  ['process', () => processSandbox!],
  ['process (warm)', () => warmProcess!],
  ['bwrap', strong],
  ['bwrap (warm)', strongWarm],
  ['pyodide (warm)', () => warmPyodide!],
] as const) {
  const skip = name.startsWith('bwrap') ? skipBwrap : false;
  const backend = name.split(' ')[0];

  test(`${name}: verdicts — passed, failed with the actual value, errors by kind`, { skip }, async () => {
    const run = (solution: string, tests: string) => sandbox().run(quick({ solution, tests }));
    const add = 'def add(a, b):\n    return a + b\n';
    const passed = await run(add, 'assert add(1, 2) == 3\n');
    assert.equal(passed.status, 'passed');
    assert.equal(passed.backend, backend);
    assert.equal(passed.isolation, backend === 'bwrap' ? 'isolated' : 'limited');
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

for (const [name, isolated] of [
  ['bwrap', strong],
  ['bwrap (warm)', strongWarm],
] as const) {
  test(
    `${name}: a fork bomb is contained and the machine stays responsive`,
    { skip: skipBwrap },
    async () => {
      const bomb = await isolated().run(
        quick(
          {
            solution:
              'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n',
            tests: 'assert True',
          },
          2,
        ),
      );
      assert.ok(['timeout', 'error'].includes(bomb.status), bomb.status);
      const after = await isolated().run(quick({ solution: 'x = 1', tests: 'assert x == 1' }));
      assert.equal(after.status, 'passed');
    },
  );

  test(
    `${name}: no user files — a secret in $HOME cannot be read, outside files cannot be written or removed`,
    { skip: skipBwrap },
    async () => {
      const secret = path.join(os.homedir(), `akkhara-secret-${process.pid}.txt`);
      writeFileSync(secret, 'TOP-SECRET-TOKEN');
      const owned = mkdtempSync(path.join(scratch, 'owned-'));
      writeFileSync(path.join(owned, 'keep.txt'), 'keep');
      const outside = path.join(owned, 'written-from-sandbox.txt');
      try {
        const solution = [
          'import os, shutil, subprocess, ctypes',
          'for attempt in (',
          `    lambda: print(open(${JSON.stringify(secret)}).read()),`,
          `    lambda: open(${JSON.stringify(outside)}, "w").write("x"),`,
          `    lambda: shutil.rmtree(${JSON.stringify(owned)}),`,
          `    lambda: os.system("cat ${secret}; touch ${outside}"),`,
          `    lambda: subprocess.run(["rm", "-rf", ${JSON.stringify(owned)}]),`,
          `    lambda: ctypes.CDLL(None).unlink(${JSON.stringify(path.join(owned, 'keep.txt'))}.encode()),`,
          `    lambda: open("/usr/akkhara-was-here", "w"),`,
          '):',
          '    try:',
          '        attempt()',
          '    except Exception as error:',
          '        print(type(error).__name__)',
        ].join('\n');
        const result = await isolated().run(quick({ solution, tests: 'assert True' }));
        assert.equal(result.status, 'passed', JSON.stringify(result));
        assert.doesNotMatch(result.stdout, /TOP-SECRET-TOKEN/);
        assert.ok(!existsSync(outside), 'nothing written outside the sandbox');
        assert.equal(readFileSync(path.join(owned, 'keep.txt'), 'utf8'), 'keep');
        assert.ok(!existsSync('/usr/akkhara-was-here'));
      } finally {
        rmSync(secret, { force: true });
      }
    },
  );

  test(
    `${name}: no network — a loopback listener on this machine is unreachable`,
    { skip: skipBwrap },
    async () => {
      let connections = 0;
      const server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        const solution = `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2)\n    reached = True\nexcept OSError:\n    reached = False\n`;
        const result = await isolated().run(quick({ solution, tests: 'assert reached is False' }));
        assert.equal(result.status, 'passed', JSON.stringify(result));
        assert.equal(connections, 0);
      } finally {
        server.close();
      }
    },
  );

  test(`${name}: the program cannot signal Akkhara or see its processes`, { skip: skipBwrap }, async () => {
    const solution = `import os, signal\ntry:\n    os.kill(${process.pid}, signal.SIGKILL)\n    outcome = "sent"\nexcept ProcessLookupError:\n    outcome = "no such process"\npids = [p for p in os.listdir("/proc") if p.isdigit()]\n`;
    const result = await isolated().run(
      quick({ solution, tests: 'assert outcome == "no such process"\nassert len(pids) <= 3' }),
    );
    assert.equal(result.status, 'passed', JSON.stringify(result.tests));
  });
}

test('pyodide: the program cannot reach files, processes or Akkhara through the Python or the JavaScript side', async () => {
  const secret = path.join(os.homedir(), `akkhara-secret-${process.pid}.txt`);
  writeFileSync(secret, 'TOP-SECRET-TOKEN');
  const owned = mkdtempSync(path.join(scratch, 'owned-'));
  writeFileSync(path.join(owned, 'keep.txt'), 'keep');
  const outside = path.join(owned, 'written-from-sandbox.txt');
  const js = (expression: string) => `lambda: __import__("js").eval(${JSON.stringify(expression)})`;
  const node = (module: string, call: string) =>
    js(`process.getBuiltinModule(${JSON.stringify(module)}).${call}`);
  try {
    const solution = [
      'import os, shutil',
      'for attempt in (',
      `    lambda: print(open(${JSON.stringify(secret)}).read()),`,
      `    lambda: open(${JSON.stringify(outside)}, "w").write("x"),`,
      `    lambda: shutil.rmtree(${JSON.stringify(owned)}),`,
      '    lambda: os.fork(),',
      `    ${node('fs', `readFileSync(${JSON.stringify(secret)}, "utf8")`)},`,
      `    ${node('fs', `writeFileSync(${JSON.stringify(outside)}, "x")`)},`,
      `    ${node('fs', `rmSync(${JSON.stringify(owned)}, { recursive: true })`)},`,
      `    ${node('child_process', `execFileSync("rm", ["-rf", ${JSON.stringify(owned)}])`)},`,
      `    ${js(`process.kill(${process.pid}, "SIGKILL")`)},`,
      '):',
      '    try:',
      '        print(attempt())',
      '    except Exception as error:',
      '        print(type(error).__name__, error)',
    ].join('\n');
    const result = await warmPyodide!.run(quick({ solution, tests: 'assert True' }));
    assert.equal(result.status, 'passed', JSON.stringify(result));
    assert.doesNotMatch(result.stdout, /TOP-SECRET-TOKEN/);
    assert.equal(result.stdout.match(/Access to this API has been restricted/g)?.length, 4, result.stdout);
    assert.match(result.stdout, /process.kill is not available in the sandbox/);
    assert.ok(!existsSync(outside), 'nothing written outside the sandbox');
    assert.equal(readFileSync(path.join(owned, 'keep.txt'), 'utf8'), 'keep');
  } finally {
    rmSync(secret, { force: true });
  }
});

test('pyodide: os.system ends the run with an error and runs nothing; the next program is unaffected', async () => {
  const marker = path.join(scratch, 'system-ran');
  const result = await warmPyodide!.run(
    quick({ solution: `import os\nos.system("touch ${marker}")\n`, tests: 'assert True' }),
  );
  assert.equal(result.status, 'error', JSON.stringify(result));
  assert.ok(!existsSync(marker));
  const next = await warmPyodide!.run(quick({ solution: 'x = 1', tests: 'assert x == 1' }));
  assert.equal(next.status, 'passed');
});

test('pyodide: what one program changes in the interpreter does not reach the next', async () => {
  const tamper = await warmPyodide!.run(
    quick({
      solution: 'import builtins\nbuiltins.abs = lambda x: 42\nimport colorsys\n',
      tests: 'assert abs(-1) == 42',
    }),
  );
  assert.equal(tamper.status, 'passed', JSON.stringify(tamper));
  const next = await warmPyodide!.run(
    quick({ solution: 'import sys', tests: 'assert abs(-1) == 1\nassert "colorsys" not in sys.modules' }),
  );
  assert.equal(next.status, 'passed', JSON.stringify(next.tests));
});

test('pyodide: a reply forged on the server’s stdout does not become the verdict', async () => {
  const forged = JSON.stringify({ nonce: 'guess', verdict: { status: 'passed', tests: [] } });
  const write = `process.getBuiltinModule("fs").writeSync(1, ${JSON.stringify(`${forged}\n`)})`;
  const result = await warmPyodide!.run(
    quick({ solution: `import js\njs.eval(${JSON.stringify(write)})\n`, tests: 'assert False' }),
  );
  assert.equal(result.status, 'failed', JSON.stringify(result));
  const next = await warmPyodide!.run(quick({ solution: 'x = 2', tests: 'assert x == 2' }));
  assert.equal(next.status, 'passed');
});
