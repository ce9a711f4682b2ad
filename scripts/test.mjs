// `npm test`: every check, in the order that fails fastest. Static checks, the build, the VSIX,
// the integration suites (VS Code desktop or VS Code Server; never a silent skip), then one node:test run
// over the unit and end-to-end suites, whose summary closes the output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { runAsOrdinaryUser } from './asOrdinaryUser.mjs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const testFiles = (dir) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f));

step('Type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']);
step('Lint (eslint)', bin('eslint'), ['.']);
step('Format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
step('Build bundles and tests', process.execPath, ['scripts/build.mjs', '--tests']);
step('Package the VSIX', process.execPath, ['scripts/package.mjs']);
step('Integration suites (a real VS Code extension host)', process.execPath, [
  'out/test/integration/runTests.js',
]);
// Students are not root: the sandbox behaves differently for an ordinary user (user namespaces,
// per-user process limits). As root, run the sandbox suites again as nobody under a per-user process
// limit, hostile programs back to back; the suites check that nothing of theirs is left.
if (process.getuid?.() === 0) {
  const title = 'Sandbox and hostile-program tests as an ordinary user (nobody, at most 200 processes)';
  console.log(`\n▶ ${title}`);
  let result;
  try {
    result = runAsOrdinaryUser(
      root,
      testFiles('out/test/unit').filter((file) => /sandbox\w*\.test\.js$/.test(file)),
      // Root's Python may sit in root's home; the system one is what an ordinary user has.
      {
        env: {
          CI: 'true',
          AKKHARA_TEST_PYTHON: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
        },
      },
    );
  } catch (error) {
    console.error(`✖ ${title}: ${error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}
step('Unit, package and end-to-end tests (node:test)', process.execPath, [
  '--test',
  '--test-timeout=300000',
  ...testFiles('out/test/unit'),
  ...testFiles('out/test/package'),
  ...testFiles('out/test/e2e'),
]);
