/**
 * The tutor engine without VS Code: conversations (earlier turns in order, the budget dropping the
 * oldest, a question too long for the model), follow-ups in the conversation's language, and
 * test-driven repair (the failing test and actual value sent, each way the loop stops).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { createWarmSandboxes } from '../../src/core/sandbox';
import { extractCode } from '../../src/core/sandbox/extract';
import type { WarmSandbox } from '../../src/core/sandbox/warm';
import { askQuestion, prepareInConversation } from '../../src/core/tutor/ask';
import {
  ATTACHMENT_MAX_CHARS,
  newConversation,
  QuestionTooLongError,
  studentAttachment,
  userContent,
  type Conversation,
} from '../../src/core/tutor/conversation';
import {
  restoreConversation,
  STORED_CONVERSATION_MAX_CHARS,
  storedConversation,
} from '../../src/core/tutor/conversationStore';
import { openModel, type OpenedModel } from '../../src/core/tutor/modelChoice';
import { prepareQuestion, QuestionLanguageError, SYSTEM_PROMPTS } from '../../src/core/tutor/prompt';
import {
  explainTracebackQuestion,
  looksLikeTraceback,
  repairAnswer,
  type Attempt,
} from '../../src/core/tutor/repair';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { writeTinyGguf } from '../support/tinyGguf';

let server: FakeOpenAI;
let sandbox: WarmSandbox;
before(async () => {
  server = await startFakeOpenAI();
  [sandbox] = await createWarmSandboxes('process', 1);
});
after(async () => {
  sandbox.close();
  await server.close();
});

const model = (contextTokens = 8192): OpenedModel =>
  openModel({ kind: 'server', endpoint: server.baseURL, model: 'tiny', contextTokens });
const code = (body: string) => `\n\n\`\`\`python\ndef add(a, b):\n    return ${body}\n\`\`\`\n`;
const TESTS = 'assert add(1, 2) == 3\nassert add(2, 2) == 4\n';

async function runAnswer(text: string) {
  const solution = extractCode(text);
  if (!solution.trim()) return {};
  return { code: solution, run: await sandbox.run({ solution, tests: TESTS }) };
}

async function firstAttempt(conversation: Conversation, body: string): Promise<Attempt> {
  server.queue.push({ kind: 'stream', chunks: ['ပထမ အဖြေ', code(body)] });
  const answer = await askQuestion(model(), conversation, prepareQuestion('ပေါင်းပါ', 'my'), {
    uiLanguage: 'en',
  });
  return { text: answer.text, ...(await runAnswer(answer.text)) };
}

test('a follow-up carries the thread: earlier turns reach the model in order, before the new question', async () => {
  const conversation = newConversation();
  server.queue.push({ kind: 'stream', chunks: ['ပထမ အဖြေ'] }, { kind: 'stream', chunks: ['ဒုတိယ အဖြေ'] });
  await askQuestion(model(), conversation, prepareQuestion('ပထမ မေးခွန်း', 'auto'), { uiLanguage: 'en' });
  const followUp = prepareInConversation('now with a loop', 'auto', conversation);
  assert.equal(followUp.language, 'my', 'a follow-up without Burmese text keeps the thread’s language');
  const answer = await askQuestion(model(), conversation, followUp, { uiLanguage: 'en' });
  assert.equal(answer.dropped, 0);
  assert.deepEqual(server.requests.at(-1)!.body.messages, [
    { role: 'system', content: SYSTEM_PROMPTS.my },
    { role: 'user', content: 'ပထမ မေးခွန်း' },
    { role: 'assistant', content: 'ပထမ အဖြေ' },
    { role: 'user', content: 'now with a loop' },
  ]);
  assert.equal(conversation.turns.length, 2);
  assert.throws(
    () => prepareInConversation('now with a loop', 'auto', newConversation()),
    QuestionLanguageError,
  );
});

test('the budget drops the oldest turns and says how many; a question that cannot fit is refused before sending', async () => {
  const conversation = newConversation();
  const long = 'က'.repeat(300); // 900 UTF-8 bytes: about 300 tokens by the estimate
  for (let i = 0; i < 3; i++) {
    server.queue.push({ kind: 'stream', chunks: [`${i} ${long}`] });
    await askQuestion(model(), conversation, prepareQuestion(`${i} ${long}`, 'my'), { uiLanguage: 'en' });
  }
  server.queue.push({ kind: 'stream', chunks: ['ok'] });
  // 2,400 tokens of context, 600 kept for the answer: the system prompt, the question and two turns fit.
  const answer = await askQuestion(model(2400), conversation, prepareQuestion('နောက်ဆုံး', 'my'), {
    uiLanguage: 'en',
    maxTokens: 600,
  });
  assert.equal(answer.dropped, 1);
  const sent = server.requests.at(-1)!.body.messages.map((m) => m.content.slice(0, 2));
  assert.deepEqual(sent.slice(1), ['1 ', '1 ', '2 ', '2 ', 'နေ'], 'the oldest turn went, the order stayed');

  const before = server.requests.length;
  await assert.rejects(
    askQuestion(model(1024), conversation, prepareQuestion('က'.repeat(3000), 'my'), { uiLanguage: 'en' }),
    QuestionTooLongError,
  );
  assert.equal(server.requests.length, before, 'nothing was sent');
});

test('repair: the failing test and its actual value go back to the model; a passing repair ends the loop', async () => {
  const conversation = newConversation();
  const first = await firstAttempt(conversation, 'a * b');
  assert.equal(first.run?.status, 'failed');
  server.queue.push({ kind: 'stream', chunks: ['ပြင်ပြီး', code('a + b')] });
  const repaired = await repairAnswer(model(), conversation, 'my', first, {
    rounds: 2,
    uiLanguage: 'en',
    tests: TESTS,
    runAnswer,
  });
  assert.equal(repaired.stop, 'passed');
  assert.equal(repaired.rounds.length, 1);
  assert.equal(repaired.final.run?.passed, true);
  const messages = server.requests.at(-1)!.body.messages;
  const request = messages.at(-1)!.content;
  assert.match(request, /^အထက်ပါ ကုဒ်သည်/, 'asked in the answer language');
  assert.match(request, /assert add\(1, 2\) == 3/, 'with the tests');
  assert.match(request, /got: 2\b/, 'with the value the failing assert got');
  assert.match(messages.at(-2)!.content, /return a \* b/, 'after the failing answer');
});

test('repair stops by itself: the same code again, the rounds used up, an empty answer, a failed model', async () => {
  let conversation = newConversation();
  let first = await firstAttempt(conversation, 'a * b');
  server.queue.push({ kind: 'stream', chunks: ['ထပ်တူ', code('a * b')] });
  let repaired = await repairAnswer(model(), conversation, 'my', first, {
    rounds: 3,
    uiLanguage: 'en',
    runAnswer,
  });
  assert.deepEqual([repaired.stop, repaired.rounds.length], ['same-code', 1]);

  conversation = newConversation();
  first = await firstAttempt(conversation, 'a * b');
  server.queue.push(
    { kind: 'stream', chunks: [code('a - b')] },
    { kind: 'stream', chunks: [code('a ** b')] },
  );
  repaired = await repairAnswer(model(), conversation, 'my', first, {
    rounds: 2,
    uiLanguage: 'en',
    runAnswer,
  });
  assert.deepEqual([repaired.stop, repaired.rounds.length], ['rounds-used', 2]);
  assert.match(repaired.final.code ?? '', /a \*\* b/);

  conversation = newConversation();
  first = await firstAttempt(conversation, 'a * b');
  server.queue.push({ kind: 'stream', chunks: [code('a - b')] }, { kind: 'stream', chunks: [''] });
  repaired = await repairAnswer(model(), conversation, 'my', first, {
    rounds: 3,
    uiLanguage: 'en',
    runAnswer,
  });
  assert.deepEqual([repaired.stop, repaired.rounds.length], ['no-code', 2]);
  assert.match(repaired.final.code ?? '', /a - b/, 'the round before the empty answer is kept');

  conversation = newConversation();
  first = await firstAttempt(conversation, 'a * b');
  server.queue.push({ kind: 'error', status: 400 });
  repaired = await repairAnswer(model(), conversation, 'my', first, {
    rounds: 3,
    uiLanguage: 'en',
    runAnswer,
  });
  assert.equal(repaired.stop, 'model-failed');
  assert.equal(repaired.rounds[0].error?.kind, 'bad-request');
  assert.equal(repaired.final, first);
});

test("a local model's budget is its real context, fitted to free memory between 2048 and 8192 tokens", async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkhara-tutor-')), 'tiny.gguf');
  writeTinyGguf(file);
  const local = openModel({ kind: 'local', path: file, threads: 1 });
  try {
    const tokens = await local.contextTokens();
    assert.ok(tokens >= 2048 && tokens <= 8192, String(tokens));
    const conversation = newConversation();
    const answer = await askQuestion(local, conversation, prepareQuestion('ပေါင်းပါ', 'my'), {
      uiLanguage: 'en',
      maxTokens: 8,
    });
    assert.equal(answer.dropped, 0);
    assert.equal(conversation.turns.length, answer.text.trim() ? 1 : 0);
  } finally {
    local.dispose();
  }
});

test('a stored conversation comes back as it was; a corrupt one is refused whole; the stored size is capped, newest kept', () => {
  const conversation: Conversation = {
    language: 'bn',
    turns: [
      {
        question: 'প্রথম',
        attachments: [{ kind: 'selection', label: 'a.py', text: 'x = 1' }],
        answer: 'উত্তর',
      },
      { question: 'দ্বিতীয়', attachments: [], answer: 'আরেকটি' },
    ],
  };
  const stored = JSON.parse(JSON.stringify(storedConversation(conversation))) as unknown;
  assert.deepEqual(restoreConversation(stored), conversation);
  assert.equal(restoreConversation(undefined), undefined);
  for (const corrupt of [
    'text',
    { version: 99, turns: [] },
    { version: 1, turns: [{ question: 'q' }] },
    { version: 1, language: 'th', turns: [] },
    {
      version: 1,
      turns: [{ question: 'q', answer: 'a', attachments: [{ kind: 'file', label: 1, text: '' }] }],
    },
  ])
    assert.equal(restoreConversation(corrupt), 'corrupt', JSON.stringify(corrupt));
  const long = 'က'.repeat(STORED_CONVERSATION_MAX_CHARS / 4);
  const many: Conversation = {
    turns: Array.from({ length: 6 }, (_, i) => ({ question: `${i}`, attachments: [], answer: long })),
  };
  const capped = storedConversation(many).turns.map((turn) => turn.question);
  assert.deepEqual(capped, ['3', '4', '5'], 'the newest turns within the cap, in order');
});

test('code the student attaches is converted as questions are (Zawgyi lines, NFC) with notices, fenced in its language, cut with a mark; the thread store keeps it', () => {
  const zawgyi = studentAttachment('selection', 'a.py:1-2', '# ေနေကာင္းလား\nprint(1)\n', 'python');
  assert.equal(zawgyi.text, '# နေကောင်းလား\nprint(1)\n');
  assert.deepEqual(zawgyi.notices, ['zawgyi-converted']);
  assert.equal(zawgyi.fence, undefined, 'Python is the default fence');
  const decomposed = studentAttachment('file', 'b.py', 'x = "ক\u09C7\u09BE"\n', 'python');
  assert.equal(decomposed.text, 'x = "ক\u09CB"\n');
  assert.deepEqual(decomposed.notices, ['normalized']);
  const clean = studentAttachment('file', 'notes.md', '# শিরোনাম\n', 'markdown');
  assert.equal(clean.notices, undefined);
  assert.match(userContent('প্রশ্ন', [clean]), /^প্রশ্ন\n\nnotes\.md:\n```markdown\n# শিরোনাম\n```$/);
  const long = studentAttachment('file', 'long.py', 'x = 1\n'.repeat(ATTACHMENT_MAX_CHARS / 3), 'python');
  assert.equal(long.cut, true);
  assert.ok(long.text.length <= ATTACHMENT_MAX_CHARS && long.text.endsWith('x = 1'));
  assert.match(userContent('q', [long]), /^q\n\nlong\.py \(cut\):\n```python\n/);

  const conversation: Conversation = {
    language: 'my',
    turns: [{ question: 'မေး', attachments: [zawgyi, decomposed, clean], answer: 'ဖြေ' }],
  };
  const stored = JSON.parse(JSON.stringify(storedConversation(conversation))) as unknown;
  assert.deepEqual(restoreConversation(stored), conversation);
  for (const bad of [{ fence: '```; x' }, { notices: ['deleted-everything'] }]) {
    const turns = [{ question: 'q', answer: 'a', attachments: [{ ...clean, ...bad }] }];
    assert.equal(restoreConversation({ version: 1, turns }), 'corrupt', JSON.stringify(bad));
  }
});

test('a selected traceback is recognised and explained as an error (attached as output, not code); ordinary code is not', () => {
  const traceback = [
    'Traceback (most recent call last):',
    '  File "main.py", line 3, in <module>',
    '    print(total / count)',
    'ZeroDivisionError: division by zero',
  ].join('\n');
  assert.ok(looksLikeTraceback(traceback));
  assert.ok(looksLikeTraceback("NameError: name 'x' is not defined"));
  assert.ok(!looksLikeTraceback('def average(numbers):\n    return sum(numbers) / len(numbers)\n'));
  assert.ok(!looksLikeTraceback('ပျမ်းမျှကို တွက်သော function'));
  const { text, attachments } = explainTracebackQuestion('bn', traceback);
  assert.match(text, /ত্রুটি/);
  assert.match(userContent(text, attachments), /traceback:\n```text\nTraceback[\s\S]*ZeroDivisionError/);
});
