import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { FeedbackStore } from '../../src/core/feedback/store';
import { prepareQuestion, QuestionLanguageError, SYSTEM_PROMPTS } from '../../src/core/tutor/prompt';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { writeTinyGguf } from '../support/tinyGguf';
import { runCli, type CliOptions } from '../support/cli';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-ask-'));
const testsFile = path.join(dir, 'add_test.py');
writeFileSync(testsFile, 'assert add(1, 2) == 3\nassert add(-1, 1) == 0\n');

/** `akkhara ask` against the scripted server, with the process sandbox and English messages. */
function ask(args: string[], options: Omit<CliOptions, 'env'> = {}) {
  return runCli(['ask', ...args, '--endpoint', server.baseURL, '--model', 'tiny', '--sandbox', 'process'], {
    ...options,
    env: { AKKHARA_UI_LANG: 'en' },
  });
}

const code = (body: string) => `\n\n\`\`\`python\ndef add(a, b):\n    return ${body}\n\`\`\`\n`;

/** Three answers by seed: the first fails the tests, the other two pass. */
const THREE_ANSWERS: Record<number, readonly string[]> = {
  0: ['ভুল উত্তর', code('a - b')],
  1: ['সঠিক উত্তর', code('a + b')],
  2: ['আরেকটি সঠিক উত্তর', code('b + a')],
};

test('the question decides the answer language; Zawgyi is converted, Bangla normalized, neither is refused', () => {
  assert.equal(prepareQuestion('ကိန်းနှစ်ခုကို ပေါင်းပါ', 'auto').language, 'my');
  assert.equal(prepareQuestion('দুটি সংখ্যা যোগ করুন', 'auto').language, 'bn');
  assert.equal(prepareQuestion('add two numbers', 'bn').language, 'bn');
  assert.throws(() => prepareQuestion('add two numbers', 'auto'), QuestionLanguageError);
  const zawgyi = prepareQuestion('ေနေကာင္းလား', 'auto');
  assert.deepEqual([zawgyi.text, zawgyi.notices], ['နေကောင်းလား', ['zawgyi-converted']]);
  const decomposed = prepareQuestion('ক\u09C7\u09BE', 'auto'); // ে + া typed apart: NFC makes ো
  assert.deepEqual([decomposed.text, decomposed.notices], ['কো', ['normalized']]);
});

test('akkhara ask: streams a Burmese answer, with a Burmese system prompt, then flags its Thai fragment', async () => {
  server.queue.push({ kind: 'stream', chunks: ['ဤ function သည် ', 'ပေါင်းသည်။ สวัสดี', code('a + b')] });
  const result = await ask(['ကိန်းနှစ်ခုကို ပေါင်းသော function ရေးပါ']);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(result.stdout.startsWith('ဤ function သည် ပေါင်းသည်။ สวัสดี\n\n```python'), result.stdout);
  assert.match(result.stdout, /warning {2}Thai text in Burmese prose: "สวัสดี" {2}foreign-script/);
  assert.match(result.stdout, /mix score \d\.\d\d \(penalty [1-4]\/4\)/);
  const { messages } = server.requests.at(-1)!.body;
  assert.deepEqual(messages[0], { role: 'system', content: SYSTEM_PROMPTS.my });
  assert.equal(messages[1].content, 'ကိန်းနှစ်ခုကို ပေါင်းသော function ရေးပါ');
});

test('akkhara ask --samples 3 --tests: the first answer that passes wins; pass@k is reported', async () => {
  server.defaultAnswer = (request) => THREE_ANSWERS[request.body.seed ?? 0];
  const result = await ask([
    'দুটি সংখ্যা যোগ করার function লিখুন',
    '--samples',
    '3',
    '--seed',
    '0',
    '--tests',
    testsFile,
    '--json',
  ]);
  assert.equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout);
  assert.equal(output.language, 'bn');
  assert.equal(output.chosen, 1);
  assert.match(output.answer, /^সঠিক উত্তর/);
  assert.deepEqual(
    output.samples.map((s: { run: { status: string } }) => s.run.status),
    ['failed', 'passed', 'passed'],
  );
  assert.ok(Math.abs(output.passAtK['pass@1'] - 2 / 3) < 1e-9);
  assert.equal(output.passAtK['pass@3'], 1);
});

