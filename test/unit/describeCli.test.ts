/**
 * `akkhara describe` as a teacher runs it, against a stand-in model on 127.0.0.1: a course folder's
 * functions commented line by line and described three ways in Burmese; what fails the checks is
 * asked again, then dropped with its reason; sft.jsonl pairs each kept description with the original
 * code; a second run resumes, and an edited function alone is described again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CodeTools } from '../../src/core/describe/codeTools';
import { commentCode, type DescriptionRow } from '../../src/core/describe/describe';
import { taskDraft } from '../../src/core/describe/taskDraft';
import { parseLessonTasks, type LessonTask } from '../../src/core/tasks/lessonTask';
import { SYSTEM_PROMPTS } from '../../src/core/tutor/prompt';
import { runCli } from '../support/cli';
import { describeRequest, describingAnswer, type DescribeFault } from '../support/describingModel';
import type { RecordedRequest } from '../support/openaiServer';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

const LESSON = `import math


def add(a, b):
    """Adds."""
    total = a + b  # the sum
    return total


@staticmethod
def area(r):
    s = "# not a comment"
    return math.pi * r * r
`;

const ADD = LESSON.split('\n').slice(3, 7).join('\n') + '\n';
const AREA = LESSON.split('\n').slice(9).join('\n');

let server: FakeOpenAI;
let folder: string;

/** The stand-in's faults: area's comments change the code once; the script's comments hold Thai; add's short description is English. */
function faultFor(request: RecordedRequest): DescribeFault | undefined {
  const { code, comments } = describeRequest(request);
  const user = request.body.messages.at(-1)!.content;
  if (comments && code.includes('def area') && request.body.seed === 0) return 'changes-code';
  if (comments && code.startsWith('print')) return 'thai-comment';
  if (!comments && code.includes('def add') && user.includes('တစ်ကြောင်းတည်း')) return 'english';
  return undefined;
}

before(async () => {
  server = await startFakeOpenAI();
  server.defaultAnswer = (request) => [describingAnswer(request, faultFor(request))];
  folder = await mkdtemp(path.join(os.tmpdir(), 'akkhara-describe-'));
  await mkdir(path.join(folder, 'course', 'drafts'), { recursive: true });
  await writeFile(path.join(folder, 'course', 'lesson.py'), LESSON);
  await writeFile(path.join(folder, 'course', 'script.py'), 'print(1 + 2)\n');
  await writeFile(path.join(folder, 'course', 'broken.py'), 'def f(:\n');
  await writeFile(path.join(folder, 'course', '.akkharaignore'), 'drafts/\n');
  await writeFile(path.join(folder, 'course', 'drafts', 'draft.py'), 'def draft():\n    return 1\n');
});

after(() => server.close());

const describe = () =>
  runCli(
    ['describe', 'course', '--lang', 'my', '--out', 'out', '--endpoint', server.baseURL, '--model', 'tiny'],
    { cwd: folder },
  );

