/**
 * `akkhara lint` over a course repository as a teacher's CI runs it: folders, ignore files, globs,
 * nothing matched, bad entries in a folder, --quiet and --max-warnings, and the CI formats (SARIF
 * checked against the SARIF 2.1.0 schema, GitHub annotations, JUnit read by Python's XML parser).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { DIST, REPO_ROOT as ROOT } from '../support/paths';
import { cliForNobody } from '../support/nobodyCli';

function lint(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000, // a FIFO or a link loop must never hang it
    env: { ...process.env, AKKHARA_UI_LANG: 'en' },
  });
}

/** A course folder: files named by relative path → content. */
function course(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-course-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

const THAI_IN_BURMESE = 'ကိန်းများကို ပေါင်းပါ สวัสดี\n';
const NATIVE_DIGIT_IN_CODE = 'x = ၁\n';

test('a folder is checked recursively: the sample workspace’s planted mistakes are found, never "0 problems"', () => {
  const result = lint(ROOT, 'samples/workspace');
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /samples\/workspace\/mixed-script-example\.md/);
  assert.doesNotMatch(result.stdout, /✔ 0 problems/);
});

test('ignore files (.gitignore, .akkharaignore, nested, from the repository root), .git and node_modules are respected; --ext and globs choose files', () => {
  const root = course({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n*.draft.md\n',
    'lessons/.akkharaignore': 'old/\n',
    'lessons/one.md': THAI_IN_BURMESE,
    'lessons/two.draft.md': THAI_IN_BURMESE,
    'lessons/old/three.md': THAI_IN_BURMESE,
    'lessons/code/sum.py': NATIVE_DIGIT_IN_CODE,
    'lessons/notes.rst': THAI_IN_BURMESE,
    'build/out.md': THAI_IN_BURMESE,
    'node_modules/pkg/readme.md': THAI_IN_BURMESE,
  });
  const files = (stdout: string) =>
    [...stdout.matchAll(/^(\S+\.\w+)$/gm)].map((match) => match[1].split(path.sep).join('/')).sort();
  // From inside a subfolder, the repository root's .gitignore still applies.
  const inLessons = lint(path.join(root, 'lessons'));
  assert.deepEqual(files(inLessons.stdout), ['code/sum.py', 'one.md']);
  assert.deepEqual(files(lint(root).stdout), ['lessons/code/sum.py', 'lessons/one.md']);
  assert.deepEqual(files(lint(root, '--ext', 'rst,md', 'lessons').stdout), [
    'lessons/notes.rst',
    'lessons/one.md',
  ]);
  assert.deepEqual(files(lint(root, 'lessons/**/*.py').stdout), ['lessons/code/sum.py']);
  // A file named on the command line is checked whatever its extension or the ignore files say.
  assert.deepEqual(files(lint(root, 'lessons/two.draft.md').stdout), ['lessons/two.draft.md']);
});