test('akkhara ask --samples --tests --feedback: the passing, clean answer is chosen against the failing one', async () => {
  server.defaultAnswer = (request) => THREE_ANSWERS[request.body.seed ?? 0];
  const store = path.join(dir, 'feedback.jsonl');
  const args = [
    'দুটি সংখ্যা যোগ করুন',
    '--samples',
    '3',
    '--seed',
    '0',
    '--tests',
    testsFile,
    '--feedback',
    store,
  ];
  const result = await ask(args);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /1 preference pair saved to /);
  const { records } = await new FeedbackStore(store).load();
  assert.equal(records.length, 1);
  const [pair] = records;
  assert.ok(pair.kind === 'pair');
  assert.equal(pair.source, 'best-of-k');
  assert.equal(pair.model, 'tiny');
  assert.match(pair.chosen.text, /^সঠিক উত্তর/);
  assert.deepEqual(pair.chosen.tests, { passed: 2, total: 2 });
  assert.match(pair.rejected.text, /^ভুল উত্তর/);
  assert.deepEqual(pair.rejected.tests, { passed: 0, total: 2 });
  assert.equal(pair.prompt, 'দুটি সংখ্যা যোগ করুন');
  assert.deepEqual(pair.settings, { source: 'remote', samples: 3, seed: 0 });
});

test('akkhara ask --tests: exit 1 when no answer passes', async () => {
  server.queue.push({ kind: 'stream', chunks: ['ভুল', code('a * b')] });
  const result = await ask(['দুটি সংখ্যা যোগ করুন', '--tests', testsFile]);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /→ sample 1: failed \(0\/2 tests\)/);
});

