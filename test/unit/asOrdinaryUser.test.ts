/**
 * `npm test`'s unprivileged pass (scripts/asOrdinaryUser.mjs) from a checkout nobody can enter: a
 * clone in a private folder must still run its sandbox suites as an ordinary user; files nobody may
 * read are named before anything starts.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runAsOrdinaryUser } from '../../scripts/asOrdinaryUser.mjs';

const asRoot = process.getuid?.() === 0;
const skip = asRoot ? false : 'the unprivileged pass is run by root (as CI runs npm test)';
const top = mkdtempSync(path.join(os.tmpdir(), 'akkhara-private-')); // 0700: only root may enter
after(() => rmSync(top, { recursive: true, force: true }));

test('a checkout in a folder only its owner can enter still runs its tests as nobody', { skip }, () => {
  const checkout = path.join(top, 'akkhara');
  mkdirSync(path.join(checkout, 'out'), { recursive: true, mode: 0o755 });
  writeFileSync(path.join(checkout, 'package.json'), '{}');
  writeFileSync(
    path.join(checkout, 'out', 'who.test.js'),
    "require('node:test')('runs as nobody', () => require('node:assert').equal(process.getuid(), 65534));\n",
  );
  const result = runAsOrdinaryUser(checkout, ['out/who.test.js'], { stdio: 'pipe' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /# pass 1/);
});

test('a test file nobody may read is named, with what to do, before anything runs', { skip }, () => {
  const checkout = path.join(top, 'umask077');
  mkdirSync(path.join(checkout, 'out'), { recursive: true });
  writeFileSync(path.join(checkout, 'out', 'x.test.js'), '');
  chmodSync(path.join(checkout, 'out', 'x.test.js'), 0o600);
  assert.throws(
    () => runAsOrdinaryUser(checkout, ['out/x.test.js']),
    /x\.test\.js is not readable by other users .*chmod -R o\+rX/,
  );
});