test('nothing to check is a failure that says why, never a green "0 problems"', () => {
  const root = course({ 'readme.rst': 'text\n', '.akkharaignore': 'ignored/\n', 'ignored/a.md': 'x\n' });
  for (const args of [[], ['.'], ['*.md'], ['--ext', 'py', '.']]) {
    const result = lint(root, ...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}`);
    assert.match(result.stderr, /no files to check in .* \(looked for .*\)/);
    assert.doesNotMatch(result.stdout, /problems/);
  }
  const missing = lint(root, 'nope/');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\/: no such file/);
});

test('bad entries in a folder are skipped with a reason and counted: a link loop, a link to a folder, a FIFO, binary, non-UTF-8', () => {
  const root = course({ 'ok.md': 'ဟုတ်ကဲ့\n', 'blob.md': '\u0000binary', 'latin1.md': '' });
  writeFileSync(path.join(root, 'latin1.md'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  mkdirSync(path.join(root, 'sub'));
  symlinkSync('..', path.join(root, 'sub', 'loop.md'));
  symlinkSync(root, path.join(root, 'elsewhere'));
  const fifo = spawnSync('mkfifo', [path.join(root, 'pipe.md')]);
  assert.equal(fifo.status, 0, 'mkfifo');
  const result = lint(root);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /blob\.md: skipped \(binary file\)/);
  assert.match(result.stderr, /latin1\.md: skipped \(not UTF-8 text\)/);
  assert.match(result.stderr, /pipe\.md: skipped \(not a regular file\)/);
  assert.match(result.stderr, /loop\.md: skipped \(a link to a folder \(not followed\)\)/);
  assert.match(result.stdout, /✔ 0 problems.*; 4 files skipped/);
});

test('--quiet lists errors only; --max-warnings fails a run with more warnings than allowed', () => {
  const root = course({ 'lesson.md': THAI_IN_BURMESE, 'code.py': NATIVE_DIGIT_IN_CODE });
  const all = lint(root);
  assert.match(all.stdout, /warning/);
  assert.match(all.stdout, /error/);
  const quiet = lint(root, '--quiet');
  assert.doesNotMatch(quiet.stdout, /warning {2}/);
  assert.match(quiet.stdout, /code\.py[\s\S]*error/);
  assert.doesNotMatch(quiet.stdout, /lesson\.md/);
  const warningsOnly = course({ 'lesson.md': THAI_IN_BURMESE });
  assert.equal(lint(warningsOnly).status, 0);
  assert.equal(lint(warningsOnly, '--max-warnings', '1').status, 0);
  const over = lint(warningsOnly, '--max-warnings', '0');
  assert.equal(over.status, 1);
  assert.match(over.stderr, /1 warning: more than --max-warnings 0/);
  assert.equal(lint(warningsOnly, '--max-warnings', '-1').status, 2, 'a bad number is a usage error');
});

test('SARIF 2.1.0 for code scanning: valid against the schema, rule ids are finding codes, regions one-based', () => {
  const root = course({ 'lessons/one.md': THAI_IN_BURMESE, 'code.py': NATIVE_DIGIT_IN_CODE });
  const result = lint(root, '--format', 'sarif');
  assert.equal(result.status, 1, result.stderr);
  const log = JSON.parse(result.stdout) as {
    runs: {
      tool: { driver: { rules: { id: string }[] } };
      results: {
        ruleId: string;
        level: string;
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number; startColumn: number };
          };
        }[];
      }[];
    }[];
  };
  // The SARIF 2.1.0 schema as Microsoft's SARIF matchers ship it (JSON Schema draft 04).
  const schemaFile = path.join(
    ROOT,
    'node_modules',
    '@microsoft',
    'jest-sarif',
    'lib',
    'schemas',
    'sarif-2.1.0-rtm.5.json',
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
  // The schema's language-tag pattern is not valid with the u flag (it predates it).
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const valid = ajv.validate(schema, log);
  assert.ok(valid, JSON.stringify(ajv.errors, null, 2));
  const [run] = log.runs;
  assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'foreign-script'));
  const byRule = new Map(run.results.map((r) => [r.ruleId, r]));
  const thai = byRule.get('foreign-script')!;
  assert.equal(thai.level, 'warning');
  assert.equal(thai.locations[0].physicalLocation.artifactLocation.uri, 'lessons/one.md');
  assert.deepEqual(
    {
      line: thai.locations[0].physicalLocation.region.startLine,
      column: thai.locations[0].physicalLocation.region.startColumn,
    },
    { line: 1, column: THAI_IN_BURMESE.indexOf('ส') + 1 },
  );
  const digit = byRule.get('native-in-code')!;
  assert.equal(digit.level, 'error');
  assert.equal(digit.locations[0].physicalLocation.region.startColumn, 5);
});

test('GitHub annotations: a workflow command per finding, properties and message escaped', () => {
  const root = course({ 'a,b:c.md': THAI_IN_BURMESE, 'code.py': NATIVE_DIGIT_IN_CODE });
  const result = lint(root, '--format', 'github');
  assert.equal(result.status, 1);
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('::'));
  assert.equal(lines.length, 2, result.stdout);
  assert.match(
    lines[0],
    /^::warning file=a%2Cb%3Ac\.md,line=1,col=\d+,endLine=1,endColumn=\d+,title=Akkhara foreign-script::Thai text/,
  );
  assert.match(
    lines[1],
    /^::error file=code\.py,line=1,col=5,endLine=1,endColumn=6,title=Akkhara native-in-code::/,
  );
});

test('JUnit XML: well-formed (read by Python’s parser), a failing case per finding, a passing case per clean file', () => {
  const root = course({
    'lesson.md': THAI_IN_BURMESE,
    'clean.md': 'ဟုတ်ကဲ့ <ok> & "fine"\n',
    'code.py': NATIVE_DIGIT_IN_CODE,
  });
  const result = lint(root, '--format', 'junit');
  assert.equal(result.status, 1);
  const parsed = spawnSync(
    'python3',
    [
      '-c',
      [
        'import sys, json, xml.etree.ElementTree as ET',
        'root = ET.fromstring(sys.stdin.buffer.read())',
        'print(json.dumps({"tests": root.get("tests"), "failures": root.get("failures"),',
        '  "suites": [[s.get("name"), len(s.findall("testcase")), len(s.findall("testcase/failure"))] for s in root.findall("testsuite")]}))',
      ].join('\n'),
    ],
    { input: result.stdout, encoding: 'utf8' },
  );
  assert.equal(parsed.status, 0, parsed.stderr);
  assert.deepEqual(JSON.parse(parsed.stdout), {
    tests: '3',
    failures: '2',
    suites: [
      ['clean.md', 1, 0],
      ['code.py', 1, 1],
      ['lesson.md', 1, 1],
    ],
  });
});

test('a course configuration (akkhara.config.json, or "akkhara" in package.json) applies to the files below it, the nearest winning', () => {
  const root = course({
    'akkhara.config.json': JSON.stringify({ severity: { 'foreign-script': 'error' }, ignores: ['drafts/'] }),
    'lesson.md': THAI_IN_BURMESE,
    'drafts/wip.md': THAI_IN_BURMESE,
    'quiet/akkhara.config.json': JSON.stringify({ severity: { 'foreign-script': 'off' } }),
    'quiet/lesson.md': THAI_IN_BURMESE,
    'thai-welcome/package.json': JSON.stringify({ name: 'x', akkhara: { allowedScripts: ['Thai'] } }),
    'thai-welcome/lesson.md': THAI_IN_BURMESE,
  });
  const result = lint(root, '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const files = JSON.parse(result.stdout) as {
    file: string;
    diagnostics: { code: string; severity: number }[];
  }[];
  const codes = Object.fromEntries(
    files.map((f) => [
      f.file,
      f.diagnostics.filter((d) => d.severity < 4).map((d) => `${d.code}:${d.severity}`),
    ]),
  );
  assert.deepEqual(codes, {
    'lesson.md': ['foreign-script:1'],
    'quiet/lesson.md': [],
    'thai-welcome/lesson.md': [],
  });
  // The command line's --lang wins over the configuration's language.
  const bangla = course({
    'akkhara.config.json': JSON.stringify({ language: 'bn' }),
    'lesson.md': THAI_IN_BURMESE,
  });
  const asBangla = JSON.parse(lint(bangla, '--format', 'json').stdout) as { stats: { target: string } }[];
  assert.equal(asBangla[0].stats.target, 'bn');
  const asBurmese = JSON.parse(lint(bangla, '--format', 'json', '--lang', 'my').stdout) as {
    stats: { target: string };
  }[];
  assert.equal(asBurmese[0].stats.target, 'my');
});

test('a configuration with an unknown key, a wrong type, bad JSON or an unknown script is an error naming the file and the key', () => {
  for (const [config, message] of [
    [
      { severity: { 'foreign-scrip': 'error' } },
      /akkhara\.config\.json: "severity\.foreign-scrip" is not a known key/,
    ],
    [{ ignores: 'drafts/' }, /akkhara\.config\.json: "ignores" must be array/],
    [{ language: 'th' }, /akkhara\.config\.json: "language" must be one of auto, my, bn/],
    [
      { allowedScripts: ['Klingon'] },
      /akkhara\.config\.json: "allowedScripts" names an unknown script "Klingon"/,
    ],
    ['{ "language": ', /akkhara\.config\.json: is not valid JSON/],
  ] as const) {
    const root = course({
      'akkhara.config.json': typeof config === 'string' ? config : JSON.stringify(config),
      'lesson.md': THAI_IN_BURMESE,
    });
    const result = lint(root);
    assert.equal(result.status, 2, `${JSON.stringify(config)}: ${result.stdout}`);
    assert.match(result.stderr, message);
  }
});

/** A lesson with one of each safe fix, and a Thai fragment no fix may touch. */
const FIXABLE_LESSON = [
  '# পাঠ',
  '',
  'উৎসব নয়, উত\u09CD\u200Dসব লিখুন। ভাল\u200Dো কথা ক\u09C7\u09BE', // legacy khanda ta, a stray joiner, not NFC
  'ကိန်းများကို ပေါင်းပါ สวัสดี',
  '',
  '```python',
  'total = ১২ + ৩',
  'print(total)।',
  '```',
  '',
].join('\n');

test('--fix applies the safe fixes in place and reports what remains; a second --fix changes nothing', () => {
  const root = course({ 'lesson.md': FIXABLE_LESSON });
  const file = path.join(root, 'lesson.md');
  const first = lint(root, '--fix', '--format', 'text');
  assert.match(first.stdout, /problems? fixed in 1 file/);
  const fixed = readFileSync(file, 'utf8');
  assert.match(fixed, /^total = 12 \+ 3\nprint\(total\)$/m, 'ASCII digits, the danda removed, in code');
  assert.match(fixed, /উৎসব লিখুন/, 'ৎ for the legacy khanda ta');
  assert.ok(!fixed.includes('\u200D'), 'the stray joiner is gone');
  assert.equal(fixed, fixed.normalize('NFC'));
  assert.match(fixed, /สวัสดี/, 'a foreign fragment needs a person: left as it was');
  assert.match(first.stdout, /foreign-script/, 'and reported');
  const again = lint(root, '--fix');
  assert.doesNotMatch(again.stdout, /fixed in/);
  assert.equal(readFileSync(file, 'utf8'), fixed);
});

test('--fix-dry-run prints the fixes as a unified diff and writes nothing', () => {
  const root = course({ 'lesson.md': FIXABLE_LESSON });
  const result = lint(root, '--fix-dry-run');
  assert.match(result.stdout, /^--- a\/lesson\.md\n\+\+\+ b\/lesson\.md\n@@ /m);
  assert.match(result.stdout, /^-total = ১২ \+ ৩\n-print\(total\)।\n\+total = 12 \+ 3\n\+print\(total\)$/m);
  assert.equal(readFileSync(path.join(root, 'lesson.md'), 'utf8'), FIXABLE_LESSON);
  assert.equal(lint(root, '--fix-dry-run', '--format', 'json').status, 2, 'a diff is text only');
});

test('--fix on a file that may not be written reports it and still fixes the others (as an ordinary user)', () => {
  const root = course({ 'locked.md': FIXABLE_LESSON, 'open.md': FIXABLE_LESSON });
  const asRoot = process.getuid?.() === 0;
  // Root may write any file: run the command as nobody, who may write open.md only.
  chmodSync(root, 0o777);
  chmodSync(path.join(root, 'locked.md'), 0o444);
  if (asRoot) chownSync(path.join(root, 'open.md'), 65534, 65534);
  const command = [asRoot ? cliForNobody() : path.join(DIST, 'cli.js'), 'lint', '--fix', '.'];
  const result = asRoot
    ? spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...command],
        { cwd: root, encoding: 'utf8', env: { ...process.env, AKKHARA_UI_LANG: 'en' } },
      )
    : spawnSync(process.execPath, command, {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, AKKHARA_UI_LANG: 'en' },
      });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /locked\.md: not fixed: the file cannot be written/);
  assert.equal(readFileSync(path.join(root, 'locked.md'), 'utf8'), FIXABLE_LESSON);
  assert.match(readFileSync(path.join(root, 'open.md'), 'utf8'), /^total = 12 \+ 3$/m);
});

test('--fix keeps a file’s byte-order mark and its permissions', () => {
  const root = course({ 'code.py': '\ufeffx = ১২\n' });
  const file = path.join(root, 'code.py');
  chmodSync(file, 0o640);
  const result = lint(root, '--fix');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual([...readFileSync(file).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(readFileSync(file, 'utf8'), '\ufeffx = 12\n');
  assert.equal(statSync(file).mode & 0o777, 0o640);
});
