/**
 * A repository's configuration is untrusted input: `akkhara lint` and the language server read it
 * with bounded cost (ignore patterns built to backtrack, a glossary built to be slow, a FIFO, a link
 * to /dev/zero or to a secret, an oversized file), never above the repository or workspace, and in
 * an untrusted workspace never let it switch a check off.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';
import { DIST } from '../support/paths';

/** A guard against a hang, not a measurement: the old matcher did not finish these in hours. */
const HANG_GUARD_MS = 60_000;

function lint(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    env: { ...process.env, AKKHARA_UI_LANG: 'en' },
  });
}

function course(files: Record<string, string>, git = true): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-config-'));
  if (git) mkdirSync(path.join(root, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

const NATIVE_DIGIT = '```python\ntotal = ၁၀ + 2\n```\n';

test('ignore patterns built to backtrack are matched in one pass, in the configuration and in .gitignore', () => {
  const deep = Array.from({ length: 6 }, () => 'a'.repeat(60)).join('/');
  const pattern = '**/**/**/**/**/**/**/**/a*a*a*a*a*a*a*a*b';
  const root = course({
    'akkhara.config.json': JSON.stringify({ ignores: [pattern] }),
    '.gitignore': `${pattern}\n*a*a*a*a*a*a*a*a*a*a*c\n`,
    [`${deep}/lesson.md`]: NATIVE_DIGIT,
  });
  const result = lint(root, '.');
  assert.equal(result.signal, null, 'lint finished');
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /native-in-code/);
});

test('a glossary built to be slow costs time linear in the lesson', () => {
  // Thousands of long terms that all share their first 63 letters with the lesson's text.
  const glossary: Record<string, { my: { preferred: string[] } }> = {};
  for (let i = 0; i < 4000; i++)
    glossary[`c${i}`] = { my: { preferred: [`${'က'.repeat(63)}${String.fromCharCode(0x1001 + (i % 30))}`] } };
  const root = course({
    'akkhara.config.json': JSON.stringify({ language: 'my', glossary }),
    'lesson.md': `${'က'.repeat(160_000)}\n`,
  });
  const result = lint(root, 'lesson.md');
  assert.equal(result.signal, null, 'lint finished');
  assert.equal(result.status, 0, result.stderr);
});

test('a configuration that is a FIFO, a link or too large is refused by name and never quoted', () => {
  const secret = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkhara-secret-')), 'token');
  writeFileSync(secret, '{"SECRET-TOKEN-VALUE": 1');
  for (const [make, message] of [
    [(file: string) => spawnSync('mkfifo', [file]), /akkhara\.config\.json: is not a regular file/],
    [
      (file: string) => symlinkSync('/dev/zero', file),
      /akkhara\.config\.json: is a link; only a regular file is read/,
    ],
    [(file: string) => symlinkSync(secret, file), /akkhara\.config\.json: is a link/],
    [
      (file: string) => writeFileSync(file, `{"language": "my", "x": "${'y'.repeat(1_100_000)}"}`),
      /is larger than 1024 KB/,
    ],
  ] as const) {
    const root = course({ 'lesson.md': NATIVE_DIGIT });
    make(path.join(root, 'akkhara.config.json'));
    const result = lint(root, '.');
    assert.equal(result.signal, null, 'lint finished');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr + result.stdout, /SECRET-TOKEN-VALUE/);
  }
});

test('invalid JSON is named by line and column, without the file’s text; a byte-order mark is fine', () => {
  const broken = course({
    'akkhara.config.json': '{\n  "language": SECRET-WORD\n}\n',
    'lesson.md': NATIVE_DIGIT,
  });
  const result = lint(broken, '.');
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /akkhara\.config\.json: is not valid JSON \(invalid symbol at line 2, column 15\)/,
  );
  assert.doesNotMatch(result.stderr, /SECRET-WORD/);
  const bom = course({
    'akkhara.config.json': '\ufeff{"severity": {"native-in-code": "warning"}}',
    'lesson.md': NATIVE_DIGIT,
  });
  const withBom = lint(bom, '.');
  assert.equal(withBom.status, 0, withBom.stderr);
  assert.match(withBom.stdout, /warning.*native-in-code/);
});

test('a configuration above the repository root, or above the folder lint runs in, does not apply', () => {
  const outer = course(
    { 'akkhara.config.json': JSON.stringify({ severity: { 'native-in-code': 'off' } }) },
    false,
  );
  const repo = path.join(outer, 'course');
  mkdirSync(path.join(repo, '.git'), { recursive: true });
  writeFileSync(path.join(repo, 'lesson.md'), NATIVE_DIGIT);
  assert.equal(lint(repo, '.').status, 1, 'the parent folder’s configuration does not switch the check off');
  const plain = path.join(outer, 'plain');
  mkdirSync(plain);
  writeFileSync(path.join(plain, 'lesson.md'), NATIVE_DIGIT);
  assert.equal(lint(plain, '.').status, 1, 'nor does it above the folder lint runs in');
  assert.equal(lint(outer, 'plain').status, 0, 'run from the folder that holds it, it applies');
});

for (const trusted of [false, true]) {
  test(`the language server ${trusted ? 'applies' : 'ignores'} a repository’s severities and ignores in a${trusted ? ' trusted' : 'n untrusted'} workspace`, async () => {
    const root = course({
      'akkhara.config.json': JSON.stringify({ severity: { 'native-in-code': 'off' }, ignores: ['hidden/'] }),
    });
    const { child, connection } = spawnServer();
    const diagnostics = collectDiagnostics(connection);
    connection.listen();
    try {
      await initialize(connection, {
        initializationOptions: { uiLanguage: 'en', trusted },
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'course' }],
      });
      for (const name of ['lesson.md', 'hidden/lesson.md'])
        await connection.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: {
            uri: pathToFileURL(path.join(root, name)).href,
            languageId: 'markdown',
            version: 1,
            text: NATIVE_DIGIT,
          },
        });
      const published = [await diagnostics.nth(1), await diagnostics.nth(2)];
      for (const { diagnostics: found } of published)
        assert.equal(
          found.some((d) => d.code === 'native-in-code'),
          !trusted,
          JSON.stringify(found),
        );
    } finally {
      connection.dispose();
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
    }
  });
}

test('--format github: a file name with a newline cannot start a workflow command on stdout or stderr', () => {
  const root = course({});
  // Skipped as binary and as non-UTF-8: both are named on stderr, which the Actions runner reads too.
  writeFileSync(
    path.join(root, 'x\n::stop-commands::pwned\n::error file=a::forged.md'),
    Buffer.from([0, 1, 2]),
  );
  writeFileSync(path.join(root, 'y\n::warning::forged.md'), Buffer.from([0xff, 0xfe, 0x41]));
  writeFileSync(path.join(root, 'z\n::error::forged.md'), NATIVE_DIGIT);
  const result = lint(root, '--format', 'github', '.');
  assert.equal(result.signal, null);
  for (const stream of [result.stdout, result.stderr])
    for (const line of stream.split('\n'))
      assert.ok(
        !line.startsWith('::') || /^::(error|warning|notice) file=/.test(line),
        `a forged command: ${line}`,
      );
  assert.doesNotMatch(result.stdout + result.stderr, /^::stop-commands::/m);
  assert.match(result.stderr, /x\\n::stop-commands::pwned/);
});
