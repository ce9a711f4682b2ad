/**
 * `lint --fix` on a repository that may be hostile or busy: links planted where a temporary file
 * could go, a lesson that is a link out of the repository, a folder that cannot be written, and a
 * file that changes while it is fixed. Nothing outside the named folders is ever written, and
 * nothing written meanwhile is lost.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FixRefused, writeFixed } from '../../src/cli/lintFix';
import { DIST } from '../support/paths';
import { cliForNobody } from '../support/nobodyCli';

const LESSON = 'ကိန်းများကို ပေါင်းပါ\n\n```python\ntotal = ১২ + ৩\n```\n';
const FIXED = 'ကိန်းများကို ပေါင်းပါ\n\n```python\ntotal = 12 + 3\n```\n';

function lint(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AKKHARA_UI_LANG: 'en' },
  });
}

function workspace() {
  const top = mkdtempSync(path.join(os.tmpdir(), 'akkhara-fixsafety-'));
  const repo = path.join(top, 'course');
  mkdirSync(repo);
  const outside = path.join(top, 'bashrc');
  writeFileSync(outside, 'export PATH=/usr/bin\n');
  return { top, repo, outside };
}

test('--fix never writes through links planted for the temporary file names of the next processes', () => {
  const { repo, outside } = workspace();
  writeFileSync(path.join(repo, 'lesson.md'), LESSON);
  // The old temporary name was `.lesson.md.akkhara-fix-<pid>`: plant it for the PIDs to come.
  const last = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
  for (let pid = last + 1; pid < last + 400; pid++)
    symlinkSync(outside, path.join(repo, `.lesson.md.akkhara-fix-${pid}`));
  const result = lint(repo, '--fix', 'lesson.md');
  assert.equal(readFileSync(outside, 'utf8'), 'export PATH=/usr/bin\n', 'the file outside is untouched');
  assert.ok(lstatSync(path.join(repo, 'lesson.md')).isFile(), 'the lesson is a file, not a link');
  assert.equal(readFileSync(path.join(repo, 'lesson.md'), 'utf8'), FIXED, result.stderr);
  assert.equal(readdirSync(repo).filter((name) => name.endsWith('.tmp')).length, 0, 'no temporary left');
});

test('--fix leaves a lesson that links outside the named folders alone and says where it leads', () => {
  const { repo, outside } = workspace();
  writeFileSync(outside, LESSON);
  symlinkSync(outside, path.join(repo, 'lesson.md'));
  const result = lint(repo, '--fix', '.');
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(
    result.stderr,
    new RegExp(
      `lesson\\.md: not fixed: it is a link to ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, outside the folders being checked`,
    ),
  );
  assert.equal(readFileSync(outside, 'utf8'), LESSON);
  assert.ok(lstatSync(path.join(repo, 'lesson.md')).isSymbolicLink());
});

test('--fix follows a link inside the named folders to its target and keeps the link', () => {
  const { repo } = workspace();
  mkdirSync(path.join(repo, 'lessons'));
  writeFileSync(path.join(repo, 'lessons', 'one.md'), LESSON);
  symlinkSync(path.join('lessons', 'one.md'), path.join(repo, 'current.md'));
  const result = lint(repo, '--fix', 'current.md', 'lessons');
  assert.match(result.stdout, /fixed in 1 file/, result.stderr);
  assert.equal(readFileSync(path.join(repo, 'lessons', 'one.md'), 'utf8'), FIXED);
  assert.ok(lstatSync(path.join(repo, 'current.md')).isSymbolicLink());
});

test('--fix in a folder the user cannot write names the folder (as an ordinary user)', () => {
  const { repo } = workspace();
  const locked = path.join(repo, 'locked');
  mkdirSync(locked);
  const file = path.join(locked, 'lesson.md');
  writeFileSync(file, LESSON);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(repo, 0o755);
    chmodSync(path.dirname(repo), 0o755);
    chownSync(file, 65534, 65534); // nobody's file, in root's folder
  } else chmodSync(locked, 0o555);
  const command = [asRoot ? cliForNobody() : path.join(DIST, 'cli.js'), 'lint', '--fix', '.'];
  const env = { ...process.env, AKKHARA_UI_LANG: 'en' };
  const result = asRoot
    ? spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...command],
        {
          cwd: repo,
          encoding: 'utf8',
          env,
        },
      )
    : spawnSync(process.execPath, command, { cwd: repo, encoding: 'utf8', env });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /lesson\.md: not fixed: the folder .*locked is not writable/);
  assert.equal(readFileSync(file, 'utf8'), LESSON);
});

test('a fix is not written over what was appended to the file after it was read', async () => {
  const { repo } = workspace();
  const file = path.join(repo, 'lesson.md');
  writeFileSync(file, LESSON);
  writeFileSync(file, `${LESSON}a line the teacher just added\n`);
  await assert.rejects(
    writeFixed(file, LESSON, FIXED, [repo]),
    (error) => error instanceof FixRefused && error.why === 'changed',
  );
  assert.equal(readFileSync(file, 'utf8'), `${LESSON}a line the teacher just added\n`);
  assert.deepEqual(readdirSync(repo), ['lesson.md'], 'no temporary left');
  await writeFixed(file, `${LESSON}a line the teacher just added\n`, FIXED, [repo]);
  assert.equal(readFileSync(file, 'utf8'), FIXED);
});
