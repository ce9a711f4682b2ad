import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { exportRows, isVerified, latestRecords } from '../../src/core/feedback/export';
import type { FeedbackRecord, JudgedAnswer } from '../../src/core/feedback/record';
import { FeedbackStore, type NewRecord } from '../../src/core/feedback/store';
import { runCli } from '../support/cli';

const clean: JudgedAnswer = {
  text: 'ကိန်းနှစ်ခုကို ပေါင်းသည်။\n```python\ndef add(a, b):\n    return a + b\n```',
  tests: { passed: 2, total: 2 },
  language: { problems: 0, mixScore: 0 },
};
const mixed: JudgedAnswer = {
  text: 'ကိန်းနှစ်ခုကို สวัสดี ပေါင်းသည်။\n```python\ndef add(a, b):\n    return a - b\n```',
  tests: { passed: 0, total: 2 },
  language: { problems: 1, mixScore: 0.4 },
};
const base = { model: 'tiny', language: 'my' as const, prompt: 'ကိန်းနှစ်ခုကို ပေါင်းပါ', system: 'မြန်မာလို ဖြေပါ' };
const pair: NewRecord = { ...base, kind: 'pair', source: 'edit', chosen: clean, rejected: mixed };
const up: NewRecord = { ...base, kind: 'rating', rating: 'up', reasons: [], answer: clean };
const down: NewRecord = {
  ...base,
  kind: 'rating',
  rating: 'down',
  reasons: ['mixed-script', 'wrong-code'],
  answer: mixed,
};

