/**
 * A full disk in the middle of a long run (eval, judge, harden): the command says which file and
 * what is kept, exits 2 with no stack trace, and the same command goes on from there once there is
 * room. The output folder is a 16 KB tmpfs mounted in a mount namespace of the command's own (root).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { DIST, SHARED_DATA } from '../support/paths';

const skip =
  process.getuid?.() !== 0 || !existsSync('/usr/bin/unshare')
    ? 'needs root to mount a small tmpfs (CI runs as root)'
    : false;
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-full-'));
let server: FakeOpenAI;
before(async () => (server = await startFakeOpenAI()));
after(() => server.close());

/** `akkhara args…` with `--out` on a 16 KB tmpfs; what it wrote is copied to `keep` before the mount goes. */
function onFullDisk(
  args: string[],
  out: string,
  keep: string,
): Promise<{ status: number | null; stderr: string }> {
  const full = mkdtempSync(path.join(dir, 'tmpfs-'));
  const script =
    'mount -t tmpfs -o size=16k tmpfs "$0" && "$@"; status=$?; cp "$0"/* "$KEEP" 2>/dev/null; exit $status';
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      full,
      process.execPath,
      path.join(DIST, 'cli.js'),
      ...args.map((a) => a.replace('@OUT', path.join(full, out))),
    ],
    {
      env: { ...process.env, KEEP: keep, AKKHARA_UI_LANG: 'en' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

function assertSaidAndKept(stderr: string, out: string) {
  assert.match(
    stderr,
    new RegExp(
      `cannot write .*${out}: the disk is full\\. The \\d+ lines? written before are kept; free some room and run the same command to go on`,
    ),
  );
  assert.doesNotMatch(stderr, /\n\s+at |node:internal|Node\.js v/, 'no stack trace');
}

/** The whole lines of a JSON-lines file (a line torn by the full disk is not one). */
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => {
      try {
        JSON.parse(line);
        return true;
      } catch {
        return false;
      }
    });

test(
  'akkhara eval on a full disk: named, kept, exit 2; the same command then finishes',
  { skip: skip || (!existsSync(SHARED_DATA) && 'no ../shared/data') },
  async () => {
    const keep = mkdtempSync(path.join(dir, 'eval-'));
    const tasks = path.join(SHARED_DATA, 'humaneval-mya.jsonl');
    const full = await onFullDisk(
      ['eval', '--tasks', tasks, '--canonical', '--out', '@OUT'],
      'results.jsonl',
      keep,
    );
    assert.equal(full.status, 2, full.stderr);
    assertSaidAndKept(full.stderr, 'results.jsonl');
    const kept = path.join(keep, 'results.jsonl');
    const before = lines(kept).length;
    assert.ok(before > 0 && before < 164);
    const resumed = await runCli(['eval', '--tasks', tasks, '--canonical', '--out', kept]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(
      new Set(lines(kept).map((line) => (JSON.parse(line) as { task_id: string }).task_id)).size,
      164,
    );
  },
);

test(
  'akkhara judge on a full disk: named, kept, exit 2; the same command asks only the rest',
  { skip },
  async () => {
    const keep = mkdtempSync(path.join(dir, 'judge-'));
    const tasks = path.join(dir, 'judge-tasks.jsonl');
    const completions = path.join(dir, 'judge-completions.jsonl');
    const ids = Array.from({ length: 120 }, (_, i) => `T/${i}`);
    writeFileSync(
      tasks,
      ids
        .map((id, i) =>
          JSON.stringify({
            task_id: id,
            prompt: `def f${i}(x):\n    """ကိန်း x ကို ပြန်ပေးပါ။"""\n`,
            canonical_solution: '    return x\n',
            test: '',
            entry_point: `f${i}`,
          }),
        )
        .join('\n'),
    );
    writeFileSync(
      completions,
      ids.map((id) => JSON.stringify({ task_id: id, completion: 'ဤ function သည် x ကို ပြန်ပေးသည်။' })).join('\n'),
    );
    server.defaultAnswer = () => [
      JSON.stringify({
        fluency: 4,
        instruction_following: 4,
        semantic_correctness: 3,
        terminology: 4,
        mix_penalty: 0,
      }),
    ];
    const args = [
      'judge',
      '--tasks',
      tasks,
      '--completions',
      completions,
      '--judge',
      `${server.baseURL},judge-a`,
      '--out',
    ];
    const full = await onFullDisk([...args, '@OUT'], 'judged.jsonl', keep);
    assert.equal(full.status, 2, full.stderr);
    assertSaidAndKept(full.stderr, 'judged.jsonl');
    const kept = path.join(keep, 'judged.jsonl');
    const before = lines(kept).length;
    assert.ok(before > 0 && before < 120, String(before));
    const asked = server.requests.length;
    const resumed = await runCli([...args, kept], { env: { AKKHARA_UI_LANG: 'en' } });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(lines(kept).length, 120);
    assert.equal(server.requests.length - asked, 120 - before, 'only the rest were asked');
  },
);

test(
  'akkhara harden on a full disk: named, kept, exit 2; the same command hardens the rest',
  { skip: skip || (!existsSync(SHARED_DATA) && 'no ../shared/data') },
  async () => {
    const keep = mkdtempSync(path.join(dir, 'harden-'));
    mkdirSync(keep, { recursive: true });
    const tasks = path.join(SHARED_DATA, 'humaneval-ben.jsonl');
    const full = await onFullDisk(
      ['harden', '--tasks', tasks, '--out', '@OUT', '--max-extra', '5'],
      'plus.jsonl',
      keep,
    );
    assert.equal(full.status, 2, full.stderr);
    assertSaidAndKept(full.stderr, 'plus.jsonl');
    const kept = path.join(keep, 'plus.jsonl');
    const resumed = await runCli(['harden', '--tasks', tasks, '--out', kept, '--max-extra', '5']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(lines(kept).length, 164);
  },
);
