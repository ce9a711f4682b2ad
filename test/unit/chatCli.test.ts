/**
 * `akkhara chat`, as a student uses it: on a terminal (a pseudo-terminal: streaming, a follow-up
 * that carries the thread, Ctrl+C stopping an answer and keeping what arrived, /run, /fix, /new,
 * Ctrl+D leaving) and with questions piped on standard input, one per line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { DIST } from '../support/paths';
import { runInPty } from '../support/pty';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-chat-'));
const testsFile = path.join(dir, 'add_test.py');
writeFileSync(testsFile, 'assert add(1, 2) == 3\nassert add(2, 3) == 5\n');
const code = (body: string) => `\n\n\`\`\`python\ndef add(a, b):\n    return ${body}\n\`\`\`\n`;
const modelArgs = () => ['--endpoint', server.baseURL, '--model', 'tiny', '--sandbox', 'process'];
const ENV = { AKKHARA_UI_LANG: 'en' };

test('akkhara chat with questions piped in: each line of prose a question, echoed, the second carrying the first turn; /new starts over', async () => {
  server.queue.push(
    { kind: 'stream', chunks: ['ပထမ အဖြေ'] },
    { kind: 'stream', chunks: ['ဒုတိယ အဖြေ'] },
    { kind: 'stream', chunks: ['တတိယ အဖြေ'] },
  );
  const result = await runCli(['chat', ...modelArgs()], {
    input: 'ပထမ မေးခွန်း\nwhy does it work?\n/new\nတတိယ မေးခွန်း\n',
    env: ENV,
  });
  assert.equal(result.status, 0, result.stderr);
  // Each question shown before its answer, a blank line after it: the transcript reads as one.
  assert.match(
    result.stdout,
    /› ပထမ မေးခွန်း\nပထမ အဖြေ\n\n› why does it work\?\nဒုတိယ အဖြေ\n\n\(a new conversation\)\n› တတိယ မေးခွန်း\nတတိယ အဖြေ\n\n/,
  );
  const [second, third] = server.requests.slice(-2).map((r) => r.body.messages.map((m) => m.content));
  assert.deepEqual(second.slice(1), ['ပထမ မေးခွန်း', 'ပထမ အဖြေ', 'why does it work?']);
  assert.deepEqual(third.slice(1), ['တတိယ မေးခွန်း'], 'after /new the thread is empty');
});

test('akkhara chat: a question and the assert lines under it are one message, piped or pasted into a terminal', async () => {
  server.queue.push(
    { kind: 'stream', chunks: ['অ্যাড', code('a + b')] },
    { kind: 'stream', chunks: ['দ্বিতীয়'] },
  );
  const piped = await runCli(['chat', ...modelArgs()], {
    input: 'দুটি সংখ্যা যোগ করুন\nassert add(1, 2) == 3\n    # a comment under it\nপরের প্রশ্ন\n',
    env: ENV,
  });
  assert.equal(piped.status, 0, piped.stderr);
  const [first, second] = server.requests.slice(-2).map((r) => r.body.messages.at(-1)!.content);
  assert.match(first, /দুটি সংখ্যা যোগ করুন\nassert add\(1, 2\) == 3\n {4}# a comment under it/);
  assert.match(second, /^পরের প্রশ্ন$/);
  assert.match(piped.stdout, /› দুটি সংখ্যা যোগ করুন\n {2}assert add\(1, 2\) == 3\n/);

  // A paste into a terminal: every line that arrives with it, prose too, is one message.
  server.queue.push({ kind: 'stream', chunks: ['উত্তর'] });
  const before = server.requests.length;
  const outcome = await runInPty(
    [process.execPath, path.join(DIST, 'cli.js'), 'chat', ...modelArgs()],
    [
      { wait: '› ' },
      { send: 'দুটি সংখ্যা যোগ করুন\rদুটি পূর্ণসংখ্যা নেয়\rassert add(2, 2) == 4\r' },
      { wait: 'উত্তর[\\s\\S]*› ' },
      { send: '\x04' },
    ],
    ENV,
  );
  assert.equal(outcome.exit, 0, outcome.transcript);
  assert.equal(server.requests.length, before + 1, 'one question, not three');
  assert.match(
    server.requests.at(-1)!.body.messages.at(-1)!.content,
    /যোগ করুন\nদুটি পূর্ণসংখ্যা নেয়\nassert add/,
  );
});

test('akkhara chat on a terminal: streaming, Ctrl+C stops an answer and keeps it, /run and /fix repair against the tests, Ctrl+D leaves', async () => {
  server.queue.push(
    { kind: 'endless', everyMs: 50 },
    { kind: 'stream', chunks: ['ভুল উত্তর', code('a * b')] },
    { kind: 'stream', chunks: ['ঠিক করা উত্তর', code('a + b')] },
  );
  const outcome = await runInPty(
    [process.execPath, path.join(DIST, 'cli.js'), 'chat', ...modelArgs(), '--tests', testsFile],
    [
      { wait: '› ' },
      { send: 'দুটি সংখ্যা যোগ করুন\r' },
      { wait: '(ဆက်၍ ){3}' },
      { send: '\x03' },
      { wait: 'stopped; what arrived is kept[\\s\\S]*› ' },
      { send: 'আবার লিখুন\r' },
      { wait: 'ভুল উত্তর[\\s\\S]*› ' },
      { send: '/run\r' },
      { wait: '0 of 2 tests passed[\\s\\S]*› ' },
      { send: '/fix\r' },
      { wait: 'the tests pass now\\)[\\s\\S]*› ' },
      { send: '\x04' },
    ],
    ENV,
  );
  assert.equal(outcome.driver, 0, outcome.transcript);
  assert.equal(outcome.exit, 0, outcome.transcript);
  assert.match(outcome.transcript, /repair round 1[\s\S]*ঠিক করা উত্তর[\s\S]*All 2 tests passed/);
  const fix = server.requests.at(-1)!.body.messages;
  assert.match(fix.at(-1)!.content, /got: 2\b/, 'the repair request carries the actual value');
  assert.ok(
    fix.some((m) => m.role === 'assistant' && /^(ဆက်၍ )+/.test(m.content)),
    'the stopped answer was kept in the thread',
  );
});

test('akkhara chat speaks the UI language: /run, /fix and its notes in Burmese (AKKHARA_UI_LANG=my)', async () => {
  server.queue.push(
    { kind: 'stream', chunks: ['ဤ function သည် ပေါင်းသည်။', code('a - b')] },
    { kind: 'stream', chunks: ['ပြင်ထားသော အဖြေ။', code('a + b')] },
  );
  const result = await runCli(['chat', ...modelArgs(), '--tests', testsFile, '--repair', '1'], {
    input: '/run\nကိန်းနှစ်ခု ပေါင်းပါ\n/run\n/fix\n/bogus\n/new\n',
    env: { AKKHARA_UI_LANG: 'my' },
  });
  assert.match(result.stdout, /run စရာ မရှိသေးပါ - ဦးစွာ မေးခွန်းတစ်ခု မေးပါ/, '/run before any answer');
  assert.match(result.stdout, /── ပြင်ဆင်မှု အကြိမ် 1/, 'the repair round');
  assert.match(result.stdout, /\(စမ်းသပ်ချက်များ ယခု အောင်မြင်ပြီ\)/, 'why the repair stopped');
  assert.match(result.stdout, /မသိသော command \/bogus/);
  assert.match(result.stdout, /\(စကားဝိုင်းအသစ်\)/);
  assert.doesNotMatch(result.stdout, /repair round|nothing to run|a new conversation|unknown command/);
});