const rowsOf = async (file: string) =>
  (await readFile(path.join(folder, 'out', file), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test('Python tells commented code from changed code: its own comments, # in strings, decorators, sections', async () => {
  const tools = new CodeTools('python3');
  try {
    assert.deepEqual(await tools.check(ADD, `# ကိန်းပေါင်း\n${ADD}`), {
      parses: true,
      same: true,
      added: ['ကိန်းပေါင်း'],
    });
    const changed = await tools.check(ADD, ADD.replace('a + b', 'a - b'));
    assert.equal(changed.parses && changed.same, false);
    const broken = await tools.check(ADD, ADD.replace('):', ')'));
    assert.equal(broken.parses, false);
    // A '#' inside a string is code: taking it out would change the program.
    const inString = await tools.check(AREA, AREA.replace('"# not a comment"', '""'));
    assert.equal(inString.parses && inString.same, false);
    assert.deepEqual(await tools.units(LESSON), [
      { name: 'add', start: 4, end: 7 },
      { name: 'area', start: 10, end: 13 },
    ]);
    const loop =
      'def f(xs):\n    """Doc."""\n    n = 0\n    m = 1\n    for x in xs:\n        n += x\n    return n\n';
    assert.deepEqual(await tools.sections(loop), [
      [3, 4],
      [5, 6],
      [7, 7],
    ]);
  } finally {
    tools.close();
  }
});

test('akkhara describe: comments and three descriptions per function, checked, retried, dropped with reasons', async () => {
  const result = await describe();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /broken\.py: not Python that parses \(line 1: .*\); skipped/);
  const rows = await rowsOf('descriptions.jsonl');
  const of = (name: string | null, granularity: string) =>
    rows.find((row) => row.function === name && row.granularity === granularity)!;
  // Three targets (add, area, and script.py whole); the ignored draft is not one.
  assert.equal(rows.length, 12);
  assert.ok(!rows.some((row) => String(row.file).includes('draft')));
  for (const row of rows) assert.deepEqual([row.language, row.model], ['my', 'tiny']);
  // Commented code is the original once the stand-in's comment lines are taken out.
  const withoutComments = (text: unknown) =>
    String(text)
      .split('\n')
      .filter((line) => !/^\s*# ဤစာကြောင်းသည်/.test(line))
      .join('\n');
  assert.equal(withoutComments(of('add', 'line-comments').text), ADD);
  assert.equal(of('add', 'line-comments').attempts, 1);
  // area's first comments changed the code: asked again, at a retry's temperature, then kept.
  assert.equal(withoutComments(of('area', 'line-comments').text), AREA);
  assert.equal(of('area', 'line-comments').attempts, 2);
  const areaAsks = server.requests.filter(
    (r) => describeRequest(r).comments && describeRequest(r).code.includes('def area'),
  );
  assert.deepEqual(
    areaAsks.map((r) => [r.body.seed, r.body.temperature]),
    [
      [0, undefined],
      [1, 0.7],
    ],
  );
  // Thai in every answer's comments: three tries, then dropped, saying what was found.
  assert.equal(of(null, 'line-comments').dropped, 'mixed-script');
  assert.equal(of(null, 'line-comments').attempts, 3);
  assert.match(String(of(null, 'line-comments').detail), /คำนวณ/);
  assert.equal(of(null, 'line-comments').text, undefined);
  assert.equal(of('add', 'short').dropped, 'wrong-language');
  assert.match(String(of('add', 'detailed').text), /^ဤ function `add` သည်/);
  assert.match(String(of('add', 'sections').text), /^စာကြောင်း 3-4: ဤ function/);
  assert.match(result.stderr, /line-comments +2 of 3 kept \(dropped: mixed-script 1\)/);
  assert.match(result.stderr, /short +2 of 3 kept \(dropped: wrong-language 1\)/);
  // Training data: each kept description → the original code, with the tutor's system prompt.
  const sft = await rowsOf('sft.jsonl');
  assert.equal(sft.length, 8);
  const addDetailed = sft.find(
    (row) => (row.messages as { content: string }[])[1].content === of('add', 'detailed').text,
  )!;
  assert.deepEqual(addDetailed.messages, [
    { role: 'system', content: SYSTEM_PROMPTS.my },
    { role: 'user', content: of('add', 'detailed').text },
    { role: 'assistant', content: `\`\`\`python\n${ADD}\`\`\`` },
  ]);
});

test('akkhara describe again: nothing is asked twice; an edited function alone is described anew', async () => {
  const asked = server.requests.length;
  const again = await describe();
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /resuming: 3 of 3 functions already described/);
  assert.equal(server.requests.length, asked);
  await writeFile(path.join(folder, 'course', 'lesson.py'), LESSON.replace('r * r', 'r ** 2'));
  const edited = await describe();
  assert.equal(edited.status, 0, edited.stderr);
  assert.ok(
    server.requests.slice(asked).every((request) => describeRequest(request).code.includes('r ** 2')),
    'only the edited function is asked about',
  );
  assert.equal((await rowsOf('descriptions.jsonl')).length, 16);
  // The old area's descriptions no longer match its code: left out of the training data, and said.
  assert.equal((await rowsOf('sft.jsonl')).length, 8);
  assert.match(edited.stderr, /3 descriptions of code changed since or gone left out/);
});

test('akkhara describe --round-trip: each function written again from its detailed description, parsed and scored by chrF++; resumed', async () => {
  const run = () =>
    runCli(
      [
        'describe',
        'course',
        '--lang',
        'my',
        '--out',
        'out',
        '--round-trip',
        '--endpoint',
        server.baseURL,
        '--model',
        'tiny',
      ],
      { cwd: folder },
    );
  const first = await run();
  assert.equal(first.status, 0, first.stderr);
  const rows = await rowsOf('roundtrip.jsonl');
  // One per function whose detailed description was kept (the current code: add, area, the script).
  assert.deepEqual(rows.map((row) => row.function).sort(), ['add', 'area', null].sort());
  for (const row of rows) {
    assert.equal(row.parses, true);
    assert.ok(Number(row.chrf) > 0 && Number(row.chrf) < 100, String(row.chrf));
  }
  assert.match(rows.find((row) => row.function === 'add')!.code as string, /^def add\(\*args\):/);
  assert.match(
    first.stderr,
    /round trip \(code written again from its detailed description\): 3 of 3 functions parse; chrF\+\+ against the original \d+\.\d \(corpus\)/,
  );
  const asked = server.requests.length;
  const again = await run();
  assert.equal(again.status, 0, again.stderr);
  assert.equal(server.requests.length, asked, 'nothing asked twice');
  assert.equal((await rowsOf('roundtrip.jsonl')).length, 3);
});

test('akkhara describe: Ctrl+C keeps the functions finished, whole; the same command finishes the rest', async () => {
  // A server that answers one request at a time, slowly: the run is still going when it is stopped.
  const slow = await startFakeOpenAI({ capacity: { slots: 1, latencyMs: 150 } });
  slow.defaultAnswer = (request) => [describingAnswer(request)];
  const course = await mkdtemp(path.join(os.tmpdir(), 'akkhara-describe-stop-'));
  for (const name of ['one', 'two', 'three'])
    await writeFile(path.join(course, `${name}.py`), `def ${name}(x):\n    return x + 1\n`);
  const out = path.join(course, 'out');
  const args = [
    'describe',
    course,
    '--lang',
    'bn',
    '--out',
    out,
    '--endpoint',
    slow.baseURL,
    '--model',
    'tiny',
  ];
  const lines = () => {
    try {
      return readFileSync(path.join(out, 'descriptions.jsonl'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  try {
    let watch: NodeJS.Timeout | undefined;
    const stopped = await runCli(args, {
      onSpawn: (child) => {
        watch = setInterval(() => {
          if (lines().length >= 4) {
            clearInterval(watch);
            child.kill('SIGINT');
          }
        }, 20);
      },
    });
    clearInterval(watch);
    assert.equal(stopped.status, 130, stopped.stderr);
    assert.match(stopped.stderr, /stopped; finished functions are saved; run the same command to go on/);
    const kept = lines();
    assert.ok(
      kept.length >= 4 && kept.length < 12 && kept.length % 4 === 0,
      `${kept.length} lines: whole functions only`,
    );
    // The same command against a fresh server (the slow one's queue keeps the requests it was
    // serving when they were cut off).
    const fresh = await startFakeOpenAI();
    fresh.defaultAnswer = (request) => [describingAnswer(request)];
    const again = await runCli(args.map((arg) => (arg === slow.baseURL ? fresh.baseURL : arg))).finally(() =>
      fresh.close(),
    );
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /resuming: [12] of 3 functions already described/);
    const rows = lines().map((line) => JSON.parse(line) as { function: string; granularity: string });
    assert.equal(rows.length, 12);
    assert.equal(new Set(rows.map((row) => `${row.function}/${row.granularity}`)).size, 12, 'nothing twice');
  } finally {
    await slow.close();
  }
});

test('a selection inside a class is commented at the margin and put back at its indentation, byte for byte', async () => {
  const tools = new CodeTools('python3');
  const method = '    def area(self):\n        s = "# kept"\n\n        return self.r * self.r\n';
  const sent: string[] = [];
  try {
    const outcome = await commentCode(method, {
      language: 'bn',
      tools,
      retries: 0,
      ask: async (messages) => {
        const request = { headers: {}, body: { model: 'm', messages } } as RecordedRequest;
        sent.push(describeRequest(request).code);
        return describingAnswer(request);
      },
    });
    // The model saw the method at the margin (parseable on its own).
    assert.equal(sent[0], 'def area(self):\n    s = "# kept"\n\n    return self.r * self.r');
    assert.ok('ok' in outcome.verdict, JSON.stringify(outcome.verdict));
    const text = (outcome.verdict as { ok: string }).ok;
    assert.match(text, /^ {4}# এই লাইনটি মান হিসাব করে\n {4}def area/);
    assert.equal(
      text
        .split('\n')
        .filter((line) => !/^\s*# এই লাইনটি/.test(line))
        .join('\n'),
      method,
    );
  } finally {
    tools.close();
  }
});

test('Describe This Solution drafts a task file Akkhara reads: heading, prompt, a tests block to fill, the code as solution', () => {
  const row = (granularity: DescriptionRow['granularity'], text?: string): DescriptionRow => ({
    file: 'a.py',
    function: null,
    granularity,
    language: 'my',
    model: 'm',
    attempts: 1,
    ...(text ? { text } : { dropped: 'mixed-script' as const }),
  });
  const draft = taskDraft(
    [
      row('short', 'ကိန်းများကို ပေါင်းသည်။\nဒုတိယ စာကြောင်း'),
      row('detailed', 'စာရင်းကို လက်ခံပြီး ပေါင်းလဒ်ကို ပြန်ပေးသည်။'),
      row('sections'),
    ],
    ADD,
    'my',
  );
  const [located] = parseLessonTasks(draft);
  const task = located.task as LessonTask;
  assert.equal(task.title, 'ကိန်းများကို ပေါင်းသည်။', 'one line of the short description');
  assert.match(task.prompt, /စာရင်းကို လက်ခံပြီး/);
  assert.equal(task.solution, ADD);
  assert.match(task.tests, /^# .*assert/, 'a tests block the teacher fills, saying so in the language');
});

test('akkhara describe --tasks --round-trip: each function written again runs against its task’s tests, the task’s other functions kept', async () => {
  const model = await startFakeOpenAI();
  try {
    // Written again from its description: add and double_all correctly (double_all calls helper),
    // helper wrongly.
    const again: Record<string, string> = {
      add: 'def add(a, b):\n    return a + b',
      double_all: 'def double_all(xs):\n    return [helper(x) for x in xs]',
      helper: 'def helper(x):\n    return x',
    };
    model.defaultAnswer = (request) => {
      const { code, comments } = describeRequest(request);
      const name = /`(\w+)`/.exec(request.body.messages.at(-1)!.content)?.[1] ?? '';
      if (!code && !comments && again[name]) return [`ဖြေချက်\n\n\`\`\`python\n${again[name]}\n\`\`\`\n`];
      return [describingAnswer(request)];
    };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'akkhara-describe-tasks-'));
    const tasksFile = path.join(dir, 'tasks.jsonl');
    await writeFile(
      tasksFile,
      [
        {
          task_id: 'T/0',
          prompt: 'def add(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n',
          canonical_solution: '    return a + b\n',
          test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
          entry_point: 'add',
        },
        {
          task_id: 'T/1',
          prompt:
            'def helper(x):\n    return x * 2\n\n\ndef double_all(xs):\n    """စာရင်းထဲရှိ ကိန်းတိုင်းကို နှစ်ဆ လုပ်ပါ။"""\n',
          canonical_solution: '    return [helper(x) for x in xs]\n',
          test: 'def check(candidate):\n    assert candidate([1, 2]) == [2, 4]\n',
          entry_point: 'double_all',
        },
        {
          task_id: 'T/2',
          prompt: 'def nothing():\n',
          canonical_solution: '',
          test: '',
          entry_point: 'nothing',
        },
      ]
        .map((task) => JSON.stringify(task))
        .join('\n'),
    );
    const out = path.join(dir, 'out');
    const result = await runCli([
      'describe',
      '--tasks',
      tasksFile,
      '--lang',
      'my',
      '--round-trip',
      '--out',
      out,
      '--endpoint',
      model.baseURL,
      '--model',
      'tiny',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /T\/2 has no reference solution; skipped/);
    const rows = (await readFile(path.join(out, 'roundtrip.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; function: string; tests_passed?: boolean });
    assert.deepEqual(
      Object.fromEntries(rows.map((row) => [`${row.file} ${row.function}`, row.tests_passed])),
      { 'T/0 add': true, 'T/1 helper': false, 'T/1 double_all': true },
    );
    assert.match(result.stderr, /3 of 3 functions parse; 2 of 3 pass their task's tests/);
    const sft = (await readFile(path.join(out, 'sft.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(sft.length, 3 * 3, 'three descriptions of each of the three functions');
    const both = await runCli(['describe', 'course', '--tasks', tasksFile, '--lang', 'my', '--out', out]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give PATHS .* or --tasks FILE, not both/);
  } finally {
    await model.close();
  }
});
