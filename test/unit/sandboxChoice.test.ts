import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  createSandbox,
  NoIsolationError,
  SandboxUnavailableError,
  type BackendProbes,
  type ColdSandbox,
} from '../../src/core/sandbox';
import { PyodideSandbox } from '../../src/core/sandbox/pyodideSandbox';
import { seatbeltProfile } from '../../src/core/sandbox/seatbelt';
import { endMarked, MARK_VARIABLE, markedProcesses } from '../../src/core/sandbox/marked';

/** A stand-in sandbox that only says which backend it is. */
const fake = (backend: string) => ({ backend }) as unknown as ColdSandbox;
const probes = (overrides: Partial<BackendProbes>): BackendProbes => ({
  bwrap: () => Promise.resolve('bubblewrap is not installed'),
  landlock: () => Promise.resolve('the kernel has no Landlock'),
  seatbelt: () => Promise.resolve('Seatbelt needs macOS'),
  pyodide: () => Promise.resolve('this Node has no permission model'),
  platform: 'linux',
  ...overrides,
});

test('auto takes the strongest backend that works: bubblewrap, then Landlock, then Python in WebAssembly', async () => {
  const all = probes({
    bwrap: () => Promise.resolve(fake('bwrap')),
    landlock: () => Promise.resolve(fake('landlock')),
    pyodide: () => Promise.resolve(fake('pyodide')),
  });
  assert.equal((await createSandbox('auto', '', all)).backend, 'bwrap');
  const noBwrap = probes({
    landlock: () => Promise.resolve(fake('landlock')),
    pyodide: () => Promise.resolve(fake('pyodide')),
  });
  assert.equal((await createSandbox('auto', '', noBwrap)).backend, 'landlock');
  const onlyPyodide = probes({ pyodide: () => Promise.resolve(fake('pyodide')) });
  assert.equal((await createSandbox('auto', '', onlyPyodide)).backend, 'pyodide');
  const mac = probes({ platform: 'darwin', seatbelt: () => Promise.resolve(fake('seatbelt')) });
  assert.equal((await createSandbox('auto', '', mac)).backend, 'seatbelt');
});

test('auto never falls back to running code without isolation: it says why each backend is missing', async () => {
  const error = await createSandbox('auto', '', probes({})).then(
    () => assert.fail('a sandbox was created'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof NoIsolationError, String(error));
  assert.deepEqual(Object.keys(error.reasons), ['bwrap', 'landlock', 'pyodide']);
  assert.match(error.message, /bubblewrap is not installed/);
  assert.match(error.message, /"process" backend/);
  // On Windows no native backend exists: only Python in WebAssembly, else the same refusal.
  const windows = await createSandbox('auto', '', probes({ platform: 'win32' })).catch((e: unknown) => e);
  assert.ok(windows instanceof NoIsolationError);
  assert.deepEqual(Object.keys(windows.reasons), ['pyodide']);
});

test('a named backend is that backend or a clear error; "process" only when named, with no isolation', async () => {
  const named = await createSandbox('bwrap', '', probes({})).catch((e: unknown) => e);
  assert.ok(named instanceof SandboxUnavailableError);
  assert.match(String(named), /bubblewrap is not installed/);
  const wrongOs = await createSandbox('seatbelt', '', probes({})).catch((e: unknown) => e);
  assert.ok(wrongOs instanceof SandboxUnavailableError);
  assert.match(String(wrongOs), /does not run on linux/);
  const process = await createSandbox('process', '', probes({}));
  assert.deepEqual([process.backend, process.isolation], ['process', 'none']);
});

test('the macOS Seatbelt profile denies by default and opens only Python, the system and one scratch folder', () => {
  const profile = seatbeltProfile({
    read: ['/opt/homebrew/Cellar/python@3.12', '/tmp/akkhara-helpers-x'],
    scratch: '/private/var/folders/ab/akkhara-scratch-"quoted"',
    python: '/opt/homebrew/bin/python3',
  });
  const lines = profile.split('\n');
  assert.equal(lines[0], '(version 1)');
  assert.equal(lines[1], '(deny default)');
  assert.ok(!/network/.test(profile), 'no network rule: denied by default');
  assert.ok(!/\/Users\b|\(subpath "\/"\)/.test(profile), 'no home folder, not the whole disk');
  const writes = lines.find((line) => line.startsWith('(allow file-write*'))!;
  assert.match(writes, /\(subpath "\/private\/var\/folders\/ab\/akkhara-scratch-\\"quoted\\""\)/);
  assert.ok(!writes.includes('homebrew'), 'Python is read-only');
  assert.match(profile, /\(allow process-exec \(literal "\/opt\/homebrew\/bin\/python3"\)\)/);
  assert.match(profile, /\(allow file-read\* [^\n]*\(subpath "\/opt\/homebrew\/Cellar\/python@3.12"\)/);
  assert.match(profile, /\(allow signal \(target same-sandbox\)\)/);
  const reads = lines.find((line) => line.startsWith('(allow file-read*'))!;
  for (const whole of ['/usr/local', '/opt/homebrew'])
    assert.ok(!reads.includes(`(subpath "${whole}")`), `not all of ${whole}: only Homebrew's libraries`);
  assert.match(reads, /\(subpath "\/opt\/homebrew\/opt"\)/);
});

test(
  'a daemon that carries its server’s mark is found and ended from outside (Seatbelt’s way, tried on Linux)',
  { skip: process.platform !== 'linux' && 'Linux /proc' },
  async () => {
    const mark = `test-${process.pid}-${Date.now()}`;
    const daemon = spawn('sleep', ['60'], {
      detached: true,
      stdio: 'ignore',
      env: { [MARK_VARIABLE]: mark, PATH: '/usr/bin:/bin' },
    });
    daemon.unref();
    const other = spawn('sleep', ['60'], {
      detached: true,
      stdio: 'ignore',
      env: { [MARK_VARIABLE]: 'another server', PATH: '/usr/bin:/bin' },
    });
    other.unref();
    try {
      assert.deepEqual(await markedProcesses(mark), [daemon.pid]);
      assert.equal(await endMarked(mark), 0);
      assert.deepEqual(await markedProcesses(mark), []);
      assert.deepEqual(
        await markedProcesses('another server'),
        [other.pid],
        'another server’s processes are left alone',
      );
    } finally {
      other.kill('SIGKILL');
      daemon.kill('SIGKILL');
    }
  },
);

test('Python in WebAssembly is refused, not run unrestricted, where Node has no permission model', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-old-node-'));
  // A Node (an Electron build, an old release) that rejects the permission flags.
  const oldNode = path.join(dir, 'node');
  writeFileSync(
    oldNode,
    `#!/bin/sh\nfor arg in "$@"; do case "$arg" in --permission|--experimental-permission) echo "bad option: $arg" >&2; exit 9;; esac; done\nexec ${JSON.stringify(process.execPath)} "$@"\n`,
  );
  chmodSync(oldNode, 0o755);
  const refused = await PyodideSandbox.create(oldNode);
  assert.equal(typeof refused, 'string');
  assert.match(String(refused), /no permission model/);
  assert.notEqual(typeof (await PyodideSandbox.create()), 'string', 'this Node has one');
});
