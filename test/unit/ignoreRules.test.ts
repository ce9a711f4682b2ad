/**
 * Akkhara's .gitignore matcher against git itself: random rule sets and paths, each path made on disk
 * (so git knows a folder from a file) and asked of `git check-ignore --no-index`. Then the patterns a
 * hostile repository would use to stall a backtracking matcher.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { IgnoreRules } from '../../src/core/course/ignoreRules';
import { random } from '../support/random';

const hasGit = spawnSync('git', ['--version']).status === 0;
const NAMES = ['a', 'b', 'ab', 'ba', 'x.md', 'c'];
const PIECES = ['a', 'b', 'ab', '*', '?', '**', '[ab]', '[!a]', '[a-b]', 'a*', '*b', 'x.md', '*.md', 'a?'];

/** git's verdicts for `paths` under `rules` (a trailing '/' marks a folder, made as one). */
function gitVerdicts(rules: string[], paths: string[]): boolean[] {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'akkhara-gitignore-'));
  try {
    spawnSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, '.gitignore'), `${rules.join('\n')}\n`);
    for (const relative of paths) {
      const full = path.join(repo, relative);
      if (relative.endsWith('/')) mkdirSync(full, { recursive: true });
      else {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, '');
      }
    }
    const answer = spawnSync('git', ['check-ignore', '--no-index', '--stdin', '-v', '-n'], {
      cwd: repo,
      input: paths.map((p) => p.replace(/\/$/, '')).join('\n'),
      encoding: 'utf8',
    });
    const ignored = new Map<string, boolean>();
    for (const line of answer.stdout.split('\n').filter(Boolean)) {
      const [source, name] = line.split('\t');
      ignored.set(name, source !== '::' && !/^\.gitignore:\d+:!/.test(source));
    }
    return paths.map((p) => ignored.get(p.replace(/\/$/, '')) ?? false);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

test(
  'the matcher agrees with git check-ignore on random rules and paths',
  { skip: !hasGit && 'git is not installed' },
  () => {
    const next = random(20261207);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    let compared = 0;
    for (let round = 0; round < 150; round++) {
      const rules = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => {
        let rule = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(PIECES)).join('/');
        if (next() < 0.2) rule = `/${rule}`;
        if (next() < 0.2) rule = `${rule}/`;
        return i > 0 && next() < 0.4 ? `!${rule}` : rule;
      });
      // Paths that do not clash (no name both a file and a folder) within one round.
      const paths: string[] = [];
      const kinds = new Map<string, 'file' | 'folder'>();
      for (let i = 0; i < 12; i++) {
        const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(NAMES));
        const folder = next() < 0.3;
        const clash = parts.some((_, j) => {
          const prefix = parts.slice(0, j + 1).join('/');
          const kind = j < parts.length - 1 || folder ? 'folder' : 'file';
          return (kinds.get(prefix) ?? kind) !== kind;
        });
        if (clash) continue;
        parts.forEach((_, j) =>
          kinds.set(parts.slice(0, j + 1).join('/'), j < parts.length - 1 || folder ? 'folder' : 'file'),
        );
        paths.push(parts.join('/') + (folder ? '/' : ''));
      }
      const git = gitVerdicts(rules, paths);
      const ours = new IgnoreRules().add(rules);
      paths.forEach((p, i) => {
        assert.equal(ours.ignores(p), git[i], `${JSON.stringify(rules)} on ${p}`);
        compared++;
      });
    }
    assert.ok(compared > 1000);
  },
);

test('comments, escapes, trailing spaces and negation as gitignore(5) says', () => {
  const rules = new IgnoreRules().add(
    '# a comment\n\\#hash\n\\!bang\nspace\\ \ntrail   \nbuild/\n!build/keep.md\n*.log\n!important.log\n',
  );
  assert.equal(rules.ignores('# a comment'), false);
  assert.equal(rules.ignores('#hash'), true);
  assert.equal(rules.ignores('!bang'), true);
  assert.equal(rules.ignores('space '), true);
  assert.equal(rules.ignores('trail'), true);
  assert.equal(rules.ignores('build/'), true);
  assert.equal(rules.ignores('build'), false, 'a trailing slash is for folders only');
  assert.equal(rules.ignores('build/keep.md'), true, 'nothing inside an ignored folder comes back');
  assert.equal(rules.ignores('debug.log'), true);
  assert.equal(rules.ignores('important.log'), false);
});

test('patterns that make a backtracking matcher take forever are matched in one pass', () => {
  const hostile = [
    '**/**/**/**/**/**/**/**/a*a*a*a*a*a*a*a*b',
    '*a*a*a*a*a*a*a*a*a*a*a*a*b',
    '[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*c',
  ];
  const rules = new IgnoreRules().add(hostile);
  const deep = Array.from({ length: 20 }, () => 'a'.repeat(200)).join('/');
  // Each of these runs in microseconds here; a backtracking engine would not return in a lifetime.
  assert.equal(rules.ignores(`${deep}/file.md`), false);
  assert.equal(rules.ignores(`${deep}/${'a'.repeat(20)}b`), true);
});
