import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerCode, planAnswerRun, type AnswerRunPlan } from '../../src/core/tutor/answerRun';
import { describeRun, runProblemMessage } from '../../src/core/tutor/runMessages';
import { discoverTests, testIdOf } from '../../src/core/sandbox/discoverTests';
import { explainQuestion } from '../../src/core/tutor/explain';
import { prepareQuestion } from '../../src/core/tutor/prompt';
import { ProcessSandbox } from '../../src/core/sandbox/processSandbox';
import { findPython } from '../../src/core/sandbox/python';

const fence = (code: string) => '```python\n' + code + '\n```';
const ANSWER = `ဤ function သည် ကိန်းနှစ်ခုကို ပေါင်းသည်။\n\n${fence('def add(a, b):\n    return a + b')}\n`;

function plan(question: string, answer: string): AnswerRunPlan {
  const planned = planAnswerRun(question, answer);
  assert.ok(typeof planned !== 'string', `no plan: ${String(planned)}`);
  return planned;
}

test('tests written in the question, fenced or as assert lines, are the tests that run', () => {
  const fenced = plan(`ပေါင်းသော function ရေးပါ\n${fence('assert add(1, 2) == 3')}`, ANSWER);
  assert.equal(fenced.testsFrom, 'question');
  assert.equal(fenced.request.tests.trim(), 'assert add(1, 2) == 3');
  assert.match(fenced.request.solution, /def add/);
  const lines = plan('ပေါင်းသော function ရေးပါ\nassert add(1, 2) == 3\nassert add(0, 0) == 0', ANSWER);
  assert.equal(lines.request.tests, 'assert add(1, 2) == 3\nassert add(0, 0) == 0');
});

test('without tests in the question, the answer’s test block runs, else the program’s own tests', () => {
  const withBlock = plan('ပေါင်းပါ', `${ANSWER}\n${fence('assert add(2, 2) == 4')}`);
  assert.equal(withBlock.testsFrom, 'answer');
  assert.equal(withBlock.request.tests.trim(), 'assert add(2, 2) == 4');
  const doctested = plan(
    'ပေါင်းပါ',
    fence('def add(a, b):\n    """\n    >>> add(1, 2)\n    3\n    """\n    return a + b'),
  );
  assert.equal(doctested.testsFrom, 'program');
  assert.equal(doctested.request.doctests, true);
});

test('HumanEval-style check(candidate) tests call the answer’s first function', () => {
  const humanEval = plan(`${fence('def check(candidate):\n    assert candidate(1, 2) == 3')}`, ANSWER);
  assert.equal(humanEval.request.entryPoint, 'add');
});

test('no code, or code with no tests anywhere, is said rather than run as a pass', () => {
  assert.equal(planAnswerRun('ပေါင်းပါ', 'ကိန်းနှစ်ခုကို ပေါင်းပါ။'), 'noCode');
  assert.equal(planAnswerRun('ပေါင်းပါ', ANSWER), 'noTests');
  assert.equal(answerCode('no code here'), undefined);
  assert.match(runProblemMessage('noTests', 'bn'), /টেস্ট/);
  assert.match(runProblemMessage('untrusted', 'my'), /workspace/);
});

test('a Python file’s tests are found with the ids the harness reports them under', () => {
  const source = [
    'def add(a, b):',
    '    """',
    '    >>> add(1, 2)',
    '    3',
    '    """',
    '    return a + b',
    'def test_add():',
    '    assert add(1, 1) == 2',
    'def test_add():  # redefined: the later one runs',
    '    assert add(2, 2) == 4',
  ].join('\n');
  assert.deepEqual(discoverTests(source), [
    { id: 'doctest:3', label: '>>> add(1, 2)', line: 2 },
    { id: 'test_add', label: 'test_add', line: 8 },
  ]);
  assert.equal(testIdOf({ name: '>>> add(1, 2)', status: 'passed', line: 3 }), 'doctest:3');
  assert.equal(testIdOf({ name: 'test_add', status: 'passed' }), 'test_add');
});

test('an answer run in the sandbox reads as a verdict in the UI language, failures with what came out', async () => {
  const sandbox = new ProcessSandbox(await findPython());
  const wrong = `${fence('def add(a, b):\n    return a - b')}`;
  const failing = plan('assert add(1, 2) == 3\nassert add(0, 0) == 0', wrong);
  const result = await sandbox.run({ ...failing.request, limits: { timeoutMs: 10_000 } });
  const english = describeRun(result, failing.testsFrom, 'en', 10_000);
  assert.equal(english.passed, false);
  assert.equal(english.headline, '1 of 2 tests passed.');
  // One test is "the test", never "All 1 tests".
  const single = plan('assert add(2, 2) == 4', `${fence('def add(a, b):\n    return a + b')}`);
  const passedOne = await sandbox.run({ ...single.request, limits: { timeoutMs: 10_000 } });
  assert.equal(describeRun(passedOne, single.testsFrom, 'en', 10_000).headline, 'The test passed.');
  const failedOne = await sandbox.run({
    ...plan('assert add(2, 2) == 5', wrong).request,
    limits: { timeoutMs: 10_000 },
  });
  assert.equal(describeRun(failedOne, single.testsFrom, 'en', 10_000).headline, '0 of 1 test passed.');
  assert.deepEqual(
    english.tests.map((t) => [t.name, t.passed, t.detail]),
    [
      ['assert add(1, 2) == 3', false, 'got: -1'],
      ['assert add(0, 0) == 0', true, undefined],
    ],
  );
  assert.deepEqual(english.notes.slice(0, 1), ['tests from your question']);
  const burmese = describeRun(result, failing.testsFrom, 'my', 10_000);
  assert.equal(burmese.headline, 'စမ်းသပ်ချက် 2 ခုအနက် 1 ခု အောင်မြင်သည်။');

  const missing = plan('assert root(9) == 3', fence('def root(x):\n    return int(math.sqrt(x))'));
  const missingResult = await sandbox.run({ ...missing.request, limits: { timeoutMs: 10_000 } });
  const bangla = describeRun(missingResult, missing.testsFrom, 'bn', 10_000);
  assert.equal(bangla.importFix, 'import math');
  assert.match(bangla.headline, /math/);
  assert.match(bangla.headline, /import math/);
});

test('"Explain selection" asks, in the answer language, about the selected code in a Python block', () => {
  const question = explainQuestion('total = sum(xs)\n', 'bn');
  assert.equal(
    question,
    'নিচের Python কোডটি লাইন ধরে ধরে বাংলায় ব্যাখ্যা করুন।\n\n```python\ntotal = sum(xs)\n```',
  );
  assert.equal(prepareQuestion(explainQuestion('x = 1', 'my'), 'auto').language, 'my');
  assert.match(
    explainQuestion('s = "```"', 'my'),
    /~~~python\ns = "```"\n~~~$/,
    'a fence the code cannot close',
  );
});