test('akkhara ask -: a Zawgyi question from stdin is converted, with a notice, before it is sent', async () => {
  server.queue.push({ kind: 'stream', chunks: ['ကောင်းပါတယ်'] });
  const result = await ask(['-'], { input: 'ေနေကာင္းလား' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /Zawgyi; it was converted to Unicode/);
  assert.equal(server.requests.at(-1)!.body.messages[1].content, 'နေကောင်းလား');
});

test('akkhara ask: Ctrl+C stops the answer at once and keeps what arrived (exit 130)', async () => {
  server.queue.push({ kind: 'stream', chunks: Array.from({ length: 200 }, (_, i) => `${i} `), delayMs: 20 });
  let interrupted = false;
  const result = await ask(['ကိန်းများ'], {
    onStdout: (stdout, child) => {
      if (!interrupted && stdout.includes('3 ')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    },
  });
  assert.equal(result.status, 130, result.stderr);
  const pieces = result.stdout.trim().split(/\s+/).length;
  assert.ok(pieces < 100, `stopped after ${pieces} of 200 pieces`);
  assert.match(result.stdout, /^0 1 2 3 /);
  assert.match(result.stderr, /stopped; the answer above is incomplete/);
});

test('akkhara ask: usage mistakes and model failures are exit 2 with what to do', async () => {
  const noLanguage = await ask(['add two numbers']);
  assert.equal(noLanguage.status, 2);
  assert.match(noLanguage.stderr, /no Burmese or Bangla text.*--lang my or --lang bn/);
  server.queue.push({ kind: 'error', status: 404 });
  const noModel = await ask(['ကိန်း']);
  assert.equal(noModel.status, 2);
  assert.match(noModel.stderr, /has no model "tiny", or the address is wrong/);
  const noKey = await ask(['ကိန်း', '--api-key-env', 'AKKHARA_TEST_UNSET_KEY']);
  assert.equal(noKey.status, 2);
  assert.match(noKey.stderr, /AKKHARA_TEST_UNSET_KEY \(--api-key-env\) is empty/);
});

test('akkhara ask: no secret leaves in output or headers — credentials and queries in addresses, the environment’s organization, model paths', async () => {
  const before = server.requests.length;
  const answered = await runCli(['ask', 'ကိန်း', '--endpoint', server.baseURL, '--model', 'tiny'], {
    env: { AKKHARA_UI_LANG: 'en', OPENAI_ORG_ID: 'org-from-env', OPENAI_PROJECT_ID: 'proj-from-env' },
  });
  assert.equal(answered.status, 0, answered.stderr);
  const headers = server.requests[before].headers;
  assert.equal(headers['openai-organization'], undefined);
  assert.equal(headers['openai-project'], undefined);
  const dead = await runCli(
    [
      'ask',
      'ကိန်း',
      '--endpoint',
      'http://student:hunter2@127.0.0.1:9/v1?api_key=sk-IN-QUERY',
      '--model',
      'tiny',
    ],
    { env: { AKKHARA_UI_LANG: 'en' } },
  );
  assert.equal(dead.status, 2);
  assert.match(dead.stderr, /127\.0\.0\.1:9/);
  assert.doesNotMatch(dead.stderr + dead.stdout, /hunter2|sk-IN-QUERY|student@/);
  // A local model is named by its file, never by the folders it lives in.
  const folder = mkdtempSync(path.join(dir, 'private-folder-'));
  const model = path.join(folder, 'tiny.gguf');
  writeTinyGguf(model);
  const local = await runCli(
    ['ask', 'ကိန်း', '--model', model, '--json', '--max-tokens', '4', '--gpu', 'off'],
    {
      env: { AKKHARA_UI_LANG: 'en' },
    },
  );
  assert.equal(local.status, 0, local.stderr);
  assert.equal((JSON.parse(local.stdout) as { model: string }).model, 'local:tiny.gguf');
  assert.ok(!local.stdout.includes(folder), 'no path in the JSON');
});

test('akkhara ask --api-key-env: the key reaches the server and no program the tests run', async () => {
  const before = server.requests.length;
  server.defaultAnswer = () => ['ပေါင်းလဒ်', code('a + b')];
  const tests = path.join(dir, 'env_test.py');
  writeFileSync(
    tests,
    'assert add(1, 2) == 3\nimport os\nassert os.environ.get("AKKHARA_TEST_KEY") is None\n',
  );
  const result = await runCli(
    [
      'ask',
      'ကိန်း',
      '--endpoint',
      server.baseURL,
      '--model',
      'tiny',
      '--api-key-env',
      'AKKHARA_TEST_KEY',
      '--tests',
      tests,
      '--sandbox',
      'process',
    ],
    { env: { AKKHARA_UI_LANG: 'en', AKKHARA_TEST_KEY: 'sk-only-for-the-server' } },
  );
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(server.requests[before].headers.authorization, 'Bearer sk-only-for-the-server');
});

test('akkhara ask: a server that never stops is stopped on our side — at the token limit, or at the answer deadline — keeping what arrived', async () => {
  server.queue.push({ kind: 'endless', everyMs: 5 });
  const capped = await ask(['ကိန်း', '--max-tokens', '5']);
  assert.equal(capped.status, 0, capped.stderr);
  assert.match(capped.stderr, /hit the token limit \(--max-tokens\)/);
  assert.ok(capped.stdout.split('ဆက်၍').length - 1 <= 5 + 16 + 1, 'stopped soon after the limit');
  server.queue.push({ kind: 'endless', everyMs: 50 });
  const started = performance.now();
  const late = await ask(['ကိန်း', '--answer-timeout', '1']);
  assert.equal(late.status, 2);
  assert.match(late.stderr, /longer than 1 s in all \(--answer-timeout\); what arrived is kept/);
  assert.match(late.stdout, /ဆက်၍/, 'what arrived is shown');
  assert.ok(performance.now() - started < 15_000);
});

test('akkhara ask: what came back is named — an HTML page, a JSON body, a stream that is not JSON, a redirect loop — with no library noise', async () => {
  server.queue.push({
    kind: 'raw',
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: '<html><body>Please sign in to the school Wi-Fi</body></html>',
  });
  const portal = await ask(['ကိန်း']);
  assert.equal(portal.status, 2);
  assert.match(portal.stderr, /not the way an OpenAI-compatible server streams an answer/);
  assert.match(
    portal.stderr,
    /HTTP 200 with text\/html instead of a stream of tokens: "<html><body>Please sign in/,
  );
  // The same page with no Content-Type at all: named by its first bytes, not taken for a cut-off stream.
  server.queue.push({ kind: 'raw', status: 200, contentType: '', body: '<html><body>Sign in</body></html>' });
  const untyped = await ask(['ကိန်း']);
  assert.equal(untyped.status, 2);
  assert.match(
    untyped.stderr,
    /HTTP 200 with text\/html instead of a stream of tokens: "<html><body>Sign in/,
  );
  assert.doesNotMatch(untyped.stderr, /cut off/);
  // An address that is no address is a usage mistake, named as such.
  const notUrl = await runCli(['ask', 'ကိန်း', '--endpoint', 'notaurl', '--model', 'tiny'], {
    env: { AKKHARA_UI_LANG: 'en' },
  });
  assert.equal(notUrl.status, 2);
  assert.match(notUrl.stderr, /--endpoint notaurl is not a server address/);
  server.queue.push({
    kind: 'raw',
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ big: 'x'.repeat(100_000) }),
  });
  const json = await ask(['ကိန်း']);
  assert.match(json.stderr, /with application\/json instead of a stream/);
  assert.ok(json.stderr.length < 2_000, 'the body is not dumped');
  server.queue.push({
    kind: 'raw',
    status: 200,
    contentType: 'text/event-stream',
    body: 'data: {not json at all\n\n',
  });
  const broken = await ask(['ကိန်း']);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not JSON in its stream/);
  assert.doesNotMatch(broken.stderr, /Could not parse message|From chunk/, 'no library output');
  // A server that redirects to itself.
  const loop = createServer((request, response) => response.writeHead(307, { location: request.url }).end());
  await new Promise<void>((resolve) => loop.listen(0, '127.0.0.1', resolve));
  try {
    const port = (loop.address() as AddressInfo).port;
    const redirected = await runCli(
      ['ask', 'ကိန်း', '--endpoint', `http://127.0.0.1:${port}/v1`, '--model', 'tiny'],
      {
        env: { AKKHARA_UI_LANG: 'en' },
      },
    );
    assert.equal(redirected.status, 2);
    assert.match(redirected.stderr, /too many redirects/);
    assert.match(redirected.stderr, new RegExp(`went to http://127\\.0\\.0\\.1:${port}/v1/chat/completions`));
  } finally {
    loop.close();
  }
});

