/**
 * Which Python runs a student's tests: the setting, else the interpreter picked in the Python
 * extension (a virtual environment, as "Python: Select Interpreter" would pick one), else python3 on
 * PATH. Runs the real testing bundle (dist/testing.js) and its sandbox.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pythonFolders } from '../../src/core/sandbox/bwrap';
import { installFakeVscode } from '../support/fakeVscode';
import { DIST } from '../support/paths';

type TestingModule = typeof import('../../src/vscode/testRunner');

let folder: string;
let venvPython = '';
let noVenv = '';
before(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'akkhara-python-'));
  // Readable by all, like a project folder: as root, the sandbox runs programs as nobody.
  chmodSync(folder, 0o755);
  try {
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(folder, 'env')], { stdio: 'pipe' });
    venvPython = path.join(folder, 'env', 'bin', 'python');
  } catch (error) {
    noVenv = `python3 -m venv is not available here (Debian: python3-venv): ${String(error)}`;
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

function withTesting<T>(
  options: Parameters<typeof installFakeVscode>[2],
  body: (testing: TestingModule) => T,
) {
  const fake = installFakeVscode([], 'en', { trusted: true, ...options });
  delete require.cache[require.resolve(path.join(DIST, 'testing.js'))];
  try {
    return body(require(path.join(DIST, 'testing.js')) as TestingModule);
  } finally {
    fake.restore();
  }
}

const printExecutable = {
  solution: 'import sys\nprint(sys.executable)',
  tests: 'assert sys.version_info >= (3,)',
};

/** How isolated a run with python3 from PATH is here (bubblewrap where it works). */
function isolationOnPath(): Promise<string> {
  return withTesting({}, async (testing) => (await testing.runCode(printExecutable)).isolation);
}

test('the Python extension’s interpreter runs the tests when akkhara.python.path is empty', async (t) => {
  if (noVenv) return t.skip(noVenv);
  await withTesting({ pythonExtension: { executable: venvPython } }, async (testing) => {
    assert.deepEqual(await testing.pythonForTests(), { path: venvPython, source: 'python-extension' });
    const result = await testing.runCode(printExecutable);
    assert.equal(result.status, 'passed', result.error);
    assert.equal(result.stdout.trim(), venvPython);
    // As isolated as with the system's Python: the environment's folder is mounted read-only.
    assert.equal(result.isolation, await isolationOnPath());
  });
});

test('a python the repository itself holds is never started; a venv linking to an installed Python is', async (t) => {
  if (noVenv) return t.skip(noVenv);
  const marker = path.join(folder, 'repository-python-ran');
  // A program named python, committed where the Python extension finds a project's .venv.
  const planted = path.join(folder, 'repo', '.venv', 'bin', 'python');
  mkdirSync(path.dirname(planted), { recursive: true });
  writeFileSync(planted, `#!/bin/sh\ntouch ${marker}\nexec python3 "$@"\n`, { mode: 0o755 });
  await withTesting(
    { pythonExtension: { executable: planted }, workspaceFolders: [path.join(folder, 'repo')] },
    async (testing) => {
      assert.deepEqual(await testing.pythonForTests(), { path: '', source: 'path', passedOver: planted });
      const result = await testing.runCode(printExecutable);
      assert.equal(result.status, 'passed', result.error);
      assert.ok(!existsSync(marker), 'the repository’s program never ran');
    },
  );
  // The student's own venv in the project: its python links to an installed interpreter.
  await withTesting(
    { pythonExtension: { executable: venvPython }, workspaceFolders: [folder] },
    async (testing) => {
      assert.deepEqual(await testing.pythonForTests(), { path: venvPython, source: 'python-extension' });
    },
  );
});

test('akkhara.python.path wins over the Python extension', async (t) => {
  if (noVenv) return t.skip(noVenv);
  const system = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  await withTesting(
    { pythonExtension: { executable: venvPython }, settings: { 'akkhara.python.path': system } },
    async (testing) => {
      assert.deepEqual(await testing.pythonForTests(), { path: system, source: 'setting' });
      assert.equal((await testing.runCode(printExecutable)).stdout.trim(), system);
    },
  );
});

test('without the Python extension, or when it fails, python3 on PATH runs the tests', async () => {
  for (const pythonExtension of [undefined, 'fails' as const]) {
    await withTesting({ ...(pythonExtension && { pythonExtension }) }, async (testing) => {
      assert.deepEqual(await testing.pythonForTests(), { path: '', source: 'path' });
      const result = await testing.runCode(printExecutable);
      assert.equal(result.status, 'passed', result.error);
      assert.notEqual(result.stdout.trim(), venvPython);
    });
  }
});

test('the sandbox mounts a virtual environment’s folder, never what it already shows (/usr, /bin) or /', () => {
  const folders = (executable: string, ...prefixes: string[]) =>
    pythonFolders({ executable, prefixes, version: '3.11.2' });
  assert.deepEqual(folders('/usr/bin/python3', '/usr'), []);
  assert.deepEqual(folders('/bin/python3', '/usr'), [], '/bin is a link to usr/bin inside the sandbox');
  assert.deepEqual(folders('/home/ana/course/.venv/bin/python', '/usr'), ['/home/ana/course/.venv/bin']);
  assert.deepEqual(folders('/opt/py/bin/python3', '/opt/py'), ['/opt/py'], 'the prefix covers its bin/');
  assert.deepEqual(folders('/python3', '/usr'), []);
});
