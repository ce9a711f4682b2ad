/**
 * Akkhara where courses run it, through the real clients. pre-commit from PyPI (installed by `npm
 * run setup:e2e`) installs this repository's hooks the way it installs every `language: node` hook
 * (`npm install -g git+file://…`, dependencies from the registry), and `git commit` runs them: a
 * commit with a planted lesson and a broken exercise fails, naming the findings; the fixed commit
 * passes. The GitHub Action's steps run as the runner runs them: in the action's folder, with its
 * `${{ }}` expressions filled in and GITHUB_* set. The repository is a snapshot of this working
 * tree, so uncommitted changes are what is tested.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { E2E_CACHE } from '../support/codeServer';
import { REPO_ROOT } from '../support/paths';

const preCommit = path.join(E2E_CACHE, 'pre-commit', 'bin', 'pre-commit');
const missing = existsSync(preCommit)
  ? false
  : `pre-commit is not installed in ${E2E_CACHE} (run: npm run setup:e2e)`;
const skip = missing && !process.env.CI ? missing : false;

const work = mkdtempSync(path.join(os.tmpdir(), 'akkhara-pre-commit-'));
after(() => rmSync(work, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=teacher@example.org', '-c', 'user.name=Teacher', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** This working tree (tracked files and untracked ones git does not ignore) as a repository of its own. */
function snapshot(name = 'akkhara'): { repo: string; rev: string } {
  const repo = path.join(work, name);
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(path.join(REPO_ROOT, file)));
  for (const file of files) cpSync(path.join(REPO_ROOT, file), path.join(repo, file), { recursive: false });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'snapshot');
  return { repo, rev: git(repo, 'rev-parse', 'HEAD').trim() };
}

const BROKEN_TASK = [
  '# ပေါင်းခြင်း',
  '',
  'ကိန်းနှစ်ခုကို ပေါင်းပါ။',
  '',
  '```python tests',
  'assert add(2, 3) == 5',
  '```',
  '',
  '```python solution',
  'def add(a, b):',
  '    return a - b',
  '```',
  '',
].join('\n');

test(
  'pre-commit installs Akkhara’s hooks from this repository; a planted lesson fails the commit, a clean one passes',
  { skip, timeout: 600_000 },
  () => {
    if (missing) throw new Error(missing); // in CI the test bed must be there
    const { repo, rev } = snapshot();
    const course = path.join(work, 'course');
    mkdirSync(course);
    git(course, 'init', '-q');
    writeFileSync(
      path.join(course, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks: [{ id: akkhara-lint }, { id: akkhara-tasks }]\n`,
    );
    writeFileSync(path.join(course, 'lesson.md'), '# ပေါင်းခြင်း\n\n```python\ntotal = ၁၀ + 2\n```\n');
    writeFileSync(path.join(course, 'add.task.md'), BROKEN_TASK);
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
      AKKHARA_UI_LANG: 'en',
      // node-llama-cpp comes with the package's dependencies: no build or download of llama.cpp here.
      NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    };
    execFileSync(preCommit, ['install'], { cwd: course, env });
    git(course, 'add', '-A');
    const planted = spawnSync(
      'git',
      ['-c', 'user.email=t@example.org', '-c', 'user.name=T', 'commit', '-m', 'lesson'],
      {
        cwd: course,
        env,
        encoding: 'utf8',
        timeout: 540_000,
      },
    );
    const output = planted.stdout + planted.stderr;
    assert.equal(planted.status, 1, output);
    assert.match(output, /Akkhara \(mixed-script check for Burmese and Bangla\)\.+Failed/);
    assert.match(output, /lesson\.md\s+4:9\s+error\s+Burmese characters in Python code .* native-in-code/);
    assert.match(output, /Akkhara tasks check .*\.+Failed/);
    assert.match(output, /add\.task\.md.*solution-fails/s);
    assert.equal(git(course, 'rev-list', '--all').trim(), '', 'nothing was committed');

    writeFileSync(path.join(course, 'lesson.md'), '# ပေါင်းခြင်း\n\n```python\ntotal = 10 + 2\n```\n');
    writeFileSync(path.join(course, 'add.task.md'), BROKEN_TASK.replace('a - b', 'a + b'));
    git(course, 'add', '-A');
    const clean = spawnSync(
      'git',
      ['-c', 'user.email=t@example.org', '-c', 'user.name=T', 'commit', '-m', 'lesson'],
      {
        cwd: course,
        env,
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(
      clean.stdout + clean.stderr,
      /Akkhara \(mixed-script check for Burmese and Bangla\)\.+Passed/,
    );
    assert.match(clean.stdout + clean.stderr, /Akkhara tasks check .*\.+Passed/);
  },
);

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly 'working-directory'?: string;
  readonly env?: Record<string, string>;
}

test(
  'the GitHub Action’s steps, run as the runner runs them, install Akkhara and annotate a course',
  { timeout: 600_000 },
  () => {
    const { repo } = snapshot('action');
    const action = parse(readFileSync(path.join(repo, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string }>;
      runs: { using: string; steps: Step[] };
    };
    assert.equal(action.runs.using, 'composite');
    const workspace = path.join(work, 'workspace');
    mkdirSync(path.join(workspace, 'lessons'), { recursive: true });
    writeFileSync(path.join(workspace, 'lessons', 'one.md'), 'ကိန်းများကို ပေါင်းပါ สวัสดี\n');
    writeFileSync(path.join(workspace, 'code.py'), 'x = ၁\n');
    const inputs: Record<string, string> = {
      ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default])),
      paths: 'lessons code.py',
    };
    const github = { action_path: repo, workspace };
    // What the runner does with `${{ inputs.x }}` and `${{ github.x }}` before a step runs.
    const expand = (text: string) =>
      text.replace(/\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}/g, (_, scope: string, name: string) =>
        scope === 'inputs' ? (inputs[name] ?? '') : (github[name as keyof typeof github] ?? ''),
      );
    const runnerEnv = {
      ...process.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: repo,
      RUNNER_TEMP: work,
      AKKHARA_UI_LANG: 'en',
      NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    };
    let lint: ReturnType<typeof spawnSync> | undefined;
    for (const step of action.runs.steps) {
      if (step.uses) {
        assert.match(
          step.uses,
          /^actions\/setup-node@v\d+$/,
          'the only action it uses sets up Node, which is here already',
        );
        continue;
      }
      assert.equal(step.shell, 'bash');
      const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], {
        cwd: expand(step['working-directory'] ?? workspace),
        env: {
          ...runnerEnv,
          ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
        },
        encoding: 'utf8',
        timeout: 540_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (step.name === 'akkhara lint') lint = result;
      else assert.equal(result.status, 0, `${step.name}: ${result.stderr}`);
    }
    assert.ok(lint, 'the lint step ran');
    assert.equal(lint.status, 1, String(lint.stderr));
    const annotations = String(lint.stdout)
      .split('\n')
      .filter((line) => line.startsWith('::'));
    assert.match(annotations[0], /^::warning file=lessons\/one\.md,line=1,/);
    assert.match(annotations[1], /^::error file=code\.py,line=1,col=5,/);
  },
);