/** Writer mode: this file, forked with AKKHARA_FEEDBACK_WRITER, appends big records until killed. */
if (process.env.AKKHARA_FEEDBACK_WRITER) {
  const store = new FeedbackStore(process.env.AKKHARA_FEEDBACK_WRITER);
  const big: NewRecord = { ...up, answer: { ...clean, text: 'က'.repeat(400_000) } } as NewRecord;
  void (async () => {
    for (;;) process.stdout.write(`${(await store.append(big)).id}\n`);
  })();
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-feedback-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  const freshFile = () => path.join(dir, `store-${++files}`, 'feedback.jsonl');

  test('records are stored with an id, schema and time, read back in order, and deleted by id', async () => {
    const store = new FeedbackStore(freshFile());
    const first = await store.append(up);
    const second = await store.append(pair);
    assert.equal(first.schema, 1);
    assert.notEqual(first.id, second.id);
    assert.ok(!Number.isNaN(Date.parse(first.createdAt)));
    const loaded = await store.load();
    assert.deepEqual(
      loaded.records.map((r) => r.id),
      [first.id, second.id],
    );
    assert.deepEqual(loaded.records[1], second);
    assert.equal(await store.delete(first.id), true);
    assert.equal(await store.delete('no-such-id'), false);
    assert.deepEqual(
      (await store.load()).records.map((r) => r.id),
      [second.id],
    );
  });

  test('a workspace store refuses links out of the workspace and a store that is a folder', async () => {
    const workspace = mkdtempSync(path.join(dir, 'workspace-'));
    const outside = mkdtempSync(path.join(dir, 'outside-'));
    const victim = path.join(outside, 'victim.sh');
    writeFileSync(victim, 'echo safe\n');
    // .akkhara -> ../outside: a repository's trap.
    symlinkSync(outside, path.join(workspace, '.akkhara'));
    const linked = new FeedbackStore(path.join(workspace, '.akkhara', 'victim.sh'), workspace);
    await assert.rejects(linked.append(up), (error: Error) => /is a link/.test(error.message));
    await assert.rejects(linked.load(), /link|outside/);
    assert.equal(readFileSync(victim, 'utf8'), 'echo safe\n', 'nothing appended outside');
    // The file itself a link.
    rmSync(path.join(workspace, '.akkhara'));
    mkdirSync(path.join(workspace, '.akkhara'));
    symlinkSync(victim, path.join(workspace, '.akkhara', 'feedback.jsonl'));
    const fileLink = new FeedbackStore(path.join(workspace, '.akkhara', 'feedback.jsonl'), workspace);
    await assert.rejects(fileLink.append(up), /is a link/);
    assert.equal(readFileSync(victim, 'utf8'), 'echo safe\n');
    // A store that is a folder: the path is named.
    const folder = path.join(dir, 'a-folder.jsonl');
    mkdirSync(folder);
    await assert.rejects(new FeedbackStore(folder).append(up), /a-folder\.jsonl is a folder/);
    await assert.rejects(new FeedbackStore(folder).load(), /a-folder\.jsonl is a folder/);
    // A real workspace folder works, and the store is made inside it.
    const fresh = mkdtempSync(path.join(dir, 'workspace-'));
    const store = new FeedbackStore(path.join(fresh, '.akkhara', 'feedback.jsonl'), fresh);
    await store.append(up);
    assert.equal((await store.load()).records.length, 1);
  });

  test('a torn last line is skipped on load and kept apart from the next record; nothing else is lost', async () => {
    const file = freshFile();
    const store = new FeedbackStore(file);
    const kept = await store.append(up);
    appendFileSync(file, '{"schema":1,"kind":"rating","id":"torn","prompt":"ကိန်း');
    const afterCrash = await store.load();
    assert.deepEqual(afterCrash.skipped, { torn: 1, invalid: 0 });
    assert.deepEqual(
      afterCrash.records.map((r) => r.id),
      [kept.id],
    );
    const next = await store.append(down);
    const loaded = await store.load();
    assert.deepEqual(
      loaded.records.map((r) => r.id),
      [kept.id, next.id],
    );
    assert.deepEqual(loaded.skipped, { torn: 0, invalid: 1 }, 'the fragment is now a line of its own');
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 4);
  });

  test('a writer killed with SIGKILL mid-stream loses only the record in flight', async () => {
    const file = freshFile();
    const child = fork(__filename, [], {
      env: { ...process.env, AKKHARA_FEEDBACK_WRITER: file },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const acknowledged: string[] = [];
    await new Promise<void>((resolve) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        acknowledged.push(...lines);
        if (acknowledged.length >= 6 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const loaded = await new FeedbackStore(file).load();
    const ids = loaded.records.map((r) => r.id);
    for (const id of acknowledged) assert.ok(ids.includes(id), `acknowledged record ${id} lost`);
    assert.ok(
      ids.length <= acknowledged.length + 1,
      `${ids.length} records, ${acknowledged.length} acknowledged`,
    );
    assert.equal(loaded.skipped.invalid, 0);
    assert.ok(loaded.skipped.torn <= 1);
  });

  test('exports: DPO in TRL, TRL conversational and axolotl forms, KTO, and SFT from verified answers only', () => {
    const stamp = { schema: 1 as const, createdAt: '2026-11-24T00:00:00.000Z' };
    const records = [
      { ...pair, ...stamp, id: 'p' },
      { ...up, ...stamp, id: 'u' },
      { ...down, ...stamp, id: 'd' },
    ] as FeedbackRecord[];
    const system = { role: 'system', content: base.system };
    const user = { role: 'user', content: base.prompt };
    assert.deepEqual(exportRows(records, 'trl'), [
      { prompt: base.prompt, chosen: clean.text, rejected: mixed.text },
    ]);
    assert.deepEqual(exportRows(records, 'trl-conv'), [
      {
        prompt: [system, user],
        chosen: [{ role: 'assistant', content: clean.text }],
        rejected: [{ role: 'assistant', content: mixed.text }],
      },
    ]);
    assert.deepEqual(exportRows(records, 'axolotl'), [
      {
        messages: [system, user],
        chosen: { role: 'assistant', content: clean.text },
        rejected: { role: 'assistant', content: mixed.text },
      },
    ]);
    assert.deepEqual(exportRows(records, 'kto'), [
      { prompt: base.prompt, completion: clean.text, label: true },
      { prompt: base.prompt, completion: mixed.text, label: false },
      { prompt: base.prompt, completion: clean.text, label: true },
      { prompt: base.prompt, completion: mixed.text, label: false },
    ]);
    // 👍 twice is one rating; 👍 then 👎 on the same answer is the last word; a pair saved twice is one.
    const again = [
      { ...up, ...stamp, id: 'u1' },
      { ...up, ...stamp, id: 'u2' },
      { ...pair, ...stamp, id: 'p1' },
      { ...pair, ...stamp, id: 'p2' },
      { ...up, ...stamp, id: 'x1', answer: mixed },
      { ...down, ...stamp, id: 'x2', answer: mixed },
    ] as FeedbackRecord[];
    assert.deepEqual(
      latestRecords(again).map((record) => record.id),
      ['u2', 'p2', 'x2'],
    );
    assert.equal(exportRows(again, 'trl').length, 1);
    assert.deepEqual(
      exportRows(again, 'kto').map((row) => (row as { label: boolean }).label),
      [true, true, false, false],
      'one 👍, the pair once, the changed rating as 👎',
    );
    // The pair's chosen answer and the 👍 answer are the same verified text: one SFT example.
    assert.deepEqual(exportRows(records, 'sft'), [
      { messages: [system, user, { role: 'assistant', content: clean.text }] },
    ]);
    assert.equal(isVerified({ ...clean, tests: undefined }), false, 'untested answers are not verified');
    assert.equal(isVerified({ ...clean, language: { problems: 1, mixScore: 0.1 } }), false);
  });

  test('akkhara feedback list, export and delete work on a store file', async () => {
    const file = freshFile();
    const store = new FeedbackStore(file);
    const kept = await store.append(pair);
    const gone = await store.append(down);
    const listed = await runCli(['feedback', 'list', '--store', file]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${kept.id}  pair  my  edit  `, 'm'));
    assert.match(listed.stdout, new RegExp(`^${gone.id}  rating  my  down mixed-script,wrong-code  `, 'm'));
    const deleted = await runCli(['feedback', 'delete', gone.id, '--store', file]);
    assert.equal(deleted.status, 0, deleted.stderr);
    const out = path.join(dir, 'dpo.jsonl');
    const exported = await runCli(['feedback', 'export', '--format', 'trl', '--out', out, '--store', file]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /^1 trl rows from 1 records/);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
      prompt: base.prompt,
      chosen: clean.text,
      rejected: mixed.text,
    });
    const wrongFormat = await runCli([
      'feedback',
      'export',
      '--format',
      'csv',
      '--out',
      out,
      '--store',
      file,
    ]);
    assert.equal(wrongFormat.status, 2);
    assert.match(wrongFormat.stderr, /Allowed choices are trl, trl-conv, axolotl, kto, sft/);
    const missing = await runCli(['feedback', 'delete', 'nope', '--store', file]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no record nope/);
  });
}
