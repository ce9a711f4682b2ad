import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

test('an unknown argument fails with a message and the usage', () => {
  const result = cli('no-such-command');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /error: too many arguments/);
  assert.match(result.stderr, /Usage: akkhara/);
});

test('the bin entry points at an executable script with a node shebang', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const script = readFileSync(path.join(REPO_ROOT, manifest.bin.akkhara), 'utf8');
  assert.match(script, /^#!\/usr\/bin\/env node\n/);
});
