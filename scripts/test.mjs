// `npm test`: every check, in the order that fails fastest. Static checks, the build, the VSIX,
// the integration suites (VS Code desktop or VS Code Server; never a silent skip), then one node:test run
// over the unit and end-to-end suites, whose summary closes the output.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
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
step('Unit, package and end-to-end tests (node:test)', process.execPath, [
  '--test',
  '--test-timeout=300000',
  ...testFiles('out/test/unit'),
  ...testFiles('out/test/package'),
  ...testFiles('out/test/e2e'),
]);