test('akkhara ask --tests --repair: a failing answer is repaired with its failures, the verified repair saved as a pair', async () => {
  server.queue.push(
    { kind: 'stream', chunks: ['ভুল উত্তর', code('a * b')] },
    { kind: 'stream', chunks: ['ঠিক করা উত্তর', code('a + b')] },
  );
  const store = path.join(dir, 'repair-feedback.jsonl');
  const result = await ask(['দুটি সংখ্যা যোগ করুন', '--tests', testsFile, '--repair', '2', '--feedback', store]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /ভুল উত্তর[\s\S]*ঠিক করা উত্তর/, 'both answers shown, in order');
  assert.match(result.stderr, /repair round 1 of 2/);
  assert.match(result.stderr, /round 1: passed \(2\/2 tests\)/);
  assert.match(result.stderr, /1 repair preference pair saved/);
  const repairRequest = server.requests.at(-1)!.body.messages.at(-1)!.content;
  assert.match(repairRequest, /^উপরের কোডটি/);
  assert.match(repairRequest, /got: 2\b/);
  const { records } = await new FeedbackStore(store).load();
  const pair = records.find((record) => record.kind === 'pair' && record.source === 'repair');
  assert.ok(pair?.kind === 'pair');
  assert.match(pair.chosen.text, /^ঠিক করা উত্তর/);
  assert.match(pair.rejected.text, /^ভুল উত্তর/);

  server.queue.push(
    { kind: 'stream', chunks: ['ভুল', code('a * b')] },
    { kind: 'stream', chunks: ['আবার ভুল', code('a * b')] },
  );
  const json = await ask(['দুটি সংখ্যা যোগ করুন', '--tests', testsFile, '--repair', '3', '--json']);
  assert.equal(json.status, 1, 'still failing: exit 1');
  const output = JSON.parse(json.stdout);
  assert.equal(output.repair.stop, 'same-code');
  assert.deepEqual(
    output.repair.rounds.map((round: { round: number; status: string }) => [round.round, round.status]),
    [[1, 'failed']],
  );

  const usage = await ask(['দুটি সংখ্যা যোগ করুন', '--repair', '1']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--repair needs --tests/);
});

test('akkhara ask --tests: a tests file with no test, or one that does not parse, is named before the model is asked', async () => {
  const asked = server.requests.length;
  for (const [content, message] of [
    [
      '# only a comment\n',
      /--tests .*: no tests found: write asserts, test_ functions or check\(candidate\)/,
    ],
    ['assert add(1,\n', /--tests .*: the tests do not parse: '\(' was never closed \(line 1\)/],
  ] as const) {
    const file = path.join(dir, `bad-tests-${content.length}.py`);
    writeFileSync(file, content);
    const result = await ask(['ကိန်းနှစ်ခုကို ပေါင်းပါ', '--tests', file]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
  }
  assert.equal(server.requests.length, asked, 'the model was never asked');
});
