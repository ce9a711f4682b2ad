/**
 * The hostile-program corpus: what a model's answer could try against the machine, run on every
 * backend that claims isolation (and, for what any backend must do — leave no process behind, keep
 * the host's verdict its own — on `process` too). CI also runs this file as an unprivileged user
 * under a per-user process limit (.ci/run), hostile programs back to back.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { harnessFolder } from '../../src/core/sandbox/run';
import type { RunRequest } from '../../src/core/sandbox/types';
import { processesWith, sandboxBackends } from '../support/sandboxes';

const { isolating: isolated, withoutPyodide, all } = sandboxBackends({ pyodide: true });
/** What claims isolation, and Pyodide (limited isolation), which must refuse the same attacks. */
const isolating = [...isolated, ...all.filter((backend) => backend.backend === 'pyodide')];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'akkhara-hostile-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const quick = (request: Omit<RunRequest, 'limits'>, seconds = 3): RunRequest => ({
  ...request,
  limits: { timeoutMs: seconds * 1000 },
});
let markers = 0;
/** A string to find the program's processes by (their command line carries it). */
const marker = () => `akkhara-marker-${process.pid}-${++markers}`;

for (const { name, skip, sandbox } of withoutPyodide) {
  test(`${name}: a daemon that left the run's session is gone when the run returns`, { skip }, async () => {
    const tag = marker();
    const solution = [
      'import subprocess, sys',
      `daemon = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)  # ${tag}"], start_new_session=True)`,
    ].join('\n');
    const result = await sandbox().run(quick({ solution, tests: 'assert daemon.pid > 0' }, 10));
    assert.equal(result.status, 'passed', JSON.stringify(result));
    assert.deepEqual(processesWith(tag), [], 'no process of the program is left');
    assert.equal(result.leftoverProcesses, undefined);
  });

  test(
    `${name}: a fork bomb ends with the run, leaves nothing behind, and the next run works`,
    { skip },
    async () => {
      const tag = marker();
      // Each process re-executes itself so its command line carries the marker.
      const solution = [
        'import os, sys',
        `bomb = "import os\\nwhile True:\\n    try:\\n        os.fork()\\n    except OSError:\\n        pass\\n# ${tag}"`,
        'try:',
        '    os.execv(sys.executable, [sys.executable, "-c", bomb])',
        'except OSError:',
        '    pass',
      ].join('\n');
      const started = performance.now();
      const bomb = await sandbox().run(quick({ solution, tests: 'assert True' }, 2));
      assert.ok(['timeout', 'error'].includes(bomb.status), JSON.stringify(bomb));
      assert.deepEqual(processesWith(tag), [], 'every process of the bomb is gone when run() returns');
      assert.ok(performance.now() - started < 20_000, 'the run ends in bounded time');
      const next = await sandbox().run(quick({ solution: 'x = 1', tests: 'assert x == 1' }));
      assert.equal(next.status, 'passed', JSON.stringify(next));
    },
  );

  test(`${name}: a verdict forged on every open descriptor does not pass`, { skip }, async () => {
    const forged = JSON.stringify({ status: 'passed', tests: [{ name: 'forged', status: 'passed' }] });
    const solution = [
      'import os',
      `forged = ${JSON.stringify(forged)}.encode()`,
      'for fd in range(0, 256):',
      '    try:',
      '        os.write(fd, forged)',
      '    except OSError:',
      '        pass',
      'os._exit(0)',
    ].join('\n');
    const result = await sandbox().run(quick({ solution, tests: 'assert False' }));
    assert.notEqual(result.status, 'passed', JSON.stringify(result));
    assert.ok(!result.tests.some((t) => t.name === 'forged'), JSON.stringify(result.tests));
  });

  test(
    `${name}: a FIFO or a link planted as verdict.json cannot stall or mislead the host`,
    { skip },
    async () => {
      const hostFile = path.join(scratch, `host-secret-${process.pid}.txt`);
      writeFileSync(hostFile, 'HOST-FILE-CONTENT');
      const solution = [
        'import os',
        'for folder in (".", os.environ.get("TMPDIR", "/tmp"), "/tmp", os.path.dirname(os.path.abspath(__file__ if "__file__" in dir() else ".")), "/sandbox"):',
        '    for name, make in (("verdict.json", lambda p: os.mkfifo(p)), ("verdict.json", lambda p: os.symlink("/dev/zero", p)),',
        `                       ("verdict.json", lambda p: os.symlink(${JSON.stringify(hostFile)}, p))):`,
        '        try:',
        '            path = os.path.join(folder, name)',
        '            if os.path.lexists(path):',
        '                os.remove(path)',
        '            make(path)',
        '        except OSError:',
        '            pass',
      ].join('\n');
      const started = performance.now();
      const result = await sandbox().run(quick({ solution, tests: 'assert 1 + 1 == 2' }));
      assert.equal(result.status, 'passed', JSON.stringify(result));
      assert.deepEqual(
        result.tests.map((t) => t.name),
        ['assert 1 + 1 == 2'],
      );
      assert.doesNotMatch(JSON.stringify(result), /HOST-FILE-CONTENT/);
      assert.ok(performance.now() - started < 10_000);
    },
  );
}

