/**
 * Where courses run Akkhara: the pre-commit hook and the GitHub Action this repository ships. The
 * Action's lint step is run here as GitHub would run it (bash, its inputs as environment variables),
 * and the packed copy pre-commit installs must carry the command line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { DIST, REPO_ROOT } from '../support/paths';

const read = (name: string) => parse(readFileSync(path.join(REPO_ROOT, name), 'utf8')) as unknown;

test('the pre-commit hook runs the package’s own command on lessons, exercises and text', () => {
  const hooks = read('.pre-commit-hooks.yaml') as {
    id: string;
    entry: string;
    language: string;
    types_or: string[];
  }[];
  const hook = hooks.find((h) => h.id === 'akkhara-lint');
  assert.ok(hook);
  const { bin } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  assert.deepEqual(hook.entry.split(' '), ['akkhara', 'lint']);
  assert.ok(bin.akkhara, 'the entry is the package’s bin');
  assert.equal(hook.language, 'node');
  assert.deepEqual([...hook.types_or].sort(), ['markdown', 'plain-text', 'python']);
});

test('the copy of this repository that pre-commit installs (npm pack) carries the command line’s sources and launcher, not the tests; npm never has to prepare it', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ files }] = JSON.parse(packed.stdout) as { files: { path: string }[] }[];
  const paths = new Set(files.map((file) => file.path));
  for (const needed of ['bin/akkhara.cjs', 'scripts/build.mjs', 'scripts/scriptData.mjs', 'src/cli/main.ts'])
    assert.ok(paths.has(needed), `${needed} is packed`);
  assert.ok(![...paths].some((file) => file.startsWith('test/') || file.startsWith('out/')));
  // pacote prepares a git dependency in place when it has any of these scripts, which fails for a
  // global install (npm/cli#8440): the command line is built on first use instead (bin/akkhara.cjs).
  const { scripts, dependencies } = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  ) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };
  for (const script of ['preinstall', 'install', 'postinstall', 'build', 'prepack', 'prepare'])
    assert.ok(!(script in scripts), `no "${script}" script`);
  assert.ok(dependencies.esbuild, 'esbuild is a dependency: the launcher builds with it');
});

interface ActionStep {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

function lintStep(): ActionStep {
  const action = read('action.yml') as { runs: { using: string; steps: ActionStep[] } };
  assert.equal(action.runs.using, 'composite');
  const step = action.runs.steps.find((s) => s.name === 'akkhara lint');
  assert.ok(step?.run && step.env);
  // Inputs reach the script only through the environment (never `${{ inputs.… }}` in the script).
  assert.doesNotMatch(step.run, /\$\{\{/);
  return step;
}

function runLintStep(
  cwd: string,
  inputs: { paths: string; lang?: string; maxWarnings?: string; tasks?: boolean },
) {
  return spawnSync('bash', ['-e', '-c', lintStep().run!], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      AKKHARA_UI_LANG: 'en',
      AKKHARA_PATHS: inputs.paths,
      AKKHARA_LANG: inputs.lang ?? 'auto',
      AKKHARA_MAX_WARNINGS: inputs.maxWarnings ?? '',
      AKKHARA_TASKS: inputs.tasks ? 'true' : 'false',
      AKKHARA_CLI: path.join(DIST, 'cli.js'),
    },
  });
}

test('the GitHub Action’s lint step annotates findings, honours its inputs, and treats them as data', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-action-'));
  mkdirSync(path.join(root, 'lessons'));
  writeFileSync(path.join(root, 'lessons', 'one.md'), 'ကိန်းများကို ပေါင်းပါ สวัสดี\n');
  writeFileSync(path.join(root, 'code.py'), 'x = ၁\n');
  writeFileSync(path.join(root, 'other.md'), 'ကိန်း ขอบ\n');

  const both = runLintStep(root, { paths: 'lessons code.py' });
  assert.equal(both.status, 1, both.stderr);
  const annotations = both.stdout.split('\n').filter((line) => line.startsWith('::'));
  assert.equal(annotations.length, 2, both.stdout);
  assert.match(annotations[0], /^::warning file=lessons\/one\.md,line=1,/);
  assert.match(annotations[1], /^::error file=code\.py,line=1,col=5,/);

  const warningsOnly = runLintStep(root, { paths: 'lessons', maxWarnings: '0' });
  assert.equal(warningsOnly.status, 1, 'max-warnings reaches the command');
  assert.equal(runLintStep(root, { paths: 'lessons' }).status, 0);

  // With `tasks: true`, the exercises are checked too: a solution that fails its tests fails the job.
  writeFileSync(
    path.join(root, 'lessons', 'add.task.md'),
    '# ပေါင်းခြင်း\n\nကိန်းနှစ်ခုကို ပေါင်းပါ။\n\n```python tests\nassert add(2, 3) == 5\n```\n\n```python solution\ndef add(a, b):\n    return a - b\n```\n',
  );
  writeFileSync(path.join(root, 'lessons', 'one.md'), 'ကိန်းများကို ပေါင်းပါ\n');
  assert.equal(runLintStep(root, { paths: 'lessons' }).status, 0, 'lint alone is clean');
  const withTasks = runLintStep(root, { paths: 'lessons', tasks: true });
  assert.equal(withTasks.status, 1, withTasks.stderr);
  assert.match(withTasks.stdout, /^::error file=lessons\/add\.task\.md,line=1,.*solution-fails::/m);

  const hostile = runLintStep(root, { paths: '$(touch pwned) `touch pwned2`' });
  assert.equal(hostile.status, 2, 'the odd words are paths that do not exist');
  assert.ok(!existsSync(path.join(root, 'pwned')) && !existsSync(path.join(root, 'pwned2')));
});
