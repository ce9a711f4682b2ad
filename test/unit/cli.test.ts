import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIST, REPO_ROOT } from '../support/paths';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { encoding: 'utf8' });
const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

test('akkhara --version prints the package version', () => {
  for (const flag of ['--version', '-v']) {
    const result = cli(flag);
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  }
});

test('akkhara --help describes the tool and exits 0', () => {
  const result = cli('--help');
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: akkhara/m);
  assert.match(result.stdout, /Burmese and Bangla/);
});

test('an unknown command is named as one, with the closest command, also before --help; exit 2', () => {
  for (const args of [['no-such-command'], ['describ', '--help'], ['lnit', 'lesson.md']]) {
    const result = cli(...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, new RegExp(`error: unknown command '${args[0]}'`));
    assert.equal(result.stdout, '', 'not the top-level help');
  }
  assert.match(cli('lnit').stderr, /Did you mean lint\?/);
  const alone = cli();
  assert.equal(alone.status, 0);
  assert.match(alone.stdout, /^Usage: akkhara/m);
});

test('the bin entry points at an executable script with a node shebang', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const script = readFileSync(path.join(REPO_ROOT, manifest.bin.akkhara), 'utf8');
  assert.match(script, /^#!\/usr\/bin\/env node\n/);
});

test('every usage mistake is one line, a hint to --help and exit code 2; help and --version are 0', () => {
  for (const args of [
    ['run'],
    ['run', '--code', 'x.py', '--bogus'],
    ['lint', '--format', 'xml', 'x.md'],
    ['eval', '--tasks', 't.jsonl'],
  ]) {
    const result = cli(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /\(add --help for usage\)\n$/, args.join(' '));
    assert.ok(result.stderr.split('\n').filter(Boolean).length <= 2, 'not the whole help');
    assert.equal(result.stdout, '');
  }
  const zero = cli('run', '--code', 'x.py', '--timeout', '0');
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /--timeout must be a number of seconds above 0 and at most 300, not "0"/);
  assert.equal(cli('run', '--help').status, 0);
  assert.equal(cli('--version').status, 0);
});

test('akkhara feedback list on a store nobody has written yet says so, exit 0', () => {
  const store = path.join(os.tmpdir(), `akkhara-no-store-${process.pid}.jsonl`);
  const text = cli('feedback', 'list', '--store', store);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /no feedback yet/);
  const json = cli('feedback', 'list', '--store', store, '--json');
  assert.deepEqual(JSON.parse(json.stdout), []);
});

test('a reader that stops early (| head -1) ends the command quietly: no EPIPE, no stack', () => {
  // The JSON report of a lesson with thousands of English words (each a hint) is far more than a pipe
  // holds: the writes after head has gone meet a closed pipe.
  const lesson = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkhara-epipe-')), 'lesson.md');
  writeFileSync(lesson, 'ဤ function သည် list ကို return ပြန်ပေးသည်။\n'.repeat(5000));
  for (const command of ['node "$0" lint --format json "$1" | head -1', 'node "$0" --help | head -1']) {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', command, path.join(DIST, 'cli.js'), lesson], {
      encoding: 'utf8',
    });
    assert.doesNotMatch(result.stderr, /EPIPE|Unhandled|\n\s+at /, result.stderr);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
  }
});