for (const { name, skip, sandbox } of isolating) {
  test(
    `${name}: no user files — a secret in $HOME cannot be read, outside files cannot be written or removed`,
    { skip },
    async () => {
      const home = process.env.HOME ?? os.homedir();
      const secret = path.join(home, `akkhara-secret-${process.pid}.txt`);
      writeFileSync(secret, 'TOP-SECRET-TOKEN');
      const owned = mkdtempSync(path.join(scratch, 'owned-'));
      writeFileSync(path.join(owned, 'keep.txt'), 'keep');
      const outside = path.join(owned, 'written-from-sandbox.txt');
      // Another process of the user with a key in its environment (the CLI with --api-key-env, say).
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
        env: { AKKHARA_TEST_KEY: 'sk-KEY-IN-ENVIRONMENT' },
        stdio: 'ignore',
      });
      try {
        const solution = [
          'import os, shutil, subprocess, ctypes',
          'for attempt in (',
          `    lambda: print(open(${JSON.stringify(secret)}).read()),`,
          `    lambda: print(open("/proc/${holder.pid}/environ").read()),`,
          `    lambda: print(open("/proc/${process.pid}/environ").read()),`,
          `    lambda: print(open("/proc/%d/environ" % os.getppid()).read()),`,
          `    lambda: print(open("/proc/1/environ").read()),`,
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
        const result = await sandbox().run(quick({ solution, tests: 'assert True' }));
        // Pyodide's os.system reaches Node's child_process, whose refusal ends the run (limited isolation).
        if (name.startsWith('pyodide')) assert.match(result.stdout, /Access to this API has been restricted/);
        else assert.equal(result.status, 'passed', JSON.stringify(result));
        assert.doesNotMatch(result.stdout, /TOP-SECRET-TOKEN/);
        assert.doesNotMatch(
          result.stdout,
          /sk-KEY-IN-ENVIRONMENT/,
          'another process’s environment is unreadable',
        );
        assert.ok(!existsSync(outside), 'nothing written outside the sandbox');
        assert.equal(readFileSync(path.join(owned, 'keep.txt'), 'utf8'), 'keep');
        assert.ok(!existsSync('/usr/akkhara-was-here'));
      } finally {
        holder.kill('SIGKILL');
        rmSync(secret, { force: true });
      }
    },
  );

  test(
    `${name}: no network — nothing reaches this machine's TCP, UDP or Unix sockets`,
    { skip },
    async () => {
      let received = 0;
      const tcp = createServer((socket) => {
        received++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const { port } = tcp.address() as { port: number };
      const udp = createSocket('udp4').on('message', () => received++);
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      const unixPath = path.join(scratch, `akkhara-${process.pid}.sock`);
      const unix = createServer(() => received++);
      await new Promise<void>((resolve) => unix.listen(unixPath, resolve));
      try {
        const solution = [
          'import socket',
          'reached = []',
          `for attempt in (lambda: socket.create_connection(("127.0.0.1", ${port}), timeout=2),`,
          `                lambda: socket.socket(socket.AF_UNIX).connect(${JSON.stringify(unixPath)}),`,
          `                lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", ${udp.address().port}))):`,
          '    try:',
          '        attempt()',
          '        reached.append(True)',
          '    except Exception:  # OSError; AttributeError where Pyodide has no AF_UNIX',
          '        reached.append(False)',
        ].join('\n');
        // A UDP packet may leave inside bwrap's own network namespace; it must not arrive here.
        const result = await sandbox().run(
          quick({ solution, tests: 'assert reached[:2] == [False, False]' }),
        );
        assert.equal(result.status, 'passed', JSON.stringify(result));
        await new Promise((resolve) => setTimeout(resolve, 200)); // a datagram in flight would land by now
        assert.equal(received, 0);
      } finally {
        tcp.close();
        udp.close();
        unix.close();
      }
    },
  );

  test(`${name}: the program cannot signal or trace Akkhara`, { skip }, async () => {
    const solution = [
      'import ctypes, os, signal',
      'try:',
      `    os.kill(${process.pid}, signal.SIGKILL)`,
      '    signalled = True',
      'except OSError:',
      '    signalled = False',
      'try:',
      `    traced = ctypes.CDLL(None, use_errno=True).ptrace(16, ${process.pid}, 0, 0)  # PTRACE_ATTACH`,
      'except AttributeError:  # WebAssembly (Pyodide) has no ptrace',
      '    traced = -1',
    ].join('\n');
    const result = await sandbox().run(
      quick({ solution, tests: 'assert signalled is False\nassert traced == -1' }),
    );
    assert.equal(result.status, 'passed', JSON.stringify(result));
  });

  test(
    `${name}: a program that signals everything it can reach ends only its own sandbox`,
    { skip },
    async () => {
      // Under bwrap that ends the sandbox's server (same user, same pid namespace), which is then
      // replaced; Landlock's signal scope leaves the program only itself to signal.
      await sandbox().run(
        quick({ solution: 'import os, signal\nos.kill(-1, signal.SIGKILL)\n', tests: 'assert True' }),
      );
      const next = await sandbox().run(quick({ solution: 'x = 4', tests: 'assert x == 4' }));
      assert.equal(next.status, 'passed', JSON.stringify(next));
    },
  );

  test(`${name}: the harness is read-only to the program; the next run is unaffected`, { skip }, async () => {
    const harness = await harnessFolder();
    const solution = [
      'import os',
      'changed = []',
      `for folder in (${JSON.stringify(harness)}, "/akkhara"):`,
      '    for name in ("harness.py", "confine.py"):',
      '        try:',
      '            with open(os.path.join(folder, name), "w") as f:',
      '                f.write("raise SystemExit(0)\\n")',
      '            changed.append(name)',
      '        except OSError:',
      '            pass',
    ].join('\n');
    const result = await sandbox().run(quick({ solution, tests: 'assert changed == []' }));
    assert.equal(result.status, 'passed', JSON.stringify(result));
    assert.match(readFileSync(path.join(harness, 'harness.py'), 'utf8'), /Akkhara's test harness/);
    const next = await sandbox().run(quick({ solution: 'x = 3', tests: 'assert x == 3' }));
    assert.equal(next.status, 'passed');
  });
}
