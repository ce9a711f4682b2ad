/**
 * One set of escape probes, run on every backend that says "isolated" (bubblewrap, Landlock, and
 * Landlock acting as the ABI 1 and 2 of Linux before 6.2): each probe must be refused on each, so
 * the backends give the same verdicts, and the user's files must be unchanged afterwards — their
 * bytes, mode, owner, times and extended attributes, checked from outside. CI runs this file as root
 * and again as an ordinary user.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LandlockSandbox } from '../../src/core/sandbox/landlock';
import { findPython } from '../../src/core/sandbox/python';
import type { Sandbox } from '../../src/core/sandbox/types';
import { sandboxBackends, skipLandlock } from '../support/sandboxes';

const { isolating, all } = sandboxBackends({ pyodide: true });
const pyodide = all.filter((backend) => backend.backend === 'pyodide');
const home = mkdtempSync(path.join(process.env.HOME ?? os.tmpdir(), '.akkhara-escape-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** Landlock as older kernels have it: ABI 2 (5.19–6.1, no truncate right) and ABI 1 (5.13–5.18). */
const olderLandlock: Record<number, Sandbox | string> = {};
before(async () => {
  if (skipLandlock) return;
  const python = await findPython(process.env.AKKHARA_TEST_PYTHON ?? '');
  for (const abi of [1, 2]) olderLandlock[abi] = await LandlockSandbox.create(python, { abi });
});
const backends = [
  ...isolating,
  ...pyodide,
  ...[1, 2].map((abi) => ({
    name: `landlock (ABI ${abi})`,
    skip: skipLandlock,
    sandbox: () => {
      const sandbox = olderLandlock[abi];
      if (typeof sandbox === 'string') throw new Error(sandbox);
      return sandbox;
    },
  })),
];

interface Planted {
  readonly key: string;
  readonly folder: string;
  readonly tool: string;
}

/** A user's private key, a course folder and an executable of theirs, as the probes find them. */
function plant(): Planted {
  const folder = mkdtempSync(path.join(home, 'course-'));
  const key = path.join(folder, 'id_ed25519');
  writeFileSync(key, 'PRIVATE-KEY');
  chmodSync(key, 0o600);
  const tool = path.join(folder, 'tool');
  writeFileSync(tool, '#!/bin/sh\n');
  chmodSync(tool, 0o755);
  for (const file of [key, tool]) utimesSync(file, 1_000_000, 1_000_000);
  chmodSync(folder, 0o755);
  return { key, folder, tool };
}

function state(planted: Planted): unknown {
  const of = (file: string) => {
    const stats = statSync(file);
    return {
      mode: stats.mode,
      uid: stats.uid,
      gid: stats.gid,
      size: stats.size,
      mtime: stats.mtimeMs,
      xattr: xattrs(file),
    };
  };
  return {
    key: { ...(of(planted.key) as object), text: readFileSync(planted.key, 'utf8') },
    tool: of(planted.tool),
    folder: of(planted.folder),
  };
}

/** The names of the file's extended attributes, as Python lists them. */
function xattrs(file: string): string {
  return execFileSync('python3', ['-c', 'import os, sys; print(sorted(os.listxattr(sys.argv[1])))', file], {
    encoding: 'utf8',
  });
}

/**
 * Each probe: a name and a Python expression that does the harm. The program reports, per probe,
 * `reached` or the exception that stopped it.
 */
function probes(planted: Planted): [string, string][] {
  const key = JSON.stringify(planted.key);
  const tool = JSON.stringify(planted.tool);
  const folder = JSON.stringify(planted.folder);
  return [
    ['read a private file', `open(${key}).read()`],
    ['write into a user folder', `open(os.path.join(${folder}, "planted"), "w").write("x")`],
    ['chmod a private key', `os.chmod(${key}, 0o666)`],
    ['make a program setuid', `os.chmod(${tool}, 0o4755)`],
    ['chmod a folder to 000', `os.chmod(${folder}, 0)`],
    ['chmod through a descriptor', `os.fchmod(os.open(${key}, os.O_RDONLY), 0o666)`],
    ['chmod through an O_PATH descriptor', `os.chmod(os.open(${key}, os.O_PATH), 0o666)`],
    ['chown a file', `os.chown(${key}, os.getuid(), os.getgid())`],
    ['set times', `os.utime(${key}, (0, 0))`],
    ['set an extended attribute', `os.setxattr(${key}, "user.akkhara", b"1")`],
    ['truncate by path', `os.truncate(${key}, 0)`],
    ['open with O_TRUNC', `os.open(${key}, os.O_WRONLY | os.O_TRUNC)`],
    ['remove a file', `os.remove(${key})`],
    ['rename a file', `os.rename(${key}, ${key} + ".moved")`],
    ['hard-link a file into scratch', `os.link(${key}, "linked")`],
    ['a nested user namespace', `check(ctypes.CDLL(None, use_errno=True).unshare(0x10000000))`],
    ['a device node', `os.mknod("null2", 0o20666, os.makedev(1, 3))`],
  ];
}

function probeProgram(list: [string, string][]): string {
  return [
    'import ctypes, json, os',
    'def check(result):',
    '    if result != 0:',
    '        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))',
    'verdicts = {}',
    ...list.flatMap(([name, code]) => [
      'try:',
      `    ${code}`,
      `    verdicts[${JSON.stringify(name)}] = "reached"`,
      'except Exception as error:',
      `    verdicts[${JSON.stringify(name)}] = type(error).__name__`,
    ]),
    'print("PROBES" + json.dumps(verdicts))',
  ].join('\n');
}

const verdictsOf = (stdout: string): Record<string, string> =>
  JSON.parse(/^PROBES(.*)$/m.exec(stdout)?.[1] ?? '{}') as Record<string, string>;

const seen = new Map<string, Record<string, boolean>>();

for (const { name, skip, sandbox } of backends) {
  test(`${name}: every escape probe is refused and the user's files are unchanged`, { skip }, async () => {
    const planted = plant();
    const before = state(planted);
    const list = probes(planted);
    const result = await sandbox().run({
      solution: probeProgram(list),
      tests: 'assert True',
      limits: { timeoutMs: 20_000 },
    });
    assert.equal(result.status, 'passed', JSON.stringify(result));
    const verdicts = verdictsOf(result.stdout);
    assert.deepEqual(
      Object.keys(verdicts),
      list.map(([probe]) => probe),
    );
    const reached = Object.entries(verdicts).filter(([, verdict]) => verdict === 'reached');
    assert.deepEqual(reached, [], `probes that got through on ${name}`);
    assert.deepEqual(
      state(planted),
      before,
      'the user’s files are byte for byte and attribute for attribute the same',
    );
    assert.ok(!existsSync(path.join(planted.folder, 'planted')));
    seen.set(
      name,
      Object.fromEntries(Object.entries(verdicts).map(([probe, verdict]) => [probe, verdict === 'reached'])),
    );
  });
}

test('the backends that claim isolation give the same verdict on every probe', (t) => {
  const isolated = [...seen.entries()].filter(([name]) => !name.startsWith('pyodide'));
  if (isolated.length < 2) return t.skip('fewer than two isolating backends ran here');
  const [first, ...rest] = isolated;
  for (const [name, verdicts] of rest) assert.deepEqual(verdicts, first[1], `${name} against ${first[0]}`);
});

for (const { name, skip, sandbox } of backends) {
  test(
    `${name}: inside its own folder a program creates, writes, truncates and removes files`,
    { skip },
    async () => {
      const solution = [
        'import os, tempfile',
        'with tempfile.NamedTemporaryFile("w", delete=False) as f:',
        '    f.write("hello")',
        'with open(f.name, "r+") as g:',
        '    g.truncate(2)  # ftruncate(2) on a descriptor opened in the folder',
        'text = open(f.name).read()',
        'try:',
        '    os.truncate(f.name, 1)',
        '    by_path = "allowed"',
        'except PermissionError:',
        '    by_path = "refused"',
        'os.makedirs("a/b")',
        'os.rename(f.name, f.name + ".renamed")  # in the same folder: Landlock ABI 1 refuses moves between folders',
        'os.remove(f.name + ".renamed")',
        // Landlock cannot keep chmod inside the folder, so there it is refused everywhere (README).
        'try:',
        '    os.chmod("a", 0o700)',
        '    chmod = "allowed"',
        'except PermissionError:',
        '    chmod = "refused"',
      ].join('\n');
      const expected = name.startsWith('landlock') ? 'refused' : 'allowed';
      // Before ABI 3 Landlock cannot tell truncate(2) in the folder from one outside it (README).
      const byPath = /ABI [12]\)/.test(name) ? 'refused' : 'allowed';
      const result = await sandbox().run({
        solution,
        tests: `assert text == "he"\nassert chmod == ${JSON.stringify(expected)}\nassert by_path == ${JSON.stringify(byPath)}`,
        limits: { timeoutMs: 20_000 },
      });
      assert.equal(result.status, 'passed', JSON.stringify(result));
    },
  );
}

for (const { name, skip, sandbox } of [...isolating, ...pyodide].filter((backend) =>
  backend.name.endsWith('(warm)'),
)) {
  test(`${name}: a program leaves nothing for the next program of the same server`, { skip }, async () => {
    const tag = `left-by-${process.pid}-${Date.now()}`;
    const places =
      '[os.getcwd(), os.path.dirname(os.getcwd()), "/tmp", os.environ.get("TMPDIR", "/tmp"), os.path.expanduser("~")]';
    const leave = [
      'import os',
      `for place in ${places}:`,
      '    try:',
      `        os.makedirs(os.path.join(place, "${tag}"), exist_ok=True)`,
      `        open(os.path.join(place, "${tag}", "note"), "w").write("x")`,
      '        try:',
      `            os.chmod(os.path.join(place, "${tag}"), 0)  # and hard to remove`,
      '        except OSError:',
      '            pass',
      '    except OSError:',
      '        pass',
    ].join('\n');
    const look = [
      'import os',
      `found = [place for place in ${places} if os.path.lexists(os.path.join(place, "${tag}"))]`,
    ].join('\n');
    const first = await sandbox().run({ solution: leave, tests: 'assert True' });
    assert.equal(first.status, 'passed', JSON.stringify(first));
    const second = await sandbox().run({ solution: look, tests: 'assert found == []' });
    assert.equal(second.status, 'passed', JSON.stringify(second));
  });
}

for (const { name, skip, sandbox } of isolating.filter((backend) => !backend.name.endsWith('(warm)'))) {
  test(
    `${name}: two programs at once that each start 40 processes both pass (the process limit is each job's own)`,
    { skip },
    async () => {
      const solution = [
        'import subprocess',
        'processes = [subprocess.Popen(["sleep", "0.5"]) for _ in range(40)]',
        'codes = [p.wait() for p in processes]',
      ].join('\n');
      const results = await Promise.all(
        [0, 1].map(() =>
          sandbox().run({ solution, tests: 'assert codes == [0] * 40', limits: { timeoutMs: 20_000 } }),
        ),
      );
      for (const result of results) assert.equal(result.status, 'passed', JSON.stringify(result));
    },
  );
}
